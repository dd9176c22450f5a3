"""Voting codes: each code casts one ballot, which whoever holds it may replace; a code is
checked against the question; a participant cannot vote twice with two codes; codes are
kept only as keyed hashes; the command writes cards (PDF) or a list (CSV)."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from sqlalchemy import select

from factories import KEY, make_participant
from helpers import at_once
from vizlou.errors import Conflict, InvalidInput
from vizlou.models import Ballot, VoteCode
from vizlou.services.counts import rebuild as counts
from vizlou.services.voting import codes
from vizlou.services.voting.ballots import Voter, cast_ballot
from vizlou.services.voting.questions import create_question
from vizlou.services.voting.results import question_results


@pytest.fixture
def question(db_session):
    return create_question(db_session, title="Which park first?", method="single",
                           identity="code", options=[{"title": "Shawnee"}, {"title": "Iroquois"}])


def test_a_code_casts_one_ballot_that_its_holder_may_replace(db_session, question):
    a, b = (o.id for o in question.options)
    made = codes.make(db_session, question, 3, key=KEY)
    assert len(set(made)) == 3 and all(len(c) == 9 and c[4] == "-" for c in made)
    stored = db_session.scalars(select(VoteCode.code_hash)).all()
    assert not set(made) & set(stored) and not {c.replace("-", "") for c in made} & set(stored)

    ana, ben = make_participant(db_session), make_participant(db_session)
    with pytest.raises(InvalidInput, match="Type the voting code"):
        cast_ballot(db_session, question, Voter(ana, code=None, key=KEY), {"option": a})
    with pytest.raises(InvalidInput, match="not right"):
        cast_ballot(db_session, question, Voter(ana, code="WXYZ-WXYZ", key=KEY), {"option": a})
    cast_ballot(db_session, question, Voter(ana, code=made[0].lower(), key=KEY), {"option": a})
    # Ben holds the same card (the household's): he replaces the code's ballot.
    cast_ballot(db_session, question, Voter(ben, code=f" {made[0]} ", key=KEY), {"option": b})
    assert db_session.scalar(select(Ballot.choice)) == {"option": b}
    assert question_results(db_session, question)["ballots"] == 1
    # Ana with a second card cannot vote twice.
    with pytest.raises(Conflict):
        cast_ballot(db_session, question, Voter(ana, code=made[1], key=KEY), {"option": a})
    cast_ballot(db_session, question, Voter(make_participant(db_session), code=made[1], key=KEY),
                {"option": a})
    assert question_results(db_session, question)["result"]["counts"] == {a: 1, b: 1}
    assert counts.check(db_session) == []


def test_one_card_used_on_two_phones_at_once_never_deadlocks(app, client, db_session,
                                                             question):
    """Ana voted with the household's card; she votes again while Ben uses the same card on
    his phone. Ben's request must lock Ana (the ballot is hers) as well as the card: taken
    in the wrong order (Ben, the card, then Ana, while Ana holds herself and waits for the
    card) PostgreSQL ends one of them as a deadlock. Each round both answers are 200 and
    the card holds one ballot."""
    a, b = (o.id for o in question.options)
    card = codes.make(db_session, question, 1, key=KEY)[0]
    db_session.commit()
    url = f"/api/v1/questions/{question.id}/ballot"
    ana = uuid.uuid4().hex

    def vote(token, option):
        return app.test_client().put(url, json={"choice": {"option": option}, "code": card},
                                     headers={"X-Participant": token}).status_code

    assert vote(ana, a) == 201
    for _ in range(8):
        ben = uuid.uuid4().hex
        assert at_once([lambda: vote(ana, a), lambda ben=ben: vote(ben, b)]) == [200, 200]
    db_session.expire_all()
    assert len(db_session.scalars(select(Ballot)).all()) == 1


def test_codes_belong_to_their_question(db_session, question):
    other = create_question(db_session, title="Other", method="single", identity="code",
                            options=[{"title": "x"}, {"title": "y"}])
    made = codes.make(db_session, other, 1, key=KEY)
    with pytest.raises(InvalidInput, match="not right"):
        cast_ballot(db_session, question, Voter(make_participant(db_session), code=made[0],
                                                key=KEY), {"option": question.options[0].id})
    open_question = create_question(db_session, title="Open", method="single",
                                    options=[{"title": "x"}, {"title": "y"}])
    with pytest.raises(InvalidInput, match="does not use voting codes"):
        codes.make(db_session, open_question, 5, key=KEY)


def test_the_command_writes_cards_and_a_list(app, cli, db_session, question, tmp_path):
    db_session.commit()
    result = cli.invoke(args=["questions", "codes", str(question.id), "--count", "12",
                              "--out", str(tmp_path / "cards.pdf")])
    assert result.exit_code != 0 and "public_url" in result.output  # where to vote?
    result = cli.invoke(args=["questions", "codes", str(question.id), "--count", "12",
                              "--url", "https://vizlou.example.org",
                              "--out", str(tmp_path / "cards.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cards.pdf").read_bytes().startswith(b"%PDF")
    result = cli.invoke(args=["questions", "codes", str(question.id), "--count", "4",
                              "--url", "https://vizlou.example.org",
                              "--out", str(tmp_path / "codes.csv")])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "codes.csv").read_text("utf-8-sig"))))
    assert len(rows) == 4 and rows[0]["vote_at"].endswith(f"/questions/{question.id}")
    voter = Voter(make_participant(db_session), code=rows[0]["code"], key=b"test-secret")
    cast_ballot(db_session, question, voter, {"option": question.options[0].id})
    result = cli.invoke(args=["questions", "codes", str(question.id), "--count", "1",
                              "--url", "https://x.org", "--out", str(tmp_path / "x.txt")])
    assert result.exit_code == 1 and "Traceback" not in result.output
