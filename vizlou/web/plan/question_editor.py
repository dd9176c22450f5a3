"""The question editor (planners): create and change a question of any method in every
language of the city, draw or upload its options' scenarios, preview it as residents see it,
publish, close and reopen it. The checks and locks are the services' (``voting.editing``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from vizlou.errors import DomainError, rollback
from vizlou.extensions import db
from vizlou.services.voting import drafts, editing, methods
from vizlou.services.voting import questions as question_service
from vizlou.web.common import ballot_page
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.page import map_config
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, pages, params, question_form
from vizlou.web.security import content_security_policy


def _city():
    return current_app.config["CITY"]


def _zone() -> ZoneInfo:
    return ZoneInfo(_city().timezone)


def _editor(question, values: dict, error: DomainError | None = None, status: int = 200):
    languages = drafts.Languages.of(_city())
    ballots = editing.ballots_of(db.session, question) if question is not None else 0
    return pages.render(
        "plan/question_edit.html", params.filters(), question=question, values=values, error=error,
        message=error.render(_) if error else None, languages=languages.all,
        methods=list(methods.REGISTRY.values()), rows=question_form.rows_of(values),
        ballots=ballots, state=editing.state_of(question) if question is not None else None,
        settings={"map": map_config(current_app),
                  "t": {"drawing": _("Drawing option %(n)s: use the tools on the map."),
                        "draw": _("Draw on the map"), "done": _("Done drawing")}}), status


def _save(question):
    languages, values = drafts.Languages.of(_city()), {}
    try:
        document = question_form.to_document(request.form, request.files, languages.all,
                                             _zone(), values)
        if request.form.get("action") == "add-option":
            values["options"] = str(question_form.rows_of(values) + 1)
            return _editor(question, values)
        if question is not None and editing.ballots_of(db.session, question):
            document = question_form.locked_document(
                document, drafts.write(question, languages.default))
        draft = drafts.read(document, languages, _city().max_bounds)
        saved = (editing.update(db.session, question, draft, current_actor(),
                                default_language=languages.default) if question is not None
                 else editing.create(db.session, draft, current_actor(),
                                     default_language=languages.default))
    except DomainError as error:
        rollback()
        return _editor(question, values, error, error.status)
    flash(_("The question is saved."))
    return redirect(url_for("plan.edit_question", question_id=saved.id))


@bp.route("/questions/new", methods=["GET", "POST"])
def new_question():
    if request.method == "POST":
        return _save(None)
    method = request.args.get("method")
    return _editor(None, {"method": method if method in methods.REGISTRY else "single",
                          "options": "3"})


@bp.route("/questions/<id:question_id>/edit", methods=["GET", "POST"])
def edit_question(question_id: int):
    question = question_service.any_question(db.session, question_id)
    if request.method == "POST":
        return _save(question)
    document = drafts.write(question, _city().default_language)
    return _editor(question, question_form.values_of(document, _zone()))


@bp.post("/questions/<id:question_id>/<any(publish,close,reopen):action>")
def question_state(question_id: int, action: str):
    question = question_service.any_question(db.session, question_id)
    with flash_errors():
        if action == "publish":
            editing.publish(db.session, question, current_actor())
            flash(_("The question is published: residents can see it and vote."))
        elif action == "close":
            editing.close(db.session, question, current_actor())
            flash(_("Voting is closed. The results stay public."))
        else:
            closes = question_form.local_to_utc(request.form.get("closes_at", ""), _zone())
            editing.reopen(db.session, question, current_actor(),
                           closes_at=drafts.read_date(closes, "closes_at"))
            flash(_("Voting is open again."))
    return redirect(url_for("plan.edit_question", question_id=question.id))


@bp.route("/questions/<id:question_id>/preview/<lang>", methods=["GET", "POST"])
def preview_question(question_id: int, lang: str):
    """The ballot page as residents see it, for the editor's phone-sized frames."""
    question = question_service.any_question(db.session, question_id)
    lang = lang if lang in _city().languages else _city().default_language
    with force_locale(lang):
        note = _("This is a preview: nothing is saved.") if request.method == "POST" else None
        response = current_app.make_response(ballot_page.render(question, note, preview=True))
    response.headers["Content-Security-Policy"] = content_security_policy(
        _city().tile_url).replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
