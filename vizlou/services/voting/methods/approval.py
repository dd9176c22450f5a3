"""Approval: each voter picks every option they like, up to the question's limit (k); the
option picked by the most people is ahead. A share is an option's approvals over all the
ballots cast (blank ones included). The limit is checked when a ballot is cast."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vizlou.errors import N_, InvalidInput
from vizlou.services.voting.methods.base import (
    Bars,
    Method,
    Result,
    Setting,
    Totals,
    bad,
    checked_ids,
    count,
    field_of,
    form_int,
    known_ids,
    mapping,
    options_of,
    share,
    winners,
)
from vizlou.services.voting.methods.paper_cells import LIST, paper_items, paper_option


@dataclass(frozen=True)
class ApprovalResult(Result):
    ballots: int
    blank: int
    approvals: dict[int, int]
    shares: dict[int, float]
    winners: list[int]


class Approval(Method):
    key = "approval"
    script = "js/voting/approval.js"
    label = N_("Approval")
    instruction = N_("Pick all you like, up to the limit.")
    explanation = N_("Each person picks every option they like. The option picked by the "
                     "most people is ahead.")
    paper_help = N_("the options chosen, with ; between them")
    by_text = True
    paper_example = "1;3"

    settings_fields = (Setting("max_choices", N_("How many options each person may pick")),)

    def check_question(self, *, options: int, values) -> dict:
        out = super().check_question(options=options, values=values)
        if not 1 <= out["max_choices"] <= options:
            raise InvalidInput(N_("Approval voting needs a number of choices between 1 and "
                                  "the number of options."), field="max_choices")
        return out

    def check(self, question, choice: object) -> dict:
        options = options_of(question)
        ids = checked_ids(mapping(choice).get("options"), options)
        if not ids:
            raise bad(N_("Choose at least one option."))
        if len(ids) > (question.max_choices or len(options)):
            raise bad(N_("Choose up to %(k)s options."), k=question.max_choices)
        return {"options": sorted(ids)}

    def from_form(self, question, form, previous: dict | None) -> dict:
        return {"options": [form_int(v) for v in form.getlist("options")]}

    def from_paper(self, question, text: str, column: str) -> dict:
        return {"options": [paper_option(question, t, column)
                            for t in paper_items(text, LIST, column)]}

    def readable(self, choice: dict, title) -> str:
        return "; ".join(title(i) for i in choice.get("options", []))

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        k = int(rng.integers(1, (question.max_choices or 1) + 1))
        return {"options": sorted(ids[int(i)] for i in rng.choice(len(ids), size=k,
                                                                   replace=False, p=prefs))}

    def choice_schema(self) -> dict:
        return {"type": "object", "required": ["options"],
                "properties": {"options": {"type": "array", "items": {"type": "integer"}}}}

    def parts(self, option_ids: Sequence[int], choice: Any, **settings) -> Totals:
        named = known_ids(field_of(choice, "options"), dict.fromkeys(option_ids))
        if not named:
            return {"ballots": 1, "blank": 1}
        return {"ballots": 1, **{f"o:{o}": 1 for o in named}}

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               **settings) -> ApprovalResult:
        approvals = {o: count(totals, f"o:{o}") for o in dict.fromkeys(option_ids)}
        ballots = count(totals, "ballots")
        shares = {o: share(n, ballots) for o, n in approvals.items()}
        return ApprovalResult(ballots, count(totals, "blank"), approvals, shares,
                              winners(approvals))

    def bars(self, question, result: dict) -> Bars:
        return Bars("votes", result["approvals"], list(result["winners"]))
