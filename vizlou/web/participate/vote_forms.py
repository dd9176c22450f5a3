"""Reading the vote forms that work without JavaScript into a ballot choice."""

from __future__ import annotations

import random

from werkzeug.datastructures import MultiDict

from vizlou.models import Question


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def choice_from_form(question: Question, form: MultiDict, previous: dict | None) -> dict:
    """The choice as the API takes it; the service checks it (bad values give clear errors)."""
    ids = [o.id for o in question.options]
    method = question.method
    if method == "single":
        return {"option": _int(form.get("option"))}
    if method == "approval":
        return {"options": [_int(v) for v in form.getlist("options")]}
    if method == "ranked":
        ranks = [(_int(form.get(f"rank-{i}")), position, i) for position, i in enumerate(ids)]
        return {"ranking": [i for rank, _, i in sorted(r for r in ranks if r[0] is not None)]}
    if method == "budget":
        amounts = {str(i): _number(form.get(f"amount-{i}")) for i in ids}
        return {"allocation": {k: v for k, v in amounts.items() if v}}
    pairs = list((previous or {}).get("pairs", []))
    pairs.append([_int(form.get("a")), _int(form.get("b")), _int(form.get("winner"))])
    return {"pairs": pairs[-200:]}


def next_pair(question: Question, previous: dict | None) -> tuple[int, int] | None:
    """A pair not yet answered, at random; None when every pair has been answered."""
    ids = [o.id for o in question.options]
    seen = {frozenset(p[:2]) for p in (previous or {}).get("pairs", [])}
    left = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:] if frozenset((a, b)) not in seen]
    if not left:
        return None
    pair = random.choice(left)
    return pair if random.random() < 0.5 else (pair[1], pair[0])
