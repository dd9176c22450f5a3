"""Reading the paper-entry form (one sheet) into a ``paper.Sheet``.

The answers use the residents' vote forms (``participate/vote_forms.py``), each question's
fields prefixed with ``q<id>-``. Pairwise sheets list every pair at once: ``q<id>-pair-<a>-<b>``
holds the winner of that pair, or nothing when the pair was skipped.
"""

from __future__ import annotations

import math

from werkzeug.datastructures import MultiDict

from vizlou.errors import N_
from vizlou.models import Question
from vizlou.services.paper import Sheet, SheetError
from vizlou.services.values import AreaRef
from vizlou.web.participate.context import as_id
from vizlou.web.participate.vote_forms import choice_from_form


def pairs(question: Question) -> list[tuple[int, int]]:
    ids = [o.id for o in question.options]
    return [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]]


def _prefixed(form: MultiDict, prefix: str) -> MultiDict:
    return MultiDict([(k[len(prefix):], v) for k, v in form.items(multi=True)
                      if k.startswith(prefix)])


def answer_from_form(question: Question, form: MultiDict) -> dict | None:
    """The question's choice on this sheet, or None when the sheet leaves it blank."""
    prefix = f"q{question.id}-"
    if question.method == "pairwise":
        chosen = [[a, b, as_id(form.get(f"{prefix}pair-{a}-{b}"))] for a, b in pairs(question)]
        picked = [p for p in chosen if form.get(f"{prefix}pair-{p[0]}-{p[1]}")]
        return {"pairs": picked} if picked else None
    choice = choice_from_form(question, _prefixed(form, prefix), None)
    return choice if any(v not in (None, [], {}) for v in choice.values()) else None


def _point(form: MultiDict) -> tuple[float, float] | None:
    lon, lat = form.get("lon", "").strip(), form.get("lat", "").strip()
    if not lon and not lat:
        return None
    try:
        point = (float(lon), float(lat))
    except ValueError:
        point = (math.nan, math.nan)
    if not all(math.isfinite(v) for v in point):
        raise SheetError(N_("The spot on the map is not valid. Click the map again."),
                         field="lon")
    return point


def sheet_from_form(form: MultiDict, questions: list[Question], main_layer: str) -> Sheet:
    area, home = as_id(form.get("area")), as_id(form.get("home"))
    point = _point(form)
    answers = {}
    for question in questions:
        choice = answer_from_form(question, form)
        if choice is not None:
            answers[question.id] = choice
    return Sheet(category=form.get("category", ""), text=form.get("text", ""),
                 area=AreaRef(main_layer, area) if area and not point else None, point=point,
                 age_bracket=form.get("age") or None,
                 home_area=AreaRef(main_layer, home) if home else None,
                 language=form.get("language") or None, answers=answers,
                 sheet_id=form.get("sheet_id") or None, place_field="lon" if point else "area")
