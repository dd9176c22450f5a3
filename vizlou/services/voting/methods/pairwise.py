"""Pairwise: each voter is shown two options at a time and picks one, as often as they like;
results are a win matrix and a ranking.

Each valid comparison ``[a, b, winner]`` counts once per occurrence, also when one ballot
repeats a pair. A comparison is ignored when it is not a list of three, when ``a == b``, when
``a`` or ``b`` is unknown, or when ``winner`` is neither. ``wins[a][b]`` is how many times
``a`` beat ``b``, with every other option present (zero when never) and no ``wins[a][a]``.
The win-rate ranking puts options never compared last. The Copeland score of ``a`` is the
number of options ``b`` with ``wins[a][b] > wins[b][a]``. Bradley-Terry strengths are fitted
with the MM algorithm (Hunter 2004) with a prior of one virtual win and one virtual loss
against every other option, so undefeated and never-compared options get a finite strength;
strengths sum to 1 and are rounded to 6 decimals.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
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
    checked_option,
    count,
    field_of,
    form_int,
    mapping,
    option_id,
    options_of,
    standings,
)
from vizlou.services.voting.methods.paper_cells import LIST, paper_items, paper_option

BT_PRIOR = 1  # virtual wins (and losses) of each option against each other option
BT_TOLERANCE = 1e-10
BT_MAX_ITERATIONS = 10_000
BT_DECIMALS = 6
MAX_PAIRS = 200  # answers one ballot may hold


@dataclass(frozen=True)
class PairwiseResult(Result):
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


def comparison(item: Any, known: Mapping[int, Any]) -> tuple[int, int] | None:
    """``(winner, loser)`` for a valid ``[a, b, winner]``, else None."""
    if not isinstance(item, list | tuple) or len(item) != 3:
        return None
    a, b, winner = option_id(item[0]), option_id(item[1]), option_id(item[2])
    if a is None or b is None or a == b or a not in known or b not in known:
        return None
    if winner not in (a, b):
        return None
    return (a, b) if winner == a else (b, a)


class Pairwise(Method):
    key = "pairwise"
    script = "js/voting/pairwise.js"
    label = N_("Pairwise")
    instruction = N_("We show you two. Pick the one you like more.")
    explanation = N_("Each person is shown two options at a time and picks one. Options are "
                     "ranked by how often they win.")
    paper_help = N_("each pair with the winner first, like 1>2, with ; between pairs")
    paper_example = "1>2;3>1"
    form_buttons = False  # each of the two cards is a submit button
    saved_message = N_("Thanks! Here is another pair.")

    settings_fields = (Setting("pairs_per_voter", N_("How many pairs each person is shown"),
                               required=False, help=N_("Empty: every pair.")),)

    def check_question(self, *, options: int, values) -> dict:
        out = super().check_question(options=options, values=values)
        if out["pairs_per_voter"] is not None and out["pairs_per_voter"] > MAX_PAIRS:
            raise InvalidInput(N_("Show each person at most %(n)s pairs."),
                               field="pairs_per_voter", n=MAX_PAIRS)
        return out

    def check(self, question, choice: object) -> dict:
        pairs = mapping(choice).get("pairs")
        if not isinstance(pairs, list) or not pairs:
            raise bad(N_("Pick one of the two at least once."))
        if len(pairs) > min(MAX_PAIRS, question.pairs_per_voter or MAX_PAIRS):
            raise bad(N_("That is too many answers at once."))
        options = options_of(question)
        out = []
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) != 3:
                raise bad(N_("Pick one of the two at least once."))
            a, b, winner = (checked_option(v, options) for v in pair)
            if a == b or winner not in (a, b):
                raise bad(N_("Pick one of the two shown."))
            out.append([a, b, winner])
        return {"pairs": out}

    def from_form(self, question, form, previous: dict | None) -> dict:
        pairs = list((previous or {}).get("pairs", []))
        pairs.append([form_int(form.get("a")), form_int(form.get("b")),
                      form_int(form.get("winner"))])
        return {"pairs": pairs[-MAX_PAIRS:]}

    def all_pairs(self, question) -> list[tuple[int, int]]:
        ids = [o.id for o in question.options]
        return [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]]

    def next_pair(self, question, previous: dict | None) -> tuple[int, int] | None:
        """A pair not yet answered, at random; None when every pair has been answered."""
        answered = (previous or {}).get("pairs", [])
        if question.pairs_per_voter and len(answered) >= question.pairs_per_voter:
            return None
        seen = {frozenset(p[:2]) for p in answered}
        left = [pair for pair in self.all_pairs(question) if frozenset(pair) not in seen]
        if not left:
            return None
        pair = random.choice(left)
        return pair if random.random() < 0.5 else (pair[1], pair[0])

    def form_context(self, question, choice: dict | None) -> dict:
        """The next pair, and how far the voter is: ``answered`` of ``total`` pairs."""
        total = len(self.all_pairs(question))
        if question.pairs_per_voter:
            total = min(total, question.pairs_per_voter)
        answered = len((choice or {}).get("pairs", []))
        return {"pair": self.next_pair(question, choice), "answered": answered,
                "total": total}

    def from_paper_form(self, question, form) -> dict | None:
        """The paper page lists every pair at once: ``pair-<a>-<b>`` holds the winner of that
        pair, or nothing when the sheet skipped it."""
        picked = [[a, b, form_int(form.get(f"pair-{a}-{b}"))] for a, b in self.all_pairs(question)
                  if form.get(f"pair-{a}-{b}")]
        return {"pairs": picked} if picked else None

    def from_paper(self, question, text: str, column: str) -> dict:
        pairs = []
        for item in paper_items(text, LIST, column):
            parts = [p.strip() for p in item.split(">")]
            if len(parts) != 2 or not all(parts):
                raise InvalidInput(N_("Write each pair with the winner first, like 1>2;3>1."),
                                   field=column)
            winner, loser = (paper_option(question, p, column) for p in parts)
            pairs.append([winner, loser, winner])
        return {"pairs": pairs}

    def readable(self, choice: dict, title) -> str:
        return "; ".join(f"{title(w)} over {title(b if w == a else a)}"
                         for a, b, w in choice.get("pairs", []))

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        pairs = []
        for _ in range(int(rng.integers(3, 7))):
            a, b = (int(x) for x in rng.choice(len(ids), size=2, replace=False))
            winner = a if rng.uniform() < prefs[a] / (prefs[a] + prefs[b]) else b
            pairs.append([ids[a], ids[b], ids[winner]])
        return {"pairs": pairs[:question.pairs_per_voter or None]}

    def choice_schema(self) -> dict:
        return {"type": "object", "required": ["pairs"], "properties": {"pairs": {
            "type": "array", "maxItems": MAX_PAIRS,
            "items": {"type": "array", "items": {"type": "integer"},
                      "minItems": 3, "maxItems": 3}}}}

    def parts(self, option_ids: Sequence[int], choice: Any, **settings) -> Totals:
        known = dict.fromkeys(option_ids)
        parts: Totals = {"ballots": 1}
        pairs = field_of(choice, "pairs")
        for item in pairs if isinstance(pairs, list | tuple) else ():
            outcome = comparison(item, known)
            key = "ignored" if outcome is None else f"w:{outcome[0]}:{outcome[1]}"
            parts[key] = parts.get(key, 0) + 1
        return parts

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               **settings) -> PairwiseResult:
        options = list(dict.fromkeys(option_ids))
        wins = {a: {b: count(totals, f"w:{a}:{b}") for b in options if b != a} for a in options}
        counted = sum(n for row in wins.values() for n in row.values())
        comparisons = {a: sum(n + wins[b][a] for b, n in row.items()) for a, row in wins.items()}
        win_rates = {a: (sum(wins[a].values()) / n if n else None)
                     for a, n in comparisons.items()}
        copeland = {a: sum(n > wins[b][a] for b, n in row.items()) for a, row in wins.items()}
        strengths = bradley_terry(wins)
        others = len(wins) - 1
        condorcet = [a for a, score in copeland.items() if others > 0 and score == others]
        return PairwiseResult(
            count(totals, "ballots"), counted, count(totals, "ignored"), wins, comparisons,
            win_rates, copeland, strengths, standings(win_rates), standings(strengths),
            condorcet[0] if condorcet else None)

    def leading(self, result: dict) -> list[int]:
        if result["condorcet_winner"] is not None:
            return [result["condorcet_winner"]]
        return [s["option"] for s in result["ranking"]
                if s["position"] == 1 and s["score"] is not None]

    def bars(self, question, result: dict) -> Bars:
        values = {k: round(v * 100) for k, v in result["win_rates"].items() if v is not None}
        top = max(values.values(), default=None)
        return Bars("percent", values, [k for k, v in values.items() if top and v == top])


def bradley_terry(wins: Mapping[int, Mapping[int, int]]) -> dict[int, float]:
    """Strengths by Hunter's MM iteration, with ``BT_PRIOR`` virtual wins each way per pair.

    Lists indexed by option, not dicts: every area of a results page runs this, and the
    arithmetic is the same, in the same order, as over the options' dicts."""
    options = list(wins)
    k = len(options)
    if k < 2:
        return dict.fromkeys(options, 1.0)
    at = {a: i for i, a in enumerate(options)}
    won = [sum(wins[a].values()) + BT_PRIOR * (k - 1) for a in options]
    games = [[(at[b], n + wins[b][a] + 2 * BT_PRIOR) for b, n in wins[a].items()]
             for a in options]
    strength = [1.0 / k] * k
    for _ in range(BT_MAX_ITERATIONS):
        raw = []
        for i, row in enumerate(games):
            mine, total = strength[i], 0.0
            for j, g in row:
                total += g / (mine + strength[j])
            raw.append(won[i] / total)
        scale = math.fsum(raw)
        updated = [r / scale for r in raw]
        change = max(abs(u - s) for u, s in zip(updated, strength, strict=True))
        strength = updated
        if change < BT_TOLERANCE:
            break
    return {a: round(s, BT_DECIMALS) for a, s in zip(options, strength, strict=True)}
