"""Shared set-up for benchmarks: databases of both kinds, and many ideas quickly.

Benchmarks print a report; they are not part of the test run. Run one with
``.venv/bin/python bench/<name>.py``; PostGIS runs need PostgreSQL 15 with PostGIS
installed (a throwaway cluster is started and removed, as in the tests).
"""

from __future__ import annotations

import atexit
import io
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from postgis_cluster import PostgisCluster, find_pg_bin  # noqa: E402
from vizlou import create_app  # noqa: E402
from vizlou.extensions import db  # noqa: E402
from vizlou.geo.sampling import random_points_in  # noqa: E402

CATEGORIES = ["connectivity", "creativity", "economy", "energy", "health", "identity", "living"]


@contextmanager
def database(backend: str):
    """Yield a database URL of the given kind, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("PostGIS is not installed (apt-get install postgresql-15 "
                         "postgresql-15-postgis-3)")
    # A smoke run (the test suite's) may keep the cluster's files in memory; a measured run
    # keeps them on disk, as a city's server would.
    smoke = os.environ.get("VIZLOU_BENCH_SMOKE") == "1"
    with PostgisCluster(pg_bin, in_memory=smoke) as cluster:
        yield cluster.create_database("bench")


def scratch_folder(prefix: str) -> Path:
    """A new temporary folder, removed when the benchmark's process ends."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


def make_app(url: str, **overrides):
    instance = str(scratch_folder("vizlou-bench-"))
    return create_app({"ENV": "testing", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                       "INSTANCE_PATH": instance, **overrides})


def load_city(app, layers: tuple[str, ...] | None = None) -> None:
    """Migrate and import the city's layers (all, or only those named)."""
    from flask_migrate import upgrade

    from vizlou.geo.boundaries import read_boundaries
    from vizlou.services.areas import imports as area_imports

    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        for source in app.config["CITY"].boundaries:
            if layers is not None and source.key not in layers:
                continue
            boundary_set = read_boundaries(source.path, name_field=source.name_field,
                                           population_field=source.population_field,
                                           name_template=source.name_template)
            area_imports.import_layer(db.session, key=source.key, title=source.title,
                               boundaries=boundary_set, source=source.path.name)
            db.session.commit()


def random_city_points(app, n: int, seed: int = 1) -> np.ndarray:
    """``n`` points inside the main layer's areas, spread by population."""
    from sqlalchemy import select

    from vizlou.models import Area, AreaLayer

    rng = np.random.default_rng(seed)
    with app.app_context():
        rows = db.session.execute(
            select(Area.population, Area.geom).join(AreaLayer)
            .where(AreaLayer.key == app.config["CITY"].main_layer)).all()
    weights = np.array([max(r[0] or 0, 0) for r in rows], dtype=float)
    counts = rng.multinomial(n, weights / weights.sum())
    parts = [random_points_in(r[1], int(c), rng) for r, c in zip(rows, counts, strict=True) if c]
    points = np.vstack(parts)
    rng.shuffle(points)
    return points


def bulk_ideas(app, points: np.ndarray, seed: int = 1,
               participants: np.ndarray | None = None) -> None:
    """Insert ideas straight into the table (COPY on PostgreSQL, executemany on SQLite).

    Area assignment is not done here: callers decide (the import benchmark reassigns).
    ``participants`` gives each idea's author (a participant id), if any.
    """
    rng = np.random.default_rng(seed)
    n = len(points)
    category = np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), n)]
    start = datetime(2026, 9, 1)
    seconds = rng.integers(0, 60 * 86400, n)
    columns = ["client_id", "channel", "category", "text", "language", "lon", "lat", "geom",
               "placement", "moderation", "status", "created_at", "participant_id"]
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    wkb = None if postgres else shapely.to_wkb(shapely.points(points))
    rows = ((f"b{i}", "web", str(category[i]), f"Bench idea {i}", "en",
             round(float(points[i, 0]), 6), round(float(points[i, 1]), 6),
             f"SRID=4326;POINT({points[i, 0]:.6f} {points[i, 1]:.6f})" if postgres else wkb[i],
             "point", "visible", "new", start + timedelta(seconds=int(seconds[i])),
             None if participants is None else int(participants[i])) for i in range(n))
    copy_rows(app, "ideas", columns, rows)


def copy_rows(app, table: str, columns: list[str], rows) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite. ``None`` is NULL."""
    with app.app_context():
        engine = db.engine
        raw = engine.raw_connection()
        try:
            if engine.dialect.name == "postgresql":
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
                buffer.seek(0)
                with raw.cursor() as cursor, cursor.copy(
                        f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    while chunk := buffer.read(1 << 20):
                        copy.write(chunk)
            else:
                marks = ", ".join("?" for _ in columns)
                raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                                rows)
            raw.commit()
        finally:
            raw.close()


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def report(title: str, rows: list[tuple]) -> None:
    """Print ``(what, measured, target, met[, baseline[, note]])`` rows as a table: the
    baseline is the figure measured in the same run that the target is relative to (a bare
    endpoint, a spatial join), the note says by how much and why a missed line missed.

    With ``VIZLOU_BENCH_OUT`` set (``bench/run_all.py`` sets it), each row is also appended
    to that file as a JSON line, from which ``bench/RESULTS.md`` is written."""
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    out = os.environ.get("VIZLOU_BENCH_OUT")
    for row in rows:
        what, measured, target, met, baseline, note = (*row, "", "")[:6]
        print(f"  {what:<{width}}  {measured:>12}  target {target:<14} "
              f"{'ok' if met else 'MISSED'}{f'  ({baseline})' if baseline else ''}")
        if note and not met:
            print(f"  {'':<{width}}  {note}")
        if out:
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"bench": Path(sys.argv[0]).stem, "title": title,
                                    "what": what, "measured": measured, "target": target,
                                    "met": bool(met), "baseline": baseline,
                                    "note": note}) + "\n")


def missed_by(measured: float, target: float, unit: str, *, at_least: bool = False) -> str:
    """``"missed by 0.29 s (13%)"``: how far a figure is from its target."""
    gap = (target - measured) if at_least else (measured - target)
    return f"missed by {gap:.3g} {unit} ({gap / target:.0%})".replace(" )", ")")
