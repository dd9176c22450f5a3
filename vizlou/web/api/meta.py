"""Categories, the participant's own profile, and the OpenAPI document."""

from __future__ import annotations

from flask import current_app

from vizlou.errors import N_, InvalidInput
from vizlou.extensions import db
from vizlou.services.inputs import check_point
from vizlou.services.people import own_data, participants
from vizlou.web.api import bp
from vizlou.web.api.openapi import document
from vizlou.web.common.parse import area_ref, json_body, optional_str
from vizlou.web.common.participant import api_participant, language


@bp.get("/categories")
def categories():
    city = current_app.config["CITY"]
    return {"categories": [{"key": c.key, "label": c.label(language()), "color": c.color}
                           for c in city.categories]}


@bp.get("/me")
def me():
    participant = api_participant()
    if participant is None:
        return {"age_bracket": None, "home_areas": {}}
    return participants.profile(db.session, participant)


@bp.put("/me")
def set_me():
    body = json_body()
    home_point = body.get("home_point")
    if home_point is not None and (not isinstance(home_point, list) or len(home_point) != 2):
        raise InvalidInput(N_("Give the home place as longitude and latitude."),
                           field="home_point")
    if home_point is not None:
        home_point = check_point(*home_point)
    return participants.set_profile(
        db.session, current_app.config["CITY"], api_participant(create=True),
        age_bracket=optional_str(body, "age_bracket", 20), home_area=area_ref(
            body.get("home_area"), "home_area"), home_point=home_point)


@bp.get("/me/data")
def my_data():
    """Everything this participant sent."""
    participant = api_participant()
    return own_data.download(db.session, participant) if participant is not None else {}


@bp.delete("/me")
def delete_me():
    """Delete what this participant sent that says something about them (ballots and
    supports stay, counted, belonging to no one); see ``services.people.own_data``."""
    participant = api_participant()
    if participant is None:
        return {"deleted": {"ideas": 0, "comments": 0, "ballots": False}}
    return {"deleted": own_data.erase(db.session, participant)}


@bp.get("/openapi.json")
def openapi():
    return document()
