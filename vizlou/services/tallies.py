"""Counting ballots for the five voting methods: pure functions, plain values in and out.

Every function takes ``option_ids``, the question's option ids in display order, and
``choices``, an iterable of ballot choices shaped as the ``Ballot.choice`` column stores them:

- single: ``{"option": id}``
- approval: ``{"options": [id, ...]}``
- ranked: ``{"ranking": [id, ...]}`` (most preferred first; may name fewer ids than options)
- budget: ``{"allocation": {"<id>": amount, ...}}``
- pairwise: ``{"pairs": [[a, b, winner], ...]}``

Rules shared by all methods:

- Option ids are ints; a decimal string such as ``"3"`` is read as 3, anything else (bools,
  floats, other text) is not an id. Ids that are not among ``option_ids`` are ignored, as if
  the ballot had not named them; the rest of the ballot still counts.
- A ballot of the wrong shape (not a dict, missing key, wrong type) is a blank ballot: it is
  counted as cast but supports nothing.
- An id named twice in one ballot counts once, at its first position.
- Results list options in display order; ties keep display order. Winners are every option
  with the top score, and there are none when nobody scored anything.
- Results are frozen dataclasses holding plain values (dicts keyed by option id, lists, numbers,
  strings, None); ``to_dict()`` gives nested dicts ready for ``json.dumps`` (which writes the
  int keys as strings).

Single choice and approval: one count per option named; an approval share is the option's
approvals over all ballots cast (blank ones included). The "up to k" limit of approval is
checked when a ballot is cast, not here.

Instant runoff (``instant_runoff``), round by round:

1. Each ballot counts for its highest-ranked continuing option; a ballot naming no continuing
   option is exhausted (an empty ranking is exhausted from round 1).
2. An option with more than half of the ballots not exhausted in that round wins.
3. Otherwise the option with the fewest votes is eliminated. A tie for fewest is broken by the
   fewest first-preference votes (round 1), then by the fewest votes in the previous rounds,
   most recent first. Options still tied are eliminated together, unless that would eliminate
   every continuing option: then the count ends in a tie among them.
4. If no ballot counts for anything in a round (no ballots, or only blank ones), there is no
   winner and no tie.

Each round records why it ended (``reason``): ``"majority"`` (a winner), ``"fewest_votes"``,
``"fewest_first_preferences"``, ``"fewest_votes_in_earlier_round"``,
``"tied_eliminated_together"``, ``"tie"`` (final tie) or ``"no_votes"``.

Borda (``borda``), truncated: with n options, the ids a ballot ranks get n-1, n-2, ... points by
position, and options it leaves out get 0. A ballot ranking m of n options thus hands out
n-1 down to n-m points. Ranking positions are shared by ties ("1, 2, 2, 4").

Budget or dots (``budget_tally``): amounts must be finite numbers at least zero; others are
ignored (that amount only). With ``total`` given, a ballot whose valid amounts add up to more
than ``total`` (amounts for unknown ids included, as cast) is ignored entirely and counted in
``ignored``. Means are over the ballots counted; shares are over all the money (or dots)
counted.

Pairwise (``pairwise_tally``): each valid comparison ``[a, b, winner]`` counts once per
occurrence, also when one ballot repeats a pair. A comparison is ignored when it is not a list
of three, when ``a == b``, when ``a`` or ``b`` is unknown, or when ``winner`` is neither.
``wins[a][b]`` is how many times ``a`` beat ``b``: a dict of dicts keyed by option id, with
every other option present (zero when never), and no ``wins[a][a]``. The win-rate ranking puts
options never compared last. The Copeland score of ``a`` is the number of options ``b`` with
``wins[a][b] > wins[b][a]`` (a drawn pair scores nothing). Bradley-Terry strengths are fitted
with the MM algorithm (Hunter 2004) with a prior of one virtual win and one virtual loss
against every other option, so undefeated and never-compared options get a finite strength;
strengths sum to 1 and are rounded to 6 decimals.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

BT_PRIOR = 1  # virtual wins (and losses) of each option against each other option
BT_TOLERANCE = 1e-10
BT_MAX_ITERATIONS = 10_000
BT_DECIMALS = 6

Counted = Iterable[tuple[Any, int]]  # (a ballot choice, how many identical ballots)


class _Result:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Standing(_Result):
    """One line of a ranking: ``position`` is shared by ties; ``score`` may be None."""

    option: int
    position: int
    score: float | None


@dataclass(frozen=True)
class SingleResult(_Result):
    ballots: int
    blank: int
    counts: dict[int, int]
    winners: list[int]


@dataclass(frozen=True)
class ApprovalResult(_Result):
    ballots: int
    blank: int
    approvals: dict[int, int]
    shares: dict[int, float]
    winners: list[int]


@dataclass(frozen=True)
class RunoffRound(_Result):
    number: int
    counts: dict[int, int]
    exhausted: int
    eliminated: list[int]
    reason: str


@dataclass(frozen=True)
class RunoffResult(_Result):
    ballots: int
    rounds: list[RunoffRound]
    winner: int | None
    tied: list[int]


@dataclass(frozen=True)
class BordaResult(_Result):
    ballots: int
    points: dict[int, int]
    ranking: list[Standing]
    winners: list[int]


@dataclass(frozen=True)
class RankedResult(_Result):
    instant_runoff: RunoffResult
    borda: BordaResult


@dataclass(frozen=True)
class BudgetResult(_Result):
    ballots: int
    ignored: int
    budget_total: float | None
    allocated: float
    sums: dict[int, float]
    means: dict[int, float]
    shares: dict[int, float]
    winners: list[int]


@dataclass(frozen=True)
class PairwiseResult(_Result):
    ballots: int
    comparisons_counted: int
    comparisons_ignored: int
    wins: dict[int, dict[int, int]]
    comparisons: dict[int, int]
    win_rates: dict[int, float | None]
    copeland: dict[int, int]
    strengths: dict[int, float]
    ranking: list[Standing]
    strength_ranking: list[Standing]
    condorcet_winner: int | None


# Reading ballots -------------------------------------------------------------------------


def _option_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _field(choice: Any, key: str) -> Any:
    return choice.get(key) if isinstance(choice, Mapping) else None


def _known_ids(values: Any, known: Mapping[int, Any]) -> list[int]:
    """The known ids among ``values``, each once, in the order first named."""
    if not isinstance(values, list | tuple):
        return []
    ids = (_option_id(v) for v in values)
    return list(dict.fromkeys(i for i in ids if i is not None and i in known))


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


# Ranking helpers -------------------------------------------------------------------------


def _standings(scores: Mapping[int, float | None]) -> list[Standing]:
    """Highest score first, None last; ties share a position and keep the given order."""
    ordered = sorted(scores, key=lambda o: (scores[o] is None, -(scores[o] or 0)))
    standings: list[Standing] = []
    for index, option in enumerate(ordered):
        tied_above = standings and standings[-1].score == scores[option]
        position = standings[-1].position if tied_above else index + 1
        standings.append(Standing(option, position, scores[option]))
    return standings


def _winners(scores: Mapping[int, float]) -> list[int]:
    top = max(scores.values(), default=0)
    return [o for o, s in scores.items() if s == top] if top > 0 else []


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


# Counting in two steps -------------------------------------------------------------------
#
# Every method counts a ballot as a few named numbers it adds to the totals (``_parts``:
# "ballots", "blank", "o:<id>" for an option, "r:<ids>" for a ranking, "s:<id>" for money
# or dots, "w:<winner>:<loser>" for a comparison won, ...), then reads its result off the
# totals (``_finish``). Totals of many ballots are sums, so totals of groups add up: the
# summaries keep them per area as ballots are cast, and the whole city's result is the
# sum of the areas'.

Totals = dict[str, float]


def _ids_key(ids) -> str:
    return ",".join(map(str, ids))


def single_parts(option_ids: Sequence[int], choice: Any, total: float | None = None) -> Totals:
    option = _option_id(_field(choice, "option"))
    return {"ballots": 1, f"o:{option}": 1} if option in option_ids else {"ballots": 1,
                                                                            "blank": 1}


def approval_parts(option_ids: Sequence[int], choice: Any,
                   total: float | None = None) -> Totals:
    named = _known_ids(_field(choice, "options"), dict.fromkeys(option_ids))
    if not named:
        return {"ballots": 1, "blank": 1}
    return {"ballots": 1, **{f"o:{o}": 1 for o in named}}


def ranked_parts(option_ids: Sequence[int], choice: Any, total: float | None = None) -> Totals:
    ranking = _known_ids(_field(choice, "ranking"), dict.fromkeys(option_ids))
    return {"ballots": 1, f"r:{_ids_key(ranking)}": 1}


def budget_parts(option_ids: Sequence[int], choice: Any, total: float | None = None) -> Totals:
    amounts = _allocation(choice)
    if total is not None and _over_budget(math.fsum(amounts.values()), total):
        return {"ignored": 1}
    parts: Totals = {"ballots": 1}
    for option, amount in amounts.items():
        if option in option_ids:
            parts[f"s:{option}"] = amount
    return parts


def pairwise_parts(option_ids: Sequence[int], choice: Any,
                   total: float | None = None) -> Totals:
    known = dict.fromkeys(option_ids)
    parts: Totals = {"ballots": 1}
    pairs = _field(choice, "pairs")
    for item in pairs if isinstance(pairs, list | tuple) else ():
        outcome = _comparison(item, known)
        key = "ignored" if outcome is None else f"w:{outcome[0]}:{outcome[1]}"
        parts[key] = parts.get(key, 0) + 1
    return parts


def _count(totals: Totals, key: str) -> int:
    return round(totals.get(key, 0))


def single_finish(option_ids: Sequence[int], totals: Totals,
                  total: float | None = None) -> SingleResult:
    counts = {o: _count(totals, f"o:{o}") for o in dict.fromkeys(option_ids)}
    return SingleResult(_count(totals, "ballots"), _count(totals, "blank"), counts,
                        _winners(counts))


def approval_finish(option_ids: Sequence[int], totals: Totals,
                    total: float | None = None) -> ApprovalResult:
    approvals = {o: _count(totals, f"o:{o}") for o in dict.fromkeys(option_ids)}
    ballots = _count(totals, "ballots")
    shares = {o: _share(n, ballots) for o, n in approvals.items()}
    return ApprovalResult(ballots, _count(totals, "blank"), approvals, shares,
                          _winners(approvals))


def _rankings_of(totals: Totals) -> Counter[tuple[int, ...]]:
    rankings: Counter[tuple[int, ...]] = Counter()
    for key, n in totals.items():
        if key.startswith("r:") and n:
            ids = key[2:]
            rankings[tuple(int(i) for i in ids.split(",")) if ids else ()] += round(n)
    return rankings


def ranked_finish(option_ids: Sequence[int], totals: Totals,
                  total: float | None = None) -> RankedResult:
    rankings = _rankings_of(totals)
    return RankedResult(_runoff(option_ids, rankings), _borda(option_ids, rankings))


def budget_finish(option_ids: Sequence[int], totals: Totals,
                  total: float | None = None) -> BudgetResult:
    sums = {o: float(totals.get(f"s:{o}", 0.0)) for o in dict.fromkeys(option_ids)}
    ballots = _count(totals, "ballots")
    allocated = math.fsum(sums.values())
    means = {o: _share(s, ballots) for o, s in sums.items()}
    shares = {o: _share(s, allocated) for o, s in sums.items()}
    return BudgetResult(ballots, _count(totals, "ignored"), total, allocated, sums, means,
                        shares, _winners(sums))


def pairwise_finish(option_ids: Sequence[int], totals: Totals,
                    total: float | None = None) -> PairwiseResult:
    options = list(dict.fromkeys(option_ids))
    wins = {a: {b: _count(totals, f"w:{a}:{b}") for b in options if b != a} for a in options}
    counted = sum(n for row in wins.values() for n in row.values())
    comparisons = {a: sum(n + wins[b][a] for b, n in row.items()) for a, row in wins.items()}
    win_rates = {a: (sum(wins[a].values()) / n if n else None) for a, n in comparisons.items()}
    copeland = _copeland(wins)
    strengths = _bradley_terry(wins)
    others = len(wins) - 1
    condorcet = [a for a, score in copeland.items() if others > 0 and score == others]
    return PairwiseResult(
        _count(totals, "ballots"), counted, _count(totals, "ignored"), wins, comparisons,
        win_rates, copeland, strengths, _standings(win_rates), _standings(strengths),
        condorcet[0] if condorcet else None)


# Instant runoff --------------------------------------------------------------------------


def _rankings(option_ids: Sequence[int], counted: Counted) -> Counter[tuple[int, ...]]:
    known = dict.fromkeys(option_ids)
    rankings: Counter[tuple[int, ...]] = Counter()
    for choice, n in counted:
        rankings[tuple(_known_ids(_field(choice, "ranking"), known))] += n
    return rankings


def _count_round(rankings: Counter[tuple[int, ...]], continuing: list[int]
                 ) -> tuple[dict[int, int], int]:
    counts = dict.fromkeys(continuing, 0)
    exhausted = 0
    for ranking, n in rankings.items():
        top = next((o for o in ranking if o in counts), None)
        if top is None:
            exhausted += n
        else:
            counts[top] += n
    return counts, exhausted


def _fewest(options: list[int], counts: Mapping[int, int]) -> list[int]:
    low = min(counts[o] for o in options)
    return [o for o in options if counts[o] == low]


def _to_eliminate(continuing: list[int], history: list[dict[int, int]]) -> tuple[list[int], str]:
    """Who goes this round and why; ``history`` holds every round's counts, this one last."""
    tied = _fewest(continuing, history[-1])
    if len(tied) == 1:
        return tied, "fewest_votes"
    tied = _fewest(tied, history[0])
    if len(tied) == 1:
        return tied, "fewest_first_preferences"
    for earlier in reversed(history[1:-1]):
        tied = _fewest(tied, earlier)
        if len(tied) == 1:
            return tied, "fewest_votes_in_earlier_round"
    if len(tied) < len(continuing):
        return tied, "tied_eliminated_together"
    return tied, "tie"


def instant_runoff(option_ids: Sequence[int], choices: Iterable[Any]) -> RunoffResult:
    return _runoff(option_ids, _rankings(option_ids, _once(choices)))


def _runoff(option_ids: Sequence[int], rankings: Counter[tuple[int, ...]]) -> RunoffResult:
    ballots = sum(rankings.values())
    continuing = list(dict.fromkeys(option_ids))
    history: list[dict[int, int]] = []
    rounds: list[RunoffRound] = []
    while True:
        counts, exhausted = _count_round(rankings, continuing)
        history.append(counts)
        number = len(history)
        active = ballots - exhausted
        if active == 0:
            rounds.append(RunoffRound(number, counts, exhausted, [], "no_votes"))
            return RunoffResult(ballots, rounds, None, [])
        leader = max(continuing, key=counts.__getitem__)
        if 2 * counts[leader] > active:
            rounds.append(RunoffRound(number, counts, exhausted, [], "majority"))
            return RunoffResult(ballots, rounds, leader, [])
        eliminated, reason = _to_eliminate(continuing, history)
        if reason == "tie":
            rounds.append(RunoffRound(number, counts, exhausted, [], reason))
            return RunoffResult(ballots, rounds, None, eliminated)
        rounds.append(RunoffRound(number, counts, exhausted, eliminated, reason))
        continuing = [o for o in continuing if o not in eliminated]


# Borda -----------------------------------------------------------------------------------


def borda(option_ids: Sequence[int], choices: Iterable[Any]) -> BordaResult:
    return _borda(option_ids, _rankings(option_ids, _once(choices)))


def _borda(option_ids: Sequence[int], rankings: Counter[tuple[int, ...]]) -> BordaResult:
    points = dict.fromkeys(option_ids, 0)
    top = len(points) - 1
    ballots = 0
    for ranking, n in rankings.items():
        ballots += n
        for position, option in enumerate(ranking):
            points[option] += (top - position) * n
    return BordaResult(ballots, points, _standings(points), _winners(points))


# Budget ----------------------------------------------------------------------------------


def _allocation(choice: Any) -> dict[int | None, float]:
    """Valid amounts by option id (None for keys that are not ids), summed per id."""
    raw = _field(choice, "allocation")
    amounts: dict[int | None, float] = {}
    if not isinstance(raw, Mapping):
        return amounts
    for key, value in raw.items():
        amount = _amount(value)
        if amount is not None:
            option = _option_id(key)
            amounts[option] = amounts.get(option, 0.0) + amount
    return amounts


def _over_budget(spent: float, total: float) -> bool:
    return spent > total + 1e-9 * max(1.0, abs(total))  # leave room for float rounding


# Pairwise --------------------------------------------------------------------------------


def _comparison(item: Any, known: Mapping[int, Any]) -> tuple[int, int] | None:
    """``(winner, loser)`` for a valid ``[a, b, winner]``, else None."""
    if not isinstance(item, list | tuple) or len(item) != 3:
        return None
    a, b, winner = (_option_id(v) for v in item)
    if a is None or b is None or a == b or a not in known or b not in known:
        return None
    if winner not in (a, b):
        return None
    return (a, b) if winner == a else (b, a)


def _copeland(wins: Mapping[int, Mapping[int, int]]) -> dict[int, int]:
    return {a: sum(n > wins[b][a] for b, n in row.items()) for a, row in wins.items()}


def _bradley_terry(wins: Mapping[int, Mapping[int, int]]) -> dict[int, float]:
    """Strengths by Hunter's MM iteration, with ``BT_PRIOR`` virtual wins each way per pair."""
    options = list(wins)
    if len(options) < 2:
        return dict.fromkeys(options, 1.0)
    won = {a: sum(row.values()) + BT_PRIOR * (len(options) - 1) for a, row in wins.items()}
    games = {a: {b: n + wins[b][a] + 2 * BT_PRIOR for b, n in row.items()}
             for a, row in wins.items()}
    strength = dict.fromkeys(options, 1.0 / len(options))
    for _ in range(BT_MAX_ITERATIONS):
        raw = {a: won[a] / sum(g / (strength[a] + strength[b]) for b, g in games[a].items())
               for a in options}
        scale = math.fsum(raw.values())
        updated = {a: s / scale for a, s in raw.items()}
        change = max(abs(updated[a] - strength[a]) for a in options)
        strength = updated
        if change < BT_TOLERANCE:
            break
    return {a: round(s, BT_DECIMALS) for a, s in strength.items()}


def _once(choices: Iterable[Any]) -> Counted:
    return ((choice, 1) for choice in choices)


STEPS: dict[str, tuple[Callable[..., Totals], Callable[..., _Result]]] = {
    "single": (single_parts, single_finish),
    "approval": (approval_parts, approval_finish),
    "ranked": (ranked_parts, ranked_finish),
    "budget": (budget_parts, budget_finish),
    "pairwise": (pairwise_parts, pairwise_finish),
}


def _steps(method: str) -> tuple[Callable[..., Totals], Callable[..., _Result]]:
    try:
        return STEPS[method]
    except KeyError:
        raise ValueError(f"unknown voting method: {method!r}") from None


def add_totals(into: Totals, parts: Mapping[str, float], times: float = 1) -> Totals:
    for key, value in parts.items():
        into[key] = into.get(key, 0) + value * times
    return into


def parts(method: str, option_ids: Sequence[int], choice: Any, **kw: Any) -> Totals:
    """What one ballot adds to the totals of ``method`` (``total`` for budget)."""
    return _steps(method)[0](option_ids, choice, **kw)


def totals(method: str, option_ids: Sequence[int], counted: Counted, **kw: Any) -> Totals:
    """The totals of ``(choice, number of identical ballots)`` pairs."""
    count = _steps(method)[0]
    out: Totals = {}
    for choice, n in counted:
        add_totals(out, count(option_ids, choice, **kw), n)
    return out


def finish(method: str, option_ids: Sequence[int], summed: Mapping[str, float],
           **kw: Any) -> _Result:
    """The result of ``method`` read off totals (sums of ``parts``)."""
    return _steps(method)[1](option_ids, summed, **kw)


def tally(method: str, option_ids: Sequence[int], choices: Iterable[Any], **kw: Any) -> _Result:
    """The result for ``method``; ``kw`` goes to the method's function (``total`` for budget).

    Raises ``ValueError`` for an unknown method."""
    return tally_counted(method, option_ids, _once(choices), **kw)


def tally_counted(method: str, option_ids: Sequence[int], counted: Counted,
                  **kw: Any) -> _Result:
    """Like ``tally``, for ``(choice, number of identical ballots)`` pairs: the same result
    as each choice repeated that many times, in time that grows with distinct choices."""
    return finish(method, option_ids, totals(method, option_ids, counted, **kw), **kw)


def single_tally(option_ids: Sequence[int], choices: Iterable[Any]) -> SingleResult:
    return tally("single", option_ids, choices)


def approval_tally(option_ids: Sequence[int], choices: Iterable[Any]) -> ApprovalResult:
    return tally("approval", option_ids, choices)


def ranked_tally(option_ids: Sequence[int], choices: Iterable[Any]) -> RankedResult:
    return tally("ranked", option_ids, choices)


def budget_tally(option_ids: Sequence[int], choices: Iterable[Any],
                 total: float | None = None) -> BudgetResult:
    return tally("budget", option_ids, choices, total=total)


def pairwise_tally(option_ids: Sequence[int], choices: Iterable[Any]) -> PairwiseResult:
    return tally("pairwise", option_ids, choices)
