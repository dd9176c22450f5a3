"""Moderation (SPEC P5): the queue with each item's history; hiding, restoring, or dismissing
its reports, always with a reason."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vizlou.extensions import db
from vizlou.services.ideas import moderation
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, pages, params


@bp.get("/moderation")
def moderation_queue():
    items = moderation.queue(db.session)
    return pages.render("plan/moderation.html", params.filters(), items=items,
                        history=moderation.history(db.session,
                                                   [(i.kind, i.id) for i in items]))


@bp.post("/moderation/<kind>/<id:item_id>")
def moderate(kind: str, item_id: int):
    item = moderation.item_of(db.session, kind, item_id)
    action = request.form.get("action")
    if action not in ("hide", "restore", "dismiss"):
        abort(400)
    with flash_errors():
        if action == "dismiss":
            n = moderation.dismiss_reports(db.session, item, request.form.get("reason"),
                                           current_actor())
            flash(ngettext("%(num)s report dismissed. It stays public.",
                           "%(num)s reports dismissed. It stays public.", n))
        elif action == "hide":
            moderation.hide(db.session, item, request.form.get("reason"), current_actor())
            flash(_("Hidden. It no longer appears in public."))
        else:
            moderation.restore(db.session, item, request.form.get("reason"), current_actor())
            flash(_("Shown again in public."))
    return redirect(url_for("plan.moderation_queue"))
