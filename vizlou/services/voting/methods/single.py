"""Single choice: each voter picks one option; the option with the most votes is ahead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vizlou.errors import N_, InvalidInput
from vizlou.services.voting.methods.base import (
    Bars,
    Method,
    Result,
    Totals,
    checked_option,
    count,
    field_of,
    form_int,
    mapping,
    option_id,
    options_of,
    winners,
)
from vizlou.services.voting.methods.paper_cells import LIST, paper_option


@dataclass(frozen=True)
class SingleResult(Result):
    ballots: int
    blank: int
    counts: dict[int, int]
    winners: list[int]


class Single(Method):
    key = "single"
    script = "js/voting/single.js"
    label = N_("Single choice")
    instruction = N_("Pick one.")
    explanation = N_("Each person picks one option. The option with the most votes is ahead.")
    paper_help = N_("one option")
    by_text = True
    paper_example = "2"

    def check(self, question, choice: object) -> dict:
        return {"option": checked_option(mapping(choice).get("option"), options_of(question))}

    def from_form(self, question, form, previous: dict | None) -> dict:
        return {"option": form_int(form.get("option"))}

    def from_paper(self, question, text: str, column: str) -> dict:
        if LIST.search(text) or ">" in text:
            raise InvalidInput(N_("Give one option only."), field=column)
        return {"option": paper_option(question, text, column)}

    def readable(self, choice: dict, title) -> str:
        return title(choice.get("option"))

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        return {"option": ids[int(rng.choice(len(ids), p=prefs))]}

    def choice_schema(self) -> dict:
        return {"type": "object", "required": ["option"],
                "properties": {"option": {"type": "integer"}}}

    def parts(self, option_ids: Sequence[int], choice: Any, **settings) -> Totals:
        option = option_id(field_of(choice, "option"))
        if option in option_ids:
            return {"ballots": 1, f"o:{option}": 1}
        return {"ballots": 1, "blank": 1}

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               **settings) -> SingleResult:
        counts = {o: count(totals, f"o:{o}") for o in dict.fromkeys(option_ids)}
        return SingleResult(count(totals, "ballots"), count(totals, "blank"), counts,
                            winners(counts))

    def bars(self, question, result: dict) -> Bars:
        return Bars("votes", result["counts"], list(result["winners"]))
