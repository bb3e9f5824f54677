"""House style for the book's figures: one colour per actor, units on every axis, white background.

The palette is Okabe & Ito's colour-blind-safe set. Figures keep a white face colour so they stay
readable when the book is switched to dark mode.

For the model's outputs: ``fan_chart`` draws a median and its 50% / 90% bands across calibration
draws (``scenario.bands``); ``small_multiples`` draws one small panel per output of
``scenario.run`` tables, each y axis labelled with its unit (``OUTPUT_UNITS``) and each line in its
actor's colour (``OUTPUT_COLOURS``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

# Okabe-Ito: https://jfly.uni-koeln.de/color/ (colour-blind safe)
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
# One colour per actor, the same in every chapter.
ACTOR_COLOURS = {
    "foreign_official": OKABE_ITO["vermillion"],
    "foreign_private": OKABE_ITO["orange"],
    "foreign_total": OKABE_ITO["purple"],
    "fed": OKABE_ITO["blue"],
    "domestic_private": OKABE_ITO["green"],
    "yield": OKABE_ITO["black"],
    "dollar": OKABE_ITO["sky_blue"],
}
SERIES_CYCLE = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky_blue", "black")]

RC = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.prop_cycle": mpl.cycler(color=SERIES_CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "font.size": 9,
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "savefig.bbox": "tight",
    "figure.constrained_layout.use": True,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Context in which new figures follow the house style (restores Matplotlib's settings after)."""
    with mpl.rc_context(RC):
        yield


def add_source(ax: Axes, text: str) -> None:
    """Write 'Source: …' under an axes, left-aligned, in small grey type."""
    ax.annotate(f"Source: {text}", xy=(0, 0), xycoords="axes fraction", xytext=(0, -26),
                textcoords="offset points", ha="left", va="top", fontsize=7, color="#555555")


# --- model outputs: units, titles, colours ------------------------------------------------------------

#: Axis unit of every model output (``scenario.OUTPUTS``): what the y label says.
OUTPUT_UNITS: dict[str, str] = {
    "sales_bn": "$bn a week",
    "sales_10y_eq_bn": "$bn a week",
    "safe_haven_bn": "$bn a week",
    "fed_bn": "$bn a week",
    "private_bn": "$bn a week",
    "yield_change_bp": "bp",
    "yield_change_3m_bp": "bp",
    "yield_change_2y_bp": "bp",
    "yield_change_5y_bp": "bp",
    "yield_change_30y_bp": "bp",
    "reserves_bn": "$bn",
    "qe_cost_bn_per_year": "$bn a year",
    "extra_interest_bn_per_year": "$bn a year",
    "extra_interest_net_of_fed_bn_per_year": "$bn a year",
    "mortgage_rate_change_bp": "bp",
    "corporate_rate_change_bp": "bp",
    "dollar_change_pct": "%",
    "equity_value_change_pct": "%",
    "sellers_mark_to_market_loss_bn": "$bn",
    "sellers_price_concession_bn": "$bn",
    "sellers_fx_loss_bn": "$bn",
    "sellers_loss_bn": "$bn",
}
#: Short panel title of every model output.
OUTPUT_TITLES: dict[str, str] = {
    "sales_bn": "Foreign sales",
    "sales_10y_eq_bn": "Foreign sales (10-year equivalents)",
    "safe_haven_bn": "Safe-haven purchases",
    "fed_bn": "Fed purchases",
    "private_bn": "Private absorption",
    "yield_change_bp": "10-year yield change",
    "yield_change_3m_bp": "3-month yield change",
    "yield_change_2y_bp": "2-year yield change",
    "yield_change_5y_bp": "5-year yield change",
    "yield_change_30y_bp": "30-year yield change",
    "reserves_bn": "Reserves created by the Fed",
    "qe_cost_bn_per_year": "Fed's carry cost",
    "extra_interest_bn_per_year": "Extra federal interest",
    "extra_interest_net_of_fed_bn_per_year": "Extra interest, net of the Fed",
    "mortgage_rate_change_bp": "Mortgage rate change",
    "corporate_rate_change_bp": "Corporate rate change",
    "dollar_change_pct": "Broad dollar change",
    "equity_value_change_pct": "Equity value change",
    "sellers_mark_to_market_loss_bn": "Sellers' mark-to-market loss",
    "sellers_price_concession_bn": "Sellers' price concession",
    "sellers_fx_loss_bn": "Sellers' currency loss",
    "sellers_loss_bn": "Sellers' total loss",
}
#: Colour of every model output: the colour of the actor behind it (``ACTOR_COLOURS``).
OUTPUT_COLOURS: dict[str, str] = {
    "sales_bn": ACTOR_COLOURS["foreign_official"],
    "sales_10y_eq_bn": ACTOR_COLOURS["foreign_official"],
    "safe_haven_bn": ACTOR_COLOURS["foreign_private"],
    "fed_bn": ACTOR_COLOURS["fed"],
    "private_bn": ACTOR_COLOURS["domestic_private"],
    "yield_change_bp": ACTOR_COLOURS["yield"],
    "yield_change_3m_bp": ACTOR_COLOURS["yield"],
    "yield_change_2y_bp": ACTOR_COLOURS["yield"],
    "yield_change_5y_bp": ACTOR_COLOURS["yield"],
    "yield_change_30y_bp": ACTOR_COLOURS["yield"],
    "reserves_bn": ACTOR_COLOURS["fed"],
    "qe_cost_bn_per_year": ACTOR_COLOURS["fed"],
    "extra_interest_bn_per_year": ACTOR_COLOURS["yield"],
    "extra_interest_net_of_fed_bn_per_year": ACTOR_COLOURS["yield"],
    "mortgage_rate_change_bp": ACTOR_COLOURS["domestic_private"],
    "corporate_rate_change_bp": ACTOR_COLOURS["domestic_private"],
    "dollar_change_pct": ACTOR_COLOURS["dollar"],
    "equity_value_change_pct": ACTOR_COLOURS["domestic_private"],
    "sellers_mark_to_market_loss_bn": ACTOR_COLOURS["foreign_official"],
    "sellers_price_concession_bn": ACTOR_COLOURS["foreign_official"],
    "sellers_fx_loss_bn": ACTOR_COLOURS["foreign_official"],
    "sellers_loss_bn": ACTOR_COLOURS["foreign_official"],
}
MONTH_LABEL = "Months after the sale starts"
WEEK_LABEL = "Weeks after the sale starts"
PERIOD_LABELS = {"week": WEEK_LABEL, "month": MONTH_LABEL, "year": "Years after the sale starts"}
FAN_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
# Line styles that tell scenarios apart inside one panel (colour stays the actor's).
SCENARIO_LINESTYLES = ("-", "--", ":", "-.")


def unit_of(output: str) -> str:
    """The axis unit of a model output: from ``OUTPUT_UNITS``, else read from its name's suffix."""
    if output in OUTPUT_UNITS:
        return OUTPUT_UNITS[output]
    for suffix, unit in (("_bn_per_year", "$bn a year"), ("_bp", "bp"), ("_pct", "%"), ("_bn", "$bn")):
        if output.endswith(suffix):
            return unit
    raise ValueError(f"no unit known for {output!r}: name it with a unit suffix (_bp, _bn, _bn_per_year, "
                     f"_pct) or pass units={{{output!r}: ...}}")


def fan_data(bands_df: pd.DataFrame) -> dict[str, np.ndarray]:
    """The arrays a fan chart draws, from a ``scenario.bands`` table: month, median, 50% and 90% bands.

    Returns ``{"median": (2, n), "band_50": (3, n), "band_90": (3, n)}``: rows x, [lower, upper,] y.
    Rejects a table without the five quantile columns, with no rows, with non-finite values or with
    quantiles out of order.
    """
    if not isinstance(bands_df, pd.DataFrame):
        raise ValueError(f"bands_df must be a DataFrame from scenario.bands(...), got {type(bands_df).__name__}")
    missing = [q for q in FAN_QUANTILES if q not in bands_df.columns]
    if missing:
        raise ValueError(f"bands_df lacks the quantile columns {missing}; columns: {list(bands_df.columns)}")
    if bands_df.empty:
        raise ValueError("bands_df has no rows")
    x = np.asarray(bands_df.index, dtype=float)
    q = bands_df[list(FAN_QUANTILES)].to_numpy(dtype=float).T
    if not (np.isfinite(x).all() and np.isfinite(q).all()):
        raise ValueError("bands_df contains NaN or infinite values")
    if (np.diff(q, axis=0) < -1e-9).any():
        raise ValueError("bands_df quantiles are out of order (need 5% <= 25% <= 50% <= 75% <= 95%)")
    return {"median": np.vstack([x, q[2]]), "band_50": np.vstack([x, q[1], q[3]]),
            "band_90": np.vstack([x, q[0], q[4]])}


def fan_chart(ax: Axes, bands_df: pd.DataFrame, *, colour: str, label: str, unit_label: str,
              xlabel: str | None = None) -> dict[str, Artist]:
    """Draw a fan chart on ``ax``: the median as a line, the 50% and 90% bands as shades of ``colour``.

    ``bands_df`` is ``scenario.bands(draws, output)``: index = week (or month, year), columns = the quantiles 0.05,
    0.25, 0.5, 0.75, 0.95. ``unit_label`` is the y axis label (state the unit, e.g. "10-year yield
    change (bp)"). Returns the artists ``{"median": Line2D, "band_50": PolyCollection, "band_90":
    PolyCollection}`` so a live figure can update them in place.
    """
    if not unit_label or not unit_label.strip():
        raise ValueError("unit_label is empty: every axis states its unit")
    data = fan_data(bands_df)
    x90, lo90, hi90 = data["band_90"]
    _, lo50, hi50 = data["band_50"]
    band_90 = ax.fill_between(x90, lo90, hi90, color=colour, alpha=0.18, linewidth=0,
                              label=f"{label}: 90% of draws")
    band_50 = ax.fill_between(x90, lo50, hi50, color=colour, alpha=0.38, linewidth=0,
                              label=f"{label}: 50% of draws")
    (median,) = ax.plot(*data["median"], color=colour, linewidth=2, label=f"{label}: median")
    ax.set_ylabel(unit_label)
    ax.set_xlabel(xlabel if xlabel is not None else PERIOD_LABELS.get(bands_df.index.name, WEEK_LABEL))
    return {"median": median, "band_50": band_50, "band_90": band_90}


def tornado_chart(ax: Axes, table: pd.DataFrame, *, xlabel: str) -> None:
    """Draw a tornado from ``scenario.sensitivity``: one bar per parameter from the central value to its
    value at the parameter's low (sky blue) and high (vermillion) end, largest swing on top; parameters
    marked illustrative get a ``*``."""
    missing = {"at_low", "at_high", "central", "illustrative"} - set(table.columns)
    if missing or table.empty:
        raise ValueError(f"expected a non-empty scenario.sensitivity table; missing columns: {sorted(missing)}")
    base = float(table["central"].iloc[0])
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["at_low"] - base, left=base, height=0.6, color=OKABE_ITO["sky_blue"],
            label="parameter at its low value")
    ax.barh(y, table["at_high"] - base, left=base, height=0.6, color=OKABE_ITO["vermillion"],
            label="parameter at its high value")
    ax.axvline(base, color="#333333", lw=0.8)
    ax.set_yticks(y, [name.replace("_", " ") + (" *" if ill else "")
                      for name, ill in zip(table.index, table["illustrative"])])
    ax.set_xlabel(xlabel)


def _as_frames(frames: pd.DataFrame | Mapping[str, pd.DataFrame] | Mapping[str, np.ndarray]
               ) -> dict[str, pd.DataFrame]:
    """Normalise small_multiples' input to {scenario label: tidy monthly table}."""
    if isinstance(frames, pd.DataFrame):
        return {str(frames.attrs.get("scenario", "")): frames}
    if not isinstance(frames, Mapping) or not frames:
        raise ValueError("frames must be a DataFrame, a non-empty mapping name -> DataFrame, or a mapping "
                         "output -> 1-D array (one path from scenario.simulate)")
    values = list(frames.values())
    if all(isinstance(v, pd.DataFrame) for v in values):
        return {str(k): v for k, v in frames.items()}
    if any(isinstance(v, pd.DataFrame) for v in values):
        raise ValueError("frames mixes DataFrames and arrays")
    arrays = {k: np.asarray(v, dtype=float) for k, v in frames.items()}
    bad = [k for k, v in arrays.items() if v.ndim != 1]
    if bad:
        raise ValueError(f"outputs {bad} are not one path (1-D); for draws, plot scenario.bands(...) with fan_chart")
    lengths = {v.shape[0] for v in arrays.values()}
    if len(lengths) != 1:
        raise ValueError(f"outputs have different lengths: {sorted(lengths)}")
    (n,) = lengths
    return {"": pd.DataFrame(arrays, index=pd.RangeIndex(1, n + 1, name="week"))}


def small_multiples(frames: pd.DataFrame | Mapping[str, pd.DataFrame] | Mapping[str, np.ndarray],
                    columns: Sequence[str], *, ncols: int = 3, panel_size: tuple[float, float] = (3.0, 2.0),
                    units: Mapping[str, str] | None = None, titles: Mapping[str, str] | None = None,
                    colours: Mapping[str, str] | None = None, fig: Figure | None = None) -> Figure:
    """One small panel per model output, sharing the month axis; each y label states its unit.

    ``frames`` is a ``scenario.run(...)`` table, a mapping ``{scenario label: run table}`` (each
    scenario is a line style in every panel, the colour staying the actor's), or the outputs of one
    path ``{output: 1-D array}``. ``columns`` picks the outputs, one panel each. Units, titles and
    colours default to ``OUTPUT_UNITS``, ``OUTPUT_TITLES`` and ``OUTPUT_COLOURS``. A new house-style
    figure is made unless ``fig`` (an empty figure) is given.
    """
    tables = _as_frames(frames)
    columns = list(columns)
    if not columns:
        raise ValueError("columns is empty: name at least one output to plot")
    if len(set(columns)) != len(columns):
        raise ValueError(f"columns repeats an output: {columns}")
    if len(tables) > len(SCENARIO_LINESTYLES):
        raise ValueError(f"{len(tables)} scenarios are too many to tell apart in one panel "
                         f"(at most {len(SCENARIO_LINESTYLES)})")
    for name, table in tables.items():
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ValueError(f"outputs {missing} not in {name or 'the table'}; columns: {list(table.columns)}")
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a whole number >= 1, got {ncols!r}")
    units, titles, colours = dict(units or {}), dict(titles or {}), dict(colours or {})
    # the tables' period (scenario.run(freq=...)): "week" (the model's step), "month" or "year"
    period = next(iter(tables.values())).index.name
    period = period if period in PERIOD_LABELS else "week"
    ncols = min(ncols, len(columns))
    nrows = -(-len(columns) // ncols)
    with house_style():
        if fig is None:
            fig = plt.figure(figsize=(panel_size[0] * ncols, panel_size[1] * nrows))
        elif fig.axes:
            raise ValueError("fig already has axes: pass an empty figure")
        fig.set_facecolor("white")
        axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False)
        for i, (ax, column) in enumerate(zip(axes.flat, columns)):
            unit = units.get(column) or unit_of(column).replace("a week", f"a {period}")
            colour = colours.get(column, OUTPUT_COLOURS.get(column, SERIES_CYCLE[i % len(SERIES_CYCLE)]))
            for style, (name, table) in zip(SCENARIO_LINESTYLES, tables.items()):
                ax.plot(np.asarray(table.index, dtype=float), table[column].to_numpy(dtype=float),
                        color=colour, linestyle=style, linewidth=1.6, label=name or None)
            ax.set_title(titles.get(column, OUTPUT_TITLES.get(column, column)), fontsize=9)
            ax.set_ylabel(unit)
            ax.set_facecolor("white")
            ax.axhline(0.0, color="#999999", linewidth=0.6, zorder=0)
            if ax.get_subplotspec().is_last_row() or i + ncols >= len(columns):
                ax.set_xlabel(PERIOD_LABELS[period] if ncols == 1 else period.capitalize())
                ax.xaxis.set_tick_params(labelbottom=True)
        for ax in axes.flat[len(columns):]:
            ax.remove()
        if len(tables) > 1:
            fig.legend(*axes.flat[0].get_legend_handles_labels(), loc="outside lower center",
                       ncols=len(tables))
    return fig
