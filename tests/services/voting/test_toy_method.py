"""A sixth voting method, written in this test alone: registered, it works end to end through
the API (a question made with it, ballots checked and stored) and the results (the city's,
and the planners' per area from the kept counts), touching no other file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest

from vizlou.extensions import db
from vizlou.services.counts import rebuild as counts
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting import methods
from vizlou.services.voting.methods.base import Bars, Method, Result, bad, mapping, options_of
from vizlou.services.voting.questions import create_question


@dataclass(frozen=True)
class ScoreResult(Result):
    ballots: int
    scores: dict[int, int]
    winners: list[int]


class Score(Method):
    """Score voting: give each option 0 to 5 stars; the most stars in all wins."""

    key = "score"
    label = "Score"
    instruction = "Give each option 0 to 5 stars."
    explanation = "The option with the most stars in all is ahead."

    def check(self, question, choice):
        stars = mapping(choice).get("stars")
        options = options_of(question)
        if not isinstance(stars, dict) or not stars:
            raise bad("Give some stars.")
        out = {}
        for key, n in stars.items():
            if not (key.isdigit() and int(key) in options) or n not in range(6):
                raise bad("Give each option 0 to 5 stars.")
            out[key] = n
        return {"stars": out}

    def parts(self, option_ids: Sequence[int], choice, **settings):
        parts = {"ballots": 1}
        for key, n in (choice or {}).get("stars", {}).items():
            if int(key) in option_ids:
                parts[f"o:{key}"] = n
        return parts

    def finish(self, option_ids, totals: Mapping[str, float], **settings) -> ScoreResult:
        scores = {o: round(totals.get(f"o:{o}", 0)) for o in option_ids}
        top = max(scores.values(), default=0)
        return ScoreResult(round(totals.get("ballots", 0)), scores,
                           [o for o, n in scores.items() if n == top and top])

    def bars(self, question, result: dict) -> Bars:
        return Bars("votes", result["scores"], list(result["winners"]))

    def choice_schema(self):
        return {"type": "object", "required": ["stars"]}


@pytest.fixture(autouse=True)  # set up before the database, so the recount after sees it
def score():
    methods.register(Score())
    yield
    methods.unregister("score")


def test_a_new_method_works_end_to_end(app, client, db_session, score):
    question = create_question(db_session, title="Rate the parks", method="score",
                               options=[{"title": "Shawnee"}, {"title": "Iroquois"},
                                        {"title": "Cherokee"}])
    db.session.commit()
    a, b, c = (o.id for o in question.options)
    listed = client.get("/api/v1/questions").json["questions"]
    assert [q["method"] for q in listed] == ["score"]
    for n, stars in enumerate(({a: 5, b: 1}, {a: 2, b: 4, c: 5}, {c: 3})):
        response = client.put(f"/api/v1/questions/{question.id}/ballot",
                              headers={"X-Participant": f"score-voter-{n:012d}"},
                              json={"choice": {"stars": {str(k): v for k, v in stars.items()}}})
        assert response.status_code == 201, response.json
    refused = client.put(f"/api/v1/questions/{question.id}/ballot",
                         headers={"X-Participant": "score-voter-999999999999"},
                         json={"choice": {"stars": {str(a): 9}}})
    assert refused.status_code == 400
    assert refused.json["error"]["message"] == "Give each option 0 to 5 stars."
    result = client.get(f"/api/v1/questions/{question.id}/results").json
    assert result["ballots"] == 3
    assert result["result"]["scores"] == {str(a): 7, str(b): 5, str(c): 8}
    assert result["result"]["winners"] == [c]
    summary = summaries.summarize(db_session, app.config["CITY"], Filters())
    info = next(q for q in summary.questions if q.id == question.id)
    assert info.ballots == 3 and info.leading == [c]  # read off the kept counts
    assert counts.check(db_session) == []
    assert client.get(f"/questions/{question.id}/results").status_code == 200
    assert client.get(f"/questions/{question.id}").status_code == 200
    schema = client.get("/api/v1/openapi.json").json
    assert "score" in schema["components"]["schemas"]["Question"]["properties"]["method"]["enum"]
