"""Exports read back with GeoPandas, openpyxl and the csv module, and compared with the
database; formula text neutralised; every export in the audit log; on both databases."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from dataclasses import replace

import geopandas as gpd
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from factories import KEY, stored_by_hand
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, AuditEntry, Ballot, Idea, Participant
from vizlou.services import audit, demo
from vizlou.services.exports import idea_rows
from vizlou.services.exports import tables as exports
from vizlou.services.exports.formats import FORMATS, short_names
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area as summaries

pytestmark = pytest.mark.filterwarnings("ignore:File /vsimem:RuntimeWarning")

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)",
           "\tstarts with a tab", "\rstarts with a return"]


@pytest.fixture(scope="module")
def seeded(shared_db):
    """Demo ideas stored once per database; the tests only read them (and add audit rows)."""
    with shared_db.app_context():
        _seed(shared_db.config["CITY"])
    return shared_db


@pytest.fixture
def city(seeded):
    with seeded.app_context():
        yield seeded.config["CITY"]


def _seed(city):
    demo.seed(db.session, city, ideas=120, seed_value=4)
    ids = list(db.session.scalars(select(Idea.id).order_by(Idea.id).limit(len(HOSTILE) + 1)))
    for idea_id, text in zip(ids, HOSTILE, strict=False):
        db.session.execute(update(Idea).where(Idea.id == idea_id).values(text=text))
    db.session.execute(update(Idea).where(Idea.id == ids[-1]).values(moderation="hidden"))
    stored_by_hand(db.session)


def run(city, kind, fmt, **kw):
    """One export, with its file read whole (a streamed one to its end)."""
    result = exports.export(db.session, city, kind, fmt, kw.pop("flt", Filters()),
                            actor=audit.Actor("planner@example.org", None), key=KEY, **kw)
    return replace(result, data=result.read())


def number(value) -> float | None:
    """A number read back from any format (empty text, None and NaN are no number)."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def read_back(result, fmt) -> list[dict]:
    """Rows as dicts of text or values, whatever the format."""
    if fmt == "csv":
        text = result.data.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(result.data)).active
        rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    if fmt == "shp":
        archive = zipfile.ZipFile(io.BytesIO(result.data))
        names = dict(csv.reader(io.StringIO(archive.read("fields.csv").decode())))
        frame = gpd.read_file(io.BytesIO(result.data))
        frame = frame.rename(columns={k: v for k, v in names.items() if k != "field"})
    else:  # the first layer of a GeoPackage; a second one, "readme", says what columns mean
        frame = gpd.read_file(io.BytesIO(result.data), layer=0)
    return [dict(zip(frame.columns, r, strict=True)) for r in frame.itertuples(index=False)]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_ideas_in_every_format(city, fmt):
    result = run(city, "ideas", fmt)
    rows = read_back(result, fmt)
    stored = {i.id: i for i in db.session.scalars(select(Idea).where(
        Idea.moderation != "hidden"))}
    assert len(rows) == result.rows == len(stored) == 120 - 1
    for row in rows:
        idea = stored[int(row["id"])]
        text, expected = str(row["text"]), idea.text
        if fmt == "xlsx":  # XML may read a carriage return back as a newline (without lxml)
            text, expected = text.replace("\r", "\n"), expected.replace("\r", "\n")
        if fmt in ("csv", "xlsx") and idea.text in HOSTILE:
            assert text == "'" + expected  # neutralised
        elif fmt == "shp":
            assert text == expected[:254]
        else:
            assert text == expected
        assert row["category"] == idea.category
        assert float(row["lon"]) == pytest.approx(idea.lon)
        assert row["neighborhoods"]  # every demo idea lies in a neighborhood
        assert "token" not in row
    if fmt in ("geojson", "gpkg", "shp"):
        frame = gpd.read_file(io.BytesIO(result.data), layer=0)
        assert frame.crs.to_epsg() == 4326
        assert (frame.geometry.geom_type == "Point").all()
        assert len(frame) == len(stored)


def test_xlsx_text_is_never_a_formula(city):
    sheet = load_workbook(io.BytesIO(run(city, "ideas", "xlsx").data)).active
    column = [c.value for c in sheet[1]].index("text") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert all(c.data_type == "s" for c in cells)
    # A carriage return comes back as itself or as a line feed, depending on whether
    # openpyxl writes with lxml: compare with both made line feeds.
    hostile = [c.value.replace("\r", "\n") for c in cells if c.value.startswith("'")]
    assert sorted(hostile) == sorted("'" + t.replace("\r", "\n") for t in HOSTILE)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_ballots_are_anonymised_in_every_format(city, fmt):
    result = run(city, "ballots", fmt)
    rows = read_back(result, fmt)
    stored = {b.id: b for b in db.session.scalars(select(Ballot))}
    assert len(rows) == len(stored) > 50
    tokens = set(db.session.scalars(select(Participant.token_hash)))
    for row in rows:
        ballot = stored[int(row["ballot"])]
        assert json.loads(row["choice"]) == ballot.choice
        assert int(row["participant"]) == idea_rows.pseudonym(KEY, ballot.participant_id)
        assert int(row["participant"]) != ballot.participant_id
        assert not tokens & {str(v) for v in row.values()}
    # The same person gets the same number in every export.
    again = read_back(run(city, "ballots", "csv"), "csv")
    assert {r["ballot"]: r["participant"] for r in again} == {
        str(int(r["ballot"])): str(int(r["participant"])) for r in rows}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_area_summaries_in_every_format(city, fmt):
    flt = Filters(layer="census_tracts")
    summary = summaries.summarize(db.session, city, flt)
    rows = {str(r["area"]): r for r in read_back(run(city, "summaries", fmt, flt=flt), fmt)}
    assert len(rows) == len(summary.areas) + 1  # and the "area unknown" row
    for area in summary.areas:
        row = rows[area.name]
        assert int(row["participants"]) == area.participants
        assert int(row["ideas"]) == area.ideas
        assert int(row["ideas_health"]) == area.by_category["health"]
        assert int(row["supports"]) == area.supports
        assert number(row["representation"]) == pytest.approx(area.representation)
    if fmt in ("geojson", "gpkg", "shp"):
        frame = gpd.read_file(io.BytesIO(run(city, "summaries", fmt, flt=flt).data), layer=0)
        assert frame.geometry.notna().sum() == len(summary.areas) == 216
        assert set(frame.geometry.dropna().geom_type) <= {"Polygon", "MultiPolygon"}


def test_public_exports_suppress_and_leave_out_participants(city):
    ideas = read_back(run(city, "ideas", "csv", public=True), "csv")
    assert "participant" not in ideas[0]
    ballots = read_back(run(city, "ballots", "geojson", public=True), "geojson")
    assert "participant" not in ballots[0]
    rows = read_back(run(city, "summaries", "xlsx", public=True), "xlsx")
    exact = {a.name: a for a in summaries.summarize(db.session, city, Filters()).areas}
    small = 0
    for row in rows:
        if row["area"] in exact:
            n = exact[row["area"]].participants
            assert row["participants"] == (None if n < city.public_threshold else n)
            small += n < city.public_threshold
            assert ("participants" in (row["suppressed"] or "")) == (n < city.public_threshold)
    assert small > 0


def test_every_export_is_audited(city):
    before = db.session.scalar(select(func.count(AuditEntry.id)))
    run(city, "ideas", "csv", flt=Filters(channel="web"))
    run(city, "summaries", "gpkg", public=True)
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                                      .limit(2)))
    assert db.session.scalar(select(func.count(AuditEntry.id))) == before + 2
    assert [e.action for e in entries] == ["export", "export"]
    assert entries[1].actor == "planner@example.org"
    assert entries[1].target_id == "ideas"
    assert entries[1].detail["format"] == "csv" and entries[1].detail["filters"] == {
        "channel": "web", "layer": "neighborhoods"}
    assert entries[0].detail == {"format": "gpkg", "public": True, "rows": 148,
                                 "filters": {"layer": "neighborhoods"}}


def test_shapefile_field_names_are_short_and_unique():
    names = short_names(["participants", "participant", "ideas_connectivity",
                         "ideas_conn", "representation"])
    assert all(len(n) <= 10 for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_unknown_kind_or_format_is_refused(sqlite_app):
    city = sqlite_app.config["CITY"]
    with pytest.raises(exports.InvalidInput):
        run(city, "people", "csv")
    with pytest.raises(exports.InvalidInput):
        run(city, "ideas", "pdf")


def test_ballots_carry_the_voters_area_and_every_file_says_what_its_columns_mean(city):
    areas = dict(db.session.execute(select(Area.name, Area.geom).join(AreaLayer).where(
        AreaLayer.key == "neighborhoods")).all())
    for fmt in ("gpkg", "shp"):
        data = run(city, "ballots", fmt).data
        if fmt == "shp":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                assert {"ballots.shp", "ballots.shx", "ballots.dbf", "ballots.prj",
                        "README.txt"} <= names
                readme = archive.read("README.txt").decode()
            assert "choice_tex (choice_text): The ballot in words" in readme
            frame = gpd.read_file(io.BytesIO(data))
        else:
            frame = gpd.read_file(io.BytesIO(data), layer="ballots")
            notes = gpd.read_file(io.BytesIO(data), layer="readme")
            assert "The voter's area" in " ".join(notes["meaning"]) or \
                "the voter's area" in " ".join(notes["meaning"])
        placed = frame[frame["area"].notna()]
        assert len(placed) > 20 and frame.crs.to_epsg() == 4326
        for _, row in placed.head(10).iterrows():  # each ballot drawn as its voter's area
            area = areas[row["area"]]
            assert row.geometry.symmetric_difference(area).area < area.area * 1e-6
    book = load_workbook(io.BytesIO(run(city, "ideas", "xlsx").data))
    notes = {r[0]: r[1] for r in book["README"].iter_rows(min_row=3, values_only=True)}
    assert notes["supports"] == "How many residents support it."
    assert "neighborhoods" in notes and "council_districts" in notes
    document = json.loads(run(city, "summaries", "geojson").data)
    assert document["columns"]["representation"].startswith("The area's share")
    text = exports.readme_text(db.session, city, "summaries", Filters())
    assert "per_1000: Participants per 1,000 people" in text and "geometry:" in text


def test_export_file_names_carry_no_spaces_or_punctuation():
    from dataclasses import replace

    from vizlou.city import load_city
    from vizlou.config import DEFAULT_CITY_FILE
    from vizlou.services.exports.tables import city_slug

    city = load_city(DEFAULT_CITY_FILE)
    assert city_slug(replace(city, short_name="Washington, DC")) == "washington-dc"
    assert city_slug(replace(city, short_name="Saint-Étienne")) == "saint-étienne"
    assert city_slug(replace(city, short_name="東京 / Tokyo")) == "東京-tokyo"
    assert city_slug(replace(city, short_name="!!!")) == "city"
