"""Static widgets: precomputed frames, linked to their controls in the browser and in the kernel."""

import base64
import re

import ipywidgets as ipw
import pytest
from PIL import Image
import io

from selloff import widgets


def render(a, b=None):
    fig = widgets.frame_figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, float(a) + (b or 0)])
    ax.set_title(f"{a} {b}")
    return fig


def png_of(frame: ipw.HTML) -> bytes:
    return base64.b64decode(re.search(r'base64,([^"]+)"', frame.value).group(1))


def test_one_slider_one_frame_per_position():
    box = widgets.static_widget(render, {"a": [1, 2, 3]}, alt="a line")
    (slider,) = box.controls
    assert isinstance(slider, ipw.SelectionSlider) and slider.options == ("1", "2", "3")
    assert len(widgets.frames(box)) == 3
    assert box.stack.selected_index == 0


def test_frames_are_small_pngs_of_the_frame_size_with_alt_text():
    box = widgets.static_widget(render, {"a": [1, 2]}, alt=lambda a: f"line up to {a}")
    for frame, a in zip(widgets.frames(box), [1, 2]):
        assert f'alt="line up to {a}"' in frame.value
        image = Image.open(io.BytesIO(png_of(frame)))
        assert image.size == widgets.FRAME_SIZE_PX
        assert len(png_of(frame)) < 23_000


def test_slider_and_stack_are_linked_in_the_browser_and_in_the_kernel():
    box = widgets.static_widget(render, {"a": [1, 2, 3]}, alt="x")
    slider = box.controls[0]
    (link,) = box.jslinks  # saved with the page: moves the stack in the browser, no kernel needed
    assert link.source == (slider, "index") and link.target == (box.stack, "selected_index")
    slider.index = 2  # the kernel-side link (ipywidgets.link) moves the stack
    assert box.stack.selected_index == 2


def test_two_controls_make_a_nested_stack():
    box = widgets.static_widget(render, {"a": [1, 2], "b": [10, 20, 30]}, alt="x", dropdowns=["a"],
                                initial={"b": 20})
    first, second = box.controls
    assert isinstance(first, ipw.Dropdown) and isinstance(second, ipw.SelectionSlider)
    assert len(box.stack.children) == 2 and all(len(row.children) == 3 for row in box.stack.children)
    assert len(widgets.frames(box)) == 6
    assert all(row.selected_index == 1 for row in box.stack.children)
    assert [l.source[0] for l in box.jslinks] == [first, second, second]
    second.index = 2
    first.index = 1
    assert box.stack.selected_index == 1 and box.stack.children[1].selected_index == 2


def test_labels_and_descriptions():
    box = widgets.static_widget(render, {"a": [1, 2]}, labels={"a": ["one", "two"]},
                                descriptions={"a": "Size"}, alt="x")
    assert box.controls[0].options == ("one", "two") and box.controls[0].description == "Size"


@pytest.mark.parametrize("kwargs, message", [
    (dict(grid={}), "one or two"),
    (dict(grid={"a": [1], "b": [1], "c": [1]}), "one or two"),
    (dict(grid={"a": []}), "empty"),
    (dict(grid={"a": [1, 2]}, labels={"a": ["x"]}), "entries for 2 positions"),
    (dict(grid={"a": [1]}, labels={"z": ["x"]}), "unknown dimension"),
    (dict(grid={"a": [1]}, dropdowns=["z"]), "unknown dimensions"),
    (dict(grid={"a": [1]}, alt=""), "no alt text"),
])
def test_bad_specifications_are_rejected(kwargs, message):
    kwargs.setdefault("alt", "x")
    with pytest.raises(ValueError, match=message):
        widgets.static_widget(render, **kwargs)
