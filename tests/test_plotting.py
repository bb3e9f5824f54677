"""Figures in the house style: fan charts of calibration draws, small multiples of a scenario's outputs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from selloff import plotting, scenario  # noqa: E402
from selloff.calibration import default_calibration  # noqa: E402

UNITS = ("bp", "$bn", "%")


@pytest.fixture(scope="module")
def calibration():
    return default_calibration()


@pytest.fixture(scope="module")
def sale():
    return scenario.Scenario("a $600bn sale over 6 months", {"foreign official": 600.0}, months=6)


@pytest.fixture(scope="module")
def yield_bands(sale, calibration):
    draws = scenario.run_draws(sale, calibration, n=400, rng=1)
    return scenario.bands(draws, "yield_change_bp")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fan(bands, **kwargs):
    with plotting.house_style():
        fig, ax = plt.subplots()
        artists = plotting.fan_chart(ax, bands, **{"colour": plotting.ACTOR_COLOURS["yield"], "label": "yield",
                                                   "unit_label": "10-year yield change (bp)", **kwargs})
    return fig, ax, artists


def band_edges(collection: PolyCollection, months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lower and upper edge of a fill_between band at each month, read back from its polygon."""
    (path,) = collection.get_paths()
    xy = path.vertices
    lower = np.array([xy[np.isclose(xy[:, 0], m), 1].min() for m in months])
    upper = np.array([xy[np.isclose(xy[:, 0], m), 1].max() for m in months])
    return lower, upper


def test_fan_chart_draws_the_median_through_the_middle_quantile(yield_bands):
    fig, ax, artists = fan(yield_bands)
    median = artists["median"]
    assert median in ax.lines
    np.testing.assert_allclose(median.get_xdata(), yield_bands.index.to_numpy())
    np.testing.assert_allclose(median.get_ydata(), yield_bands[0.5].to_numpy())
    assert to_rgba(median.get_color()) == to_rgba(plotting.ACTOR_COLOURS["yield"])


def test_fan_chart_shades_the_50_and_90_percent_bands_between_their_quantiles(yield_bands):
    fig, ax, artists = fan(yield_bands)
    months = yield_bands.index.to_numpy(dtype=float)
    for name, (lo, hi) in {"band_50": (0.25, 0.75), "band_90": (0.05, 0.95)}.items():
        band = artists[name]
        assert isinstance(band, PolyCollection) and band in ax.collections
        lower, upper = band_edges(band, months)
        np.testing.assert_allclose(lower, yield_bands[lo].to_numpy())
        np.testing.assert_allclose(upper, yield_bands[hi].to_numpy())
    # The 50% band sits inside the 90% band, and is the darker shade of the same colour.
    assert artists["band_50"].get_alpha() > artists["band_90"].get_alpha()
    assert np.allclose(artists["band_50"].get_facecolor()[0][:3], to_rgba(plotting.ACTOR_COLOURS["yield"])[:3])


def test_fan_chart_labels_its_axes_with_units(yield_bands):
    fig, ax, _ = fan(yield_bands)
    assert "(bp)" in ax.get_ylabel()
    assert "Week" in ax.get_xlabel()  # scenario.bands is weekly
    labels = ax.get_legend_handles_labels()[1]
    assert any("median" in s for s in labels) and any("90%" in s for s in labels) and any("50%" in s for s in labels)


@pytest.mark.parametrize("bad, message", [
    (lambda b: b.drop(columns=[0.95]), "quantile columns"),
    (lambda b: b.iloc[0:0], "no rows"),
    (lambda b: b.mask(b.index.to_series() == 1, np.nan), "NaN"),
    (lambda b: b.rename(columns={0.05: 0.95, 0.95: 0.05}), "out of order"),
    (lambda b: b.to_numpy(), "DataFrame"),
])
def test_fan_chart_rejects_tables_that_are_not_bands(yield_bands, bad, message):
    with pytest.raises(ValueError, match=message):
        fan(bad(yield_bands))


def test_fan_chart_requires_a_unit_label(yield_bands):
    with pytest.raises(ValueError, match="unit"):
        fan(yield_bands, unit_label=" ")


ACCOUNTING_AND_COSTS = ["sales_bn", "safe_haven_bn", "fed_bn", "private_bn", "yield_change_bp",
                        "qe_cost_bn_per_year", "dollar_change_pct"]


def test_small_multiples_has_one_panel_per_output_each_with_its_unit(sale, calibration):
    fig = plotting.small_multiples(scenario.run(sale, calibration), ACCOUNTING_AND_COSTS)
    assert len(fig.axes) == len(ACCOUNTING_AND_COSTS)
    expected = {"sales_bn": "$bn a week", "yield_change_bp": "bp", "qe_cost_bn_per_year": "$bn a year",
                "dollar_change_pct": "%"}
    for ax, column in zip(fig.axes, ACCOUNTING_AND_COSTS):
        label = ax.get_ylabel()
        assert label.strip() and any(unit in label for unit in UNITS), (column, label)
        if column in expected:
            assert label == expected[column]
        assert ax.get_title(loc="left")  # what the panel shows (house style: titles on the left)
    # Weeks (the model's step) on the shared x axis, labelled on the bottom panels.
    assert any("Week" in ax.get_xlabel() for ax in fig.axes)
    assert all(ax.get_shared_x_axes().joined(fig.axes[0], ax) for ax in fig.axes)


def test_small_multiples_colours_each_output_by_its_actor(sale, calibration):
    fig = plotting.small_multiples(scenario.run(sale, calibration), ["sales_bn", "private_bn", "fed_bn",
                                                                     "safe_haven_bn", "yield_change_bp"])
    actors = ["foreign_official", "domestic_private", "fed", "foreign_private", "yield"]
    for ax, actor in zip(fig.axes, actors):
        assert to_rgba(ax.lines[0].get_color()) == to_rgba(plotting.ACTOR_COLOURS[actor])


def test_small_multiples_compares_scenarios_by_line_style_and_plots_the_data(sale, calibration):
    other = scenario.Scenario("the same sale in a global risk-off", {"foreign official": 600.0}, months=6,
                              shock="global_risk_off")
    runs = {"calm": scenario.run(sale, calibration), "risk-off": scenario.run(other, calibration)}
    fig = plotting.small_multiples(runs, ["yield_change_bp", "safe_haven_bn"], ncols=2)
    for ax, column in zip(fig.axes, ["yield_change_bp", "safe_haven_bn"]):
        assert [line.get_linestyle() for line in ax.lines[:2]] == ["-", "--"]
        for line, table in zip(ax.lines, runs.values()):
            np.testing.assert_allclose(line.get_ydata(), table[column].to_numpy())
    assert fig.legends and [t.get_text() for t in fig.legends[0].get_texts()] == ["calm", "risk-off"]


def test_small_multiples_takes_the_outputs_of_one_path(sale, calibration):
    outputs = scenario.simulate(sale, calibration.at("central"))
    fig = plotting.small_multiples({k: outputs[k] for k in ("sales_bn", "reserves_bn")}, ["sales_bn", "reserves_bn"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["$bn a week", "$bn"]
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata(), np.arange(1, sale.total_weeks + 1))


def test_figures_have_a_white_background(sale, calibration, yield_bands):
    white = to_rgba("white")
    fig = plotting.small_multiples(scenario.run(sale, calibration), ["sales_bn", "yield_change_bp"])
    assert to_rgba(fig.get_facecolor()) == white
    assert all(to_rgba(ax.get_facecolor()) == white for ax in fig.axes)
    fig, ax, _ = fan(yield_bands)
    assert to_rgba(fig.get_facecolor()) == white and to_rgba(ax.get_facecolor()) == white


def test_small_multiples_removes_unused_panels(sale, calibration):
    fig = plotting.small_multiples(scenario.run(sale, calibration), ACCOUNTING_AND_COSTS[:4], ncols=3)
    assert len(fig.axes) == 4
    # The panel above the empty slot still shows its months.
    fig.canvas.draw()
    assert fig.axes[2].get_xlabel() and any(t.get_text() for t in fig.axes[2].get_xticklabels())


@pytest.mark.parametrize("frames, columns, message", [
    ({}, ["sales_bn"], "non-empty"),
    (None, [], "at least one output"),
    (None, ["sales_bn", "sales_bn"], "repeats"),
    (None, ["no_such_output"], "not in"),
    ({"a": np.zeros(3), "b": np.zeros(4)}, ["a"], "different lengths"),
    ({"a": np.zeros((2, 3))}, ["a"], "1-D"),
])
def test_small_multiples_rejects_nonsense(sale, calibration, frames, columns, message):
    frames = scenario.run(sale, calibration) if frames is None else frames
    with pytest.raises(ValueError, match=message):
        plotting.small_multiples(frames, columns)


def test_small_multiples_rejects_an_output_without_a_known_unit():
    frames = {"mystery": np.zeros(3)}
    with pytest.raises(ValueError, match="no unit known"):
        plotting.small_multiples(frames, ["mystery"])
    fig = plotting.small_multiples(frames, ["mystery"], units={"mystery": "index points"})
    assert fig.axes[0].get_ylabel() == "index points"


def test_every_model_output_has_a_unit_title_and_colour():
    for output in scenario.OUTPUTS:
        assert plotting.unit_of(output) and output in plotting.OUTPUT_TITLES and output in plotting.OUTPUT_COLOURS


def test_tornado_chart_draws_a_low_and_a_high_bar_per_parameter_from_the_central_value():
    import pandas as pd
    from selloff.plotting import tornado_chart

    table = pd.DataFrame({"at_low": [40.0, 55.0], "at_high": [90.0, 62.0], "central": [60.0, 60.0],
                          "illustrative": [False, True]}, index=["short_run", "half_life"])
    fig = plt.figure()
    ax = fig.subplots()
    tornado_chart(ax, table, xlabel="peak rise, bp")
    bars = ax.patches
    assert len(bars) == 4 and all(b.get_x() == 60.0 for b in bars)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["short run", "half life *"]
    assert ax.get_xlabel() == "peak rise, bp"
    with pytest.raises(ValueError):
        tornado_chart(ax, table.drop(columns="central"), xlabel="x")
    plt.close(fig)


def test_a_monthly_view_says_a_month(sale, calibration):
    fig = plotting.small_multiples(scenario.run(sale, calibration, freq="month"), ["sales_bn", "yield_change_bp"], ncols=1)
    assert fig.axes[0].get_ylabel() == "$bn a month" and fig.axes[-1].get_xlabel() == plotting.MONTH_LABEL
