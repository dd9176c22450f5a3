"""A question as a plain document: what the question editor sends, what a questions file
holds, and what the demo reads. ``read`` checks one completely (method and its settings,
texts in the city's languages, dates, options and their drawings) before anything is stored;
``write`` gives a stored question back in the same shape, so export then import changes
nothing.

The document::

    {"key": "broadway-first", "method": "ranked",
     "title": {"en": "...", "es": "..."}, "description": {"en": "...", "es": "..."},
     "settings": {"max_choices": 3},
     "identity": "open", "opens_at": "2026-12-01T14:00:00Z", "closes_at": null,
     "published": false,
     "options": [{"key": "bus", "title": {"en": "...", "es": "..."},
                  "description": {...}, "cost": 120000, "overlay": {GeoJSON geometry}}]}

A text may be a plain string (the city's default language). Dates are ISO 8601; without an
offset they are UTC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from vizlou.errors import N_, InvalidInput
from vizlou.geo.overlays import clean_overlay
from vizlou.models import Identity, Question
from vizlou.services.inputs import clean_text
from vizlou.services.voting import methods
from vizlou.services.voting.methods.base import SETTING_NAMES

MAX_TITLE = 300
MAX_DESCRIPTION = 5000
MAX_OPTIONS = 30
MAX_COST = 1e13
KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")


@dataclass
class OptionDraft:
    key: str | None
    texts: dict[str, dict[str, str]]  # language: {"title", "description"}
    cost: float | None = None
    overlay: dict | None = None


@dataclass
class QuestionDraft:
    key: str | None
    method: str
    texts: dict[str, dict[str, str]]
    settings: dict[str, object]
    options: list[OptionDraft]
    identity: str = Identity.OPEN
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    published: bool | None = None  # None: as it is (a new question starts as a draft)
    position: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Languages:
    """The city's languages, its default first."""

    default: str
    all: tuple[str, ...]

    @classmethod
    def of(cls, city) -> Languages:
        rest = tuple(lang for lang in city.languages if lang != city.default_language)
        return cls(city.default_language, (city.default_language, *rest))


def _bad(message: str, where: str, **params) -> InvalidInput:
    return InvalidInput(message, field=where, **params)


def _texts(value: object, languages: Languages, where: str, *, required: bool,
           limit: int) -> dict[str, str]:
    """``{language: text}`` from a string (the default language) or a mapping."""
    if value is None:
        value = {}
    if isinstance(value, str):
        value = {languages.default: value}
    if not isinstance(value, Mapping):
        raise _bad(N_("Give the text, or one text per language."), where)
    out = {}
    for lang, text in value.items():
        if lang not in languages.all:
            raise _bad(N_("The city has no language %(lang)s; its languages are %(all)s."),
                       where, lang=str(lang)[:10], all=", ".join(languages.all))
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        if not isinstance(text, str):
            raise _bad(N_("Give the text, or one text per language."), where)
        out[lang] = clean_text(text, field=where, limit=limit)
    if required and languages.default not in out:
        raise _bad(N_("Write it at least in %(lang)s."), where, lang=languages.default)
    return out


def _merge(title: dict[str, str], description: dict[str, str]) -> dict[str, dict[str, str]]:
    return {lang: {"title": title.get(lang, ""), "description": description.get(lang, "")}
            for lang in {*title, *description}}


def read_date(value: object, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise _bad(N_("Write the date like 2026-12-01T18:00."), where) from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if not 2000 <= parsed.year <= 2200:
        raise _bad(N_("Write the date like 2026-12-01T18:00."), where)
    return parsed


def _key(value: object, where: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not KEY.match(value):
        raise _bad(N_("A key is lowercase letters, digits, dots, dashes and underscores "
                      "(up to 60)."), where)
    return value


def _cost(value: object, where: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        cost = float(value) if not isinstance(value, bool) else -1.0
    except (TypeError, ValueError):
        cost = -1.0
    if not 0 <= cost <= MAX_COST:
        raise _bad(N_("A cost is a number of zero or more."), where)
    return cost


def slug(text: str, fallback: str) -> str:
    """A key made from a title: ``What should Broadway get first?`` →
    ``what-should-broadway-get-first``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].rstrip("-")
    return made or fallback


def read(data: object, languages: Languages,
         bounds: tuple[float, float, float, float] | None) -> QuestionDraft:
    """A checked draft of the document ``data``; InvalidInput naming the field otherwise
    (an option's field as ``options.2.title``)."""
    if not isinstance(data, Mapping):
        raise _bad(N_("A question must be an object with a title, a method and options."),
                   "question")
    method = methods.get(data.get("method"))
    title = _texts(data.get("title"), languages, "title", required=True, limit=MAX_TITLE)
    description = _texts(data.get("description"), languages, "description", required=False,
                         limit=MAX_DESCRIPTION)
    raw_options = data.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise _bad(N_("A question needs at least two options."), "options")
    if len(raw_options) > MAX_OPTIONS:
        raise _bad(N_("A question can have at most %(n)s options."), "options", n=MAX_OPTIONS)
    options, keys = [], set()
    for n, item in enumerate(raw_options, start=1):
        where = f"options.{n}"
        if not isinstance(item, Mapping):
            raise _bad(N_("Each option needs at least a title."), where)
        key = _key(item.get("key"), f"{where}.key")
        if key is not None and key in keys:
            raise _bad(N_("Two options have the key %(key)s."), f"{where}.key", key=key)
        keys.add(key)
        option_title = _texts(item.get("title"), languages, f"{where}.title", required=True,
                              limit=MAX_TITLE)
        option_description = _texts(item.get("description"), languages,
                                    f"{where}.description", required=False,
                                    limit=MAX_DESCRIPTION)
        try:
            overlay = (clean_overlay(item["overlay"], bounds) if item.get("overlay")
                       else None)
        except InvalidInput as error:
            error.field = f"{where}.overlay"
            raise
        options.append(OptionDraft(key, _merge(option_title, option_description),
                                   _cost(item.get("cost"), f"{where}.cost"), overlay))
    settings = {name: data[name] for name in SETTING_NAMES if name in data}
    given = data.get("settings") or {}
    if not isinstance(given, Mapping):
        raise _bad(N_("Settings must be an object."), "settings")
    settings.update(given)
    checked = method.check_question(options=len(options), values=settings)
    identity = data.get("identity") or Identity.OPEN
    if identity not in Identity.ALL:
        raise _bad(N_("Voters are told apart by their device (open), by a voting code "
                      "(code) or by their phone number (phone)."), "identity")
    opens_at, closes_at = read_date(data.get("opens_at"), "opens_at"), \
        read_date(data.get("closes_at"), "closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise _bad(N_("A question must close after it opens."), "closes_at")
    published = data.get("published")
    if published is not None and not isinstance(published, bool):
        raise _bad(N_("Published is true or false."), "published")
    position = data.get("position")
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)
                                 or not 0 <= position < 2**31):
        raise _bad(N_("The position is a whole number."), "position")
    return QuestionDraft(_key(data.get("key"), "key"), method.key, _merge(title, description),
                         checked, options, identity, opens_at, closes_at, published, position)


def _per_language(item, languages: Sequence[str], default: str, name: str) -> dict[str, str]:
    out = {default: getattr(item, name) or ""}
    for lang, texts in (item.translations or {}).items():
        if lang != default and (texts or {}).get(name):
            out[lang] = texts[name]
    return {k: v for k, v in out.items() if v}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def write(question: Question, default_language: str) -> dict:
    """The stored question as a document ``read`` takes back."""
    langs = tuple((question.translations or {}).keys())
    method = methods.of(question)
    return {
        "key": question.key, "method": question.method,
        "title": _per_language(question, langs, default_language, "title"),
        "description": _per_language(question, langs, default_language, "description"),
        "settings": {s.name: getattr(question, s.name) for s in method.settings_fields
                     if getattr(question, s.name) is not None},
        "identity": question.identity, "opens_at": _iso(question.opens_at),
        "closes_at": _iso(question.closes_at), "published": bool(question.published),
        "position": question.position,
        "options": [{
            "key": o.key,
            "title": _per_language(o, langs, default_language, "title"),
            "description": _per_language(o, langs, default_language, "description"),
            "cost": o.cost, "overlay": o.overlay} for o in question.options],
    }
