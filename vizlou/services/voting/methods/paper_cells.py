"""Reading a voting method's column of a paper form: an option by its number or title, the
items of a list, an amount of money. Each error names the column."""

from __future__ import annotations

import math
import re

from vizlou.errors import N_, InvalidInput
from vizlou.services.inputs import fold

LIST = re.compile(r"[;,]")  # between the items of a paper answer


def paper_option(question, token: str, column: str) -> int:
    """An option written on paper: its number in the list (1 for the first) or its title in
    any of the question's languages, any case."""
    token = token.strip()
    options = question.options
    if token.isdigit():
        if 1 <= int(token) <= len(options):
            return options[int(token) - 1].id
        raise InvalidInput(N_("There is no option %(value)s: the options are numbered 1 to "
                              "%(count)s."), field=column, value=token, count=len(options))
    for option in options:
        titles = [option.title] + [t.get("title", "") for t in (option.translations or {})
                                   .values() if isinstance(t, dict)]
        if fold(token) in {fold(t) for t in titles if t}:
            return option.id
    raise InvalidInput(N_("“%(value)s” is not an option. Write its number (1 to %(count)s) "
                          "or its title."), field=column, value=token[:80], count=len(options))


def paper_items(text: str, pattern: re.Pattern, column: str) -> list[str]:
    items = [item.strip() for item in pattern.split(text)]
    if any(not item for item in items):
        raise InvalidInput(N_("An item of this answer is empty: %(value)s"), field=column,
                           value=text[:80])
    return items


def paper_amount(text: str, column: str) -> int | float:
    cleaned = text.replace("$", "").replace(",", "").replace("_", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput(N_("Write each amount as a number, like 1=300000."), field=column)
    return int(value) if value.is_integer() else value
