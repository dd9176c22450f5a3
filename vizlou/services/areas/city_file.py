"""Writing a new city's file from its boundaries (``flask city init``): the first view, the
zoom and the bounds are computed from the areas; categories and languages are a start to
edit. The file is TOML, written by hand here so that it keeps its comments."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import shapely

from vizlou.geo.boundaries import BoundarySet

# A first set of topics, in the languages that have words for them; a city edits them.
STARTING_CATEGORIES = [
    ("transport", "#1f77b4", {"en": "Getting around", "es": "Cómo moverse",
                              "fr": "Se déplacer"}),
    ("parks", "#2ca02c", {"en": "Parks and nature", "es": "Parques y naturaleza",
                          "fr": "Parcs et nature"}),
    ("housing", "#8c564b", {"en": "Homes", "es": "Vivienda", "fr": "Logement"}),
    ("safety", "#d62728", {"en": "Safe streets", "es": "Calles seguras",
                           "fr": "Rues sûres"}),
    ("culture", "#9467bd", {"en": "Arts and culture", "es": "Arte y cultura",
                            "fr": "Arts et culture"}),
    ("jobs", "#b8860b", {"en": "Jobs and shops", "es": "Trabajo y comercios",
                         "fr": "Emplois et commerces"}),
]


@dataclass(frozen=True)
class View:
    center: tuple[float, float]  # latitude, longitude
    zoom: int
    min_zoom: int
    max_bounds: tuple[float, float, float, float]  # west, south, east, north


def view_of(boundaries: BoundarySet) -> View:
    """The first view that shows every area, and bounds a little wider than them."""
    west, south, east, north = shapely.union_all(
        [a.geometry for a in boundaries.areas]).bounds
    width, height = max(east - west, 1e-4), max(north - south, 1e-4)
    span = max(width, height * 1.5)  # a phone screen is taller than wide
    zoom = int(max(3, min(16, math.floor(math.log2(360 / span)) + 1)))
    pad_x, pad_y = width * 0.2, height * 0.2
    return View((round((south + north) / 2, 5), round((west + east) / 2, 5)), zoom,
                max(2, zoom - 2), (round(west - pad_x, 4), round(south - pad_y, 4),
                                   round(east + pad_x, 4), round(north + pad_y, 4)))


def city_toml(*, name: str, view: View, languages: list[str], layer_key: str,
              layer_title: str, boundaries_path: str, name_field: str,
              population_field: str | None, crs: str | None, timezone: str) -> str:
    """The city file's text."""
    def q(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string

    lat, lon = view.center
    lines = [
        f"# VizLou city settings for {name}, written by `flask city init`: edit freely.",
        "# Every key is documented in vizlou/cities/louisville.toml.",
        "",
        f"name = {q(name)}",
        f"short_name = {q(name.split(',')[0][:30])}",
        f"center = [{lat}, {lon}]        # [latitude, longitude] of the first view",
        f"zoom = {view.zoom}",
        f"min_zoom = {view.min_zoom}",
        "max_bounds = [{}, {}, {}, {}]  # [west, south, east, north]".format(*view.max_bounds),
        f"languages = {q(languages)}",
        f"default_language = {q(languages[0])}",
        f"timezone = {q(timezone)}        # dates are shown in this time zone",
        f"main_layer = {q(layer_key)}",
        "public_threshold = 5",
        "",
        "[tiles]",
        'url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"',
        'attribution = "&copy; OpenStreetMap contributors"',
        "max_zoom = 19",
        "",
        "# Topics residents choose from: a start. Give each a label in every language above.",
    ]
    for key, color, labels in STARTING_CATEGORIES:
        lines += ["", "[[categories]]", f"key = {q(key)}"]
        for lang in languages:
            label = labels.get(lang)
            lines.append(f"{lang} = {q(label or labels['en'])}"
                         + ("" if label else "  # translate this label"))
        if "en" not in languages:
            lines.append(f"en = {q(labels['en'])}")
        lines.append(f"color = {q(color)}")
    lines += ["", "[[boundaries]]", f"key = {q(layer_key)}", f"title = {q(layer_title)}",
              f"path = {q(boundaries_path)}", f"name_field = {q(name_field)}"]
    if population_field:
        lines.append(f"population_field = {q(population_field)}")
    if crs:
        lines.append(f"crs = {q(crs)}")
    return "\n".join(lines) + "\n"
