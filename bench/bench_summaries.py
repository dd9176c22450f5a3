"""Area summaries with 1,000,000 ideas and 200,000 ballots (SPEC §4).

Target: at most 1 s on PostGIS and on SQLite, and at least 10 times faster than the same
summaries computed with a spatial join done at query time (same data, same run).

The summaries are ``vizlou.services.summaries.summarize`` for the main layer, as the
planners' area table shows them: participants placed by home area or first idea, ideas
by topic, supports, ballots and every question's result per area, read from the counts
kept up to date on every write (``vizlou.services.counts``; the data here is loaded in
bulk, so they are rebuilt once, and that time is printed too). The spatial join
baseline computes the ideas' areas at query time, once per request, into a temporary
table (PostGIS: ``ST_Intersects`` of ideas and areas; SQLite: the ideas read from the
database and joined with GeoPandas ``sjoin``) and then runs the very same summaries on it.

    .venv/bin/python bench/bench_summaries.py [--ideas 1000000] [--ballots 200000]
        [--backend sqlite|postgis|both]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta

import geopandas as gpd
import numpy as np
from common import (
    Timer,
    bulk_ideas,
    copy_rows,
    database,
    db,
    load_city,
    make_app,
    random_city_points,
    report,
)
from sqlalchemy import Column, Integer, MetaData, Table, event, func, insert, select, text

from vizlou.geo.area_index import NO_AREA
from vizlou.models import Area, AreaLayer, Idea, Question
from vizlou.services import demo
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import imports as area_imports
from vizlou.services.counts import rebuild as counts
from vizlou.services.dialect import bulk_insert_ints
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area as summaries

TARGET_SECONDS = 1.0
TARGET_RATIO = 10.0
PEOPLE_PER_IDEA = 0.4  # 400,000 participants for 1,000,000 ideas
SUPPORTS_PER_IDEA = 0.3
HOME_SHARE = 2 / 3  # participants who gave a home area
HIDDEN_SHARE = 0.005
START = datetime(2026, 9, 1)


def fill(app, n_ideas: int, n_ballots: int, seed: int = 1, before_counts=None) -> None:
    """Participants, ideas, supports and ballots in bulk; ``before_counts(session)`` may
    change the rows before the kept counts are rebuilt."""
    rng = np.random.default_rng(seed)
    load_city(app)
    n_people = max(1, int(n_ideas * PEOPLE_PER_IDEA))
    ages = np.array(["16_18", "19_24", "25_30", "31_64", ""])[rng.integers(0, 5, n_people)]
    days = rng.integers(0, 60 * 86400, n_people)
    copy_rows(app, "participants",
              ["token_hash", "channel", "age_bracket", "language", "created_at"],
              [(f"bench-{i:058d}", "web", ages[i] or None, "en", START + timedelta(seconds=int(d)))
               for i, d in enumerate(days)])
    with app.app_context():
        first = db.session.scalar(text("SELECT min(id) FROM participants"))
    # Everyone wrote at least one idea; a few wrote many.
    authors = np.concatenate([np.arange(n_people), rng.zipf(1.6, n_ideas - n_people) % n_people])
    rng.shuffle(authors)
    bulk_ideas(app, random_city_points(app, n_ideas, seed), seed, participants=authors + first)
    homes = random_city_points(app, n_people, seed + 1)  # before the writes below hold SQLite
    with app.app_context():
        for layer_id in db.session.scalars(select(AreaLayer.id)):
            area_imports.reassign_layer(db.session, layer_id)
        hidden = rng.choice(n_ideas, size=int(n_ideas * HIDDEN_SHARE), replace=False) + 1
        ids = ",".join(map(str, hidden.tolist()))
        db.session.execute(text(f"UPDATE ideas SET moderation = 'hidden' WHERE id IN ({ids})"))  # noqa: S608
        has_home = rng.uniform(size=n_people) < HOME_SHARE
        found = area_catalog.area_index(db.session).locate_many(homes[has_home, 0],
                                                                homes[has_home, 1])
        people = np.arange(first, first + n_people)[has_home]
        for layer_id, area_ids in found.items():
            hit = area_ids != NO_AREA
            bulk_insert_ints(db.session, "participant_areas",
                             ("participant_id", "layer_id", "area_id"),
                             (people[hit], np.full(hit.sum(), layer_id), area_ids[hit]))
        questions = demo._questions(db.session, demo.load_demo_file(app.config["CITY"].demo_file))
        db.session.commit()
        ballots = []
        for q in questions:
            option_ids = [o.id for o in q.options]
            prefs = rng.dirichlet(np.full(len(option_ids), 1.5))
            voters = rng.choice(n_people, size=n_ballots // len(questions), replace=False)
            # Over the same 60 days as the ideas, so that a date filter matches some.
            when = [START + timedelta(seconds=int(d))
                    for d in rng.integers(0, 60 * 86400, len(voters))]
            ballots += [(q.id, int(v) + first, json.dumps(demo._choice(rng, q, option_ids, prefs)),
                         "web", at, at) for v, at in zip(voters, when, strict=True)]
    copy_rows(app, "ballots", ["question_id", "participant_id", "choice", "channel",
                               "created_at", "updated_at"], ballots)
    pairs = np.unique(np.column_stack([rng.integers(1, n_ideas + 1, int(n_ideas *
                                                                        SUPPORTS_PER_IDEA)),
                                       rng.integers(first, first + n_people,
                                                    int(n_ideas * SUPPORTS_PER_IDEA))]), axis=0)
    days = rng.integers(0, 60 * 86400, len(pairs))
    copy_rows(app, "supports", ["idea_id", "participant_id", "channel", "created_at"],
              [(int(a), int(b), "web", START + timedelta(seconds=int(d)))
               for (a, b), d in zip(pairs, days, strict=True)])
    with app.app_context():
        if before_counts is not None:
            before_counts(db.session)
            db.session.commit()
        with Timer() as counted:  # rows were written around the services: count them all
            counts.rebuild(db.session)
            db.session.commit()
        print(f"kept counts rebuilt from scratch in {counted.seconds:.1f} s", flush=True)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()


def spatial_rows(layer_id: int) -> Table:
    """The ideas' areas computed now, by a spatial join, into a temporary table."""
    table = Table("spatial_idea_areas", MetaData(), Column("idea_id", Integer),
                  Column("layer_id", Integer), Column("area_id", Integer),
                  prefixes=["TEMPORARY"])
    session = db.session
    session.execute(text("DROP TABLE IF EXISTS spatial_idea_areas"))
    table.create(session.connection())
    if session.get_bind().dialect.name == "postgresql":
        session.execute(insert(table).from_select(
            ["idea_id", "layer_id", "area_id"],
            select(Idea.id, Area.layer_id, Area.id)
            .join(Area, func.ST_Intersects(Area.geom, Idea.geom))
            .where(Area.layer_id == layer_id)))
    else:
        ideas = session.execute(select(Idea.id, Idea.lon, Idea.lat)).all()
        ids, lons, lats = (np.array(c) for c in zip(*ideas, strict=True))
        points = gpd.GeoDataFrame({"idea_id": ids}, geometry=gpd.points_from_xy(lons, lats),
                                  crs="EPSG:4326")
        shapes = session.execute(select(Area.id, Area.geom).where(Area.layer_id == layer_id)).all()
        polygons = gpd.GeoDataFrame({"area_id": [s[0] for s in shapes]},
                                    geometry=[s[1] for s in shapes], crs="EPSG:4326")
        joined = gpd.sjoin(points, polygons, predicate="within")
        bulk_insert_ints(session, "spatial_idea_areas", ("idea_id", "layer_id", "area_id"),
                         (joined.idea_id.to_numpy(), np.full(len(joined), layer_id),
                          joined.area_id.to_numpy()))
    return table


class StatementTimes:
    """Where the time of one summary goes: each SQL statement, and the rest (Python)."""

    def __init__(self, engine) -> None:
        self.times: list[tuple[float, str]] = []
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        context.bench_start = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany):
        self.times.append((time.perf_counter() - context.bench_start,
                           " ".join(statement.split())[:70]))

    def show(self, backend: str, total: float) -> None:
        sql = sum(t for t, _ in self.times)
        print(f"{backend}: one summary, {total:.2f} s: SQL execution {sql:.2f} s, fetching rows "
              f"and Python (tallies) {total - sql:.2f} s; slowest statements:")
        for seconds, statement in sorted(self.times, reverse=True)[:4]:
            print(f"    {seconds:6.2f} s  {statement}")


def run(backend: str, n_ideas: int, n_ballots: int) -> list[tuple[str, str, str, bool]]:
    with database(backend) as url:
        app = make_app(url)
        with Timer() as setup:
            fill(app, n_ideas, n_ballots)
        print(f"{backend}: data ready in {setup.seconds:.0f} s", flush=True)
        with app.app_context():
            city = app.config["CITY"]
            layer_id = db.session.scalar(select(AreaLayer.id)
                                         .where(AreaLayer.key == city.main_layer))
            ballots = db.session.scalar(text("SELECT count(*) FROM ballots"))
            questions = db.session.scalar(select(func.count(Question.id)))
            times, counts_only = [], []
            for _ in range(2):  # the first run warms the caches
                with Timer() as t:
                    stored = summaries.summarize(db.session, city, Filters())
                times.append(t.seconds)
                with Timer() as t:
                    summaries.summarize(db.session, city, Filters(), with_questions=False)
                counts_only.append(t.seconds)
            statements = StatementTimes(db.engine)
            with Timer() as one:
                summaries.summarize(db.session, city, Filters())
            statements.show(backend, one.seconds)
            event.remove(db.engine, "before_cursor_execute", statements.before)
            event.remove(db.engine, "after_cursor_execute", statements.after)
            with Timer() as spatial:
                rows = spatial_rows(layer_id)
                joined = summaries.summarize(db.session, city, Filters(), area_rows=rows)
            db.session.rollback()
        differ = sum(a.ideas != b.ideas for a, b in zip(stored.areas, joined.areas, strict=True))
        print(f"{backend}: {stored.total.ideas:,} visible ideas, {stored.total.participants:,} "
              f"participants, {stored.total.supports:,} supports, {ballots:,} ballots on "
              f"{questions} questions; areas whose idea count differs by the spatial join "
              f"(points on borders): {differ}", flush=True)
        best, ratio = min(times), spatial.seconds / min(times)
        what = f"{backend}: {n_ideas:,} ideas, {n_ballots:,} ballots"
        return [
            (f"{what}: area summaries", f"{best:.2f} s", f"<= {TARGET_SECONDS:.0f} s",
             best <= TARGET_SECONDS),
            (f"{what}: counts only (no question results)", f"{min(counts_only):.2f} s",
             f"<= {TARGET_SECONDS:.0f} s", min(counts_only) <= TARGET_SECONDS),
            (f"{what}: same summaries with a spatial join", f"{spatial.seconds:.2f} s",
             "(baseline)", True),
            (f"{what}: spatial join / stored area rows", f"{ratio:.1f}x",
             f">= {TARGET_RATIO:.0f}x", ratio >= TARGET_RATIO),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1_000_000)
    parser.add_argument("--ballots", type=int, default=200_000)
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    args = parser.parse_args()
    backends = ("sqlite", "postgis") if args.backend == "both" else (args.backend,)
    rows = [row for b in backends for row in run(b, args.ideas, args.ballots)]
    report("Area summaries (SPEC §4)", rows)


if __name__ == "__main__":
    main()
