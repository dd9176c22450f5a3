"""Every hostile payload through the spreadsheet exports: text that a spreadsheet would run as
a formula is neutralised in CSV and XLSX (an apostrophe in front, and XLSX text cells always
text), every other text comes back exactly as typed, and no export fails."""

from __future__ import annotations

import csv
import io

import pytest
from hostile_payloads import FORMULA_START, PAYLOADS
from openpyxl import load_workbook

from factories import KEY, make_participant
from vizlou.extensions import db
from vizlou.services import audit
from vizlou.services.exports import tables as exports
from vizlou.services.filters import Filters
from vizlou.services.ideas.create import NewIdea, create_idea
from vizlou.services.values import WEB


@pytest.fixture
def stored(app):
    city = app.config["CITY"]
    texts = {}
    for payload in PAYLOADS:
        idea, _ = create_idea(db.session, city, make_participant(), NewIdea(
            category="health", text=payload, lon=-85.7585, lat=38.2527), WEB)
        texts[idea.id] = idea.text
    db.session.commit()
    return city, texts


def expected(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


@pytest.mark.parametrize("public", [False, True])
def test_csv_and_xlsx_neutralise_formulas(stored, public):
    city, texts = stored
    actor = audit.Actor("planner@example.org")
    data = exports.export(db.session, city, "ideas", "csv", Filters(), actor=actor, key=KEY,
                          public=public).read()
    rows = {int(r["id"]): r["text"] for r in csv.DictReader(io.StringIO(
        data.decode("utf-8-sig")))}
    assert rows == {i: expected(t) for i, t in texts.items()}
    book = load_workbook(io.BytesIO(exports.export(
        db.session, city, "ideas", "xlsx", Filters(), actor=actor, key=KEY,
        public=public).read()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    column = header.index("text") + 1
    cells = {row[0].value: row[column - 1] for row in sheet.iter_rows(min_row=2)}
    for idea_id, text in texts.items():
        cell = cells[idea_id]
        assert cell.data_type == "s" and cell.value == expected(text), text


def test_a_boundary_file_with_hostile_names(app, db_session, tmp_path):
    """Names from a boundary file are data all the way: read, stored and drawn as given."""
    import json

    from shapely.geometry import box, mapping

    from vizlou.geo.boundaries import read_boundaries
    from vizlou.services.areas import imports as area_imports
    from vizlou.services.areas.catalog import light_layer

    features = [{"type": "Feature", "properties": {"NAME": payload},
                 "geometry": mapping(box(-85.8 + i * 0.002, 38.2, -85.8 + i * 0.002 + 0.0015,
                                         38.21))}
                for i, payload in enumerate(PAYLOADS)]
    path = tmp_path / "hostile.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    boundaries = read_boundaries(path, name_field="NAME")
    result = area_imports.import_layer(db_session, key="hostile", title=PAYLOADS[0],
                                       boundaries=boundaries, source="hostile.geojson")
    db_session.commit()
    assert result.areas == len(PAYLOADS)
    _, outlines = light_layer(db_session, "hostile")
    names = {f["properties"]["name"] for f in outlines["features"]}
    tidy = {" ".join(p.split()) for p in PAYLOADS}
    shortened = {n for n in names if n.endswith("…")}
    assert names - shortened == tidy - {p for p in tidy if len(p) > 200}
