"""Reading the paper-entry form (one sheet) into a ``paper.Sheet``.

Each question's fields are prefixed with ``q<id>-``; its voting method reads them
(``Method.from_paper_form``: the residents' form fields, except where the method lays out a
sheet differently, as pairwise does with every pair at once).
"""

from __future__ import annotations

import math

from werkzeug.datastructures import MultiDict

from vizlou.errors import N_
from vizlou.models import Question
from vizlou.services.paper.sheets import Sheet, SheetError
from vizlou.services.values import AreaRef
from vizlou.services.voting import methods
from vizlou.web.common.parse import as_id


def _prefixed(form: MultiDict, prefix: str) -> MultiDict:
    return MultiDict([(k[len(prefix):], v) for k, v in form.items(multi=True)
                      if k.startswith(prefix)])


def answer_from_form(question: Question, form: MultiDict) -> dict | None:
    """The question's choice on this sheet, or None when the sheet leaves it blank."""
    prefixed = _prefixed(form, f"q{question.id}-")
    return methods.of(question).from_paper_form(question, prefixed)


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
