"""Adding an idea without the map: pick your area from a list (a first-class path)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError
from vizlou.extensions import db
from vizlou.models import Moderation
from vizlou.services.ideas import create as idea_create
from vizlou.services.ideas import read as idea_read
from vizlou.services.ideas.moderation import held_for_personal_details
from vizlou.services.people import participants
from vizlou.services.values import AreaRef
from vizlou.web.common.page import city, main_areas, page_settings
from vizlou.web.common.parse import as_id
from vizlou.web.common.participant import language, origin, page_participant
from vizlou.web.i18n import area_noun
from vizlou.web.participate import bp


def _render(values: dict, error: str | None = None, status: int = 200):
    participant = page_participant()
    asked = participant is not None and participant.age_bracket is not None
    return render_template("participate/add.html", areas=main_areas(), values=values,
                           error=error, ask_profile=not asked,
                           settings=page_settings()), status


@bp.get("/add")
def add_page():
    return _render({"area": request.args.get("area", "")})


@bp.post("/add")
def add_form():
    form = request.form
    values = {k: form.get(k, "") for k in ("area", "category", "text", "age", "home")}
    area_id, home_id = as_id(values["area"]), as_id(values["home"])
    if area_id is None:
        return _render(values, _("Choose your %(area)s from the list.", area=area_noun()), 400)
    participant = page_participant(create=True)
    try:
        idea, _created = idea_create.create_idea(
            db.session, city(), participant,
            idea_create.NewIdea(category=values["category"], text=values["text"],
                                 area=AreaRef(city().main_layer, area_id)), origin())
        if values["age"] or home_id:
            participants.set_profile(
                db.session, city(), participant, age_bracket=values["age"] or None,
                home_area=AreaRef(city().main_layer, home_id) if home_id else None)
    except DomainError as error:
        db.session.rollback()
        return _render(values, error.render(_), error.status)
    if idea.moderation != Moderation.VISIBLE:
        flash(_("Thanks! Your idea will appear after a quick check: it seems to hold a phone "
                "number or an email, and we keep those private.")
              if held_for_personal_details(idea)
              else _("Thanks! Your idea will appear after a quick check."))
        return redirect(url_for("participate.list_page"))
    area = idea_read.area_names(db.session, idea, language()).get(city().main_layer, {}).get(
        "name")
    flash(_("Thanks! Your idea is in %(area)s.", area=area))
    return redirect(url_for("participate.idea_page", idea_id=idea.id))
