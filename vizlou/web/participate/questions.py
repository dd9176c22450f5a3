"""Questions (planning scenarios): the list, voting with each method, and results."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError
from vizlou.extensions import db
from vizlou.services.voting import ballots as voting
from vizlou.services.voting import methods
from vizlou.services.voting import questions as question_service
from vizlou.services.voting import results as result_service
from vizlou.web.common import ballot_page, phone_check
from vizlou.web.common.page import page_settings
from vizlou.web.common.participant import language, origin, page_participant, token_key
from vizlou.web.participate import bp


@bp.get("/questions")
def questions_page():
    participant = page_participant()
    items = question_service.list_questions(db.session)
    voted = {q.id for q in items if voting.my_ballot(db.session, q, participant)}
    return render_template("participate/questions.html", questions=items, voted=voted,
                           texts={q.id: voting.localized(q, language()) for q in items},
                           is_open=voting.is_open, settings=page_settings())


def _vote_page(question, error: str | None = None, status: int = 200):
    return ballot_page.render(question, error), status


@bp.get("/questions/<id:question_id>")
def question_page(question_id: int):
    return _vote_page(question_service.get_question(db.session, question_id))


@bp.post("/questions/<id:question_id>")
def vote_form(question_id: int):
    question = question_service.get_question(db.session, question_id)
    participant = page_participant(create=True)
    previous = voting.my_ballot(db.session, question, participant)
    choice = methods.of(question).from_form(question, request.form,
                                             previous.choice if previous else None)
    try:
        voter = voting.Voter(participant, code=request.form.get("code"), key=token_key(),
                             phone_hash=phone_check.checked_phone())
        voting.cast_ballot(db.session, question, voter, choice, origin=origin())
    except DomainError as error:
        db.session.rollback()
        return _vote_page(question, error.render(_), error.status)
    flash(_(methods.of(question).saved_message))
    return redirect(url_for("participate.question_page", question_id=question.id))


@bp.post("/questions/<id:question_id>/phone")
def phone_form(question_id: int):
    """Send a code to the phone number typed (or check the code typed), then back to the
    question. ``again`` starts over with another number."""
    question = question_service.get_question(db.session, question_id)
    try:
        if request.form.get("again"):
            phone_check.forget()
        elif "code" in request.form:
            phone_check.check_code(request.form.get("code"))
            flash(_("Your phone is checked. You can vote now."))
        else:
            phone_check.send_code(request.form.get("phone"))
            flash(_("We texted you a code. Type it below."))
    except DomainError as error:
        db.session.rollback()
        return _vote_page(question, error.render(_), error.status)
    return redirect(url_for("participate.question_page", question_id=question.id))


@bp.get("/questions/<id:question_id>/results")
def results_page(question_id: int):
    question = question_service.get_question(db.session, question_id)
    return render_template("participate/results.html", question=question,
                           results=result_service.question_results(db.session, question),
                           **ballot_page.texts(question), settings=page_settings())
