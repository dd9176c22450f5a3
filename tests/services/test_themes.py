"""The "what we heard" themes: ideas that share words are grouped per language, counted,
and quoted word for word; hidden or held ideas are never quoted; the report shows them."""

from __future__ import annotations

from factories import (
    BUS,
    PARQUE,
    SIDEWALK,
    STREETS,
    TREES,
    login_as,
    make_idea,
    make_participant,
)
from vizlou.models import Idea
from vizlou.services.audit import Actor
from vizlou.services.filters import Filters
from vizlou.services.ideas import moderation, reactions
from vizlou.services.summaries import themes
from vizlou.services.summaries.by_area import summarize


def test_themes_group_count_and_quote_per_language(app, client, db_session):
    city = app.config["CITY"]
    made = {}
    for name, texts in (("bus", BUS), ("trees", TREES), ("sidewalk", SIDEWALK)):
        made[name] = [make_idea(db_session, city, text=t.format(s)) for t in texts
                      for s in STREETS]
    for idea in [make_idea(db_session, city, text=t.format(s)) for t in PARQUE
                 for s in STREETS]:
        idea.language = "es"
    hidden = made["bus"][0]
    moderation.hide(db_session, hidden, "Posted twice", Actor("planner@example.org"))
    db_session.commit()
    found = themes.themes(db_session, city, Filters())
    english = [t for t in found if t.language == "en"]
    keys = {"bus": ("bus", "shelter", "rain"), "trees": ("shade", "trees", "school"),
            "sidewalk": ("sidewalk", "broken", "wheelchairs")}
    group_of = {i.id: name for name, ideas in made.items() for i in ideas}
    texts = {i.id: i.text for i in db_session.query(Idea)}
    covered = set()
    for theme in english:  # each theme is one kind of idea, named by its words, quoted
        groups = {group_of[q.idea_id] for q in theme.quotes}
        assert len(groups) == 1, theme
        (group,) = groups
        assert any(k in " ".join(theme.words) for k in keys[group]), theme
        covered.add(group)
        assert 1 <= len(theme.quotes) <= themes.QUOTES
        for quote in theme.quotes:  # word for word, and never the hidden one
            assert quote.text == texts[quote.idea_id] and quote.idea_id != hidden.id
    assert covered == set(keys)
    assert sum(t.ideas for t in english) >= 50  # of the 53 public English ideas
    sidewalk = next(t for t in english if "sidewalk" in " ".join(t.words))
    spanish = [t for t in found if t.language == "es"]
    assert spanish and all("parque" in " ".join(t.words) or "luces" in " ".join(t.words)
                           or "noche" in " ".join(t.words) for t in spanish)
    assert not {"el", "de", "en", "the", "on", "a"} & {w for t in found for w in t.words}
    assert themes.themes(db_session, city, Filters()) == found  # the same every time
    login_as(client, "planner")
    page = client.get("/plan/report").get_data(as_text=True)
    assert "What residents said, in themes" in page
    assert "Themes in the areas with the most ideas" in page
    assert "The ideas, word for word" in page and texts[made["trees"][0].id] in page
    assert sidewalk.quotes[0].text in page


def test_too_few_ideas_make_no_themes(app, db_session):
    city = app.config["CITY"]
    for n in range(5):
        make_idea(db_session, city, text=f"Idea number {n} about a bench")
    db_session.commit()
    assert themes.themes(db_session, city, Filters()) == []


def test_themes_per_area_read_comments_and_the_ideas_are_listed(app, db_session):
    city = app.config["CITY"]
    portland = (-85.782, 38.273)
    for text in BUS:
        for street in STREETS:
            make_idea(db_session, city, text=text.format(street))  # downtown
    quiet = [make_idea(db_session, city, lon=portland[0], lat=portland[1],
                       text=f"Idea {n} about {street}") for n, street in enumerate(STREETS * 3)]
    critic = make_participant(db_session)
    for n, idea in enumerate(quiet):  # the ideas say little; their comments name the themes
        reactions.add_comment(db_session, idea, critic, [
            "We need more street lights at night", "The playground needs new swings"][n % 2])
    db_session.commit()
    areas = themes.by_area(db_session, city, Filters())
    names = [a.name for a in areas]
    assert names[:2] == ["Central Business District", "Portland"] or \
        set(names[:2]) == {"Central Business District", "Portland"}
    portland_themes = next(a for a in areas if a.name == "Portland").themes
    said = [" ".join(t.words) for t in portland_themes]
    assert any("lights" in w or "night" in w for w in said), said
    assert any("swings" in w or "playground" in w for w in said), said
    downtown = next(a for a in areas if a.name != "Portland")
    assert downtown.ideas == 18 and all(len(a.themes) <= 3 for a in areas)
    listed, total = themes.public_ideas(db_session, city, Filters(), limit=10)
    assert total == 36 and len(listed) == 10
    for flt in (Filters(), Filters(channel="web")):  # the report passes its summary's counts
        summary = summarize(db_session, city, flt)
        assert themes.by_area(db_session, city, flt, ideas_per_area=[
            (r.id, r.name, r.ideas) for r in summary.areas]) == themes.by_area(
            db_session, city, flt), flt


def test_themes_are_kept_until_an_idea_support_or_comment_changes(app, db_session):
    """Finding themes takes seconds at a million ideas: they are kept, and found again as
    soon as what they are made of changes."""
    city = app.config["CITY"]
    ideas = [make_idea(db_session, city, text=t.format(s)) for t in BUS + TREES
             for s in STREETS]
    db_session.commit()
    first = themes.themes(db_session, city, Filters())
    assert first and themes.themes(db_session, city, Filters()) is first
    assert themes.themes(db_session, city, Filters(channel="kiosk")) is not first  # own key
    reactions.set_support(db_session, ideas[0], make_participant(db_session), True)
    db_session.commit()
    supported = themes.themes(db_session, city, Filters())
    assert supported is not first and supported == themes.themes(db_session, city, Filters())
    moderation.hide(db_session, ideas[1], "Posted twice", Actor("planner@example.org"))
    db_session.commit()
    after = themes.themes(db_session, city, Filters())
    assert after is not supported
    assert ideas[1].id not in {q.idea_id for t in after for q in t.quotes}


def test_the_reports_ideas_are_the_most_supported_then_the_newest(databases, backend):
    from sqlalchemy import func, select

    from vizlou.extensions import db
    from vizlou.models import Moderation, Support

    app = databases.app(backend, seed=(150, 8))
    with app.app_context():
        counts = dict(db.session.execute(select(Support.idea_id, func.count())
                                         .group_by(Support.idea_id)).all())
        public = db.session.scalars(select(Idea).where(
            Idea.moderation == Moderation.VISIBLE)).all()
        expected = sorted(public, key=lambda i: (-counts.get(i.id, 0), -i.created_at.timestamp(),
                                                 -i.id))
        supported = sum(1 for i in public if counts.get(i.id))
        for limit in (10, supported + 15):  # only supported ones; then the newest of the rest
            listed, total = themes.public_ideas(db.session, app.config["CITY"], Filters(),
                                                limit=limit)
            assert total == len(public)
            assert [(i.id, n) for i, n in listed] == \
                [(i.id, counts.get(i.id, 0)) for i in expected[:limit]]


def test_a_hidden_idea_is_not_quoted_even_when_another_is_shown_at_once(databases, backend):
    """One idea hidden while another is shown again leaves every count as it was: the kept
    themes are found again all the same, and the hidden idea is quoted nowhere."""
    from sqlalchemy import select

    from vizlou.extensions import db
    from vizlou.models import Moderation
    from vizlou.services import audit

    app = databases.app(backend, seed=(150, 8))
    with app.app_context():
        city = app.config["CITY"]
        held = db.session.scalar(select(Idea).order_by(Idea.id.desc()))
        moderation.hide(db.session, held, "Posted twice", audit.COMMAND_LINE)
        db.session.commit()
        first = themes.themes(db.session, city, Filters())
        quoted = first[0].quotes[0].idea_id
        moderation.hide(db.session, db.session.get(Idea, quoted), "Personal details",
                        audit.COMMAND_LINE)
        moderation.restore(db.session, db.session.get(Idea, held.id), None, audit.COMMAND_LINE)
        db.session.commit()
        assert db.session.get(Idea, held.id).moderation == Moderation.VISIBLE
        again = themes.themes(db.session, city, Filters())
        assert quoted not in {q.idea_id for t in again for q in t.quotes}
