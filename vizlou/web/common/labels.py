"""Words residents see for the domain's codes, translated."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import (
    format_currency,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)
from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

STATUS = {
    "new": _l("New"),
    "under_review": _l("Being looked at"),
    "in_plan": _l("In the plan"),
    "not_feasible": _l("Can't be done now"),
    "done": _l("Done"),
}
STATUS_HELP = {
    "new": _l("The city's planners read every idea. They will answer here, and its status "
              "will show what they decided."),
    "under_review": _l("Planners are looking at this idea."),
    "in_plan": _l("This idea is now part of the plan."),
    "not_feasible": _l("This idea can't be done now. See why below."),
    "done": _l("This idea has been done."),
}
AGE = {
    "under_16": _l("Under 16"),
    "16_18": _l("16 to 18"),
    "19_24": _l("19 to 24"),
    "25_30": _l("25 to 30"),
    "31_64": _l("31 to 64"),
    "65_plus": _l("65 or older"),
}
REPORT = {
    "offensive": _l("It is rude or hurtful"),
    "personal": _l("It shares private details"),
    "spam": _l("It is spam or an ad"),
    "other": _l("Something else"),
}
ROLE = {"admin": _l("Admin"), "planner": _l("Planner"), "facilitator": _l("Facilitator")}
MODERATION_ACTION = {
    "moderation.hide": _l("Hidden by a moderator"),
    "moderation.restore": _l("Shown in public"),
    "moderation.auto_hide": _l("Hidden after reports"),
    "moderation.dismiss_reports": _l("Reports dismissed, kept public"),
}
QUESTION_STATE = {"draft": _l("Draft (residents do not see it)"),
                  "scheduled": _l("Published, opens later"), "open": _l("Open for voting"),
                  "closed": _l("Closed")}
CHANNEL = {"web": _l("Online"), "kiosk": _l("Tablet at an event"), "sms": _l("Text message"),
           "paper": _l("Paper form")}


def amount(value: float | None, unit: str | None) -> str:
    """A budget amount as people of the page's language write it, in whole units of the
    city's currency ("$250,000", "250.000 US$"), or as dots ("12 dots")."""
    if value is None:
        return ""
    if unit == "dollars":
        return money(value)
    return ngettext("%(num)s dot", "%(num)s dots", int(value))


def money(value: float) -> str:
    locale = get_locale() or Locale("en")
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    whole = pattern.replace(".00", "").replace(",00", "")
    return format_currency(value, current_app.config["CITY"].currency, format=whole,
                           locale=locale, currency_digits=False)


NONE = Markup('<span class="none">–</span>')


def number(value: float | None, digits: int = 0) -> str:
    """A count or rate in a planner's table, written as the page's language writes numbers
    ("1,234.50", "1.234,50", "1 234,50"): ``digits`` decimals when asked, two for a fraction,
    none for a whole number, a dash for none. A function, not a template macro: tables of
    every area call it thousands of times. Plain text (escaped like any), or the dash."""
    if value is None:
        return NONE
    if digits:
        text = f"{value:,.{digits}f}"
    elif isinstance(value, float) and value != round(value):
        text = f"{value:,.2f}"
    else:
        text = f"{value:,.0f}"
    return numbers_in(text)


def percent(share: float) -> str:
    """A share (0.46) as a whole percentage, written as the page's language writes one
    ("46%", "46 %")."""
    before, after = _percent_sign(str(get_locale() or "en"))
    return before + numbers_in(f"{share * 100:,.0f}") + after


def numbers_in(text: str) -> str:
    """``text`` made of numbers Python wrote ("1,234.5 – 2,000") with the separators the
    page's language writes."""
    symbols = _symbols(str(get_locale() or "en"))
    return text.translate(symbols) if symbols else text


@cache
def _percent_sign(locale: str) -> tuple[str, str]:
    """What ``locale`` writes before and after the digits of a percentage."""
    before, _, after = format_percent(0.5, locale=locale).partition("50")
    return before, after


@cache
def _symbols(locale: str) -> dict[int, str] | None:
    """Python's "," and "." as ``locale`` writes them (None where they are the same)."""
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    if (group, decimal) == (",", "."):
        return None
    return {ord(","): group, ord("."): decimal}
