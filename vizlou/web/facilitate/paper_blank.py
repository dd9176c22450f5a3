"""Blank paper forms for a session, in each of the city's languages: a sheet to print, and a
CSV template whose columns are exactly what the paper import reads."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template
from flask_babel import force_locale

from vizlou.services.paper.csv_files import template_header
from vizlou.services.voting import ballots as voting
from vizlou.web.common.downloads import content_disposition
from vizlou.web.common.page import city
from vizlou.web.facilitate import bp, own_session


def _language(lang: str) -> str:
    if lang not in city().languages:
        abort(404)
    return lang


@bp.get("/sessions/<id:session_id>/paper/blank-<lang>.html")
def paper_blank_form(session_id: int, lang: str):
    """One sheet to print: sheet number, the idea, where, topic, age, each question."""
    item = own_session(session_id)
    with force_locale(_language(lang)):
        return render_template(
            "facilitate/paper_blank.html", item=item, lang=lang, city=city(),
            questions=[(q, voting.localized(q, lang),
                        [voting.localized(o, lang)["title"] for o in q.options])
                       for q in item.questions])


@bp.get("/sessions/<id:session_id>/paper/template-<lang>.csv")
def paper_template(session_id: int, lang: str):
    """The CSV to fill in a spreadsheet, one row per sheet (the header only)."""
    item = own_session(session_id)
    lang = _language(lang)
    out = io.StringIO()
    csv.writer(out).writerow(template_header(
        list(item.questions), lambda q: voting.localized(q, lang)["title"]))
    name = f"paper-forms-{item.join_code}-{lang}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": content_disposition(name)})
