"""Privacy: texts holding a phone number or an email wait for review and say why; a resident
downloads and deletes what they sent from their phone, while their ballots keep counting;
receipts are purged after their keeping time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from factories import by_token, csrf_in, post_idea
from vizlou.extensions import db
from vizlou.models import AuditEntry, Ballot, Comment, Idea, Receipt
from vizlou.models.types import utcnow
from vizlou.services import receipts
from vizlou.services.counts import rebuild as counts
from vizlou.services.voting.questions import create_question
from vizlou.services.voting.results import question_results

ANA_TOKEN = "ana-phone-token-0123456789"
BEN_TOKEN = "ben-phone-token-0123456789"
ANA = {"X-Participant": ANA_TOKEN}
BEN = {"X-Participant": BEN_TOKEN}


@pytest.mark.parametrize("text", ["Call me about this: (502) 555-0142",
                                  "Write to ana.perez@example.com for details",
                                  "Mi número es +1 502 555 0142, llámame"])
def test_personal_details_wait_for_review_and_say_why(client, text):
    response = post_idea(client, ANA_TOKEN, text=text)
    assert response.status_code == 201
    props = response.json["properties"]
    assert props["moderation"] == "flagged" and props["held_for"] == "personal_details"
    assert client.get("/api/v1/ideas").json["numberMatched"] == 0
    assert post_idea(client, ANA_TOKEN, text="Route 66 needs 1,000,000 trees by 2027").json[
        "properties"]["held_for"] is None


def test_a_comment_with_an_email_is_not_announced_as_posted(app, client, db_session):
    idea = post_idea(client, ANA_TOKEN, text="More benches").json["id"]
    page = client.get(f"/ideas/{idea}").get_data(as_text=True)
    token = csrf_in(page)
    response = client.post(f"/ideas/{idea}/comments", data={
        "csrf_token": token, "text": "Email me: me@example.org"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "phone number or an email" in text and "Your comment is posted" not in text


def test_download_and_delete_my_data(app, client, db_session):
    question = create_question(db_session, title="Which?", method="single",
                               options=[{"title": "A"}, {"title": "B"}])
    db_session.commit()
    mine = post_idea(client, ANA_TOKEN, text="A bench by the library").json["id"]
    others = post_idea(client, BEN_TOKEN, text="A crosswalk").json["id"]
    client.put(f"/api/v1/ideas/{mine}/support", headers=BEN)
    client.put(f"/api/v1/ideas/{others}/support", headers=ANA)
    client.post(f"/api/v1/ideas/{others}/comments", headers=ANA, json={"text": "Yes please"})
    client.put(f"/api/v1/questions/{question.id}/ballot", headers=ANA,
               json={"choice": {"option": question.options[0].id}, "client_id": "ana-b-0001"})
    data = client.get("/api/v1/me/data", headers=ANA).json
    assert [i["text"] for i in data["ideas"]] == ["A bench by the library"]
    assert data["ballots"][0]["choice"] == {"option": question.options[0].id}
    assert [c["text"] for c in data["comments"]] == ["Yes please"]

    deleted = client.delete("/api/v1/me", headers=ANA).json["deleted"]
    assert deleted == {"ideas": 1, "comments": 1, "ballots": True}
    db_session.expire_all()
    assert db_session.get(Idea, mine) is None and db_session.get(Idea, others) is not None
    assert db_session.scalar(select(func.count(Comment.id))) == 0
    assert db_session.scalar(select(func.count(Receipt.client_id))) == 0
    assert question_results(db_session, question)["ballots"] == 1  # still counted
    assert by_token(db_session, ANA["X-Participant"]) is None  # no one can find them again
    assert client.get("/api/v1/me/data", headers=ANA).json == {}
    assert counts.check(db_session) == []
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "participant.erase")).one()
    assert "ana" not in str(entry.detail)


def test_deleting_from_the_page(client, db_session):
    post_idea(client, ANA_TOKEN, text="A mural")
    page = client.get("/mine").get_data(as_text=True)
    assert "A mural" in page and "/mine/data.json" in page
    download = client.get("/mine/data.json")
    assert download.json["ideas"][0]["text"] == "A mural"
    token = csrf_in(page)
    kept = client.post("/mine/delete", data={"csrf_token": token}, follow_redirects=True)
    assert "Tick the box" in kept.get_data(as_text=True)
    assert db_session.scalar(select(func.count(Idea.id))) == 1
    client.post("/mine/delete", data={"csrf_token": token, "confirm": "yes"})
    assert db_session.scalar(select(func.count(Idea.id))) == 0


def test_receipts_are_purged_after_their_time(cli, client, db_session):
    question = create_question(db_session, title="Which?", method="single",
                               options=[{"title": "A"}, {"title": "B"}])
    db_session.commit()
    client.put(f"/api/v1/questions/{question.id}/ballot", headers=ANA,
               json={"choice": {"option": question.options[0].id}, "client_id": "old-b-0001"})
    db_session.execute(update(Receipt).values(
        created_at=utcnow() - timedelta(days=receipts.RECEIPT_DAYS + 1)))
    db_session.commit()
    result = cli.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "Deleted 1 write receipts" in result.output
    assert db_session.scalar(select(func.count(Receipt.client_id))) == 0
    assert db_session.scalar(select(func.count(Ballot.id))) == 1
    assert db is not None
