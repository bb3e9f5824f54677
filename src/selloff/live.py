"""Live widgets, for a running kernel (Binder, JupyterLab): a figure built once, updated in place.

The book's static widgets (``selloff.widgets``) pre-render every slider position so they work in the
HTML pages with no kernel. With a kernel, a reader can move any control over any value; this module
recomputes the model for the new value and redraws **the same figure**:

* ``draw(fig)`` builds the axes and artists once and returns them by name;
* ``update(**control_values)`` computes the new data, by artist name;
* each artist is updated in place (``Line2D.set_data``, the vertices of a band, ``Text.set_text``),
  the axes are rescaled (``relim`` / ``autoscale_view``) and the figure is rendered to PNG into an
  ``<img>`` (with alt text) inside an ``ipywidgets.HTML``.

A PNG in a widget works everywhere the book runs: JupyterLab, classic Notebook, Binder, and under
``nbconvert`` / ``nbval`` execution (the last image is saved with the page's widget state). The
figure is a bare ``matplotlib.figure.Figure`` on an Agg canvas, not registered with pyplot, so the
inline backend never shows a second, static copy under the widget. ``HTML`` rather than
``ipywidgets.Image`` because ``Image`` has no alt text (see ``selloff.widgets``).

``scenario_explorer`` is the ready-made explorer the chapters use: the 10-year yield's fan chart
across calibration draws, and the weekly accounting (sales = safe haven + Fed + private, in $bn of
10-year equivalents) at the central calibration, for a scenario built from the controls' values.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from selloff import plotting
from selloff import scenario as sc
from selloff.calibration import Calibration

LIVE_SIZE_PX = (760, 300)
LIVE_DPI = 100


def new_figure(size_px: tuple[int, int] = LIVE_SIZE_PX, dpi: int = LIVE_DPI) -> Figure:
    """A house-style figure on an Agg canvas, outside pyplot (never auto-shown by the inline backend)."""
    width, height = size_px
    if width < 50 or height < 50:
        raise ValueError(f"size_px must be at least 50 x 50 pixels, got {size_px!r}")
    with plotting.house_style():
        fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finite(name: str, value: Any, rows: int | None = None) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if rows is not None and (array.ndim != 2 or array.shape[0] != rows):
        raise ValueError(f"data for {name!r} must have shape ({rows}, n), got {array.shape}")
    if array.size == 0:
        raise ValueError(f"data for {name!r} is empty")
    if not np.isfinite(array).all():
        raise ValueError(f"data for {name!r} contains NaN or infinite values")
    return array


def apply(artist: Artist, name: str, value: Any) -> None:
    """Put new data into an existing artist, in place.

    * ``Line2D``: an array ``(2, n)`` (x, y), or ``(n,)`` for new y values (x kept if the length is
      unchanged, else 1 … n);
    * a band (``PolyCollection`` from ``fill_between``): an array ``(3, n)`` (x, lower, upper);
    * ``Text``: a string.

    Raises ValueError (and changes nothing) for data of the wrong kind, shape, or with NaN / inf.
    """
    _prepare(artist, name, value)()


def _prepare(artist: Artist, name: str, value: Any) -> Callable[[], None]:
    """Check ``value`` for ``artist`` and return the change to make, so a batch is all-or-nothing."""
    if isinstance(artist, Text):
        if not isinstance(value, str):
            raise ValueError(f"data for text {name!r} must be a string, got {type(value).__name__}")
        return lambda: artist.set_text(value)
    if isinstance(artist, Line2D):
        array = _finite(name, value)
        if array.ndim == 1:
            x = np.asarray(artist.get_xdata(), dtype=float)
            x = x if len(x) == len(array) else np.arange(1, len(array) + 1, dtype=float)
            return lambda: artist.set_data(x, array)
        if array.ndim == 2 and array.shape[0] == 2:
            return lambda: artist.set_data(array[0], array[1])
        raise ValueError(f"data for line {name!r} must have shape (n,) or (2, n), got {array.shape}")
    if isinstance(artist, PolyCollection):
        x, lower, upper = _finite(name, value, rows=3)
        if hasattr(artist, "set_data"):  # Matplotlib >= 3.10: FillBetweenPolyCollection
            return lambda: artist.set_data(x, lower, upper)
        polygon = np.vstack([np.column_stack([x, lower]), np.column_stack([x, upper])[::-1]])
        return lambda: artist.set_verts([polygon])
    raise ValueError(f"artist {name!r} is a {type(artist).__name__}; live figures update Line2D, "
                     "PolyCollection (bands) and Text")


def render_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, at its own size and dpi, in one drawing pass.

    ``savefig`` would draw twice for a figure with a layout engine (once to lay out, once to paint);
    the Agg canvas's ``print_png`` draws once (the layout, if any, runs inside that draw). The
    background is the figure's face colour (white in the house style).
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    return buffer.getvalue()


class LiveFigure:
    """A figure drawn once whose artists are updated, and the image redrawn, when a control changes.

    Attributes: ``figure`` (the one Matplotlib figure), ``artists`` (by name), ``controls``,
    ``image`` (the ``ipywidgets.HTML`` holding the PNG), ``status`` (an error message, if the last
    values were rejected), ``widget`` (controls + image + status, what the notebook displays),
    ``png`` (the bytes of the last rendered image), ``renders`` (how many times it was rendered) and
    ``layouts`` (how many of those renders had to lay the figure out again).
    """

    def __init__(self, update: Callable[..., Mapping[str, Any]], controls: Mapping[str, widgets.ValueWidget],
                 draw: Callable[[Figure], Mapping[str, Artist]], *, size_px: tuple[int, int] = LIVE_SIZE_PX,
                 alt: Callable[..., str] | str = "", autoscale: bool = True) -> None:
        if not callable(update) or not callable(draw):
            raise ValueError("update and draw must be callables")
        if not isinstance(controls, Mapping) or not controls:
            raise ValueError("controls is empty: a live figure needs at least one control")
        for name, control in controls.items():
            if not isinstance(control, widgets.ValueWidget):
                raise ValueError(f"controls[{name!r}] must be an ipywidgets value widget (a slider, a "
                                 f"drop-down…), got {type(control).__name__}")
        if not alt:
            raise ValueError("alt is empty: give the figure a text alternative (a string or a function of "
                             "the controls' values)")
        self.controls: dict[str, widgets.ValueWidget] = dict(controls)
        self._update, self._alt, self._autoscale = update, alt, autoscale
        self.figure = new_figure(size_px)
        with plotting.house_style():
            artists = draw(self.figure)
        if not isinstance(artists, Mapping) or not artists:
            raise ValueError("draw(fig) must return a non-empty mapping name -> artist")
        self.artists: dict[str, Artist] = dict(artists)
        # The layout (constrained, by default) is run by `_lay_out` only when tick labels or the number
        # of title lines change; in between, drawing keeps the axes where they are (about half the time
        # of a render is the layout).
        engine = self.figure.get_layout_engine()
        self._engine = engine if engine is not None and type(engine).__name__ != "PlaceHolderLayoutEngine" else None
        if self._engine is not None:
            self.figure.set_layout_engine("none")
        self._last_layout: tuple | None = None
        self.png: bytes = b""
        self.renders = 0
        self.layouts = 0
        width, height = size_px
        self._img_size = (width, height)
        self.image = widgets.HTML(layout=widgets.Layout(width=f"{width}px", height=f"{height}px"))
        self.status = widgets.HTML("")
        self.widget = widgets.VBox([*self.controls.values(), self.image, self.status])
        self.update()  # the first picture; raises ValueError for bad initial values
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    # -- state ------------------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> bytes:
        """Recompute with the controls' values (overridden by ``values``), update the artists, redraw.

        ``values`` override the controls for this picture only (the controls are not moved); moving a
        control calls ``update()`` with no arguments.

        Raises ValueError for an unknown control name or for data the artists cannot take; the figure
        and the image are left as they were. Returns the new PNG bytes.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown controls {unknown}; controls: {list(self.controls)}")
        point = {**self.values, **values}
        data = self._update(**point)
        if not isinstance(data, Mapping):
            raise ValueError(f"update(...) must return a mapping artist name -> data, got {type(data).__name__}")
        unknown = sorted(set(data) - set(self.artists))
        if unknown:
            raise ValueError(f"update(...) returned data for unknown artists {unknown}; artists: {list(self.artists)}")
        # Check every item before touching any artist, so a rejected update leaves the figure intact.
        changes = [_prepare(self.artists[name], name, value) for name, value in data.items()]
        for change in changes:
            change()
        if self._autoscale:
            for ax in self.figure.axes:
                ax.relim()
                ax.autoscale_view()
        return self._show(point)

    def _layout_key(self) -> tuple:
        """What the layout depends on and an update can change: the tick labels' widths on every axes
        (digits have one width in the house font), offset texts, and the number of lines of titles and
        axis labels."""
        key = []
        for ax in self.figure.axes:
            for axis in (ax.xaxis, ax.yaxis):
                formatter = axis.get_major_formatter()
                low, high = sorted(axis.get_view_interval())
                locs = [v for v in axis.get_majorticklocs() if low - 1e-9 * abs(high - low) <= v <= high + 1e-9 * abs(high - low)]
                labels = formatter.format_ticks(locs) if locs else []
                key.append((max((len(t) for t in labels), default=0), formatter.get_offset(),
                            axis.label.get_text().count("\n")))
            key.append(tuple(t.get_text().count("\n") for t in (ax.title, ax._left_title, ax._right_title)))
        return tuple(key)

    def _lay_out(self) -> None:
        """Run the figure's layout engine only when the layout key changed since it last ran."""
        if self._engine is None:
            return
        key = self._layout_key()
        if key != self._last_layout:
            self._engine.execute(self.figure)
            self._last_layout = key
            self.layouts += 1

    def _show(self, point: Mapping[str, Any]) -> bytes:
        self._lay_out()
        self.png = render_png(self.figure)
        self.renders += 1
        alt = self._alt(**point) if callable(self._alt) else self._alt
        encoded = base64.b64encode(self.png).decode("ascii")
        width, height = self._img_size
        self.image.value = (f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt)}" '
                            f'width="{width}" height="{height}">')
        return self.png

    def _on_change(self, change: Mapping[str, Any]) -> None:
        """A control moved: redraw; a rejected value is reported under the figure, not raised."""
        try:
            self.update()
        except ValueError as error:
            self.status.value = f'<span style="color:#D55E00">Not drawn: {html.escape(str(error))}</span>'
        else:
            self.status.value = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)


def live_figure(update: Callable[..., Mapping[str, Any]], controls: Mapping[str, widgets.ValueWidget],
                draw: Callable[[Figure], Mapping[str, Artist]], *, size_px: tuple[int, int] = LIVE_SIZE_PX,
                alt: Callable[..., str] | str = "", autoscale: bool = True) -> LiveFigure:
    """A figure built once by ``draw(fig)`` and updated in place by ``update(**control_values)``.

    Parameters
    ----------
    update
        Called with one keyword per control (its current value); returns new data by artist name
        (see :func:`apply` for the shapes). It may return data for some artists only.
    controls
        ``{name: ipywidgets value widget}``; every change of a ``value`` triggers a redraw.
    draw
        Called once with an empty house-style figure (inside ``plotting.house_style()``); builds the
        axes, labels and artists and returns the artists to update, by name.
    size_px
        Image size in pixels (at 100 dpi).
    alt
        Text alternative of the image, or a function of the controls' values (required).
    autoscale
        Rescale every axes to its new data after each update.
    """
    return LiveFigure(update, controls, draw, size_px=size_px, alt=alt, autoscale=autoscale)


# --- the chapters' explorer ---------------------------------------------------------------------------

ACCOUNTING = ("sales_10y_eq_bn", "safe_haven_bn", "fed_bn", "private_bn")
ACCOUNTING_LABELS = {"sales_10y_eq_bn": "foreign sales", "safe_haven_bn": "safe-haven purchases",
                     "fed_bn": "Fed purchases", "private_bn": "private absorption"}


def _split_controls(controls: Mapping[str, Any], calibration: Calibration) -> tuple[dict[str, Any], dict[str, float]]:
    """Control values → (scenario_factory keywords, calibration overrides)."""
    names = set(calibration.names)
    return ({k: v for k, v in controls.items() if k not in names},
            {k: float(v) for k, v in controls.items() if k in names})


def _fixed(calibration: Calibration, overrides: Mapping[str, float]) -> Calibration:
    """The calibration with each overridden parameter pinned at its value (low = central = high)."""
    for name, value in overrides.items():
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        calibration = calibration.replace(name, low=value, central=value, high=value)
    return calibration


def explorer_data(scenario: sc.Scenario, calibration: Calibration, *, n_draws: int = 1000,
                  seed: int = 0) -> dict[str, Any]:
    """What the explorer shows for one scenario, by artist name (see :func:`draw_explorer`).

    ``median``, ``band_50``, ``band_90``: the 10-year yield change (bp) across calibration draws;
    the four accounting flows ($bn of 10-year equivalents a week) at the central calibration; the two titles.
    """
    if not isinstance(scenario, sc.Scenario):
        raise ValueError(f"expected a Scenario, got {type(scenario).__name__}")
    draws = sc.simulate(scenario, calibration.draw(n_draws, seed), outputs=["yield_change_bp"])
    fan = plotting.fan_data(sc.bands(draws, "yield_change_bp"))
    central = sc.simulate(scenario, calibration.at("central"), outputs=list(ACCOUNTING))
    weeks = np.arange(1, scenario.total_weeks + 1, dtype=float)
    median = fan["median"][1]
    peak = int(np.argmax(median))
    data: dict[str, Any] = {**fan, **{k: np.vstack([weeks, central[k]]) for k in ACCOUNTING}}
    data["yield_title"] = f"10-year yield: peak {median[peak]:+.0f}bp (median) in week {peak + 1}"
    data["accounting_title"] = f"Who buys the ${scenario.total_sales_bn:,.0f}bn sold"
    return data


def draw_explorer(fig: Figure) -> dict[str, Artist]:
    """The explorer's two panels, with placeholder data: the yield's fan chart and the accounting."""
    ax_yield, ax_flow = fig.subplots(1, 2)
    placeholder = pd.DataFrame(0.0, index=pd.RangeIndex(1, 3, name="week"), columns=list(plotting.FAN_QUANTILES))
    artists: dict[str, Artist] = dict(plotting.fan_chart(
        ax_yield, placeholder, colour=plotting.ACTOR_COLOURS["yield"], label="yield",
        unit_label="10-year yield change (bp)", xlabel=plotting.WEEK_LABEL))
    ax_yield.axhline(0.0, color="#999999", linewidth=0.6, zorder=0)
    ax_yield.legend(loc="upper right")
    artists["yield_title"] = ax_yield.set_title("", fontsize=9)
    for key in ACCOUNTING:
        (artists[key],) = ax_flow.plot([1.0, 2.0], [0.0, 0.0], color=plotting.OUTPUT_COLOURS[key],
                                       linewidth=2.6 if key == "sales_10y_eq_bn" else 1.6,
                                       linestyle="--" if key == "fed_bn" else "-", label=ACCOUNTING_LABELS[key])
    ax_flow.axhline(0.0, color="#999999", linewidth=0.6, zorder=0)
    ax_flow.set_ylabel("$bn of 10-year equivalents a week")
    ax_flow.set_xlabel(plotting.WEEK_LABEL)
    ax_flow.legend(loc="upper right")
    artists["accounting_title"] = ax_flow.set_title("", fontsize=9)
    return artists


def scenario_explorer(scenario_factory: Callable[..., sc.Scenario], calibration: Calibration,
                      controls: Mapping[str, widgets.ValueWidget], *, n_draws: int = 1000, seed: int = 0,
                      size_px: tuple[int, int] = LIVE_SIZE_PX) -> LiveFigure:
    """A live explorer: the 10-year yield's fan chart and the weekly accounting of a scenario.

    Controls whose name is a calibration parameter pin that parameter at the control's value (in the
    central path and in every draw); the others are passed to ``scenario_factory(**values)``, which
    returns a :class:`~selloff.scenario.Scenario`. Left panel: the yield change across ``n_draws``
    calibration draws (median, 50% and 90% of draws; the same ``seed`` each time, so only the controls
    move the picture; a long-run impact drawn above the short-run one is capped at it, see
    :meth:`Calibration.draw`). Right panel: foreign sales, safe-haven purchases, Fed purchases and private
    absorption at the central calibration ($bn of 10-year equivalents a week; sales = the other three, every
    week). The Fed is off unless the scenario sets ``fed="backstop"``.

    Example (in a chapter)::

        controls = {"total": widgets.FloatSlider(value=500, min=0, max=2000, step=50,
                                                 description="sales ($bn)"),
                    "months": widgets.IntSlider(value=6, min=1, max=24, description="over (months)")}
        explorer = live.scenario_explorer(
            lambda total, months: Scenario("sale", {"foreign official": total}, months=months),
            default_calibration(), controls)
        explorer.widget
    """
    if not isinstance(calibration, Calibration):
        raise ValueError(f"calibration must be a Calibration, got {type(calibration).__name__}")
    if not isinstance(n_draws, (int, np.integer)) or n_draws < 20:
        raise ValueError(f"n_draws must be a whole number >= 20 (for the 5% and 95% bands), got {n_draws!r}")
    if not callable(scenario_factory):
        raise ValueError("scenario_factory must be a callable returning a Scenario")

    def compute(**values: Any) -> dict[str, Any]:
        kwargs, overrides = _split_controls(values, calibration)
        scen = scenario_factory(**kwargs)
        if not isinstance(scen, sc.Scenario):
            raise ValueError(f"scenario_factory returned a {type(scen).__name__}, not a Scenario")
        return explorer_data(scen, _fixed(calibration, overrides), n_draws=n_draws, seed=seed)

    def alt(**values: Any) -> str:
        shown = ", ".join(f"{k} = {v}" for k, v in values.items())
        return (f"Left: the 10-year yield change in basis points over the weeks after the sale starts, median "
                f"and 50% and 90% bands across {n_draws} calibration draws. Right: foreign sales, safe-haven "
                f"purchases, Fed purchases and private absorption in billions of dollars of 10-year equivalents a week. Controls: {shown}.")

    return live_figure(compute, controls, draw_explorer, size_px=size_px, alt=alt)
