"""Area summaries against an independent computation: a GeoPandas spatial join of the ideas'
points with the shipped boundary files, on seeded demo data, on SQLite and PostGIS."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
import pytest
from sqlalchemy import select, update

from factories import make_participant
from helpers import BOUNDARIES
from vizlou.errors import DomainError
from vizlou.extensions import db
from vizlou.models import (
    Area,
    AreaLayer,
    Ballot,
    Idea,
    Participant,
    ParticipantArea,
    Question,
    Support,
)
from vizlou.services import demo
from vizlou.services.counts import rebuild as counts
from vizlou.services.filters import Filters, ballot_conditions
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting import tally as tallies
from vizlou.services.voting.results import question_results

LAYERS = {  # key: (file, name field, name template)
    "neighborhoods": ("neighborhoods.geojson", "neighborhood", "{}"),
    "council_districts": ("council_districts.geojson", "district", "District {}"),
    "census_tracts": ("census_tracts_2020.geojson", "name", "Tract {}"),
}


def frame(query) -> pd.DataFrame:
    result = db.session.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


@pytest.fixture(scope="module")
def stored(shared_db):
    """Stored once per database (the tests only read): see ``_seed``."""
    with shared_db.app_context():
        _seed(shared_db.config["CITY"])
    return shared_db


@pytest.fixture
def seeded(stored):
    with stored.app_context():
        yield stored.config["CITY"]


def _seed(city):
    """Demo data, with some ideas hidden (first ideas among them), a voter nobody can place,
    and a voter whose home is known for the council districts only."""
    demo.seed(db.session, city, ideas=500, seed_value=11)
    hidden = list(db.session.scalars(select(Idea.id).order_by(Idea.id).limit(40)))[::2]
    db.session.execute(update(Idea).where(Idea.id.in_(hidden)).values(moderation="hidden"))
    question = db.session.scalars(select(Question).order_by(Question.id)).first()
    nobody = make_participant(db.session, "nobody-knows-where-i-live", channel="sms")
    council = make_participant(db.session, "home-in-a-council-district", channel="paper",
                               age_bracket="19_24")
    district = db.session.scalar(select(Area.id).join(AreaLayer)
                                 .where(AreaLayer.key == "council_districts").limit(1))
    db.session.add(ParticipantArea(participant_id=council.id, layer_id=db.session.scalar(
        select(Area.layer_id).where(Area.id == district)), area_id=district))
    for person in (nobody, council):
        db.session.add(Ballot(question_id=question.id, participant_id=person.id,
                              choice={"option": question.options[0].id}, channel=person.channel))
    counts.rebuild(db.session)  # rows written here directly, as a bulk load does
    db.session.commit()


def _number_name(value):
    """A name read as a number, written as the census writes it (3, 2.01, 103.20)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else f"{value:.2f}"
    return value


def layer_frame(key: str) -> gpd.GeoDataFrame:
    path, field, template = LAYERS[key]
    layer = gpd.read_file(BOUNDARIES / path)
    layer["name"] = layer[field].map(lambda v: template.format(_number_name(v)))
    if "pop2020" not in layer:
        layer["pop2020"] = None
    return layer.dissolve(by="name", aggfunc={"pop2020": "sum"}).reset_index()


def expected(city, key: str, keep=lambda kind, row: True) -> dict:
    """Per area name: participants, ideas by category, supports, ballots; from a spatial join.

    ``keep(kind, row)`` applies the filters to one idea, support or ballot row."""
    layer = layer_frame(key)
    ideas = frame(select(Idea.id, Idea.participant_id, Idea.category, Idea.moderation, Idea.lon,
                         Idea.lat, Idea.channel, Idea.event_id, Idea.created_at))
    points = gpd.GeoDataFrame(ideas, geometry=gpd.points_from_xy(ideas.lon, ideas.lat),
                              crs="EPSG:4326")
    joined = gpd.sjoin(points, layer[["name", "geometry"]], predicate="within", how="left")
    assert not joined.index.duplicated().any()  # no point on a shared border
    ideas = pd.DataFrame(joined.drop(columns="geometry"))
    ideas = ideas[ideas.moderation != "hidden"]
    people = frame(select(Participant.id, Participant.age_bracket)).set_index("id")
    ages = people.age_bracket.to_dict()

    def kept(kind, rows):
        rows = rows.assign(age=rows.participant_id.map(ages))
        return rows[[keep(kind, r) for r in rows.itertuples()]]

    supports = frame(select(Support.idea_id, Support.participant_id, Support.channel,
                            Support.event_id, Support.created_at))
    supports = supports.merge(ideas[["id", "category", "name"]], left_on="idea_id",
                              right_on="id")
    ballots = frame(select(Ballot.question_id, Ballot.participant_id, Ballot.choice,
                           Ballot.channel, Ballot.event_id, Ballot.created_at))
    homes = frame(select(ParticipantArea.participant_id, Area.name)
                  .join(Area, Area.id == ParticipantArea.area_id)
                  .join(AreaLayer, AreaLayer.id == Area.layer_id).where(AreaLayer.key == key))
    home = dict(zip(homes.participant_id, homes.name, strict=True))
    placed = ideas[ideas.name.notna() & ideas.participant_id.notna()].sort_values("id")
    first = placed.groupby("participant_id").name.first().to_dict()

    def area_of(pid):
        return home.get(pid) or first.get(pid)

    m_ideas, m_supports, m_ballots = (kept("idea", ideas), kept("support", supports),
                                      kept("ballot", ballots))
    voters = set(m_ballots.participant_id)
    contributors = set(m_ideas.participant_id.dropna()) | set(m_supports.participant_id)
    contributors |= voters
    out = {name: {"participants": 0, "ideas": 0, "supports": 0, "ballots": 0, "population":
                  pop, "by_category": dict.fromkeys(city.category_keys, 0), "choices": {}}
           for name, pop in zip(layer.name, layer.pop2020, strict=True)}
    unknown = 0
    for pid in contributors:
        if area_of(pid) is None:
            unknown += 1
        else:
            out[area_of(pid)]["participants"] += 1
    for row in m_ideas[m_ideas.name.notna()].itertuples():
        out[row.name]["ideas"] += 1
        out[row.name]["by_category"][row.category] += 1
    for name in m_supports.name.dropna():
        out[name]["supports"] += 1
    for row in m_ballots.itertuples():
        if area_of(row.participant_id) is not None:
            item = out[area_of(row.participant_id)]
            item["ballots"] += 1
            item["choices"].setdefault(row.question_id, []).append(row.choice)
    return {"areas": out, "unknown": unknown, "total": len(contributors)}


@pytest.mark.parametrize("key", sorted(LAYERS))
def test_summaries_match_a_spatial_join(seeded, key):
    city = seeded
    summary = summaries.summarize(db.session, city, Filters(layer=key))
    want = expected(city, key)
    got = {row.name: row for row in summary.areas}
    assert set(got) == set(want["areas"])
    for name, item in want["areas"].items():
        row = got[name]
        assert (row.participants, row.ideas, row.supports, row.ballots) == (
            item["participants"], item["ideas"], item["supports"], item["ballots"]), name
        assert row.by_category == item["by_category"], name
    assert summary.unknown.participants == want["unknown"] >= 1  # the voter nobody can place
    assert summary.total.participants == want["total"]
    assert summary.total.ideas == 500 - 20  # the hidden ones are left out
    questions = {q.id: q for q in db.session.scalars(select(Question))}
    for name, item in want["areas"].items():
        for qid, choices in item["choices"].items():
            q = questions[qid]
            kw = {"total": q.budget_total} if q.method == "budget" else {}
            result = tallies.tally(q.method, [o.id for o in q.options], choices, **kw)
            assert got[name].questions[qid].result == result.to_dict(), (name, qid)


def test_rates_and_representation_follow_population(seeded):
    summary = summaries.summarize(db.session, seeded, Filters(layer="census_tracts"))
    counted = [r for r in summary.areas if r.population]
    people = sum(r.participants for r in counted)
    population = sum(r.population for r in counted)
    for row in counted:
        assert row.per_1000 == pytest.approx(1000 * row.participants / row.population, abs=1e-3)
        share = (row.participants / people) / (row.population / population)
        assert row.representation == pytest.approx(share, abs=1e-3)
    weighted = sum(r.representation * r.population for r in counted) / population
    assert weighted == pytest.approx(1, abs=1e-2)  # a fair share on average
    districts = summaries.summarize(db.session, seeded, Filters(layer="council_districts"))
    assert not districts.has_population
    assert all(r.per_1000 is None and r.representation is None for r in districts.areas)


def local_day(value: datetime) -> date:
    return value.replace(tzinfo=ZoneInfo("UTC")).astimezone(
        ZoneInfo("America/Kentucky/Louisville")).date()


def test_filters_match_the_same_filters_on_a_spatial_join(seeded):
    since, until = date(2026, 10, 1), date(2026, 10, 20)
    flt = Filters(since=since, until=until, channel="web", age_bracket="19_24",
                  layer="neighborhoods")

    def keep(kind, row):
        return (since <= local_day(row.created_at) <= until and row.channel == "web"
                and row.age == "19_24")

    summary = summaries.summarize(db.session, seeded, flt)
    want = expected(seeded, "neighborhoods", keep)
    got = {r.name: (r.participants, r.ideas, r.supports, r.ballots) for r in summary.areas}
    assert got == {n: (i["participants"], i["ideas"], i["supports"], i["ballots"])
                   for n, i in want["areas"].items()}
    assert 0 < summary.total.ideas < 480


@pytest.mark.parametrize(("since", "until", "category"), [
    (date(2026, 10, 1), date(2026, 10, 20), None),
    (date(2026, 10, 1), date(2026, 10, 20), "health"),
    (None, date(2026, 10, 5), None),
    (date(2026, 10, 12), None, "living"),
    (date(2026, 10, 7), date(2026, 10, 7), None),  # one local day: two UTC days' pieces
], ids=["a-month", "a-month-of-one-topic", "until", "since-of-one-topic", "one-day"])
def test_dates_and_a_topic_read_kept_days_and_match_the_spatial_join(seeded, since, until,
                                                                    category):
    """Dates (and a topic) are read off the kept days, with the hours at either end of the
    local days counted from the rows: the same ideas and supports as counting every row."""
    flt = Filters(since=since, until=until, category=category, layer="census_tracts")

    def keep(kind, row):
        day = local_day(row.created_at)
        return ((since is None or since <= day) and (until is None or day <= until)
                and (category is None or (kind != "ballot" and row.category == category)))

    summary = summaries.summarize(db.session, seeded, flt)
    want = expected(seeded, "census_tracts", keep)
    got = {r.name: (r.ideas, r.supports, r.by_category) for r in summary.areas}
    assert got == {n: (i["ideas"], i["supports"], i["by_category"])
                   for n, i in want["areas"].items()}
    recounted = summaries.summarize(db.session, seeded, flt, count_now=True)
    assert (summary.total.ideas, summary.total.supports, summary.unknown.ideas) == (
        recounted.total.ideas, recounted.total.supports, recounted.unknown.ideas)
    assert summary.total.ideas > 0


def test_an_age_group_alone_matches_the_spatial_join(seeded):
    """An age group alone is counted from the people, not their contributions: the same
    figures, including the voter nobody can place."""
    summary = summaries.summarize(db.session, seeded, Filters(age_bracket="19_24"))
    want = expected(seeded, "neighborhoods", lambda kind, row: row.age == "19_24")
    got = {r.name: (r.participants, r.ideas, r.supports, r.ballots) for r in summary.areas}
    assert got == {n: (i["participants"], i["ideas"], i["supports"], i["ballots"])
                   for n, i in want["areas"].items()}
    assert summary.unknown.participants == want["unknown"] > 0
    assert 0 < summary.total.participants < summaries.summarize(
        db.session, seeded, Filters()).total.participants


@pytest.mark.parametrize("flt", [Filters(), Filters(channel="web", layer="council_districts")],
                         ids=["kept", "filtered"])
def test_a_page_that_shows_less_counts_less_but_the_same(seeded, flt):
    """Pages that show only results (a question's) or only people (where next) leave out
    the rest; what they keep is what the whole summary says."""
    whole = summaries.summarize(db.session, seeded, flt)
    question = whole.questions[0].id
    results = summaries.summarize(db.session, seeded, flt, question_id=question,
                                  with_ideas=False, with_people=False)
    people = summaries.summarize(db.session, seeded, flt, with_questions=False,
                                 with_ideas=False)
    assert whole.total.ideas > 0 and whole.total.participants > 0
    assert results.total.ideas == results.total.participants == people.total.ideas == 0
    assert [q.result for q in results.questions] == [whole.questions[0].result]
    assert ({r.name: r.questions[question] for r in results.areas if question in r.questions}
            == {r.name: r.questions[question] for r in whole.areas if question in r.questions})
    assert ([(r.name, r.participants, r.representation) for r in people.areas]
            == [(r.name, r.participants, r.representation) for r in whole.areas])
    assert people.questions == []


@pytest.mark.parametrize("flt", [Filters(), Filters(channel="web"), Filters(age_bracket="19_24")],
                         ids=["kept", "channel", "age"])
def test_each_questions_whole_result_is_what_counting_its_ballots_gives(seeded, flt):
    """A question's page shows the summary's whole-city result: the same as tallying the
    ballots that match the filters, whatever area their voters are in or not."""
    summary = summaries.summarize(db.session, seeded, flt)
    assert summary.questions
    for info in summary.questions:
        question = db.session.get(Question, info.id)
        counted = question_results(db.session, question, ballot_filter=ballot_conditions(
            seeded, flt) if flt.narrowed else None)
        assert (info.ballots, info.result) == (counted["ballots"], counted["result"]), info.id
    assert sum(q.ballots for q in summary.questions) > 0


def test_a_category_filter_counts_no_ballots(seeded):
    summary = summaries.summarize(db.session, seeded, Filters(category="health"))
    want = expected(seeded, "neighborhoods",
                    lambda kind, row: kind != "ballot" and row.category == "health")
    got = {r.name: (r.participants, r.ideas, r.supports) for r in summary.areas}
    assert got == {n: (i["participants"], i["ideas"], i["supports"])
                   for n, i in want["areas"].items()}
    assert summary.total.ballots == 0
    assert summary.total.ideas == summary.total.by_category["health"] > 0


def test_public_view_suppresses_every_small_count(seeded):
    threshold = seeded.public_threshold
    exact = summaries.summarize(db.session, seeded, Filters())
    public = summaries.summarize(db.session, seeded, Filters(), public=True)
    assert public.public and public.threshold == threshold == 5
    small = 0
    for row, shown in zip(exact.areas, public.areas, strict=True):
        for key in ("participants", "ideas", "supports", "ballots"):
            value = getattr(row, key)
            if value < threshold:
                small += 1
                assert getattr(shown, key) is None and key in shown.suppressed
            else:
                assert getattr(shown, key) == value and key not in shown.suppressed
        for key, value in row.by_category.items():
            assert shown.by_category[key] == (None if value < threshold else value)
        if row.participants < threshold:
            assert shown.per_1000 is None and shown.representation is None
        for qid, result in row.questions.items():
            if result.ballots < threshold:
                assert shown.questions[qid].result is None
                assert f"question_{qid}" in shown.suppressed
    assert small > 10
    assert exact.unknown.participants >= threshold  # hidden first ideas leave people unplaced
    assert public.unknown.participants == exact.unknown.participants
    assert public.unknown.ideas is None and "ideas" in public.unknown.suppressed  # zero


@pytest.mark.parametrize(("flt", "field"), [
    (Filters(channel="fax"), "channel"), (Filters(category="nope"), "category"),
    (Filters(age_bracket="old"), "age_bracket"), (Filters(event_id=999), "session"),
    (Filters(since=date(2026, 2, 1), until=date(2026, 1, 1)), "until"),
    (Filters(layer="nope"), "layer"),
])
def test_bad_filters_are_refused(sqlite_app, flt, field):
    with pytest.raises(DomainError) as caught:
        summaries.summarize(db.session, sqlite_app.config["CITY"], flt)
    assert caught.value.field == field
