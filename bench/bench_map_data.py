"""Map data for any viewport with 1,000,000 ideas: at most 50 KB and 200 ms per request
(SPEC §4), with clustering on the server, on SQLite and on PostGIS.

Viewports of a phone (412 x 915 pixels) from the whole county down to a street, at random
places where the ideas are; each is requested through the API as the map does.

    .venv/bin/python bench/bench_map_data.py [--ideas 1000000] [--backend sqlite|postgis|both]
"""

from __future__ import annotations

import argparse
import gzip
import math
import statistics
import time

import numpy as np
from common import Timer, bulk_ideas, database, db, load_city, make_app, random_city_points, report

from vizlou.services.counts import cells

MAX_BYTES = 50_000
MAX_MS = 200
PHONE = (412, 915)


def viewport(lon: float, lat: float, zoom: int) -> tuple[float, float, float, float]:
    """The bounding box a phone screen shows around a point at a zoom (Web Mercator)."""
    degrees_per_pixel = 360 / (256 * 2 ** zoom)
    half_w = PHONE[0] / 2 * degrees_per_pixel
    half_h = PHONE[1] / 2 * degrees_per_pixel * math.cos(math.radians(lat))
    return lon - half_w, lat - half_h, lon + half_w, lat + half_h


def run(backend: str, n: int, per_zoom: int) -> list[tuple[str, str, str, bool]]:
    with database(backend) as url:
        app = make_app(url)
        load_city(app, layers=("neighborhoods",))
        points = random_city_points(app, n)
        bulk_ideas(app, points)
        with app.app_context(), Timer() as build:
            cells.rebuild(db.session)
            db.session.commit()
        client = app.test_client()
        rng = np.random.default_rng(5)
        times, sizes, by_zoom = [], [], {}
        for zoom in range(10, 19):
            for i in rng.choice(len(points), size=per_zoom, replace=False):
                bbox = viewport(*points[i], zoom)
                query = f"/api/v1/map?bbox={','.join(f'{v:.5f}' for v in bbox)}&zoom={zoom}"
                start = time.perf_counter()
                response = client.get(query, headers={"Accept-Encoding": "gzip"})
                times.append((time.perf_counter() - start) * 1000)
                by_zoom.setdefault(zoom, []).append(times[-1])
                assert response.status_code == 200
                sizes.append(len(response.data))
                body = gzip.decompress(response.data) \
                    if response.headers.get("Content-Encoding") == "gzip" else response.data
                assert body.startswith(b"{")  # a real answer (small ones go uncompressed)
        worst_ms, worst_size = max(times), max(sizes)
        print(f"  {backend}: slowest view per zoom: " + ", ".join(
            f"z{z} {max(t):.0f} ms" for z, t in sorted(by_zoom.items())))
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"  {backend}: cells rebuilt for {n:,} ideas in {build.seconds:.1f} s; "
              f"{len(times)} views, median {statistics.median(times):.0f} ms, "
              f"p95 {p95:.0f} ms, largest {worst_size / 1000:.1f} KB")
        return [(f"{backend}: slowest of {len(times)} views", f"{worst_ms:.0f} ms",
                 f"<= {MAX_MS} ms", worst_ms <= MAX_MS),
                (f"{backend}: largest answer (gzip)", f"{worst_size / 1000:.1f} KB",
                 f"<= {MAX_BYTES // 1000} KB", worst_size <= MAX_BYTES)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1_000_000)
    parser.add_argument("--views", type=int, default=12, help="views per zoom level")
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    args = parser.parse_args()
    backends = ("sqlite", "postgis") if args.backend == "both" else (args.backend,)
    rows = [row for b in backends for row in run(b, args.ideas, args.views)]
    report(f"Map data with {args.ideas:,} ideas (SPEC §4)", rows)


if __name__ == "__main__":
    main()
