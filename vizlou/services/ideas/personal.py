"""Personal details in public text: an idea or a comment that seems to hold a phone number or
an email address is held for review instead of published, and the resident is told why.

The patterns lean towards catching: a planner releases a false alarm in one click, while a
phone number once public cannot be taken back. They look for an email address, and for a
run of at least seven digits that may be split by spaces, dots, dashes, slashes or brackets
and may start with + (years, amounts and short numbers such as "Route 66" pass).
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.,])\+?\(?\d(?:[\s./()-]{0,2}\d){6,}(?![\w])")
MONEY_OR_YEAR = re.compile(r"^[\d.,\s]+$")


def _phone_like(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if len(digits) < 7 or len(digits) > 15:
        return False
    # "1,000,000" or "2025 2026 2027" are amounts and years, not phone numbers.
    grouped_as_amount = re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", candidate.strip())
    return not grouped_as_amount


def found(text: str) -> list[str]:
    """What kinds of personal details the text seems to hold: "email", "phone"."""
    kinds = []
    if EMAIL.search(text):
        kinds.append("email")
    if any(_phone_like(m.group(0)) for m in PHONE.finditer(text)):
        kinds.append("phone")
    return kinds
