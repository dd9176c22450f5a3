"""Closing the loop (SPEC P6): status and a public response, for one idea or many at once."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from vizlou.extensions import db
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.ideas import responses
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.page import main_areas
from vizlou.web.common.parse import as_id
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, pages, params


def _filter() -> responses.StaffIdeaFilter:
    args = request.args
    return responses.StaffIdeaFilter(
        status=args.get("status") or None, category=args.get("category") or None,
        area_id=as_id(args.get("area")), search=args.get("q") or None,
        page=min(as_id(args.get("page")) or 1, 100_000))


@bp.get("/ideas")
def answer_ideas():
    city = current_app.config["CITY"]
    flt = _filter()
    layer = area_catalog.catalog(db.session).layer_ids.get(city.main_layer)
    rows, total = responses.ideas_to_answer(db.session, layer, flt)
    return pages.render("plan/ideas.html", params.filters(), rows=rows, total=total,
                        query=flt, areas=main_areas(),
                        pages_count=max(1, -(-total // flt.size)))


@bp.post("/ideas")
def answer():
    ids = [i for i in (as_id(v) for v in request.form.getlist("ids")) if i]
    status = request.form.get("status") or None
    response = request.form.get("response")
    keep = request.form.get("keep_response") == "1"
    with flash_errors():
        changed = responses.respond(db.session, ids, status=status,
                                    response=None if keep else response,
                                    actor=current_actor())
        flash(_("Saved: %(n)s ideas changed.", n=changed))
    return redirect(url_for("plan.answer_ideas", **{
        k: v for k, v in request.args.items() if k in ("status", "category", "area", "q",
                                                       "page")}))
