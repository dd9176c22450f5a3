"""Writing a table of plain values as CSV, XLSX, GeoJSON, GeoPackage or a zipped Shapefile.

Pure: a ``Table`` in, bytes out. Text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised in CSV and XLSX
by a leading apostrophe, and XLSX cells holding text are always written as text.
CSV and GeoJSON are written as a stream of chunks (``STREAMERS``), so a table whose rows are
read lazily (``Table.streamed``) is never held whole in memory; the other formats need the
whole table and read it first (``materialized``). Shapefiles keep their limits: field
names of at most 10 characters (the zip holds ``fields.csv`` with the full names) and text
of at most 254 characters.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {  # key: (media type, file extension)
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
    "shp": ("application/zip", "zip"),
}
SHP_NAME = 10


@dataclass(frozen=True)
class Table:
    name: str  # the layer or sheet name
    columns: list[str]
    rows: list[list]
    geometries: list[BaseGeometry | None] | None = None  # None: a table without geometry
    readme: list[tuple[str, str]] = field(default_factory=list)  # (column, what it means)
    title: str = ""  # what the file is, for its README
    licence: tuple[str, ...] = ()  # (name, title, address), for a Data Package
    # Rows read lazily, once, as (row, geometry) pairs: then ``rows`` is empty and
    # ``geometries`` is [] for a table with geometry, None for one without.
    streamed: Iterable[tuple[list, BaseGeometry | None]] | None = None


def pairs(table: Table) -> Iterator[tuple[list, BaseGeometry | None]]:
    """The table's rows with their geometries, read once if the table is streamed."""
    if table.streamed is not None:
        yield from table.streamed
    else:
        yield from zip(table.rows, table.geometries or [None] * len(table.rows), strict=True)


def materialized(table: Table) -> Table:
    """The same table with every row read into memory (for formats that need them all)."""
    if table.streamed is None:
        return table
    rows, shapes = [], []
    for row, shape in table.streamed:
        rows.append(row)
        shapes.append(shape)
    return replace(table, rows=rows, streamed=None,
                   geometries=None if table.geometries is None else shapes)


def neutralise(value):
    """Text that starts like a formula gets an apostrophe in front; anything else stays."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _spreadsheet_text(value):
    """Text a spreadsheet file can hold: control characters (which XLSX refuses) become
    spaces. Stored text never has them now, but older rows might."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value


def _plain(value):
    return value.isoformat(sep=" ") if isinstance(value, datetime) else \
        value.isoformat() if isinstance(value, date) else value


def _drained(out: io.StringIO) -> bytes:
    chunk = out.getvalue().encode()
    out.seek(0)
    out.truncate()
    return chunk


def csv_chunks(table: Table, every: int = 1000) -> Iterator[bytes]:
    out = io.StringIO()
    out.write("\ufeff")  # the BOM tells Excel it is UTF-8
    writer = csv.writer(out)
    writer.writerow(table.columns)
    yield _drained(out)
    for n, (row, _) in enumerate(pairs(table), start=1):
        writer.writerow(["" if v is None else neutralise(_plain(v)) for v in row])
        if n % every == 0:
            yield _drained(out)
    yield _drained(out)


def to_csv(table: Table) -> bytes:
    return b"".join(csv_chunks(table))


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append(table.columns)
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=neutralise(_spreadsheet_text(value)))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
    sheet.freeze_panes = "A2"
    if table.readme:
        notes = book.create_sheet("README")
        notes.append([table.title])
        notes.append([])
        for column, meaning in table.readme:
            notes.append([neutralise(column), neutralise(meaning)])
        for cell in notes["A"] + notes["B"]:
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def geojson_chunks(table: Table, every: int = 500) -> Iterator[bytes]:
    head = {"type": "FeatureCollection", "name": table.name}
    if table.readme:  # a foreign member: GIS tools skip it, people and scripts can read it
        head["columns"] = dict(table.readme)
    out = io.StringIO()
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
    yield _drained(out)
    for n, (row, g) in enumerate(pairs(table)):
        feature = {"type": "Feature", "geometry": mapping(g) if g is not None else None,
                   "properties": {k: _plain(v)
                                  for k, v in zip(table.columns, row, strict=True)}}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False))
        if (n + 1) % every == 0:
            yield _drained(out)
    out.write("]}")
    yield _drained(out)


def to_geojson(table: Table) -> bytes:
    return b"".join(geojson_chunks(table))


def _frame(table: Table, columns: list[str], text_dates: bool) -> pd.DataFrame:
    import geopandas as gpd  # pandas and GDAL load slowly: only exports need them
    import pandas as pd

    frame = pd.DataFrame(table.rows, columns=columns)
    if text_dates:
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, date)).any():
                frame[column] = frame[column].map(_plain)
    if table.geometries is None:
        return frame
    return gpd.GeoDataFrame(frame, geometry=list(table.geometries), crs="EPSG:4326")


def _write(frame: pd.DataFrame, path: Path, driver: str, layer: str) -> None:
    import geopandas as gpd
    import pyogrio

    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_file(path, driver=driver, layer=layer)
    else:
        pyogrio.write_dataframe(frame, path, driver=driver, layer=layer)


def to_gpkg(table: Table) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table.name}.gpkg"
        _write(_frame(table, table.columns, text_dates=False), path, "GPKG", table.name)
        if table.readme:
            import pandas as pd
            import pyogrio

            pyogrio.write_dataframe(pd.DataFrame(table.readme, columns=["column", "meaning"]),
                                    path, driver="GPKG", layer="readme")
        return path.read_bytes()


def short_names(columns: list[str], limit: int = SHP_NAME) -> list[str]:
    """Unique field names of at most ``limit`` characters, in the same order."""
    out: list[str] = []
    for column in columns:
        name, n = column[:limit], 1
        while name.lower() in (o.lower() for o in out):
            suffix = str(n)
            name, n = column[:limit - len(suffix)] + suffix, n + 1
        out.append(name)
    return out


def to_shp(table: Table) -> bytes:
    names = short_names(table.columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table.name}.shp"
        _write(_frame(table, names, text_dates=True), path, "ESRI Shapefile", table.name)
        fields = io.StringIO()
        csv.writer(fields).writerows([["field", "column"], *zip(names, table.columns,
                                                                  strict=True)])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, part.name)
            archive.writestr("fields.csv", fields.getvalue())
            if table.readme:
                meaning = dict(table.readme)
                lines = [table.title, "", *(f"{short} ({column}): {meaning.get(column, '')}"
                                            for short, column in zip(names, table.columns,
                                                                     strict=True))]
                archive.writestr("README.txt", "\n".join(lines) + "\n")
        return out.getvalue()


STREAMERS = {"csv": csv_chunks, "geojson": geojson_chunks}
WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "geojson": to_geojson, "gpkg": to_gpkg,
           "shp": to_shp}
