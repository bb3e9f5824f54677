"""Coalitions of sellers (caveat 3): who loses what, and whether selling is an equilibrium.

``coalition_outcome``: a set of holders each sells the same share of its holdings; each member's losses
(mark-to-market on what it keeps, the price concession on what it sells, the FX loss) are set against the
US government's extra interest cost (gross, over the horizon). ``months`` is the length of the sale
(converted to weeks); the Fed is off unless ``fed="backstop"`` is passed.

``sell_hold_game``: each holder chooses *sell* or *hold*. If the sellers together push the US's extra
interest cost over a pressure threshold, every holder gains its (illustrative) political value ``v_i``,
seller or not; each bears its own losses, which a holder that holds also suffers (its bonds lose value
too) but without the cost of selling. Pure-strategy Nash equilibria are found by enumeration.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from selloff import curve, fiscal
from selloff._checks import non_negative, share
from selloff.calibration import Values
from selloff.scenario import Scenario, simulate, yields_by_maturity


def member_losses(holdings: Mapping[str, float], sells: Mapping[str, bool], share_sold: float, months: int,
                  params: Values, **scenario_kwargs) -> tuple[dict[str, dict[str, float]], float]:
    """Each holder's losses ($bn, at the horizon) and the US's cumulative extra interest ($bn, gross), when the
    holders with ``sells[h]`` true sell ``share_sold`` of their holdings ($bn) over ``months``.

    Every holder's bonds have the scenario's maturity mix (default: the foreign official mix). A holder's
    mark-to-market and FX losses are on what it keeps; the price concession and the FX loss on converted
    proceeds are shared among the sellers in proportion to what each sells."""
    _check(holdings, share_sold)
    if set(sells) != set(holdings):
        raise ValueError(f"sells must name exactly the holders {sorted(holdings)}, got {sorted(sells)}")
    sold = {h: share_sold * holdings[h] if sells[h] else 0.0 for h in holdings}
    total_sold = sum(sold.values())
    sc = Scenario("coalition", {"coalition": total_sold}, months=months, **scenario_kwargs)
    out = simulate(sc, params)
    p = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    yields_now = np.array([float(p[f"yield_{m}_pct"]) for m in curve.MATURITY_LABELS])
    duration_change = float((np.asarray(sc.mix) * curve.durations_years(yields_now)
                             * yields_by_maturity(out)[-1]).sum()) / 1e4
    dollar = float(out["dollar_change_pct"][-1])
    us_cost = float(fiscal.cumulative_bn(out["extra_interest_bn_per_year"], sc.total_weeks / 52))
    concession_total = float(out["sellers_price_concession_bn"][-1])
    proceeds_fx_total = float(np.sum(-out["sales_bn"] * out["dollar_change_pct"] / 100.0))
    losses = {}
    for h, held in holdings.items():
        kept = held - sold[h]
        part = sold[h] / total_sold if total_sold > 0 else 0.0
        losses[h] = {
            "holdings_bn": held, "sold_bn": sold[h],
            "mark_to_market_loss_bn": kept * duration_change,
            "selling_cost_bn": concession_total * part,
            "fx_loss_bn": -kept * dollar / 100.0 + proceeds_fx_total * part,
        }
        losses[h]["total_loss_bn"] = (losses[h]["mark_to_market_loss_bn"] + losses[h]["selling_cost_bn"]
                                      + losses[h]["fx_loss_bn"])
    return losses, us_cost


def _check(holdings: Mapping[str, float], share_sold: float) -> None:
    if not holdings:
        raise ValueError("holdings is empty: name at least one holder")
    for h, v in holdings.items():
        non_negative(**{f"holdings[{h!r}]": v})
    share(share_sold=share_sold)


def coalition_outcome(holdings: Mapping[str, float], share_sold: float, months: int, params: Values,
                      **scenario_kwargs) -> pd.DataFrame:
    """Every member sells ``share_sold`` of its holdings over ``months``: each member's losses ($bn) and,
    in the last row, the US government's cumulative extra interest over the horizon ($bn)."""
    losses, us_cost = member_losses(holdings, {h: True for h in holdings}, share_sold, months, params, **scenario_kwargs)
    table = pd.DataFrame(losses).T
    table.loc["United States (extra interest)"] = np.nan
    table.loc["United States (extra interest)", "total_loss_bn"] = us_cost
    return table


def sell_hold_game(holdings: Mapping[str, float], political_value_bn: Mapping[str, float] | float,
                   pressure_threshold_bn: float, share_sold: float, months: int, params: Values,
                   **scenario_kwargs) -> pd.DataFrame:
    """All sell/hold profiles with each holder's payoff ($bn-equivalent) and whether it is a Nash equilibrium.

    Payoff_i = v_i · 1[US extra interest ≥ threshold] − losses_i. ``political_value_bn`` is illustrative:
    no published estimate exists of what a government would gain from pressuring the US.
    """
    _check(holdings, share_sold)
    names = list(holdings)
    if len(names) > 8:
        raise ValueError(f"at most 8 holders (2**n profiles are enumerated), got {len(names)}")
    values = ({h: float(political_value_bn) for h in names} if np.isscalar(political_value_bn)
              else {h: float(political_value_bn[h]) for h in names})
    non_negative(pressure_threshold_bn=pressure_threshold_bn, **{f"political_value_bn[{h!r}]": v for h, v in values.items()})
    rows = []
    for profile in itertools.product((False, True), repeat=len(names)):
        sells = dict(zip(names, profile))
        losses, us_cost = member_losses(holdings, sells, share_sold, months, params, **scenario_kwargs)
        success = us_cost >= pressure_threshold_bn
        row = {"sellers": tuple(h for h in names if sells[h]), "us_extra_interest_bn": us_cost, "pressure": success}
        for h in names:
            row[f"payoff_{h}"] = values[h] * success - losses[h]["total_loss_bn"]
        rows.append(row)
    table = pd.DataFrame(rows)
    index = {row["sellers"]: i for i, row in table.iterrows()}

    def deviation_gain(i: int, h: str) -> float:
        sellers = set(table.at[i, "sellers"]) ^ {h}
        j = index[tuple(n for n in names if n in sellers)]
        return table.at[j, f"payoff_{h}"] - table.at[i, f"payoff_{h}"]

    table["equilibrium"] = [all(deviation_gain(i, h) <= 1e-9 for h in names) for i in table.index]
    return table
