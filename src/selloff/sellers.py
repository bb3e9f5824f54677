"""Sellers' losses (caveat 3): what selling costs the sellers, split by cause.

Three parts, each in $bn (at the old exchange rate), each cumulative to week t:

* **Price concession on what they sell** (``price_concession_bn``): Σ_s sales_s · f_s, where
  f = Σ_m mix_m · D_m · Δy_m / 10⁴ is the share of value a bond portfolio of that maturity mix loses (``price_fall_share``).
  They sell into a yield their own selling (and the context) has raised, at a price below the pre-sale one.
  *Self-harm*: it is realised, it is not recovered later, and the part caused by the sale would not exist
  without it.
* **Currency loss caused by the sale** (``fx_loss_bn``): −Δ$ / 100 × (dollar assets still held + proceeds
  already converted). Applied to the dollar's *sale effect* (``selloff.dollar``), it is *self-harm*: the
  sellers' own dollar sales depress the value of the dollars they keep and of the proceeds they convert.
  Applied to the context's dollar move it is bad luck, not self-harm.
* **Mark-to-market loss on what they keep** (``mark_to_market_loss_bn``): retained_t · f_t.
  *Not* self-harm for a holder to maturity: a bond bought at par still pays par at maturity, and once the
  yield rise fades the price recovers; a holder who keeps the bonds also re-invests coupons at the higher
  yield (carry). It is a loss only for a seller who must sell, or who marks to market.

Where the proceeds could go: the depth of the alternatives (``ALTERNATIVE_ASSETS``), and what a purchase would do
to their yields with the price impact scaled to the market's size (``purchase_yield_fall_bp``).

From exchange-rate data: the dollar's change in a holder's home currency over a window
(``dollar_change_in_home_currency_pct``), which ``fx_loss_bn`` turns into a home-currency loss.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, last_axis, non_negative, one_of, positive
from selloff.curve import check_mix


def price_fall_share(yields_by_maturity_bp: ArrayLike, mix: ArrayLike, durations_years: ArrayLike) -> np.ndarray:
    """Share of a portfolio's value lost (first order) when yields change: Σ_m mix_m D_m Δy_m / 10⁴.

    ``yields_by_maturity_bp``: (..., weeks, 5); ``mix`` and ``durations_years``: (..., 5) or (5,).
    Returns (..., weeks); negative when yields fall (a gain)."""
    dy = finite("yields_by_maturity_bp", yields_by_maturity_bp)
    last_axis("yields_by_maturity_bp", dy, 5)
    m = check_mix("mix", mix)
    d = finite("durations_years", durations_years)
    last_axis("durations_years", d, 5)
    non_negative(durations_years=d)
    return (dy * (m * d)[..., None, :]).sum(axis=-1) / 1e4


def price_concession_bn(sales_bn: ArrayLike, fall_share: ArrayLike) -> np.ndarray:
    """Cumulative price concession ($bn) on what is sold: Σ_{s≤t} sales_s × fall_share_s (``price_fall_share``).
    Self-harm: realised, and not recovered later."""
    sales = finite("sales_bn", sales_bn)
    non_negative(sales_bn=sales)
    return np.cumsum(sales * finite("fall_share", fall_share), axis=-1)


def mark_to_market_loss_bn(retained_bn: ArrayLike, fall_share: ArrayLike) -> np.ndarray:
    """Loss ($bn) on the bonds still held at each week's yields: retained × fall_share.

    Recovered by a holder to maturity (see the module docstring): not self-harm."""
    retained = finite("retained_bn", retained_bn)
    non_negative(retained_bn=retained)
    return retained * finite("fall_share", fall_share)


def fx_loss_bn(dollar_assets_bn: ArrayLike, dollar_change_pct: ArrayLike) -> np.ndarray:
    """Loss in home currency ($bn at the old exchange rate) on dollar assets when the dollar moves by Δ$ %."""
    non_negative(dollar_assets_bn=dollar_assets_bn)
    return -finite("dollar_assets_bn", dollar_assets_bn) * finite("dollar_change_pct", dollar_change_pct) / 100.0


QUOTES = ("home_per_dollar", "dollars_per_home")


def dollar_change_in_home_currency_pct(rate_start: ArrayLike, rate_end: ArrayLike, quote: str) -> np.ndarray:
    """Change (%) of the dollar's value in a holder's home currency between two exchange rates.

    ``quote="home_per_dollar"`` for rates quoted as home currency per dollar (yen or renminbi per dollar,
    FRED DEXJPUS, DEXCHUS): 100 (end/start − 1). ``quote="dollars_per_home"`` for dollars per unit of home
    currency (dollars per euro, DEXUSEU): 100 (start/end − 1). Negative: the dollar fell, a home-currency
    loss on dollar assets (``fx_loss_bn``)."""
    one_of("quote", quote, QUOTES)
    start, end = finite("rate_start", rate_start), finite("rate_end", rate_end)
    positive(rate_start=start, rate_end=end)
    ratio = end / start if quote == "home_per_dollar" else start / end
    return 100.0 * (ratio - 1.0)


def purchase_yield_fall_bp(purchase_bn: ArrayLike, impact_bp_per_100bn: ArrayLike, reference_market_bn: ArrayLike,
                           market_bn: ArrayLike) -> np.ndarray:
    """Fall of a market's yield (bp) when ``purchase_bn`` ($bn) is bought, with an impact of
    ``impact_bp_per_100bn`` measured in a market of ``reference_market_bn`` and scaled inversely to the size
    of the market bought (``market_bn``, same currency as ``reference_market_bn``): the book's scaling rule
    for every price-impact estimate. Linear: a first-order guide, not a forecast, for a purchase large
    relative to the market."""
    purchase = finite("purchase_bn", purchase_bn)
    non_negative(purchase_bn=purchase, impact_bp_per_100bn=impact_bp_per_100bn)
    positive(reference_market_bn=reference_market_bn, market_bn=market_bn)
    return (finite("impact_bp_per_100bn", impact_bp_per_100bn) * purchase / 100.0
            * finite("reference_market_bn", reference_market_bn) / finite("market_bn", market_bn))


# Depth of the alternatives to Treasuries (calibration sheet, section F). Units as published.
ALTERNATIVE_ASSETS: tuple[dict[str, object], ...] = (
    {"asset": "US Treasuries", "measure": "average daily trading volume, 2025", "value": 1055.5,
     "unit": "$bn a day", "source": "sifma2026"},
    {"asset": "German federal securities", "measure": "outstanding, H1 2025", "value": 1711.0,
     "unit": "€bn", "source": "finanzagentur2025"},
    {"asset": "German federal securities", "measure": "turnover, 2024", "value": 6738.0,
     "unit": "€bn a year", "source": "finanzagentur2025"},
    {"asset": "EU bonds (NextGenerationEU)", "measure": "planned issuance 2021-26", "value": 806.9,
     "unit": "€bn", "source": "ecb_fin_integration2024"},
    {"asset": "Gold", "measure": "share of official reserves at market value, end-2024", "value": 20.0,
     "unit": "%", "source": "ecb_intl_euro2025"},
    {"asset": "US dollar", "measure": "share of allocated reserves, 2025Q4", "value": 56.77,
     "unit": "%", "source": "imf_cofer"},
)
