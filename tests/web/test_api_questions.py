"""Questions and ballots through the API: every method, one replaceable ballot per
participant, closed questions, results; on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from vizlou.models import Ballot
from vizlou.services.voting.questions import create_question

ANA = {"X-Participant": "ana-token-0123456789ab"}
BEN = {"X-Participant": "ben-token-0123456789ab"}


@pytest.fixture
def questions(db_session):
    made = {}
    specs = [("single", {}), ("approval", {"max_choices": 2}), ("ranked", {}),
             ("budget", {"budget_total": 10, "budget_unit": "dots"}), ("pairwise", {})]
    for method, extra in specs:
        made[method] = create_question(
            db_session, title=f"A {method} question", method=method,
            options=[{"title": "Red", "translations": {"es": {"title": "Rojo"}}},
                     {"title": "Green", "overlay": {"type": "LineString",
                                                    "coordinates": [[-85.8, 38.2],
                                                                    [-85.7, 38.3]]}},
                     {"title": "Blue"}],
            translations={"es": {"title": f"Una pregunta {method}"}}, **extra)
    db_session.commit()
    return {m: (q.id, [o.id for o in q.options]) for m, q in made.items()}


def put(client, qid, choice, headers=ANA):
    return client.put(f"/api/v1/questions/{qid}/ballot", json={"choice": choice},
                      headers=headers)


def test_questions_are_listed_in_the_request_language(client, questions):
    listed = client.get("/api/v1/questions?lang=es", headers=ANA).json["questions"]
    assert [q["method"] for q in listed] == ["single", "approval", "ranked", "budget",
                                            "pairwise"]
    assert listed[0]["title"] == "Una pregunta single"
    assert listed[0]["options"][0]["title"] == "Rojo"
    assert listed[0]["options"][1]["title"] == "Green"  # no translation: English
    assert listed[0]["options"][1]["overlay"]["type"] == "LineString"
    assert listed[0]["my_ballot"] is None and listed[0]["open"]


def test_every_method_takes_a_ballot_and_counts_it(client, db_session, questions):
    cases = {
        "single": lambda o: {"option": o[1]},
        "approval": lambda o: {"options": [o[0], o[2]]},
        "ranked": lambda o: {"ranking": [o[2], o[0]]},
        "budget": lambda o: {"allocation": {str(o[0]): 7, str(o[1]): 3}},
        "pairwise": lambda o: {"pairs": [[o[0], o[1], o[1]], [o[1], o[2], o[1]]]},
    }
    for method, make in cases.items():
        qid, options = questions[method]
        response = put(client, qid, make(options))
        assert response.status_code == 201, (method, response.json)
        mine = client.get(f"/api/v1/questions/{qid}", headers=ANA).json["my_ballot"]
        assert mine == response.json["choice"]
    qid, o = questions["single"]
    result = client.get(f"/api/v1/questions/{qid}/results").json
    assert result["ballots"] == 1 and result["result"]["counts"][str(o[1])] == 1
    qid, o = questions["ranked"]
    ranked = client.get(f"/api/v1/questions/{qid}/results").json["result"]
    assert ranked["instant_runoff"]["winner"] == o[2]
    assert ranked["borda"]["points"][str(o[2])] == 2
    qid, o = questions["pairwise"]
    pairwise = client.get(f"/api/v1/questions/{qid}/results").json["result"]
    assert pairwise["wins"][str(o[1])][str(o[0])] == 1


def test_a_new_ballot_replaces_the_old_one(client, db_session, questions):
    qid, o = questions["single"]
    assert put(client, qid, {"option": o[0]}).status_code == 201
    replaced = put(client, qid, {"option": o[2]})
    assert replaced.status_code == 200 and replaced.json["choice"] == {"option": o[2]}
    assert put(client, qid, {"option": o[0]}, BEN).status_code == 201
    assert db_session.scalar(select(func.count(Ballot.id))) == 2
    counts = client.get(f"/api/v1/questions/{qid}/results").json["result"]["counts"]
    assert counts == {str(o[0]): 1, str(o[1]): 0, str(o[2]): 1}


@pytest.mark.parametrize("method,choice", [
    ("single", {"option": 99999}), ("single", {"option": "1"}), ("single", []),
    ("approval", {"options": "all"}), ("approval", {"options": []}),
    ("approval", {"options": "three"}), ("ranked", {"ranking": []}),
    ("budget", {"allocation": {"1": -1}}), ("budget", {"allocation": {"x": 1}}),
    ("pairwise", {"pairs": [[1, 1, 1]]}), ("pairwise", {"pairs": "yes"}),
])
def test_bad_ballots_are_refused(client, db_session, questions, method, choice):
    response = put(client, questions[method][0], choice)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "choice"
    assert db_session.scalar(select(func.count(Ballot.id))) == 0


def test_method_limits(client, db_session, questions):
    qid, o = questions["approval"]
    too_many = put(client, qid, {"options": o})
    assert too_many.status_code == 400 and "up to 2" in too_many.json["error"]["message"]
    qid, o = questions["ranked"]
    assert put(client, qid, {"ranking": [o[0], o[0]]}).status_code == 400
    qid, o = questions["budget"]
    over = put(client, qid, {"allocation": {str(o[0]): 8, str(o[1]): 3}})
    assert over.status_code == 400 and "more than you have" in over.json["error"]["message"]
    assert put(client, qid, {"allocation": {str(o[0]): 2.5}}).status_code == 400  # dots
    qid, o = questions["pairwise"]
    assert put(client, qid, {"pairs": [[o[0], o[1], o[2]]]}).status_code == 400


def test_a_closed_question_refuses_ballots_and_keeps_the_old(client, db_session, questions):
    from vizlou.models import Question

    qid, o = questions["single"]
    put(client, qid, {"option": o[0]})
    db_session.get(Question, qid).closes_at = datetime.utcnow() - timedelta(minutes=1)
    db_session.commit()
    late = put(client, qid, {"option": o[1]})
    assert late.status_code == 409 and late.json["error"]["code"] == "closed"
    assert client.get(f"/api/v1/questions/{qid}", headers=ANA).json["my_ballot"] == {
        "option": o[0]}


def test_unknown_question(client):
    assert client.get("/api/v1/questions/424242").status_code == 404
    assert put(client, 424242, {"option": 1}).status_code == 404
