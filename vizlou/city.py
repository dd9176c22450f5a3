"""The city file (TOML): one deployment is one city. It holds the project settings of the
product: name, map, tiles, categories, languages, the public small-count threshold, the
contribution dates, the area layers shipped with it, and the rate limits. Unknown keys are
warned about; a bad value stops the app with a :class:`ConfigError` that names the key.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from vizlou import city_values as values
from vizlou.errors import ConfigError

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_CITY_FILE = PACKAGE_DIR / "cities" / "louisville.toml"

CITY_KEYS = {
    "name", "short_name", "center", "zoom", "min_zoom", "max_bounds", "tiles", "categories",
    "languages", "default_language", "public_threshold", "opens_at", "closes_at", "main_layer",
    "boundaries", "age_brackets", "auto_hide_reports", "timezone", "demo", "limits",
    "public_url", "open_data", "sms_number", "currency", "geocoder_url", "outside_areas",
    "projected_crs",
}
OPEN_DATA_KEYS = {"licence", "licence_title", "licence_url"}
DEFAULT_LICENCE = ("CC-BY-4.0", "Creative Commons Attribution 4.0",
                   "https://creativecommons.org/licenses/by/4.0/")
TILE_KEYS = {"url", "attribution", "max_zoom"}
CATEGORY_KEYS = {"key", "en", "es", "color"}
BOUNDARY_KEYS = {"key", "title", "path", "name_field", "name_template", "population_field",
                 "crs", "noun", "nouns", "name_fields"}
LIMIT_KEYS = {"per_participant", "per_address", "new_per_address", "per_session",
              "login_per_account", "per_phone"}
DEFAULT_LIMITS = {
    # Anonymous writes (ideas, supports, comments, reports, ballots, profile) per participant,
    "per_participant": "20 per minute; 300 per hour",
    # ... and per (hashed) client address: a whole library on one Wi-Fi is one address.
    "per_address": "600 per minute",
    # New participants from one address: past this, they wait (429 with Retry-After) and the
    # app sends again; so a script making fresh participants is slowed to this rate.
    "new_per_address": "20 per minute; 120 per hour",
    # A session's kiosks, and phones that joined the session with its code, per session.
    "per_session": "600 per minute",
    # Staff logins tried for one account, from anywhere (each address has its own limit too).
    "login_per_account": "5 per minute; 30 per hour",
    # Text messages answered for one phone number (past it, messages get no reply).
    "per_phone": "10 per minute; 200 per day",
}
SUPPORTED_LANGUAGES = ("en", "es")  # the default city's; any language with a catalogue works


def available_languages() -> tuple[str, ...]:
    """English (the code's own), and every language with a catalogue under translations/:
    adding a language is adding its catalogue."""
    found = sorted(p.parent.parent.name for p in
                   (PACKAGE_DIR / "translations").glob("*/LC_MESSAGES/messages.po"))
    return ("en", *[code for code in found if code != "en"])


@dataclass(frozen=True)
class Category:
    key: str
    labels: dict[str, str]
    color: str

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class BoundarySource:
    """A shipped boundary file that ``demo load`` imports when its layer is missing."""

    key: str
    title: str
    path: Path
    name_field: str
    population_field: str | None = None
    crs: str | None = None
    # The city's own word for one area and for several, per language, as written inside a
    # sentence: {"en": "electoral district", "fr": "circonscription"} (UI: "Pick your ...").
    noun: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    name_template: str = "{}"
    name_fields: dict[str, str] = field(default_factory=dict)  # area names in other languages


@dataclass(frozen=True)
class City:
    name: str
    short_name: str
    center: tuple[float, float]  # (lat, lon), as Leaflet takes it
    zoom: int
    min_zoom: int
    max_bounds: tuple[float, float, float, float] | None  # (west, south, east, north)
    tile_url: str
    tile_attribution: str
    tile_max_zoom: int
    categories: tuple[Category, ...]
    languages: tuple[str, ...]
    default_language: str
    public_threshold: int
    opens_at: datetime | None
    closes_at: datetime | None
    main_layer: str
    boundaries: tuple[BoundarySource, ...]
    age_brackets: tuple[str, ...]
    auto_hide_reports: int
    timezone: str
    demo_file: Path | None = None
    source: Path = field(default=DEFAULT_CITY_FILE)
    limits: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    public_url: str = ""  # where residents reach the app, for what is printed from commands
    sms_number: str = ""  # the number residents text (printed on posters; empty: no SMS line)
    currency: str = "USD"  # budgets' money (ISO 4217), written as each language writes it
    geocoder_url: str = ""  # an outside Nominatim- or Pelias-compatible search (empty: none)
    # A spot in the city but in none of the main layer's areas: "refuse" it (naming the
    # layer), or "accept" it into "(no area)".
    outside_areas: str = "refuse"
    projected_crs: str | None = None  # offered by /ogc besides WGS 84 (the city's GIS CRS)
    # The licence of the city's open data: (SPDX-style name, title, address).
    licence: tuple[str, str, str] = DEFAULT_LICENCE

    @property
    def languages_default_first(self) -> tuple[str, ...]:
        """The city's languages, its default first (where a text kept in one language is)."""
        return (self.default_language,
                *(lang for lang in self.languages if lang != self.default_language))

    @property
    def category_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.categories)

    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)

    def area_noun(self, language: str, *, plural: bool = False) -> str | None:
        """The main layer's word for an area (or areas) in the language, None if not given."""
        source = next((b for b in self.boundaries if b.key == self.main_layer), None)
        words = (source.nouns if plural else source.noun) if source else {}
        return words.get(language) or None

    def is_open(self, now: datetime) -> bool:
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


def _warn_unknown(section: str, given: dict, known: set[str]) -> None:
    for key in sorted(set(given) - known):
        log.warning("Unknown setting %r in %s is ignored", key, section)


def _require(mapping: dict, key: str, kind: type | tuple[type, ...], where: str):
    if key not in mapping:
        raise ConfigError(f"{where}: the setting {key!r} is required")
    value = mapping[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(f"{where}: {key!r} has the wrong type ({type(value).__name__})")
    return value


def load_city(path: Path) -> City:
    """Read and check a city file. Relative boundary paths are relative to the project."""
    where = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"The city file {where} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}") from exc
    _warn_unknown(where, raw, CITY_KEYS)

    tiles = raw.get("tiles", {})
    _warn_unknown(f"{where} [tiles]", tiles, TILE_KEYS)
    center = _require(raw, "center", list, where)
    if len(center) != 2 or not all(isinstance(v, int | float) for v in center):
        raise ConfigError(f"{where}: 'center' must be [latitude, longitude]")
    if not (-90 <= center[0] <= 90 and -180 <= center[1] <= 180):
        raise ConfigError(f"{where}: 'center' is out of range; write [latitude, longitude]")

    available = available_languages()
    languages = tuple(raw.get("languages", SUPPORTED_LANGUAGES))
    for lang in languages:
        if lang not in available:
            raise ConfigError(f"{where}: language {lang!r} is not supported: it has no "
                              f"catalogue (there are: {', '.join(available)})")
    categories = []
    for item in _require(raw, "categories", list, where):
        _warn_unknown(f"{where} [[categories]]", item, CATEGORY_KEYS | set(available))
        key = _require(item, "key", str, f"{where} category")
        if not key.isidentifier():
            raise ConfigError(f"{where}: category key {key!r} must be a plain word")
        labels = {lang: str(value) for lang, value in item.items()
                  if lang in available and value}
        categories.append(Category(key, labels, str(item.get("color", "#555555"))))
        missing = [lang for lang in ("en", *languages) if lang not in labels]
        if missing:
            raise ConfigError(f"{where}: category {key!r} needs a label in "
                              f"{', '.join(dict.fromkeys(missing))} ('{missing[0]}')"
                              + (" (an English label is always needed)"
                                 if "en" in missing else ""))
    if not categories:
        raise ConfigError(f"{where}: at least one category is required")
    if len({c.key for c in categories}) != len(categories):
        raise ConfigError(f"{where}: category keys must be unique")

    default_language = raw.get("default_language", languages[0])
    if default_language not in languages:
        raise ConfigError(f"{where}: 'default_language' {default_language!r} is not one of "
                          f"'languages' ({', '.join(languages)})")
    threshold = raw.get("public_threshold", 5)
    if not isinstance(threshold, int) or threshold < 0:
        raise ConfigError(f"{where}: 'public_threshold' must be a whole number >= 0")

    boundaries = []
    for item in raw.get("boundaries", []):
        _warn_unknown(f"{where} [[boundaries]]", item, BOUNDARY_KEYS)
        p = Path(_require(item, "path", str, f"{where} boundaries"))
        boundaries.append(BoundarySource(
            key=_require(item, "key", str, f"{where} boundaries"),
            title=item.get("title", item["key"]),
            path=p if p.is_absolute() else PROJECT_DIR / p,
            name_field=_require(item, "name_field", str, f"{where} boundaries"),
            population_field=item.get("population_field"),
            crs=item.get("crs"),
            name_template=item.get("name_template", "{}"),
            noun=values.words(item.get("noun", {}), f"{where} boundaries.noun"),
            nouns=values.words(item.get("nouns", {}), f"{where} boundaries.nouns"),
            name_fields=values.words(item.get("name_fields", {}),
                                     f"{where} boundaries.name_fields"),
        ))
    max_bounds = raw.get("max_bounds")
    if max_bounds:
        west, south, east, north = max_bounds
        if not (west <= center[1] <= east and south <= center[0] <= north):
            raise ConfigError(f"{where}: 'center' {center} lies outside 'max_bounds' "
                              f"{max_bounds}: write the centre as [latitude, longitude] and "
                              "the bounds as [west, south, east, north]")
    main_layer = raw.get("main_layer", boundaries[0].key if boundaries else "neighborhoods")
    if boundaries and main_layer not in {b.key for b in boundaries}:
        raise ConfigError(f"{where}: 'main_layer' {main_layer!r} is not one of the "
                          f"[[boundaries]] ({', '.join(b.key for b in boundaries)})")
    demo = raw.get("demo")
    if isinstance(raw.get("limits"), dict):
        _warn_unknown(f"{where} [limits]", raw["limits"], LIMIT_KEYS)
    limits = values.limits(raw.get("limits", {}), where, DEFAULT_LIMITS, LIMIT_KEYS)
    open_data = raw.get("open_data", {})
    if not isinstance(open_data, dict):
        raise ConfigError(f"{where}: [open_data] must be a table")
    _warn_unknown(f"{where} [open_data]", open_data, OPEN_DATA_KEYS)
    licence = tuple(str(open_data.get(k, d)) for k, d in
                    zip(("licence", "licence_title", "licence_url"), DEFAULT_LICENCE,
                        strict=True))
    return City(
        name=_require(raw, "name", str, where),
        short_name=raw.get("short_name", raw["name"]),
        center=(float(center[0]), float(center[1])),
        zoom=int(raw.get("zoom", 11)),
        min_zoom=int(raw.get("min_zoom", 9)),
        max_bounds=tuple(max_bounds) if max_bounds else None,
        tile_url=str(tiles.get("url", "")),
        tile_attribution=str(tiles.get("attribution", "")),
        tile_max_zoom=int(tiles.get("max_zoom", 18)),
        categories=tuple(categories),
        languages=languages,
        default_language=default_language,
        public_threshold=threshold,
        opens_at=values.date(raw.get("opens_at"), "opens_at", where),
        closes_at=values.date(raw.get("closes_at"), "closes_at", where),
        main_layer=main_layer,
        boundaries=tuple(boundaries),
        age_brackets=tuple(raw.get("age_brackets", ("under_16", "16_18", "19_24", "25_30",
                                                      "31_64", "65_plus"))),
        auto_hide_reports=int(raw.get("auto_hide_reports", 3)),
        timezone=values.timezone(raw.get("timezone", "UTC"), where),
        demo_file=(PROJECT_DIR / demo) if demo else None,
        source=Path(path),
        limits=limits,
        licence=licence,
        public_url=values.public_url(raw.get("public_url", ""), where),
        sms_number=values.sms_number(raw.get("sms_number", ""), where),
        currency=values.currency(raw.get("currency", "USD"), where),
        geocoder_url=values.geocoder_url(raw.get("geocoder_url", ""), where),
        projected_crs=values.crs(raw.get("projected_crs"), where),
        outside_areas=values.one_of(raw.get("outside_areas", "refuse"), ("refuse", "accept"),
                                    "outside_areas", where),
    )
