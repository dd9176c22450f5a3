"""The dashboard's numbers (totals by channel, the timeline by day or week in the city's local
days): without filters, or with dates and a channel alone, they come from the kept hours,
and they are the same as counted from the rows; any other filter counts from the rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from vizlou.extensions import db
from vizlou.models import Ballot, Idea, Moderation
from vizlou.services.filters import Filters
from vizlou.services.summaries import activity

EVERYTHING = Filters(since=date(2000, 1, 1))  # a filter that every row matches


@pytest.fixture
def seeded(databases, backend):
    app = databases.app(backend, seed=(150, 8))
    with app.app_context():
        yield app.config["CITY"]


def test_the_kept_hours_give_what_the_rows_give(seeded):
    city = seeded
    kept = activity.totals(db.session, city, Filters())
    assert kept == activity.totals(db.session, city, EVERYTHING, count_now=True)
    assert sum(kept["ideas"].values()) == db.session.scalar(
        select(func.count()).select_from(Idea).where(Idea.moderation != Moderation.HIDDEN))
    assert sum(kept["ballots"].values()) == db.session.scalar(
        select(func.count()).select_from(Ballot).where(Ballot.set_aside_at.is_(None)))
    assert all(sum(kept[k].values()) > 0 for k in ("ideas", "supports", "ballots",
                                                   "participants"))
    for kind in activity.KINDS:
        for period in activity.PERIODS:
            assert activity.timeline(db.session, city, Filters(), kind, period) == \
                activity.timeline(db.session, city, EVERYTHING, kind, period,
                                  count_now=True), (kind, period)


@pytest.mark.parametrize("flt", [
    Filters(since=date(2026, 10, 3), until=date(2026, 10, 20)),
    Filters(since=date(2026, 10, 10)),
    Filters(until=date(2026, 10, 12), channel="web"),
    Filters(channel="kiosk"),
], ids=["both-days", "since", "until-and-channel", "channel"])
def test_dates_and_a_channel_read_the_kept_hours_and_match_the_rows(seeded, flt):
    city = seeded
    assert activity.kept_hours(city, flt) is not None
    kept = activity.totals(db.session, city, flt)
    counted = activity.totals(db.session, city, flt, count_now=True)
    assert kept == counted
    assert sum(kept["ideas"].values()) + sum(kept["ballots"].values()) > 0
    for kind in activity.KINDS:
        for period in activity.PERIODS:
            assert activity.timeline(db.session, city, flt, kind, period) == \
                activity.timeline(db.session, city, flt, kind, period, count_now=True)


def test_other_filters_and_half_hour_zones_count_the_rows(seeded):
    city = seeded
    days = Filters(since=date(2026, 10, 3), until=date(2026, 10, 20))
    assert activity.kept_hours(city, replace(days, age_bracket="19_24")) is None
    assert activity.kept_hours(city, Filters(category="health")) is None
    india = replace(city, timezone="Asia/Kolkata")  # local midnight is half past a UTC hour
    assert activity.kept_hours(india, days) is None
    assert activity.kept_hours(india, Filters(channel="web")) == (None, None)
    assert activity.kept_hours(city, days) == ("2026-10-03 04", "2026-10-21 04")


def test_a_filter_narrows_the_rows(seeded):
    city = seeded
    web = activity.totals(db.session, city, Filters(channel="web"))
    assert sum(web["ideas"].values()) == web["ideas"]["web"] > 0
    late = activity.timeline(db.session, city, Filters(since=date(2026, 10, 15)), "ideas")
    assert late.starts and min(late.starts) >= date(2026, 10, 15)


def test_an_age_group_alone_counts_the_same_people_as_the_rows(seeded):
    """With an age group alone, who took part comes from the kept rows of people that age;
    with any other filter besides (one every row matches) it is counted from the rows."""
    city = seeded
    for age in city.age_brackets:
        alone = activity.totals(db.session, city, Filters(age_bracket=age))["participants"]
        rows = activity.totals(db.session, city, Filters(age_bracket=age,
                                                         since=date(2000, 1, 1)))
        assert alone == rows["participants"], age
    assert sum(activity.totals(db.session, city, Filters(age_bracket="19_24"))
               ["participants"].values()) > 0
