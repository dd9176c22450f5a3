"""Ranked: each voter puts options in order. Counted by instant runoff, round by round, with
the Borda count as a second view.

Instant runoff:

1. Each ballot counts for its highest-ranked continuing option; a ballot naming no continuing
   option is exhausted (an empty ranking is exhausted from round 1).
2. An option with more than half of the ballots not exhausted in that round wins.
3. Otherwise the option with the fewest votes is eliminated. A tie for fewest is broken by the
   fewest first-preference votes (round 1), then by the fewest votes in the previous rounds,
   most recent first. Options still tied are eliminated together, unless that would eliminate
   every continuing option: then the count ends in a tie among them.
4. If no ballot counts for anything in a round (no ballots, or only blank ones), there is no
   winner and no tie.

Each round records why it ended (``reason``): ``"majority"``, ``"fewest_votes"``,
``"fewest_first_preferences"``, ``"fewest_votes_in_earlier_round"``,
``"tied_eliminated_together"``, ``"tie"`` (final tie) or ``"no_votes"``.

Borda, truncated: with n options, the ids a ballot ranks get n-1, n-2, ... points by position,
and options it leaves out get 0. Ranking positions are shared by ties ("1, 2, 2, 4").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vizlou.errors import N_, InvalidInput
from vizlou.services.voting.methods.base import (
    Bars,
    Method,
    Result,
    Setting,
    Standing,
    Totals,
    bad,
    checked_ids,
    field_of,
    form_int,
    known_ids,
    mapping,
    options_of,
    standings,
    winners,
)
from vizlou.services.voting.methods.paper_cells import LIST, paper_items, paper_option

Rankings = Counter[tuple[int, ...]]


@dataclass(frozen=True)
class RunoffRound(Result):
    number: int
    counts: dict[int, int]
    exhausted: int
    eliminated: list[int]
    reason: str


@dataclass(frozen=True)
class RunoffResult(Result):
    ballots: int
    rounds: list[RunoffRound]
    winner: int | None
    tied: list[int]


@dataclass(frozen=True)
class BordaResult(Result):
    ballots: int
    points: dict[int, int]
    ranking: list[Standing]
    winners: list[int]


@dataclass(frozen=True)
class RankedResult(Result):
    instant_runoff: RunoffResult
    borda: BordaResult


class Ranked(Method):
    key = "ranked"
    script = "js/voting/ranked.js"
    label = N_("Ranked (instant runoff)")
    instruction = N_("Put them in order. Your favorite goes first.")
    explanation = N_("Each person puts the options in order. The option with the fewest "
                     "first choices drops out and its votes go to each person's next choice, "
                     "until one option has more than half.")
    paper_help = N_("the options in order, favorite first, with > between them")
    paper_example = "2>1>3"

    settings_fields = (Setting("max_choices", N_("How many options each person may rank"),
                               required=False, help=N_("Empty: all of them.")),)

    def check_question(self, *, options: int, values) -> dict:
        out = super().check_question(options=options, values=values)
        if out["max_choices"] is not None and not 1 <= out["max_choices"] <= options:
            raise InvalidInput(N_("People can rank between 1 and all of the options."),
                               field="max_choices")
        return out

    def check(self, question, choice: object) -> dict:
        ids = checked_ids(mapping(choice).get("ranking"), options_of(question))
        if not ids:
            raise bad(N_("Put at least one option in your order."))
        if question.max_choices and len(ids) > question.max_choices:
            raise bad(N_("Rank up to %(k)s options."), k=question.max_choices)
        return {"ranking": ids}

    def from_form(self, question, form, previous: dict | None) -> dict:
        ids = [o.id for o in question.options]
        ranks = [(form_int(form.get(f"rank-{i}")), position, i) for position, i in enumerate(ids)]
        return {"ranking": [i for rank, _, i in sorted(r for r in ranks if r[0] is not None)]}

    def from_paper(self, question, text: str, column: str) -> dict:
        separator = re.compile(">") if ">" in text else LIST
        return {"ranking": [paper_option(question, t, column)
                            for t in paper_items(text, separator, column)]}

    def readable(self, choice: dict, title) -> str:
        return " > ".join(title(i) for i in choice.get("ranking", []))

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        n = len(ids)
        order = rng.choice(n, size=n, replace=False, p=prefs)  # Plackett-Luce
        length = n if rng.uniform() < 0.7 else int(rng.integers(1, n))
        return {"ranking": [ids[int(i)] for i in order[:min(length, question.max_choices or n)]]}

    def choice_schema(self) -> dict:
        return {"type": "object", "required": ["ranking"],
                "properties": {"ranking": {"type": "array", "items": {"type": "integer"}}}}

    def parts(self, option_ids: Sequence[int], choice: Any, **settings) -> Totals:
        ranking = known_ids(field_of(choice, "ranking"), dict.fromkeys(option_ids))
        return {"ballots": 1, f"r:{','.join(map(str, ranking))}": 1}

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               **settings) -> RankedResult:
        rankings = _rankings_of(totals)
        return RankedResult(runoff(option_ids, rankings), borda_count(option_ids, rankings))

    def leading(self, result: dict) -> list[int]:
        counted = result["instant_runoff"]
        return [counted["winner"]] if counted["winner"] is not None else list(counted["tied"])

    def bars(self, question, result: dict) -> Bars:
        counted = result["instant_runoff"]
        rounds = counted["rounds"]
        out_round = {}
        for step in rounds:
            out_round.update(dict.fromkeys(step["eliminated"], step["number"]))
        return Bars("votes", rounds[-1]["counts"] if rounds else {}, self.leading(result),
                    out_round)


def _rankings_of(totals: Mapping[str, float]) -> Rankings:
    rankings: Rankings = Counter()
    for key, n in totals.items():
        if key.startswith("r:") and n:
            ids = key[2:]
            rankings[tuple(int(i) for i in ids.split(",")) if ids else ()] += round(n)
    return rankings


def rankings_of_choices(option_ids: Sequence[int], choices: Iterable[Any]) -> Rankings:
    known = dict.fromkeys(option_ids)
    return Counter(tuple(known_ids(field_of(choice, "ranking"), known)) for choice in choices)


def _count_round(rankings: Rankings, continuing: list[int]) -> tuple[dict[int, int], int]:
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


def runoff(option_ids: Sequence[int], rankings: Rankings) -> RunoffResult:
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


def borda_count(option_ids: Sequence[int], rankings: Rankings) -> BordaResult:
    points = dict.fromkeys(option_ids, 0)
    top = len(points) - 1
    ballots = 0
    for ranking, n in rankings.items():
        ballots += n
        for position, option in enumerate(ranking):
            points[option] += (top - position) * n
    return BordaResult(ballots, points, standings(points), winners(points))
