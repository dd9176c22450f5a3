"""A paper answer written as short text, read into a ballot choice (checked later by voting).

An option is its number in the question's list (1 for the first, as printed on the sheet)
or its title, in English or Spanish (any case):

- single: ``2`` or ``Parks``
- approval: ``1;3`` (``,`` also separates)
- ranked: ``2>1>3``, most preferred first
- budget: ``1=300000;2=700000`` (``$`` and thousands commas are allowed in amounts)
- pairwise: ``1>2;3>1``, the winner of each pair first
"""

from __future__ import annotations

import math
import re

from vizlou.errors import N_
from vizlou.models import Question
from vizlou.services.paper import SheetError

LIST = re.compile(r"[;,]")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def option_id(question: Question, token: str, column: str) -> int:
    token = token.strip()
    options = question.options
    if token.isdigit():
        if 1 <= int(token) <= len(options):
            return options[int(token) - 1].id
        raise SheetError(N_("There is no option %(value)s: the options are numbered 1 to "
                            "%(count)s."), field=column, value=token, count=len(options))
    for option in options:
        titles = [option.title] + [t.get("title", "") for t in (option.translations or {})
                                   .values() if isinstance(t, dict)]
        if _fold(token) in {_fold(t) for t in titles if t}:
            return option.id
    raise SheetError(N_("“%(value)s” is not an option. Write its number (1 to %(count)s) or "
                        "its title."), field=column, value=token[:80], count=len(options))


def _items(text: str, pattern, column: str) -> list[str]:
    items = [item.strip() for item in pattern.split(text)]
    if any(not item for item in items):
        raise SheetError(N_("An item of this answer is empty: %(value)s"), field=column,
                         value=text[:80])
    return items


def _amount(text: str, column: str) -> int | float:
    cleaned = text.replace("$", "").replace(",", "").replace("_", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise SheetError(N_("Write each amount as a number, like 1=300000."), field=column)
    return int(value) if value.is_integer() else value


def parse_answer(question: Question, text: str, column: str) -> dict:
    """The choice in the shape ``voting.check_choice`` takes."""
    method = question.method
    if method == "single":
        if LIST.search(text) or ">" in text:
            raise SheetError(N_("Give one option only."), field=column)
        return {"option": option_id(question, text, column)}
    if method == "approval":
        return {"options": [option_id(question, t, column) for t in _items(text, LIST, column)]}
    if method == "ranked":
        separator = re.compile(">") if ">" in text else LIST
        return {"ranking": [option_id(question, t, column)
                            for t in _items(text, separator, column)]}
    if method == "budget":
        allocation: dict[str, int | float] = {}
        for item in _items(text, re.compile(";"), column):
            name, equals, amount = item.partition("=")
            if not equals:
                raise SheetError(N_("Write each option with its amount, like 1=300000;"
                                    "2=700000."), field=column)
            key = str(option_id(question, name, column))
            if key in allocation:
                raise SheetError(N_("Each option can be chosen only once."), field=column)
            allocation[key] = _amount(amount, column)
        return {"allocation": allocation}
    pairs = []
    for item in _items(text, LIST, column):
        parts = [p.strip() for p in item.split(">")]
        if len(parts) != 2 or not all(parts):
            raise SheetError(N_("Write each pair with the winner first, like 1>2;3>1."),
                             field=column)
        winner, loser = (option_id(question, p, column) for p in parts)
        pairs.append([winner, loser, winner])
    return {"pairs": pairs}
