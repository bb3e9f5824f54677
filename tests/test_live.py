"""Live widgets: one figure, built once; a control's change updates its artists and redraws the image."""

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets as ipw  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from selloff import live, scenario  # noqa: E402
from selloff.calibration import default_calibration  # noqa: E402


@pytest.fixture(scope="module")
def calibration():
    return default_calibration()


def sale(total: float, months: int, fed: str = "backstop") -> scenario.Scenario:
    return scenario.Scenario("a sale", {"foreign official": total}, months=int(months), fed=fed)


def controls(total=500.0, months=6, **extra):
    return {"total": ipw.FloatSlider(value=total, min=0, max=3000, step=50),
            "months": ipw.IntSlider(value=months, min=1, max=24), **extra}


@pytest.fixture
def explorer(calibration):
    return live.scenario_explorer(sale, calibration, controls(), n_draws=200)


def image_bytes(lf: live.LiveFigure) -> bytes:
    return base64.b64decode(re.search(r'base64,([^"]+)"', lf.image.value).group(1))


def test_moving_a_control_redraws_the_image(explorer):
    before = image_bytes(explorer)
    assert before == explorer.png and before.startswith(b"\x89PNG")
    explorer.controls["total"].value = 1500.0
    after = image_bytes(explorer)
    assert after != before and after == explorer.png
    assert explorer.renders == 2


def test_the_figure_and_its_artists_are_reused_not_rebuilt(explorer):
    figure, axes = explorer.figure, list(explorer.figure.axes)
    artists = dict(explorer.artists)
    children = [list(ax.get_children()) for ax in axes]
    open_figures = plt.get_fignums()
    explorer.controls["total"].value = 2000.0
    explorer.controls["months"].value = 12
    assert explorer.figure is figure and explorer.figure.axes == axes
    assert all(explorer.artists[name] is artist for name, artist in artists.items())
    assert [list(ax.get_children()) for ax in axes] == children  # nothing added, nothing replaced
    assert plt.get_fignums() == open_figures  # never registered with pyplot: no stray static copy


def test_the_artists_show_the_new_scenario(explorer, calibration):
    explorer.controls["total"].value = 1200.0
    explorer.controls["months"].value = 4
    central = scenario.simulate(sale(1200.0, 4), calibration.at("central"))
    for key in ("sales_10y_eq_bn", "safe_haven_bn", "fed_bn", "private_bn"):
        np.testing.assert_allclose(explorer.artists[key].get_ydata(), central[key])
    draws = scenario.simulate(sale(1200.0, 4), calibration.draw(200, 0))
    bands = scenario.bands(draws, "yield_change_bp")
    np.testing.assert_allclose(explorer.artists["median"].get_ydata(), bands[0.5])
    lower = explorer.artists["band_90"].get_paths()[0].vertices[:, 1].min()
    assert lower == pytest.approx(bands[0.05].min())
    assert "$1,200bn" in explorer.artists["accounting_title"].get_text()
    # The accounting identity, as drawn: sales = safe haven + Fed + private, every month.
    drawn = {k: explorer.artists[k].get_ydata() for k in ("sales_10y_eq_bn", "safe_haven_bn", "fed_bn", "private_bn")}
    np.testing.assert_allclose(drawn["sales_10y_eq_bn"], drawn["safe_haven_bn"] + drawn["fed_bn"] + drawn["private_bn"])


def test_the_axes_rescale_to_the_new_data(explorer):
    ax_yield, ax_flow = explorer.figure.axes
    explorer.controls["total"].value = 100.0
    small = ax_flow.get_ylim()[1]
    explorer.controls["total"].value = 3000.0
    assert ax_flow.get_ylim()[1] > 10 * small
    assert ax_yield.get_ylim()[1] >= explorer.artists["median"].get_ydata().max()


def test_the_layout_is_redone_only_when_tick_labels_change_and_stays_right(calibration):
    lf = live.scenario_explorer(sale, calibration, controls(total=500.0), n_draws=200)
    path = [(520.0, 6), (540.0, 6), (3000.0, 6), (50.0, 1), (900.0, 18)]
    for total, months in path:
        lf.update(total=total, months=months)
        fresh = live.scenario_explorer(sale, calibration, controls(total=total, months=months), n_draws=200)
        for ax, ref in zip(lf.figure.axes, fresh.figure.axes):
            # Within a pixel of where a figure laid out from scratch puts its axes.
            np.testing.assert_allclose(ax.get_position().bounds, ref.get_position().bounds, atol=1e-3)
    assert lf.layouts < lf.renders


def test_the_image_is_a_white_png_of_the_requested_size_with_alt_text(calibration):
    lf = live.scenario_explorer(sale, calibration, controls(), n_draws=200, size_px=(600, 280))
    image = Image.open(io.BytesIO(lf.png)).convert("RGB")
    assert image.size == (600, 280)
    assert image.getpixel((1, 1)) == (255, 255, 255)
    alt = re.search(r'alt="([^"]+)"', lf.image.value).group(1)
    assert "basis points" in alt and "total = 500.0" in alt
    assert lf.widget.children[:2] == tuple(lf.controls.values()) and lf.image in lf.widget.children


def test_a_calibration_control_pins_that_parameter(calibration):
    lf = live.scenario_explorer(sale, calibration, controls(fed_trigger_bp=ipw.FloatSlider(value=60, min=5, max=100)),
                                n_draws=200)
    lf.controls["months"].value = 1
    lf.controls["total"].value = 2000.0
    capped = lf.artists["fed_bn"].get_ydata().sum()
    lf.controls["fed_trigger_bp"].value = 30.0
    assert lf.artists["fed_bn"].get_ydata().sum() > capped  # a lower trigger: the Fed buys more


def test_a_rejected_value_is_reported_and_the_last_picture_kept(calibration):
    lf = live.scenario_explorer(sale, calibration, controls(short_run_impact_bp_per_100bn=ipw.FloatSlider(
        value=15, min=0.0, max=60)), n_draws=200)
    before, ydata = lf.png, lf.artists["median"].get_ydata().copy()
    lf.controls["short_run_impact_bp_per_100bn"].value = 0.0  # no price impact at all: the model refuses it
    assert "Not drawn" in lf.status.value and lf.png == before
    np.testing.assert_allclose(lf.artists["median"].get_ydata(), ydata)
    lf.controls["short_run_impact_bp_per_100bn"].value = 20
    assert lf.status.value == "" and lf.png != before
    with pytest.raises(ValueError, match="positive"):
        lf.update(short_run_impact_bp_per_100bn=0.0)


# --- the generic factory ---------------------------------------------------------------------------

def line_figure(fig):
    ax = fig.subplots()
    (line,) = ax.plot([1, 2, 3], [0, 0, 0])
    band = ax.fill_between([1, 2, 3], [0, 0, 0], [1, 1, 1])
    return {"line": line, "band": band, "title": ax.set_title("")}


def line_data(slope):
    x = np.array([1.0, 2.0, 3.0])
    return {"line": slope * x, "band": np.vstack([x, slope * x - 1, slope * x + 1]), "title": f"slope {slope}"}


def test_live_figure_updates_a_line_a_band_and_a_title():
    slider = ipw.FloatSlider(value=1.0, min=-5, max=5)
    lf = live.live_figure(line_data, {"slope": slider}, line_figure, alt="a straight line")
    line, band, title = lf.artists["line"], lf.artists["band"], lf.artists["title"]
    slider.value = 3.0
    assert lf.artists["line"] is line and lf.artists["band"] is band and lf.artists["title"] is title
    np.testing.assert_allclose(line.get_ydata(), [3, 6, 9])
    assert band.get_paths()[0].vertices[:, 1].max() == pytest.approx(10.0)
    assert title.get_text() == "slope 3.0"
    assert lf.figure.axes[0].get_ylim()[1] >= 10.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(controls={}), "controls is empty"),
    (dict(controls={"slope": 1.0}), "value widget"),
    (dict(alt=""), "alt"),
    (dict(draw=lambda fig: {}), "non-empty mapping"),
    (dict(update=lambda slope: {"nope": np.zeros(3)}), "unknown artists"),
    (dict(update=lambda slope: {"line": np.array([1.0, np.nan, 2.0])}), "NaN"),
    (dict(update=lambda slope: {"band": np.zeros((2, 3))}), "shape"),
    (dict(update=lambda slope: {"title": 3.0}), "string"),
    (dict(update=lambda slope: [1, 2, 3]), "mapping"),
])
def test_live_figure_rejects_bad_input(kwargs, message):
    args = dict(update=line_data, controls={"slope": ipw.FloatSlider(value=1.0)}, draw=line_figure,
                alt="a straight line")
    with pytest.raises(ValueError, match=message):
        live.live_figure(**{**args, **kwargs})


def test_a_bad_update_changes_no_artist():
    state = {"bad": False}

    def update(slope):
        data = line_data(slope)
        if state["bad"]:
            data["band"] = np.zeros((2, 3))  # the line is valid, the band is not
        return data

    lf = live.live_figure(update, {"slope": ipw.FloatSlider(value=1.0)}, line_figure, alt="a line")
    state["bad"] = True
    with pytest.raises(ValueError, match="shape"):
        lf.update(slope=4.0)
    np.testing.assert_allclose(lf.artists["line"].get_ydata(), [1, 2, 3])  # not half-updated
    with pytest.raises(ValueError, match="unknown controls"):
        lf.update(intercept=1.0)


def test_scenario_explorer_rejects_bad_input(calibration):
    with pytest.raises(ValueError, match="Calibration"):
        live.scenario_explorer(sale, calibration.at("central"), controls())
    with pytest.raises(ValueError, match="n_draws"):
        live.scenario_explorer(sale, calibration, controls(), n_draws=5)
    with pytest.raises(ValueError, match="not a Scenario"):
        live.scenario_explorer(lambda total, months: {"total": total}, calibration, controls())
    with pytest.raises(ValueError, match="months"):  # the Scenario's own check, at the first picture
        live.scenario_explorer(sale, calibration, controls(months=0) | {"months": ipw.IntSlider(value=0, min=0)})
