"""Exports (SPEC P4) from the planners' pages: every kind in every format, exact or public."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_babel import gettext

from vizlou.extensions import db
from vizlou.services.exports import tables as export_service
from vizlou.services.exports.formats import FORMATS
from vizlou.web.common.downloads import attachment, content_disposition
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, pages, params
from vizlou.web.transactions import writes

KINDS = "any(ideas,ballots,summaries)"
FORMAT_KEYS = f"any({','.join([*FORMATS, 'datapackage'])})"


@bp.get("/exports")
def exports():
    return pages.render("plan/exports.html", params.filters(),
                        formats=[*FORMATS, "datapackage"])


@bp.get(f"/exports/<{KINDS}:kind>.<{FORMAT_KEYS}:fmt>")
@writes
def download(kind: str, fmt: str):
    result = export_service.export(
        db.session, current_app.config["CITY"], kind, fmt, params.filters(),
        actor=current_actor(), key=current_app.config["SECRET_KEY"].encode(),
        public=request.args.get("public") == "1", translate=gettext)
    return attachment(result.data, result.filename, result.mimetype)


@bp.get(f"/exports/<{KINDS}:kind>-readme.txt")
def readme(kind: str):
    """What each column of an export means: the file to keep beside a CSV (the other formats
    carry it inside)."""
    city = current_app.config["CITY"]
    text = export_service.readme_text(db.session, city, kind, params.filters(),
                                      translate=gettext)
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": content_disposition(
            f"{city.short_name.lower()}-{kind}-readme.txt")})
