"""Fiscal cost (the chain): extra federal interest as the debt's maturity ladder rolls over at higher yields.

**The ladder.** The marketable debt is split into rungs by original maturity m_k (``MATURITIES_YEARS``:
3-month bills, 2-, 5-, 10- and 30-year securities) with shares s_k of the debt. Within a rung, issues are
spread evenly over their life, so 1/L_k of the rung matures every week (L_k = 52 m_k weeks) and is
refinanced by a new issue of the same maturity. A new issue pays the yield change of *its own maturity in
the week it is sold* (``yield_change_bp``, shape (..., weeks, n_maturities)) for its whole life, then
matures and is refinanced at the yield change of that later week. Extra interest in week t at an annual
rate ($bn a year) is

    repricing_k(t) = Σ_{τ = t − L_k + 1 … t} I_k(τ) · Δy_k(τ) / 10⁴,

where I_k(τ) ($bn in week τ) is the rung's gross issuance: what matures (of the stock at the start, then of
the issues made L_k weeks earlier) plus the rung's share of new borrowing, s_k · deficit / 52. A permanent
rise of Δy therefore reaches the bills within 13 weeks and the 30-year rung only over 30 years; a rise that
fades is locked in only by what was sold while it lasted, and only for the life of those issues.

**The debt path.** The debt held by the public grows with a baseline deficit (``deficit_bn_per_year``,
constant; a surplus is a negative deficit): D(t) = D₀ + deficit · t / 52.

**Interest on interest.** The extra interest adds to the deficit and so to the debt: the extra debt X
accumulates as X(t) = X(t − 1) · (1 + r / 5200) + cost(t) / 52, and costs r % a year
(``borrowing_rate_pct``: the yield at which it is borrowed *before* the shock). The extra debt's own
repricing at the higher yields (X · Δy) is a second-order term and is left out, which keeps the cost exactly
linear in the rise; for a permanent +100bp over ten years it would add about 4% to the total.

**Gross and net of the Fed.** The Federal Reserve holds a share f_k of each rung (``fed_share``, of the stock
at the start; it rolls its maturing holdings over, so its holdings stay constant in dollars: secondary sources
report that quantitative tightening ended in December 2025). The extra interest paid on those holdings comes
back to the Treasury as Fed remittances, so the *net* cost is the gross cost less remittances; the net view's
extra debt grows with the net cost. This holds only while the Fed makes profits: when its interest on reserves
exceeds its income (as from late 2022), remittances stop and the Fed books a deferred asset, so the extra
interest paid to it comes back only later, once that deferred asset has been paid down; the gross figure is
then the cash cost.

**The interest bill.** The book's series of federal interest payments (``federal_interest_payments``,
NIPA Table 3.2) is a national-accounts measure: it includes the interest the Treasury pays the Fed (much
of which returns as remittances) and imputed interest on federal employees' pension liabilities, which
no bondholder receives. It is therefore larger than the budget's net interest; compare the costs here
with it only as an order of magnitude. The data snapshot has no Treasury-basis interest series.

**Units.** Yields in bp; money in $bn; flows are weekly paths at annual rates ($bn a year).
``cumulative_bn``, ``annual_totals_bn`` and ``monthly_average_bn_per_year`` aggregate them. Every function
is vectorised: calibration draws sit on leading axes.

The first edition's one-factor version (a parallel shift on a constant debt, monthly steps:
``extra_interest_bn_per_year``, ``repriced_share``, ``longest_maturity_years``,
``cumulative_extra_interest_bn``) is kept at the end of the module for the chapters that still use it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, last_axis, non_negative, positive, share, whole
from selloff.curve import MATURITIES_YEARS  # the rungs are the yield curve's maturities

WEEKS_PER_YEAR = 52

# Shares of the marketable debt by rung (bills, 2y, 5y, 10y, 30y). Bills ~21% is cited (approximate,
# `treasury_wam`); the split of notes and bonds is the book's calculation, solved so that, with issues spread
# evenly over their life, the ladder also matches the two other cited facts: a weighted average maturity of
# about 72 months and about a third of the debt repricing within 12 months. The split is illustrative: the
# 30-year rung stands in for all long debt and is larger than the share of bonds in the debt.
LADDER_SHARES: tuple[float, ...] = (0.21, 0.09, 0.245, 0.155, 0.30)

OUTPUTS = ("repricing_bn_per_year", "remittances_bn_per_year", "gross_bn_per_year", "net_of_fed_bn_per_year",
           "extra_debt_gross_bn", "extra_debt_net_bn")


# --- input checks ------------------------------------------------------------------------------------

def _positive(name: str, value: ArrayLike) -> np.ndarray:
    positive(**{name: value})
    return np.asarray(value, dtype=float)


def _non_negative(name: str, value: ArrayLike) -> np.ndarray:
    non_negative(**{name: value})
    return np.asarray(value, dtype=float)


def _shares(name: str, value: ArrayLike, n: int) -> np.ndarray:
    array = finite(name, value)
    last_axis(name, array, n)
    share(**{name: array})
    return array


def _maturities(maturities_years: ArrayLike) -> np.ndarray:
    m = _positive("maturities_years", maturities_years)
    if m.ndim != 1 or m.size == 0 or np.any(np.diff(m) <= 0):
        raise ValueError(f"maturities_years must be a non-empty increasing list of years, got {maturities_years!r}")
    if np.any(np.round(m * WEEKS_PER_YEAR) < 1):
        raise ValueError(f"maturities_years must be at least a week each, got {maturities_years!r}")
    return m


# --- the ladder ---------------------------------------------------------------------------------------

def ladder_shares(shares: ArrayLike = LADDER_SHARES, maturities_years: ArrayLike = MATURITIES_YEARS) -> np.ndarray:
    """Check a composition of the marketable debt (one share per rung, summing to 1) and return it."""
    m = _maturities(maturities_years)
    s = _shares("shares", shares, m.size)
    if not np.allclose(s.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError(f"shares must sum to 1 over the maturities, got {shares!r}")
    return s


def weighted_average_maturity_years(shares: ArrayLike = LADDER_SHARES,
                                    maturities_years: ArrayLike = MATURITIES_YEARS) -> np.ndarray:
    """Weighted average (remaining) maturity of the debt in years: Σ s_k · m_k / 2 (issues spread evenly)."""
    s = ladder_shares(shares, maturities_years)
    return (s * np.asarray(maturities_years, dtype=float)).sum(axis=-1) / 2.0


def share_repricing_within_year(shares: ArrayLike = LADDER_SHARES,
                                maturities_years: ArrayLike = MATURITIES_YEARS) -> np.ndarray:
    """Share of the debt that matures (and reprices) within 12 months: Σ s_k · min(1, 1 / m_k)."""
    s = ladder_shares(shares, maturities_years)
    return (s * np.minimum(1.0, 1.0 / np.asarray(maturities_years, dtype=float))).sum(axis=-1)


def borrowing_rate_pct(yields_pct: ArrayLike, shares: ArrayLike = LADDER_SHARES) -> np.ndarray:
    """The rate (percent a year) at which new debt (the deficit) is borrowed before a shock: the yields by
    maturity (percent, one per rung, last axis) weighted by the ladder's shares."""
    y = finite("yields_pct", yields_pct)
    s = ladder_shares(shares)
    if y.ndim == 0 or y.shape[-1] != s.shape[-1]:
        raise ValueError(f"yields_pct must have one yield per maturity ({s.shape[-1]}) on its last axis, "
                         f"got shape {y.shape}")
    return (s * y).sum(axis=-1)


def debt_path_bn(debt_bn: ArrayLike, deficit_bn_per_year: ArrayLike, weeks: int) -> np.ndarray:
    """Baseline debt held by the public ($bn) at the end of weeks 1 … ``weeks``: D₀ + deficit · t / 52."""
    weeks = whole("weeks", weeks)
    d0 = _positive("debt_bn", debt_bn)[..., None]
    deficit = finite("deficit_bn_per_year", deficit_bn_per_year)[..., None]
    path = d0 + deficit * np.arange(1, weeks + 1) / WEEKS_PER_YEAR
    if (path <= 0).any():
        raise ValueError(f"deficit_bn_per_year={deficit_bn_per_year!r} pays off the whole debt "
                         f"debt_bn={debt_bn!r} within {weeks} weeks")
    return path


def rollover_bn_per_week(debt_bn: ArrayLike, deficit_bn_per_year: ArrayLike, weeks: int,
                         shares: ArrayLike = LADDER_SHARES,
                         maturities_years: ArrayLike = MATURITIES_YEARS) -> np.ndarray:
    """Gross issuance of each rung ($bn in each week), shape (..., weeks, n_maturities).

    What matures (1/L_k of the rung's starting stock each week, then the issues made L_k weeks earlier) plus
    the rung's share of the baseline deficit; every dollar of it is sold at that week's yields.
    """
    debt_path_bn(debt_bn, deficit_bn_per_year, weeks)  # checks debt, deficit and weeks
    m = _maturities(maturities_years)
    s = ladder_shares(shares, m)
    d0 = np.asarray(debt_bn, dtype=float)[..., None, None]
    new = np.asarray(deficit_bn_per_year, dtype=float)[..., None, None] / WEEKS_PER_YEAR
    lives = np.round(m * WEEKS_PER_YEAR)
    t = np.arange(weeks)[:, None]
    # issuance repeats every L_k weeks and each cycle adds one more week's new borrowing:
    # I_k(τ) = s_k · (D₀ / L_k + new · (1 + ⌊(τ − 1) / L_k⌋)), τ = 1 … weeks
    return s[..., None, :] * (d0 / lives + new * (1.0 + np.floor(t / lives)))


def _outstanding(x: np.ndarray, life: int) -> np.ndarray:
    """Σ_{τ = t − L + 1 … t} x(τ) over the weeks (last axis): the sum over the issues still outstanding."""
    total = np.cumsum(x, axis=-1)
    if life < x.shape[-1]:
        total[..., life:] -= total[..., :-life].copy()
    return total


def _with_interest_on_interest(cost_bn_per_year: np.ndarray, rate_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(total cost $bn a year, extra debt $bn at the end of each week) when the extra debt costs r % a year.

    X(t) = g X(t − 1) + cost(t) / 52 with g = 1 + r / 5200, so X(t) = g^t Σ_{s ≤ t} g^(−s) cost(s) / 52; the total
    in week t is cost(t) + r X(t − 1) / 100. Weeks on the last axis; one rate, or one per draw.
    """
    rate = np.asarray(rate_pct, dtype=float)[..., None]
    growth = np.exp(np.log1p(rate / (100.0 * WEEKS_PER_YEAR)) * np.arange(1, cost_bn_per_year.shape[-1] + 1))
    debt = growth * np.cumsum(cost_bn_per_year / growth, axis=-1) / WEEKS_PER_YEAR
    total = cost_bn_per_year.copy()
    total[..., 1:] += rate / 100.0 * debt[..., :-1]
    return total, debt


def extra_federal_interest(yield_change_bp: ArrayLike, debt_bn: ArrayLike, deficit_bn_per_year: ArrayLike,
                           borrowing_rate_pct: ArrayLike, fed_share: ArrayLike = 0.0,
                           shares: ArrayLike = LADDER_SHARES,
                           maturities_years: ArrayLike = MATURITIES_YEARS) -> dict[str, np.ndarray]:
    """Extra federal interest from a path of yield changes by maturity, gross and net of the Fed.

    ``yield_change_bp``: bp, shape (..., weeks, n_maturities), the change from the baseline of the yield at
    each maturity of ``maturities_years`` in each week. ``debt_bn``: debt held by the public at the start
    ($bn); ``deficit_bn_per_year``: the baseline deficit ($bn a year); ``borrowing_rate_pct``: the yield (%)
    at which the extra debt is borrowed; ``fed_share``: the Fed's share of each rung at the start (a scalar or
    one per maturity); ``shares``: the debt's composition by rung. Parameters broadcast against the leading
    axes (one value per calibration draw). Returns, each of shape (..., weeks):

    * ``repricing_bn_per_year``: extra interest on the baseline debt as it rolls over ($bn a year);
    * ``remittances_bn_per_year``: the part of it paid to the Fed, returned as remittances;
    * ``gross_bn_per_year``: repricing plus interest on the extra debt it creates (no remittances);
    * ``net_of_fed_bn_per_year``: repricing less remittances, plus interest on the (smaller) extra debt;
    * ``extra_debt_gross_bn``, ``extra_debt_net_bn``: the extra debt at the end of each week ($bn).
    """
    dy = finite("yield_change_bp", yield_change_bp)
    m = _maturities(maturities_years)
    if dy.ndim < 2 or dy.shape[-1] != m.size or dy.shape[-2] < 1:
        raise ValueError(f"yield_change_bp must have shape (..., weeks, {m.size}) (one column per maturity "
                         f"{tuple(m)}), got shape {dy.shape}")
    weeks = dy.shape[-2]
    rate = _non_negative("borrowing_rate_pct", borrowing_rate_pct)
    fed = finite("fed_share", fed_share)
    if fed.ndim > 0 and fed.shape[-1] not in (1, m.size):
        raise ValueError(f"fed_share must be a scalar or one share per maturity ({m.size}), got shape {fed.shape}")
    share(fed_share=fed)
    debt_path_bn(debt_bn, deficit_bn_per_year, weeks)  # checks debt, deficit and weeks
    s = ladder_shares(shares, m)
    lives = np.round(m * WEEKS_PER_YEAR)
    # rollover_bn_per_week in two parts, I_k(τ) = s_k D₀ / L_k + s_k · new · cycle_k(τ), so that
    # repricing_k(t) = (s_k D₀ / L_k · Σ_window Δy_k + s_k · new · Σ_window cycle_k Δy_k) / 10⁴
    stock_weight = s * np.asarray(debt_bn, float)[..., None] / lives / 1e4
    new_weight = s * np.asarray(deficit_bn_per_year, float)[..., None] / WEEKS_PER_YEAR / 1e4
    fed_weight = fed * stock_weight  # the Fed's constant holdings f_k s_k D₀, rolled over as they mature
    repricing, remittances = 0.0, 0.0
    for k, life in enumerate(lives.astype(int)):
        dy_k = dy[..., k]
        outstanding = _outstanding(dy_k, life)
        remittances = remittances + fed_weight[..., k, None] * outstanding
        if life >= weeks:  # no issue matures within the path: every cycle_k is 1
            repricing = repricing + (stock_weight[..., k] + new_weight[..., k])[..., None] * outstanding
        else:
            cycle = 1.0 + np.arange(weeks) // life
            repricing = repricing + stock_weight[..., k, None] * outstanding \
                + new_weight[..., k, None] * _outstanding(dy_k * cycle, life)
    shape = np.broadcast_shapes(repricing.shape, remittances.shape, rate.shape + (weeks,))
    repricing, remittances = np.broadcast_to(repricing, shape), np.broadcast_to(remittances, shape)
    rate = np.broadcast_to(rate, shape[:-1])
    (gross, net), (gross_debt, net_debt) = _with_interest_on_interest(np.stack([repricing, repricing - remittances]),
                                                                      rate)
    return {"repricing_bn_per_year": np.array(repricing), "remittances_bn_per_year": np.array(remittances),
            "gross_bn_per_year": gross, "net_of_fed_bn_per_year": net,
            "extra_debt_gross_bn": gross_debt, "extra_debt_net_bn": net_debt}


def fed_share_by_maturity(fed_treasuries_bn: ArrayLike, fed_bills_bn: ArrayLike, debt_bn: ArrayLike,
                          shares: ArrayLike = LADDER_SHARES,
                          maturities_years: ArrayLike = MATURITIES_YEARS) -> np.ndarray:
    """The Fed's share of each rung, shape (..., n_maturities), from its holdings (H.4.1, $bn).

    Its bills over the bill rung; its other Treasuries spread over the coupon rungs in proportion to their
    size (the split among coupons is an assumption: H.4.1's maturity table is not in the data snapshot).
    """
    m = _maturities(maturities_years)
    s = ladder_shares(shares, m)
    total = _non_negative("fed_treasuries_bn", fed_treasuries_bn)
    bills = _non_negative("fed_bills_bn", fed_bills_bn)
    debt = _positive("debt_bn", debt_bn)
    if (bills > total).any():
        raise ValueError(f"fed_bills_bn={fed_bills_bn!r} exceeds fed_treasuries_bn={fed_treasuries_bn!r}")
    is_bill = m < 1.0
    bill_stock = debt[..., None] * (s * is_bill).sum(axis=-1, keepdims=True)
    coupon_stock = debt[..., None] * (s * ~is_bill).sum(axis=-1, keepdims=True)
    share = np.where(is_bill, bills[..., None] / bill_stock, (total - bills)[..., None] / coupon_stock)
    if (share > 1).any():
        raise ValueError(f"the Fed's holdings (fed_treasuries_bn={fed_treasuries_bn!r}, fed_bills_bn="
                         f"{fed_bills_bn!r}) exceed a rung of the debt debt_bn={debt_bn!r}")
    return share


# --- aggregation: weekly annual rates to months and years ----------------------------------------------

def cumulative_bn(path_bn_per_year: ArrayLike, years: float) -> np.ndarray:
    """Total paid ($bn) over the first ``years`` years of a weekly path at annual rates ($bn a year)."""
    path = finite("path_bn_per_year", path_bn_per_year)
    years_ = _positive("years", years)
    if path.ndim < 1 or years_.ndim:
        raise ValueError(f"path_bn_per_year must have weeks on its last axis and years must be one number, "
                         f"got shape {path.shape} and years={years!r}")
    weeks = int(round(WEEKS_PER_YEAR * float(years_)))
    if weeks < 1 or weeks > path.shape[-1]:
        raise ValueError(f"years={years!r} must cover between 1 week and the path's {path.shape[-1]} weeks")
    return path[..., :weeks].sum(axis=-1) / WEEKS_PER_YEAR


def annual_totals_bn(path_bn_per_year: ArrayLike) -> np.ndarray:
    """$bn paid in each whole year (52 weeks) of a weekly path at annual rates; shape (..., years)."""
    path = finite("path_bn_per_year", path_bn_per_year)
    if path.ndim < 1 or path.shape[-1] < WEEKS_PER_YEAR:
        raise ValueError(f"path_bn_per_year must have at least {WEEKS_PER_YEAR} weeks on its last axis, "
                         f"got shape {path.shape}")
    years = path.shape[-1] // WEEKS_PER_YEAR
    whole = path[..., : years * WEEKS_PER_YEAR]
    return whole.reshape(whole.shape[:-1] + (years, WEEKS_PER_YEAR)).sum(axis=-1) / WEEKS_PER_YEAR


def monthly_average_bn_per_year(path_bn_per_year: ArrayLike) -> np.ndarray:
    """Monthly averages of a weekly path at annual rates ($bn a year); shape (..., months).

    Week i (from 0) falls in month ⌊12 i / 52⌋ (4 or 5 weeks a month; the rule of ``scenario.aggregate``); a
    last, incomplete month is kept.
    """
    path = finite("path_bn_per_year", path_bn_per_year)
    if path.ndim < 1 or path.shape[-1] < 1:
        raise ValueError(f"path_bn_per_year must have weeks on its last axis, got shape {path.shape}")
    month = np.arange(path.shape[-1]) * 12 // WEEKS_PER_YEAR
    starts = np.flatnonzero(np.r_[True, np.diff(month) > 0])
    return np.add.reduceat(path, starts, axis=-1) / np.diff(np.r_[starts, path.shape[-1]])


def decaying_rise_bp(rise_bp: ArrayLike, months: int, half_life_years: ArrayLike = np.inf,
                     periods_per_year: int = 12) -> np.ndarray:
    """Path of a yield rise (bp) over ``months`` periods (last axis) that fades with a half-life (years).

    Δy_t = Δy₀ · 0.5^(t / (p h)) for periods t = 0 … ``months`` − 1 (p = ``periods_per_year``: 12 for months,
    52 for weeks): the full rise in the first period, half of it h years later. ``half_life_years=np.inf``
    keeps the rise for good. ``rise_bp`` and ``half_life_years`` may be arrays (one value per path); they
    broadcast against the leading axes.
    """
    whole("months", months)
    whole("periods_per_year", periods_per_year)
    rise = finite("rise_bp", rise_bp)
    try:
        h = np.asarray(half_life_years, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"half_life_years must be numbers, got {half_life_years!r}") from None
    if np.isnan(h).any() or (h <= 0).any():
        raise ValueError(f"half_life_years must be positive (np.inf for a permanent rise), got {half_life_years!r}")
    t = np.arange(months, dtype=float)
    return rise[..., None] * 0.5 ** (t / (periods_per_year * h[..., None]))


# --- the first edition: a parallel shift on a constant debt, monthly ----------------------------------
# Kept for the chapters that still call it; new code uses ``extra_federal_interest``.

def longest_maturity_years(share_repricing_within_year: ArrayLike, wam_years: ArrayLike) -> np.ndarray:
    """M (years) such that debt repricing within a year (share r) plus debt maturing evenly over 1 … M years
    has the weighted average maturity ``wam_years``: W = r/2 + (1 − r)(1 + M)/2 (first edition)."""
    r = finite("share_repricing_within_year", share_repricing_within_year)
    w = _positive("wam_years", wam_years)
    if ((r < 0) | (r >= 1)).any():
        raise ValueError(f"share_repricing_within_year must be a share in [0, 1), got {share_repricing_within_year!r}")
    m = 2 * (w - r / 2) / (1 - r) - 1
    if np.any(m <= 1):
        raise ValueError(f"wam_years={wam_years!r} is too short for share_repricing_within_year="
                         f"{share_repricing_within_year!r}: the longer debt would mature within a year")
    return m


def repriced_share(months: int, share_repricing_within_year: ArrayLike, wam_years: ArrayLike) -> np.ndarray:
    """Share of the debt repriced after each of ``months`` months (last axis), for a permanent parallel
    shift (first edition)."""
    whole("months", months)
    m = longest_maturity_years(share_repricing_within_year, wam_years)[..., None]
    r = np.asarray(share_repricing_within_year, dtype=float)[..., None]
    t = np.arange(1, months + 1) / 12.0
    return np.minimum(r + (1 - r) * np.clip((t - 1) / (m - 1), 0, 1), 1.0)


def extra_interest_bn_per_year(yield_change_bp: ArrayLike, debt_bn: ArrayLike, share_repricing_within_year: ArrayLike,
                               wam_years: ArrayLike) -> np.ndarray:
    """Extra federal interest ($bn a year, monthly) when *every* maturity moves by ``yield_change_bp`` on a
    constant debt (first edition; an upper bound in month 1 and no interest on interest).

    ``yield_change_bp`` has months on its last axis; the parameters broadcast against the leading axes.
    """
    dy = finite("yield_change_bp", yield_change_bp)
    if dy.ndim < 1:
        raise ValueError(f"yield_change_bp must have months on its last axis, got {yield_change_bp!r}")
    debt = _positive("debt_bn", debt_bn)[..., None]
    share = repriced_share(dy.shape[-1], share_repricing_within_year, wam_years)  # checks both
    r = np.asarray(share_repricing_within_year, dtype=float)[..., None]
    weight = np.diff(share, axis=-1, prepend=r)
    return debt * (r * dy + np.cumsum(weight * dy, axis=-1)) / 1e4


def cumulative_extra_interest_bn(extra_bn_per_year: ArrayLike, years: float) -> np.ndarray:
    """Total extra interest ($bn) paid over the first ``years`` years of a *monthly* annual-rate path."""
    path = finite("extra_bn_per_year", extra_bn_per_year)
    months = int(round(12 * float(finite("years", years))))
    if path.ndim < 1 or months < 1 or months > path.shape[-1]:
        raise ValueError(f"years={years!r} must cover between 1 month and the path's months (shape {path.shape})")
    return path[..., :months].sum(axis=-1) / 12.0
