"""Paper entry (SPEC F5): type in one sheet, or import a CSV file of many.

Without JavaScript the file is uploaded and imported in one request; with it, the page
reads the file and sends its rows in batches to ``paper/rows``, showing a progress bar.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.extensions import db
from vizlou.services.events import manage as session_service
from vizlou.services.paper import csv_files as paper_csv
from vizlou.services.paper import sheets as paper
from vizlou.web.common.page import city, main_areas, map_config
from vizlou.web.common.parse import json_body
from vizlou.web.common.participant import language
from vizlou.web.facilitate import bp, own_session
from vizlou.web.facilitate.paper_batch import BATCH_ROWS, MAX_BATCH_BYTES, read_batch, row_json
from vizlou.web.facilitate.paper_forms import sheet_from_form

MAX_FILE = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 500  # one request without JavaScript; about 50 ms a row


def _key() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def _script_strings() -> dict[str, str]:
    return {"notUtf8": _("The file is not in UTF-8. In your spreadsheet, choose Save as, then "
                         "CSV UTF-8."),
            "notCsv": _("This is not a CSV file. In your spreadsheet, choose Save as, then "
                        "CSV UTF-8."),
            "empty": _("The file is empty."),
            "progress": _("%(done)s of %(total)s rows"),
            "summary": _("Stored: %(stored)s. Already stored before: %(skipped)s. Rows with "
                         "errors: %(errors)s."),
            "stopped": _("The import stopped at row %(row)s: %(message)s Rows before it are "
                         "saved. Fix the problem and import the file again; sheets with a "
                         "sheet_id are never stored twice."),
            "offline": _("the connection was lost."),
            "spot": _("Spot chosen in %(area)s."),
            "outside": _("That spot is outside the city.")}


def _render(item, *, values=None, error=None, report=None, status=200):
    counts = session_service.counts_by_channel(db.session, item)
    settings = {"map": map_config(current_app), "batch": BATCH_ROWS, "csrf": generate_csrf(),
                "language": language(), "t": _script_strings(),
                "rowsUrl": url_for("facilitate.paper_rows", session_id=item.id)}
    return render_template("facilitate/paper.html", item=item, areas=main_areas(),
                           values=MultiDict() if values is None else values, error=error,
                           report=report, sheets=counts.participants.get(paper.CHANNEL, 0),
                           settings=settings), status


@bp.get("/sessions/<id:session_id>/paper")
def paper_page(session_id: int):
    return _render(own_session(session_id))


@bp.post("/sessions/<id:session_id>/paper")
def paper_sheet(session_id: int):
    item = own_session(session_id)
    try:
        sheet = sheet_from_form(request.form, list(item.questions), city().main_layer)
        stored = paper.enter_sheet(db.session, city(), item, sheet, key=_key())
    except DomainError as error:
        db.session.rollback()
        return _render(item, values=request.form, error=error.render(_), status=400)
    flash(_("Sheet saved.") if stored.created else
          _("This sheet was saved before. Nothing was added."))
    return redirect(url_for("facilitate.paper_page", session_id=item.id))


@bp.post("/sessions/<id:session_id>/paper/import")
def paper_upload(session_id: int):
    item = own_session(session_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise InvalidInput(N_("Choose a CSV file first."), field="file")
        data = upload.read(MAX_FILE + 1)
        if len(data) > MAX_FILE:
            raise InvalidInput(N_("The file is too big: at most %(n)s MB here. Use the "
                                  "command line for bigger files."), field="file", n=5)
        header, rows = paper_csv.read_csv(data)
        if len(rows) > MAX_UPLOAD_ROWS:
            raise InvalidInput(N_("The file has too many rows to send at once: at most "
                                  "%(n)s. Turn on JavaScript to send it in parts, or use the "
                                  "command line."), field="file", n=MAX_UPLOAD_ROWS)
        reader = paper_csv.sheet_reader(db.session, city(), item, header)
    except DomainError as error:
        return _render(item, error=error.render(_), status=400)
    summary = paper.ImportSummary()
    for result in paper.import_rows(db.session, city(), item, rows, reader, key=_key()):
        summary.add(result)
    return _render(item, report={"stored": summary.stored, "skipped": summary.skipped,
                                 "errors": [row_json(r, _) for r in summary.errors]})


@bp.post("/sessions/<id:session_id>/paper/rows")
def paper_rows(session_id: int):
    """One batch of rows read by the page's script: ``{"header", "rows": [{"row", "cells"}]}``."""
    item = own_session(session_id)
    if (request.content_length or 0) > MAX_BATCH_BYTES:
        abort(413)  # checked here: the CSRF check has opened the stream with the app's limit
    header, rows = read_batch(json_body())
    reader = paper_csv.sheet_reader(db.session, city(), item, header)
    summary = paper.ImportSummary()
    results = [summary.add(r) for r in paper.import_rows(db.session, city(), item, rows,
                                                         reader, key=_key())]
    return {"results": [row_json(r, _) for r in results], "stored": summary.stored,
            "skipped": summary.skipped, "errors": len(summary.errors)}
