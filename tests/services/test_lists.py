"""Lists of public ideas sorted by supports (read from the kept supports per idea), page by
page: the same order as sorting every idea, on pages that straddle the supported ones."""

from __future__ import annotations

from sqlalchemy import select

from factories import make_idea, make_participant
from vizlou.models import Participant, Support
from vizlou.services.ideas import reactions
from vizlou.services.ideas import read as idea_read


def test_pages_sorted_by_supports_are_one_order(app, db_session):
    city = app.config["CITY"]
    ideas = [make_idea(db_session, city, category="living" if i == 5 else "health")
             for i in range(12)]
    supports = {0: 3, 1: 1, 2: 3, 3: 1, 6: 2}
    for index, n in supports.items():
        for _ in range(n):
            reactions.set_support(db_session, ideas[index], make_participant(db_session), True)
    reactions.set_support(db_session, ideas[3], _supporter_of(db_session, ideas[3]), False)
    db_session.commit()
    supports[3] = 0  # taken back: a kept row of 0
    for category in (None, "health"):
        chosen = [i for i in range(12) if category is None or ideas[i].category == category]
        expected = [ideas[i].id for i in sorted(chosen, key=lambda i: (-supports.get(i, 0),
                                                                       -ideas[i].id))]
        for limit in (1, 2, 3):
            for offset in range(len(expected) + 2):
                page, total = idea_read.list_ideas(db_session, city, idea_read.IdeaFilter(
                    category=category, sort="supported", limit=limit, offset=offset))
                assert [idea.id for idea in page] == expected[offset:offset + limit], (
                    category, limit, offset)
                assert total == len(expected)


def _supporter_of(session, idea):
    return session.scalar(select(Participant).join(Support, Support.participant_id ==
                                                   Participant.id)
                          .where(Support.idea_id == idea.id))
