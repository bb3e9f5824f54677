"""Widgets that keep working in the static HTML book, with no kernel.

A *static widget* is a grid of pre-rendered PNG frames, one per slider position (or per pair of
positions for two sliders), shown in an ``ipywidgets.Stack`` of image frames. Each control's
``index`` is linked to a stack's ``selected_index`` twice:

* in the browser with ``jslink`` (saved in the page's widget state, so moving the slider in the
  built HTML switches the frame without a kernel), and
* in the kernel with ``link`` (so Python sees the same state in Binder or JupyterLab).

With two controls the stack is nested: the first picks a row (an outer ``Stack``), the second the
frame inside every row. Frames are PNGs quantised to a small palette to keep the page light (under
10 KB a frame at 400 × 240 px for the book's line charts).

Each frame is an ``<img>`` with an ``alt`` text inside an ``ipywidgets.HTML`` widget rather than an
``ipywidgets.Image``: ``Image`` has no alt text, and giving it a ``tooltip`` instead crashes its view
in the HTML widget manager (ipywidgets 8.1: ``updateTooltip`` reads the ``description`` that
``Image`` lacks). The frames are stored base64-encoded in the widget state; the book's build
(``_ext/widget_pages.py``) moves them into image files that the page references, and marks them
``loading="lazy"`` here so that a browser fetches only the frame it shows.

The controls are at most ``FRAME_SIZE_PX[0]`` wide and shrink with a narrower box (a phone).
"""

from __future__ import annotations

import base64
import html
import io
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

FRAME_SIZE_PX = (400, 240)
FRAME_DPI = 100


def figure_to_png(fig: Figure, *, colours: int = 64) -> bytes:
    """Render a Matplotlib figure to PNG bytes (palette-quantised) and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FRAME_DPI, facecolor="white", bbox_inches=None)
    plt.close(fig)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def frame_figure(size_px: tuple[int, int] = FRAME_SIZE_PX) -> Figure:
    """A new figure of the static-frame size (pixels at ``FRAME_DPI``), not attached to pyplot's state."""
    width, height = size_px
    return plt.figure(figsize=(width / FRAME_DPI, height / FRAME_DPI), dpi=FRAME_DPI)


def _positions(name: str, values: Sequence[Any]) -> list[Any]:
    values = list(values)
    if not values:
        raise ValueError(f"grid[{name!r}] is empty: a slider needs at least one position")
    return values


def static_widget(
    render: Callable[..., Figure],
    grid: Mapping[str, Sequence[Any]],
    *,
    labels: Mapping[str, Sequence[str]] | None = None,
    descriptions: Mapping[str, str] | None = None,
    initial: Mapping[str, Any] | None = None,
    alt: Callable[..., str] | str = "",
    dropdowns: Sequence[str] = (),
) -> widgets.VBox:
    """Precompute ``render(**params)`` on every point of ``grid`` and show the frames behind sliders.

    Parameters
    ----------
    render
        Called with one keyword per grid dimension; returns a Matplotlib figure (best made with
        :func:`frame_figure`), which is rendered to PNG and closed.
    grid
        One or two dimensions, ``{"name": [position, ...]}``, in slider order.
    labels
        Optional text shown on each slider position (default: ``str(position)``).
    descriptions
        Optional slider captions (default: the dimension name).
    initial
        Optional starting position per dimension (default: the first).
    alt
        Text alternative for the frames (each ``<img>``'s ``alt``), or a function of the same
        keywords as ``render``; required, since a frame without one is invisible to screen readers.
    dropdowns
        Dimensions shown as a drop-down list instead of a slider (for named choices).

    Returns
    -------
    ipywidgets.VBox
        ``children`` = the controls followed by the (outer) stack; ``.controls``, ``.stack`` and
        ``.jslinks`` (the browser-side links) are set as attributes for tests and for callers that
        want to lay them out differently.
    """
    if not 1 <= len(grid) <= 2:
        raise ValueError(f"a static widget takes one or two slider dimensions, got {len(grid)}: {list(grid)}")
    names = list(grid)
    positions = {name: _positions(name, grid[name]) for name in names}
    labels = dict(labels or {})
    descriptions = dict(descriptions or {})
    initial = dict(initial or {})
    for name in labels:
        if name not in positions:
            raise ValueError(f"labels given for unknown dimension {name!r}; dimensions: {names}")
        if len(labels[name]) != len(positions[name]):
            raise ValueError(f"labels[{name!r}] has {len(labels[name])} entries for {len(positions[name])} positions")

    unknown = [name for name in dropdowns if name not in positions]
    if unknown:
        raise ValueError(f"dropdowns names unknown dimensions {unknown}; dimensions: {names}")

    def frame(point: dict[str, Any]) -> widgets.HTML:
        text = alt(**point) if callable(alt) else alt
        if not text:
            raise ValueError(f"no alt text for the frame at {point}")
        png = base64.b64encode(figure_to_png(render(**point))).decode("ascii")
        width, height = FRAME_SIZE_PX
        return widgets.HTML(f'<img src="data:image/png;base64,{png}" alt="{html.escape(text)}" '
                            f'width="{width}" height="{height}" loading="lazy">')

    controls: list[widgets.SelectionSlider | widgets.Dropdown] = []
    for name in names:
        options = [str(p) for p in positions[name]] if name not in labels else [str(s) for s in labels[name]]
        start = positions[name].index(initial[name]) if name in initial else 0
        common = dict(options=options, index=start, description=descriptions.get(name, name),
                      style={"description_width": "initial"},
                      # as wide as the box (less the control's margin), at most as wide as a frame
                      layout=widgets.Layout(width="auto", max_width=f"{FRAME_SIZE_PX[0]}px"))
        if name in dropdowns:
            controls.append(widgets.Dropdown(**common))
        else:
            controls.append(widgets.SelectionSlider(**common, continuous_update=True))

    if len(names) == 1:
        (name,) = names
        stack = widgets.Stack([frame({name: p}) for p in positions[name]])
        jslinks = [_link_both(controls[0], stack)]
    else:
        first, second = names
        rows, jslinks = [], []
        for p in positions[first]:
            row = widgets.Stack([frame({first: p, second: q}) for q in positions[second]])
            jslinks.append(_link_both(controls[1], row))
            rows.append(row)
        stack = widgets.Stack(rows)
        jslinks.insert(0, _link_both(controls[0], stack))

    box = widgets.VBox([*controls, stack])
    box.controls = controls  # type: ignore[attr-defined]
    box.stack = stack  # type: ignore[attr-defined]
    box.jslinks = jslinks  # type: ignore[attr-defined]
    return box


def _link_both(control: widgets.SelectionSlider | widgets.Dropdown, stack: widgets.Stack) -> widgets.Widget:
    """Link ``control.index`` to ``stack.selected_index`` in the browser (jslink) and the kernel (link).

    Returns the browser-side link (a widget saved with the page)."""
    stack.selected_index = control.index
    widgets.link((control, "index"), (stack, "selected_index"))
    return widgets.jslink((control, "index"), (stack, "selected_index"))


def frames(box: widgets.VBox) -> list[widgets.HTML]:
    """The pre-rendered frames of a static widget, row by row."""
    return list(_frames(box.stack))


def _frames(widget: widgets.Widget):
    if isinstance(widget, widgets.Stack):
        yield from itertools.chain.from_iterable(_frames(c) for c in widget.children)
    else:
        yield widget
