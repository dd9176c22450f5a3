"""Closing the loop (SPEC P6): status and a public answer in each of the city's languages,
for one idea, the ideas ticked on a page, or every idea a filter matches; each saved answer
can be edited, with its history."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from vizlou.errors import N_, InvalidInput
from vizlou.extensions import db
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.ideas import read, responses
from vizlou.web.common import news
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.page import main_areas
from vizlou.web.common.parse import as_id
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, pages, params

FILTER_ARGS = ("status", "category", "area", "q", "unanswered", "page")


def _languages() -> tuple[str, ...]:
    return current_app.config["CITY"].languages_default_first


def _filter() -> responses.StaffIdeaFilter:
    args = request.args
    return responses.StaffIdeaFilter(
        status=args.get("status") or None, category=args.get("category") or None,
        area_id=as_id(args.get("area")), search=args.get("q") or None,
        unanswered=args.get("unanswered") == "1",
        page=min(as_id(args.get("page")) or 1, 100_000))


def _main_layer() -> int | None:
    return area_catalog.catalog(db.session).layer_ids.get(current_app.config["CITY"].main_layer)


@bp.get("/ideas")
def answer_ideas():
    flt = _filter()
    rows, total = responses.ideas_to_answer(db.session, _main_layer(), flt)
    return pages.render("plan/ideas.html", params.filters(), rows=rows, total=total,
                        query=flt, areas=main_areas(), languages=_languages(),
                        answers_of=responses.answers_of,
                        missing=responses.missing_languages,
                        pages_count=max(1, -(-total // flt.size)))


def _typed_answers(languages) -> dict[str, str]:
    """The answers typed in the bulk form: a language left empty keeps what each idea has;
    "remove" empties every language."""
    typed = {lang: request.form.get(f"response_{lang}", "") for lang in languages}
    typed = {lang: text for lang, text in typed.items() if text.strip()}
    if request.form.get("remove_answers") == "1":
        if typed:
            raise InvalidInput(N_("Either type an answer or remove the answers they have, "
                                  "not both."), field="response")
        return dict.fromkeys(languages, "")
    return typed


@bp.post("/ideas")
def answer():
    with flash_errors():
        if request.form.get("scope") == "filter":
            ids = responses.ids_matching(db.session, _main_layer(), _filter())
        else:
            ids = [i for i in (as_id(v) for v in request.form.getlist("ids")) if i]
        changed = responses.respond(db.session, ids, status=request.form.get("status") or None,
                                    answers=_typed_answers(_languages()),
                                    languages=_languages(), actor=current_actor(),
                                    tell=news.tell_authors)
        flash(_("Saved: %(n)s ideas changed.", n=changed))
    return redirect(url_for("plan.answer_ideas", **{
        k: v for k, v in request.args.items() if k in FILTER_ARGS}))


@bp.route("/ideas/<id:idea_id>", methods=["GET", "POST"])
def answer_one(idea_id: int):
    """One idea's answer in every language, edited in place, with its history."""
    idea = read.get_idea(db.session, idea_id, include_hidden=True)
    languages = _languages()
    if request.method == "POST":
        with flash_errors():
            answers = {lang: request.form.get(f"response_{lang}", "") for lang in languages}
            changed = responses.respond(db.session, [idea.id],
                                        status=request.form.get("status") or None,
                                        answers=answers, languages=languages,
                                        actor=current_actor(), tell=news.tell_authors)
            flash(_("Saved.") if changed else _("Nothing changed."))
        return redirect(url_for("plan.answer_one", idea_id=idea.id))
    return pages.render("plan/idea_answer.html", params.filters(), idea=idea,
                        languages=languages,
                        answers=responses.answers_of(idea, languages),
                        missing=responses.missing_languages(idea, languages),
                        history=responses.history(db.session, idea.id))
