"""Every export bundle as a Frictionless Data Package: a zip holding each table as CSV
(UTF-8, formula text neutralised, geometry as a GeoJSON column), a ``datapackage.json`` that
describes each file with a Table Schema (field names, types and what each means) and the
city's licence, and a README.txt for people. Another city's tools (``frictionless``, CKAN,
Socrata, pandas) read it without guessing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime

from shapely.geometry import mapping

from vizlou.models.types import utcnow
from vizlou.services.exports.formats import Table, _plain, neutralise
from vizlou.services.exports.readme import as_text


def _type(values: list) -> str:
    """The Table Schema type that every value of a column fits."""
    present = [v for v in values if v is not None]
    if not present:
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "number"
    if all(isinstance(v, datetime) for v in present):
        return "datetime"
    if all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return "date"
    return "string"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "data"


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "datetime":
        return value.isoformat(timespec="seconds")
    if kind == "string":
        return neutralise(str(_plain(value)))
    return str(_plain(value)).lower() if kind == "boolean" else str(_plain(value))


def _csv(table: Table, kinds: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    geometry = table.geometries is not None
    writer.writerow([*table.columns, *(["geometry"] if geometry else [])])
    shapes = table.geometries or [None] * len(table.rows)
    for row, shape in zip(table.rows, shapes, strict=True):
        cells = [_cell(v, k) for v, k in zip(row, kinds, strict=True)]
        if geometry:
            cells.append(json.dumps(mapping(shape)) if shape is not None else "")
        writer.writerow(cells)
    return out.getvalue()


def descriptor(name: str, title: str, tables: list[Table],
               licence: tuple[str, str, str]) -> dict:
    resources = []
    for table in tables:
        kinds = [_type([row[i] for row in table.rows]) for i in range(len(table.columns))]
        meaning = dict(table.readme)
        fields = [{"name": c, "type": k, **({"description": meaning[c]} if meaning.get(c)
                                             else {})}
                  for c, k in zip(table.columns, kinds, strict=True)]
        if table.geometries is not None:
            fields.append({"name": "geometry", "type": "geojson",
                           "description": "GeoJSON geometry, WGS 84 (EPSG:4326)"})
        for f in fields:
            if f["type"] == "datetime":
                f["format"] = "any"
        resources.append({
            "name": _slug(table.name), "path": f"{_slug(table.name)}.csv",
            "profile": "tabular-data-resource", "title": table.title or table.name,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields}})
    return {"profile": "tabular-data-package", "name": _slug(name), "title": title,
            "licenses": [{"name": licence[0], "title": licence[1], "path": licence[2]}],
            "created": utcnow().replace(microsecond=0).isoformat() + "Z",
            "resources": resources}


def package(name: str, title: str, tables: list[Table],
            licence: tuple[str, str, str]) -> bytes:
    """The zipped Data Package of ``tables``."""
    meta = descriptor(name, title, tables, licence)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(meta, ensure_ascii=False, indent=1))
        notes = [title, "", f"Licence: {licence[1]} ({licence[2]})", ""]
        for table, resource in zip(tables, meta["resources"], strict=True):
            kinds = [f["type"] for f in resource["schema"]["fields"]][:len(table.columns)]
            archive.writestr(resource["path"], _csv(table, kinds))
            notes.append(as_text(f"{resource['path']}: {resource['title']}", table.readme,
                                 table.geometries is not None))
        archive.writestr("README.txt", "\n".join(notes))
    return out.getvalue()
