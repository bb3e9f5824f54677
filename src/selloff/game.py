"""The classroom coalition game: teams of foreign holders choose to sell or hold, round by round.

Each team plays a group of real holders (TIC lines, their holdings at the end of a month). In a round every
team says *sell* or *hold*; the sellers each sell the same share of their holdings over the same months (one
combined sale, the Fed off unless ``fed="backstop"`` is passed), and the round reveals what
``selloff.coalition`` computes for that sale: the 10-year yield's path (peak and end of the horizon, bp), the
US government's cumulative extra interest over the horizon ($bn, gross) and each team's losses ($bn):
mark-to-market on what it keeps (a holder that holds loses too), the cost of selling, the currency loss.
Rounds are independent replays from the same starting holdings, so a class can compare strategies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff import coalition, holders
from selloff._checks import non_negative, share
from selloff.calibration import Values
from selloff.scenario import Scenario, peak_yield_change_bp, simulate

#: Default teams: the largest holders, and the EU members listed in TIC (mostly custody centres).
DEFAULT_TEAMS: dict[str, tuple[str, ...]] = {
    "Japan": ("japan",),
    "China": ("china_mainland",),
    "United Kingdom": ("united_kingdom",),
    "EU members": holders.EU_MEMBERS,
    "Canada": ("canada",),
}
SELL, HOLD = "sell", "hold"
LOSS_COLUMNS = ("mark_to_market_loss_bn", "selling_cost_bn", "fx_loss_bn", "total_loss_bn")


def team_holdings_bn(tic: pd.DataFrame, month: str, teams: Mapping[str, Sequence[str]] = DEFAULT_TEAMS
                     ) -> dict[str, float]:
    """Each team's Treasury holdings ($bn) at the end of ``month``: the sum of its TIC lines.

    ``tic`` is ``load("tic_major_foreign_holders")``. A TIC line may belong to one team only."""
    if not teams:
        raise ValueError("teams is empty: name at least one team")
    if pd.Period(month, "M") not in tic.index:
        raise ValueError(f"month {month!r} is not in the TIC data ({tic.index[0]} to {tic.index[-1]})")
    seen: dict[str, str] = {}
    for team, lines in teams.items():
        if isinstance(lines, str) or not lines:
            raise ValueError(f"teams[{team!r}] must be a non-empty sequence of TIC lines, got {lines!r}")
        unknown = [line for line in lines if line not in tic.columns]
        if unknown:
            raise ValueError(f"teams[{team!r}] has lines not in the TIC data: {unknown}")
        for line in lines:
            if line in seen:
                raise ValueError(f"TIC line {line!r} is in two teams: {seen[line]!r} and {team!r}")
            seen[line] = team
    return {team: float(holders.group_holdings_bn(tic, lines)[pd.Period(month, "M")]) for team, lines in teams.items()}


def _decisions(holdings_bn: Mapping[str, float], decisions: Mapping[str, str | bool]) -> dict[str, bool]:
    """``{team: True if it sells}``, from "sell"/"hold" (any case) or booleans, for every team."""
    missing = [team for team in holdings_bn if team not in decisions]
    extra = [team for team in decisions if team not in holdings_bn]
    if missing or extra:
        raise ValueError(f"decisions must name every team once: missing {missing}, unknown {extra}")
    sells = {}
    for team in holdings_bn:
        choice = decisions[team]
        if isinstance(choice, (bool, np.bool_)):
            sells[team] = bool(choice)
        elif isinstance(choice, str) and choice.strip().lower() in (SELL, HOLD):
            sells[team] = choice.strip().lower() == SELL
        else:
            raise ValueError(f"decisions[{team!r}] must be 'sell' or 'hold', got {choice!r}")
    return sells


@dataclass(frozen=True)
class RoundResult:
    """What a round reveals. ``teams``: one row per team (decision, holdings, sold and losses, $bn)."""

    teams: pd.DataFrame
    sold_bn: float
    sellers: int
    peak_10y_change_bp: float
    end_10y_change_bp: float
    yield_10y_path_bp: np.ndarray          # weekly, over the horizon
    us_extra_interest_bn: float            # cumulative over the horizon, gross
    pressure: bool | None                  # extra interest at least the threshold (None: no threshold)


def play_round(holdings_bn: Mapping[str, float], decisions: Mapping[str, str | bool], share_sold: float,
               months: int, params: Values, *, pressure_threshold_bn: float | None = None,
               **scenario_kwargs) -> RoundResult:
    """Tally the teams' decisions and run the model on the combined sale (``selloff.coalition``).

    ``share_sold``: the share (0 to 1) of its holdings each seller sells, over ``months``.
    ``pressure_threshold_bn`` (illustrative, optional): the US extra interest ($bn over the horizon) that
    counts as pressure in the debrief; no published estimate gives it."""
    for team, held in holdings_bn.items():
        non_negative(**{f"holdings_bn[{team!r}]": held})
    share(share_sold=share_sold)
    if pressure_threshold_bn is not None:
        non_negative(pressure_threshold_bn=pressure_threshold_bn)
    sells = _decisions(holdings_bn, decisions)
    losses, us_cost = coalition.member_losses(holdings_bn, sells, share_sold, months, params, **scenario_kwargs)
    sold = sum(row["sold_bn"] for row in losses.values())
    # (coalition.member_losses is the one place the members' losses are computed: reused, not re-implemented)
    # the same combined sale as coalition's, for the yields it reveals
    out = simulate(Scenario("coalition", {"coalition": sold}, months=months, **scenario_kwargs), params,
                   outputs=["yield_change_bp"])
    path = np.asarray(out["yield_change_bp"], dtype=float)
    table = pd.DataFrame(losses).T[["holdings_bn", "sold_bn", *LOSS_COLUMNS]]
    table.insert(0, "decision", [SELL if sells[t] else HOLD for t in table.index])
    return RoundResult(teams=table, sold_bn=float(sold), sellers=sum(sells.values()),
                       peak_10y_change_bp=float(peak_yield_change_bp(out)), end_10y_change_bp=float(path[-1]),
                       yield_10y_path_bp=path, us_extra_interest_bn=us_cost,
                       pressure=None if pressure_threshold_bn is None else us_cost >= pressure_threshold_bn)


def results_table(rounds: Sequence[RoundResult]) -> pd.DataFrame:
    """One row per round: sellers, amount sold, the 10-year's peak and end change, the US's extra interest,
    whether it reached the threshold, and each team's decision and total loss."""
    rows = []
    for number, result in enumerate(rounds, start=1):
        row = {"round": number, "sellers": result.sellers, "sold_bn": result.sold_bn,
               "peak_10y_change_bp": result.peak_10y_change_bp, "end_10y_change_bp": result.end_10y_change_bp,
               "us_extra_interest_bn": result.us_extra_interest_bn, "pressure": result.pressure}
        for team, team_row in result.teams.iterrows():
            row[f"{team}: decision"] = team_row["decision"]
            row[f"{team}: loss_bn"] = team_row["total_loss_bn"]
        rows.append(row)
    return pd.DataFrame(rows).set_index("round")
