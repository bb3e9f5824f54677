"""House style for the book's figures: one colour per actor, units on every axis, white background.

The palette is Okabe & Ito's colour-blind-safe set. Figures keep a white face colour so they stay
readable when the book is switched to dark mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
from matplotlib.axes import Axes

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
