"""Budget (or dots): each voter spreads a fixed budget, in dollars or dots, over the options;
the option given the most in all is ahead.

Amounts must be finite numbers at least zero; others are ignored (that amount only). With a
total, a ballot whose valid amounts add up to more than the total (amounts for unknown ids
included, as cast) is ignored entirely and counted in ``ignored``. Means are over the ballots
counted; shares are over all the money (or dots) counted.
"""

from __future__ import annotations

import math
import re
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
    amount,
    bad,
    checked_option,
    count,
    field_of,
    form_number,
    mapping,
    option_id,
    options_of,
    share,
    winners,
)
from vizlou.services.voting.methods.paper_cells import paper_amount, paper_items, paper_option


@dataclass(frozen=True)
class BudgetResult(Result):
    ballots: int
    ignored: int
    budget_total: float | None
    allocated: float
    sums: dict[int, float]
    means: dict[int, float]
    shares: dict[int, float]
    winners: list[int]


def over_budget(spent: float, total: float) -> bool:
    return spent > total + 1e-9 * max(1.0, abs(total))  # leave room for float rounding


def allocation_of(choice: Any) -> dict[int | None, float]:
    """Valid amounts by option id (None for keys that are not ids), summed per id."""
    raw = field_of(choice, "allocation")
    amounts: dict[int | None, float] = {}
    if not isinstance(raw, Mapping):
        return amounts
    for key, value in raw.items():
        valid = amount(value)
        if valid is not None:
            option = option_id(key)
            amounts[option] = amounts.get(option, 0.0) + valid
    return amounts


def step_of(question) -> float:
    """The step of the ballot's buttons: the question's (which ballots must then keep to),
    else 1 dot or 10,000 dollars (a suggestion only)."""
    if question.budget_step:
        return question.budget_step
    return 10_000 if question.budget_unit == "dollars" else 1


def _in_steps(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-9


class Budget(Method):
    key = "budget"
    script = "js/voting/budget.js"
    label = N_("Budget")
    instruction = N_("Split the budget between the options.")
    explanation = N_("Each person splits the same budget between the options. The option "
                     "given the most in all is ahead.")
    paper_help = N_("option=amount for each option, with ; between them")
    paper_example = "1=300000;2=700000"

    settings_fields = (
        Setting("budget_total", N_("The budget each person splits"), "number", minimum=None),
        Setting("budget_unit", N_("What the budget counts"), "choice", minimum=None,
                choices=(("dots", N_("dots (points)")), ("dollars", N_("dollars"))),
                default="dots"),
        Setting("budget_step", N_("Given in steps of"), "number", minimum=None, required=False,
                help=N_("Empty: 1 dot, or 10,000 dollars.")),
    )

    def check_question(self, *, options: int, values) -> dict:
        out = super().check_question(options=options, values=values)
        if not out["budget_total"] > 0:
            raise InvalidInput(N_("Budget voting needs a budget above zero."),
                               field="budget_total")
        step = out["budget_step"]
        if step is not None and not 0 < step <= out["budget_total"]:
            raise InvalidInput(N_("The step must be above zero and at most the budget."),
                               field="budget_step")
        if out["budget_unit"] == "dots" and (out["budget_total"] % 1 or (step or 1) % 1):
            raise InvalidInput(N_("Dots come in whole numbers."), field="budget_total")
        return out

    def settings(self, question) -> dict:
        return {"total": question.budget_total}

    def check(self, question, choice: object) -> dict:
        allocation = mapping(choice).get("allocation")
        if not isinstance(allocation, dict):
            raise bad(N_("Choose from the options shown."))
        options = options_of(question)
        out: dict[str, float] = {}
        for key, value in allocation.items():
            try:
                option = int(key)
            except (TypeError, ValueError) as exc:
                raise bad(N_("Choose from the options shown.")) from exc
            checked_option(option, options)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0:
                raise bad(N_("Amounts must be zero or more."))
            if question.budget_unit == "dots" and value != int(value):
                raise bad(N_("Dots come in whole numbers."))
            if question.budget_step and not _in_steps(value, question.budget_step):
                raise bad(N_("Give amounts in steps of %(step)s."),
                          step=f"{question.budget_step:g}")
            if value:
                out[str(option)] = int(value) if float(value).is_integer() else float(value)
        if not out:
            raise bad(N_("Put something on at least one option."))
        if sum(out.values()) > (question.budget_total or 0) + 1e-9:
            raise bad(N_("That is more than you have: %(total)s."),
                      total=f"{question.budget_total:g}")
        return {"allocation": out}

    def from_form(self, question, form, previous: dict | None) -> dict:
        amounts = {str(o.id): form_number(form.get(f"amount-{o.id}")) for o in question.options}
        return {"allocation": {k: v for k, v in amounts.items() if v}}

    def from_paper(self, question, text: str, column: str) -> dict:
        allocation: dict[str, int | float] = {}
        for item in paper_items(text, re.compile(";"), column):
            name, equals, value = item.partition("=")
            if not equals:
                raise InvalidInput(N_("Write each option with its amount, like 1=300000;"
                                      "2=700000."), field=column)
            key = str(paper_option(question, name, column))
            if key in allocation:
                raise InvalidInput(N_("Each option can be chosen only once."), field=column)
            allocation[key] = paper_amount(value, column)
        return {"allocation": allocation}

    def readable(self, choice: dict, title) -> str:
        return "; ".join(f"{title(i)}: {v:g}" for i, v in choice.get("allocation", {}).items())

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        total = question.budget_total or 0
        step = step_of(question)
        split = rng.multinomial(int(total // step), rng.dirichlet(prefs * 5 + 0.1))
        return {"allocation": {str(ids[i]): int(split[i]) * step for i in range(len(ids))
                               if split[i]}}

    def choice_schema(self) -> dict:
        return {"type": "object", "required": ["allocation"],
                "properties": {"allocation": {"type": "object",
                                              "additionalProperties": {"type": "number"}}}}

    def parts(self, option_ids: Sequence[int], choice: Any, total: float | None = None,
              **settings) -> Totals:
        amounts = allocation_of(choice)
        if total is not None and over_budget(math.fsum(amounts.values()), total):
            return {"ignored": 1}
        parts: Totals = {"ballots": 1}
        for option, value in amounts.items():
            if option in option_ids:
                parts[f"s:{option}"] = value
        return parts

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               total: float | None = None, **settings) -> BudgetResult:
        sums = {o: float(totals.get(f"s:{o}", 0.0)) for o in dict.fromkeys(option_ids)}
        ballots = count(totals, "ballots")
        allocated = math.fsum(sums.values())
        means = {o: share(s, ballots) for o, s in sums.items()}
        shares = {o: share(s, allocated) for o, s in sums.items()}
        return BudgetResult(ballots, count(totals, "ignored"), total, allocated, sums, means,
                            shares, winners(sums))

    def bars(self, question, result: dict) -> Bars:
        return Bars(question.budget_unit or "dots", result["sums"], list(result["winners"]))
