"""A resident's write is a small, fixed number of statements (SPEC §4): finding a
participant is one, creating one is one, and an idea, a support or a ballot sends as many
statements for the fiftieth write as for the second, whoever writes and wherever."""

from __future__ import annotations

from factories import DOWNTOWN, KEY, SHAWNEE_PARK, post_idea
from helpers import statements_sent
from vizlou.extensions import db
from vizlou.services.people import participants
from vizlou.services.voting.questions import create_question

# At most this many statements, not counting SQLite's PRAGMA and BEGIN IMMEDIATE (PostGIS
# sends one or two more than SQLite: the row locks that SQLite's write lock makes needless).
# An idea or a support adds to its areas' kept days too (``area_days``): one statement.
MOST = {"idea": 12, "support": 14, "ballot": 13}


def statements():
    return statements_sent(db.engine)


def test_finding_a_participant_and_creating_one_are_one_statement_each(app):
    with statements() as sent:
        assert participants.find(db.session, "new-person-0123456789", key=KEY) is None
    assert len(sent) == 1
    with statements() as sent:
        made = participants.create(db.session, "new-person-0123456789", key=KEY)
    assert len(sent) == 1 and made.id is not None
    with statements() as sent:
        assert participants.find(db.session, "new-person-0123456789", key=KEY).id == made.id
    assert len(sent) == 1


def test_each_write_sends_a_fixed_number_of_statements(app, client):
    question = create_question(db.session, title="Which first?", method="single",
                               options=[{"title": "Parks"}, {"title": "Buses"}])
    db.session.commit()
    question_id, option = question.id, question.options[0].id
    post_idea(client, "warm-up-person-000001", client_id="warm-up-idea-1")
    spots = [DOWNTOWN, SHAWNEE_PARK, SHAWNEE_PARK, DOWNTOWN]

    def idea(i, token):  # people 0 and 1 give two ideas each, in two areas
        x, y = spots[i]
        response = post_idea(client, token, client_id=f"fixed-idea-{i:04d}", lon=x, lat=y)
        assert response.status_code == 201, response.json
        return response.json["id"]

    def support(i, token):
        response = client.put(f"/api/v1/ideas/{ideas[(i + 1) % 4]}/support",
                              headers={"X-Participant": token})
        assert response.status_code in (200, 201), response.json

    def ballot(_i, token):
        response = client.put(f"/api/v1/questions/{question_id}/ballot",
                              json={"choice": {"option": option}},
                              headers={"X-Participant": token})
        assert response.status_code in (200, 201), response.json

    ideas: list[int] = []
    for name, write in (("idea", idea), ("support", support), ("ballot", ballot)):
        counts = {}
        for i in range(4):
            # Two newcomers, then two people who gave ideas before.
            token = f"{name}-person-{i:012d}" if i < 2 else f"idea-person-{i - 2:012d}"
            with statements() as sent:
                made = write(i, token)
            if name == "idea":
                ideas.append(made)
            counts[i] = len(sent)
        assert max(counts.values()) <= MOST[name], (name, counts)
        assert counts[0] == counts[1] and counts[2] == counts[3], (name, counts)
        # A newcomer costs at most three more: their row, and the areas they count in from
        # now on (and the layers' ids, when the write does not know them).
        assert counts[0] - counts[2] <= 3, (name, counts)
    with statements() as sent:  # a voter changes their mind
        ballot(0, "idea-person-000000000000")
    assert len(sent) <= MOST["ballot"]
