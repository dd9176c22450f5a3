"""Boundary import of the 216 Louisville census tracts with 1,000,000 ideas reassigned.

Target (SPEC §4): at most 30 s, on SQLite and on PostGIS.

The import replaces the tracts layer, reassigns every idea and recounts the layer's
summary counts (``vizlou.services.counts``). With ``--people`` (the default) the data is
that of ``bench_summaries.py``: 400,000 participants, supports, 200,000 ballots and home
areas, so the recount does its real work; ``--no-people`` loads bare ideas only.

    .venv/bin/python bench/bench_boundaries.py [--ideas 1000000] [--no-people]
        [--backend sqlite|postgis|both]
"""

from __future__ import annotations

import argparse

from bench_summaries import fill
from common import Timer, bulk_ideas, database, db, load_city, make_app, random_city_points, report
from sqlalchemy import func, select

from vizlou.geo.boundaries import read_boundaries
from vizlou.models import AreaLayer, IdeaArea
from vizlou.services.areas import imports as area_imports

TARGET_SECONDS = 30.0


def run(backend: str, n: int, people: bool) -> tuple[str, str, str, bool]:
    with database(backend) as url:
        app = make_app(url)
        if people:
            fill(app, n, n // 5)
        else:
            load_city(app, layers=("neighborhoods", "census_tracts"))
            bulk_ideas(app, random_city_points(app, n))
        source = next(s for s in app.config["CITY"].boundaries if s.key == "census_tracts")
        with app.app_context(), Timer() as timer:
            boundary_set = read_boundaries(source.path, name_field=source.name_field,
                                           population_field=source.population_field,
                                           name_template=source.name_template)
            result = area_imports.import_layer(db.session, key="census_tracts", title=None,
                                        boundaries=boundary_set, source=source.path.name)
            db.session.commit()
        with app.app_context():
            stored = db.session.scalar(
                select(func.count()).select_from(IdeaArea)
                .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
                .where(AreaLayer.key == "census_tracts"))
        # A handful of points in the neighborhoods layer lie in slivers that no tract covers.
        assert stored == result.ideas_assigned >= n * 0.9999, (stored, result.ideas_assigned, n)
        what = "with participants, supports and ballots" if people else "ideas only"
        return (f"{backend}: 216 tracts, {n:,} ideas reassigned ({what})",
                f"{timer.seconds:.1f} s",
                f"<= {TARGET_SECONDS:.0f} s", timer.seconds <= TARGET_SECONDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1_000_000)
    parser.add_argument("--people", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    args = parser.parse_args()
    backends = ("sqlite", "postgis") if args.backend == "both" else (args.backend,)
    report("Boundary import with reassignment (SPEC §4)",
           [run(b, args.ideas, args.people) for b in backends])


if __name__ == "__main__":
    main()
