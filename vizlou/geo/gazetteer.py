"""Reading a gazetteer file: named landmarks (points, or the inside of polygons) and streets
(lines), and the intersections of every two streets, computed with Shapely.

A street drawn as many pieces (one per block, as cities keep them) is one street: its pieces
are merged by name. Two streets that cross more than once (a loop, a divided road) give one
intersection per crossing at least ``SAME_CORNER_M`` apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import Point
from shapely.ops import linemerge

from vizlou.errors import N_, BoundaryFileError
from vizlou.geo import gis_files
from vizlou.geo.boundaries import READABLE_SUFFIXES, with_crs

SAME_CORNER_M = 300
_DEGREE_M = 111_320  # metres in a degree of latitude (good enough to tell corners apart)


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # landmark, street or intersection
    lon: float
    lat: float


def read_places(path: str | Path, *, name_field: str, kind: str | None = None,
                crs: str | None = None) -> list[GazetteerEntry]:
    """Every named place of the file, and the intersections of its streets. ``kind`` says
    what the features are; without it, lines are streets and the rest landmarks."""
    dataset = gis_files.dataset_path(Path(path), READABLE_SUFFIXES)
    frame = gis_files.read_frame(dataset, None, str(path), polygons=False)
    fields = [c for c in frame.columns if c != "geometry"]
    if name_field not in fields:
        raise BoundaryFileError(
            N_("The file has no field %(wanted)s (%(option)s). Its fields are: %(fields)s."),
            wanted=name_field, option="--name-field", fields=", ".join(fields) or "none")
    frame = with_crs(frame, crs, []).to_crs(4326)
    landmarks: list[GazetteerEntry] = []
    streets: dict[str, list] = {}
    for name, geom in zip(frame[name_field], frame.geometry.values, strict=True):
        if geom is None or geom.is_empty or not isinstance(name, str) or not name.strip():
            continue
        name = " ".join(name.split())[:200]
        is_line = geom.geom_type in ("LineString", "MultiLineString")
        if kind == "street" or (kind is None and is_line):
            if is_line:
                streets.setdefault(name, []).append(geom)
            continue
        spot = geom if geom.geom_type == "Point" else geom.representative_point()
        landmarks.append(GazetteerEntry(name, "landmark", round(spot.x, 6), round(spot.y, 6)))
    if not landmarks and not streets:
        raise BoundaryFileError(N_("%(path)s holds no named places: is %(field)s the field "
                                   "with the names?"), path=str(path), field=name_field)
    merged = {name: linemerge(shapely.union_all(parts)) if len(parts) > 1 else parts[0]
              for name, parts in streets.items()}
    out = landmarks + [_street(name, line) for name, line in merged.items()]
    return out + intersections(merged)


def _street(name: str, line) -> GazetteerEntry:
    spot = line.interpolate(0.5, normalized=True) if line.geom_type == "LineString" else \
        line.representative_point()
    return GazetteerEntry(name, "street", round(spot.x, 6), round(spot.y, 6))


def intersections(streets: dict[str, object]) -> list[GazetteerEntry]:
    """One entry per crossing of two differently named streets: "A & B"."""
    names = sorted(streets)
    if len(names) < 2:
        return []
    lines = [streets[n] for n in names]
    tree = shapely.STRtree(lines)
    left, right = tree.query(lines, predicate="intersects")
    out = []
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        crossing = lines[i].intersection(lines[j])
        for point in _corners(crossing):
            out.append(GazetteerEntry(f"{names[i]} & {names[j]}", "intersection",
                                      round(point.x, 6), round(point.y, 6)))
    return out


def _corners(crossing) -> list[Point]:
    if crossing.is_empty:
        return []
    points = [g if g.geom_type == "Point" else g.representative_point()
              for g in getattr(crossing, "geoms", [crossing])]
    kept: list[Point] = []
    for point in points:
        if all(point.distance(k) * _DEGREE_M >= SAME_CORNER_M for k in kept):
            kept.append(point)
    return kept
