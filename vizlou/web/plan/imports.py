"""Bringing in existing records from the planners' pages (the same import as
``flask ideas import``): a file, which fields hold what, and a row-by-row report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, request
from flask_babel import gettext as _

from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.extensions import db
from vizlou.models import CHANNELS
from vizlou.services.ideas import imports
from vizlou.web.plan import bp, pages, params
from vizlou.web.transactions import rollback

SUFFIXES = (".csv", ".geojson", ".json", ".gpkg")
MAX_FILE = 32 * 1024 * 1024


def _mapping(text: str) -> dict[str, str]:
    """Lines of ``their topic = our key``."""
    out = {}
    for line in (text or "").splitlines():
        given, sep, key = line.partition("=")
        if sep and given.strip() and key.strip():
            out[given.strip()] = key.strip()
    return out


def _fields(form) -> imports.Fields:
    def given(name):
        return (form.get(name) or "").strip() or None

    channel = form.get("channel") if form.get("channel") in CHANNELS else "web"
    return imports.Fields(text=given("text_field") or "", category=given("category_field") or "",
                          date=given("date_field"), id=given("id_field"),
                          channel=given("channel_field"), lon=given("lon_field") or "lon",
                          lat=given("lat_field") or "lat",
                          categories=_mapping(form.get("categories", "")),
                          default_channel=channel)


@bp.route("/imports", methods=["GET", "POST"])
def import_ideas():
    report, error, status = None, None, 200
    if request.method == "POST":
        request.max_content_length = MAX_FILE
        upload = request.files.get("file")
        suffix = Path(upload.filename or "").suffix.lower() if upload else ""
        try:
            if upload is None or not upload.filename:
                raise InvalidInput(N_("Choose a file first."), field="file")
            if suffix not in SUFFIXES:
                raise InvalidInput(N_("Send a CSV, GeoJSON or GeoPackage file."),
                                           field="file")
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"records{suffix}"
                upload.save(path)
                rows = list(imports.import_records(
                    db.session, current_app.config["CITY"], imports.read_records(path),
                    _fields(request.form), source=Path(upload.filename).name))
            report = {"stored": sum(r.status == "stored" for r in rows),
                      "skipped": sum(r.status == "skipped" for r in rows),
                      "errors": [r for r in rows if r.status == "error"]}
        except DomainError as problem:
            rollback()
            error, status = problem.render(_), problem.status
    return pages.render("plan/imports.html", params.filters(), report=report, error=error,
                        form=request.form, channels=CHANNELS), status
