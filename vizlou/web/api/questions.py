"""Questions (planning scenarios): read, vote (one replaceable ballot), results."""

from __future__ import annotations

from vizlou.extensions import db
from vizlou.services.voting import ballots as voting
from vizlou.services.voting import questions as question_service
from vizlou.services.voting import results as result_service
from vizlou.web.api import bp
from vizlou.web.api.serialize import question_json
from vizlou.web.common import phone_check
from vizlou.web.common.parse import json_body
from vizlou.web.common.participant import api_participant, language, origin, token_key


def _json(question) -> dict:
    ballot = voting.my_ballot(db.session, question, api_participant())
    return question_json(question, language(), ballot.choice if ballot else None)


@bp.get("/questions")
def questions():
    return {"questions": [_json(q) for q in question_service.list_questions(db.session)]}


@bp.get("/questions/<id:question_id>")
def question(question_id: int):
    return _json(question_service.get_question(db.session, question_id))


@bp.put("/questions/<id:question_id>/ballot")
def ballot(question_id: int):
    body = json_body()
    item = question_service.get_question(db.session, question_id)
    voter = voting.Voter(api_participant(create=True), code=body.get("code"), key=token_key(),
                         phone_hash=phone_check.checked_phone())
    ballot, created = voting.cast_ballot(db.session, item, voter, body.get("choice"),
                                         client_id=body.get("client_id"), origin=origin())
    return {"question": item.id, "choice": ballot.choice}, 201 if created else 200


@bp.get("/questions/<id:question_id>/results")
def results(question_id: int):
    item = question_service.get_question(db.session, question_id)
    return result_service.question_results(db.session, item)
