"""A session's team (co-facilitators) and its voting codes."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from vizlou.errors import N_, Forbidden, InvalidInput
from vizlou.extensions import db
from vizlou.models import Identity
from vizlou.services.events import manage as session_service
from vizlou.services.exports.code_cards import cards_csv, cards_pdf
from vizlou.services.voting import codes as code_service
from vizlou.web.common.downloads import content_disposition
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.staff import current_actor
from vizlou.web.facilitate import bp, own_session
from vizlou.web.transactions import writes


@bp.post("/sessions/<id:session_id>/team")
def team(session_id: int):
    item = own_session(session_id)
    if not session_service.may_manage_team(item, current_user.id, current_user.role):
        raise Forbidden(N_("Only the session's facilitator or an admin changes its team."))
    with flash_errors():
        if request.form.get("remove", "").isdigit():
            session_service.remove_co_facilitator(db.session, item, int(request.form["remove"]),
                                                  current_actor())
            flash(_("Removed from the team."))
        else:
            user = session_service.add_co_facilitator(db.session, item,
                                                      request.form.get("email", ""),
                                                      current_actor())
            flash(_("%(email)s can now run this session.", email=user.email))
    return redirect(url_for("facilitate.session_page", session_id=item.id) + "#team")


@bp.post("/sessions/<id:session_id>/codes")
@writes
def voting_codes(session_id: int):
    """Single-use voting codes for one of the session's questions, as cards (PDF) or a list."""
    item = own_session(session_id)
    question = next((q for q in item.questions
                     if str(q.id) == request.form.get("question", "")
                     and q.identity == Identity.CODE), None)
    if question is None:
        abort(404)
    count = request.form.get("count", "")
    if not count.isdigit():
        raise InvalidInput(N_("Make 1 to %(n)s codes at a time."), field="count",
                           n=code_service.MAX_AT_ONCE)
    made = code_service.make(db.session, question, int(count),
                             key=current_app.config["SECRET_KEY"].encode(), event=item,
                             batch=item.name, actor=current_actor())
    vote_at = url_for("participate.question_page", question_id=question.id, _external=True)
    name = f"codes-{item.join_code}-question-{question.id}"
    if request.form.get("format") == "csv":
        return Response(cards_csv(question.title, vote_at, made), mimetype="text/csv",
                        headers={"Content-Disposition": content_disposition(f"{name}.csv")})
    words = {"title": _("Your voting code"), "where": _("Vote at"),
             "once": _("One vote per code. You can change your vote until the vote closes.")}
    return Response(cards_pdf(question.title, vote_at, made, words), mimetype="application/pdf",
                    headers={"Content-Disposition": content_disposition(f"{name}.pdf")})
