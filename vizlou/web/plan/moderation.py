"""Moderation (SPEC P5): the queue, and hiding or restoring with a reason."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError
from vizlou.extensions import db
from vizlou.models import Comment, Idea
from vizlou.services.ideas import moderation
from vizlou.web.auth import current_actor
from vizlou.web.plan import bp, pages, params

KINDS = {"idea": Idea, "comment": Comment}


@bp.get("/moderation")
def moderation_queue():
    return pages.render("plan/moderation.html", params.filters(),
                        items=moderation.queue(db.session))


@bp.post("/moderation/<kind>/<id:item_id>")
def moderate(kind: str, item_id: int):
    model = KINDS.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        abort(404)
    action = request.form.get("action")
    try:
        if action == "hide":
            moderation.hide(db.session, item, request.form.get("reason"), current_actor())
            flash(_("Hidden. It no longer appears in public."))
        elif action == "restore":
            moderation.restore(db.session, item, request.form.get("reason"), current_actor())
            flash(_("Shown again in public."))
        else:
            abort(400)
    except DomainError as error:
        db.session.rollback()
        flash(error.render(_), "error")
    return redirect(url_for("plan.moderation_queue"))
