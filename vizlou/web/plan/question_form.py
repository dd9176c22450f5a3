"""The question editor's form, both ways: the posted fields (and uploaded drawings) as a
question document for ``services.voting.drafts``, and a document as the fields' values.

Field names: ``method``, ``key``, ``identity``, ``title-<lang>``, ``description-<lang>``,
``setting-<method>-<name>``, ``opens_at`` and ``closes_at`` (the city's local time, as a
``datetime-local`` input gives it), ``options`` (how many rows) and per row ``n`` (from 1)
``option-n-key``, ``option-n-title-<lang>``, ``option-n-description-<lang>``,
``option-n-cost``, ``option-n-overlay`` (GeoJSON text, which the drawing map fills),
``option-n-file`` (a drawing to upload) and ``option-n-remove``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from vizlou.errors import N_, InvalidInput
from vizlou.geo.overlay_files import read_overlay_file
from vizlou.services.voting import methods
from vizlou.services.voting.drafts import MAX_OPTIONS

MAX_OVERLAY_TEXT = 8 * 1024 * 1024


def local_to_utc(text: str, zone: ZoneInfo) -> str | None:
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        return text  # the draft's reader says what is wrong with it
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None).isoformat()


def _utc_to_local(text: str | None, zone: ZoneInfo) -> str:
    if not text:
        return ""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None).isoformat(timespec="minutes")


def rows_of(form) -> int:
    try:
        n = int(form.get("options", "2"))
    except ValueError:
        n = 2
    return max(2, min(n, MAX_OPTIONS))


def _overlay(form, files, n: int, values: dict) -> object:
    """The row's drawing: an uploaded file (read now, and kept as text so that a form shown
    again with an error keeps it), else the GeoJSON text, else none."""
    upload = files.get(f"option-{n}-file") if files else None
    if upload is not None and upload.filename:
        try:
            geometry = read_overlay_file(upload.read(), upload.filename)
        except InvalidInput as error:
            error.field = f"options.{n}.overlay"
            raise
        values[f"option-{n}-overlay"] = json.dumps(geometry)
        return geometry
    text = form.get(f"option-{n}-overlay", "").strip()
    if not text:
        return None
    if len(text) > MAX_OVERLAY_TEXT:
        raise InvalidInput(N_("The drawing is too large."), field=f"options.{n}.overlay")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidInput(N_("The drawing must be GeoJSON: a line or an area."),
                           field=f"options.{n}.overlay") from exc


def to_document(form, files, languages: tuple[str, ...], zone: ZoneInfo,
                values: dict) -> dict:
    """The posted form as a question document. ``values`` gets the fields as posted (with
    uploads turned into text), to show the form again when the document is refused."""
    values.update({k: v for k, v in form.items() if k != "csrf_token"})
    method_key = form.get("method", "")
    method = methods.REGISTRY.get(method_key)
    options = []
    for n in range(1, rows_of(form) + 1):
        if form.get(f"option-{n}-remove"):
            continue
        title = {lang: form.get(f"option-{n}-title-{lang}", "") for lang in languages}
        overlay = _overlay(form, files, n, values)
        if not any(v.strip() for v in title.values()) and overlay is None \
                and not form.get(f"option-{n}-cost"):
            continue  # an empty row
        options.append({
            "key": form.get(f"option-{n}-key") or None, "title": title,
            "description": {lang: form.get(f"option-{n}-description-{lang}", "")
                            for lang in languages},
            "cost": form.get(f"option-{n}-cost") or None, "overlay": overlay})
    return {
        "key": form.get("key") or None, "method": method_key,
        "title": {lang: form.get(f"title-{lang}", "") for lang in languages},
        "description": {lang: form.get(f"description-{lang}", "") for lang in languages},
        "settings": {s.name: form.get(f"setting-{method_key}-{s.name}")
                     for s in (method.settings_fields if method else ())},
        "identity": form.get("identity") or "open",
        "opens_at": local_to_utc(form.get("opens_at", ""), zone),
        "closes_at": local_to_utc(form.get("closes_at", ""), zone),
        "options": options}


def locked_document(posted: dict, stored: dict) -> dict:
    """For a question with ballots: the posted wording and dates on the stored meaning (the
    form shows the rest but does not send it)."""
    texts = {o["key"]: o for o in posted["options"] if o.get("key")}
    options = [{**o, "title": texts.get(o["key"], o)["title"],
                "description": texts.get(o["key"], o)["description"]}
               for o in stored["options"]]
    return {**stored, "title": posted["title"], "description": posted["description"],
            "opens_at": posted["opens_at"], "closes_at": posted["closes_at"],
            "options": options, "published": None}


def values_of(document: dict, zone: ZoneInfo) -> dict:
    """A stored document as the form's field values."""
    out = {"method": document["method"], "key": document.get("key") or "",
           "identity": document.get("identity") or "open",
           "opens_at": _utc_to_local(document.get("opens_at"), zone),
           "closes_at": _utc_to_local(document.get("closes_at"), zone),
           "options": str(max(2, len(document["options"])))}
    for lang, text in (document.get("title") or {}).items():
        out[f"title-{lang}"] = text
    for lang, text in (document.get("description") or {}).items():
        out[f"description-{lang}"] = text
    for name, value in (document.get("settings") or {}).items():
        out[f"setting-{document['method']}-{name}"] = "" if value is None else f"{value:g}" \
            if isinstance(value, float) else str(value)
    for n, option in enumerate(document["options"], start=1):
        out[f"option-{n}-key"] = option.get("key") or ""
        for lang, text in (option.get("title") or {}).items():
            out[f"option-{n}-title-{lang}"] = text
        for lang, text in (option.get("description") or {}).items():
            out[f"option-{n}-description-{lang}"] = text
        out[f"option-{n}-cost"] = "" if option.get("cost") is None else f"{option['cost']:g}"
        out[f"option-{n}-overlay"] = json.dumps(option["overlay"]) if option.get("overlay") \
            else ""
    return out
