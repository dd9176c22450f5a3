"""Open data in a standard shape: a public page and a Data Package per question and per
layer, small counts left empty, the city's licence; every bundle (public or planners')
validated with the frictionless library, on both databases."""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile

import frictionless
import pytest
from sqlalchemy import select

from factories import login_as
from vizlou.extensions import db
from vizlou.models import Question
from vizlou.services import demo


def seed(app):
    demo.seed(db.session, app.config["CITY"], ideas=200, seed_value=6)
    db.session.commit()
    return app


@pytest.fixture
def seeded(app):
    return seed(app)


def valid_package(data: bytes, folder) -> dict:
    """The package unzipped, checked by frictionless (schema, types, licence), and read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
        names = set(archive.namelist())
    assert {"datapackage.json", "README.txt"} <= names
    # The descriptor, schemas and licence whole, and the first 30 rows of each file: each
    # GeoJSON cell costs frictionless 66 ms to check (the tests below read every row).
    sample = folder / "sample"
    sample.mkdir()
    meta = json.loads((folder / "datapackage.json").read_text())
    for resource in meta["resources"]:
        with open(folder / resource["path"], newline="") as whole, \
                open(sample / resource["path"], "w", newline="") as part:
            csv.writer(part, lineterminator="\n").writerows(
                itertools.islice(csv.reader(whole), 31))
    (sample / "datapackage.json").write_text(json.dumps(meta))
    report = frictionless.validate(sample / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    return json.loads((folder / "datapackage.json").read_text())


def rows_of(folder, resource) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / resource["path"]).read_text())))


def test_public_pages_and_packages_per_question_and_layer(seeded, client, tmp_path):
    city = seeded.config["CITY"]
    threshold = city.public_threshold
    page = client.get("/open-data").get_data(as_text=True)
    assert "Creative Commons Attribution 4.0" in page
    questions = db.session.scalars(select(Question.id).order_by(Question.id)).all()
    assert len(questions) == 5
    for qid in questions:
        assert f"/open-data/questions/{qid}.zip" in page
    for qid in questions[:2]:  # validating costs seconds: two methods are enough
        html = client.get(f"/open-data/questions/{qid}")
        assert html.status_code == 200 and "Download as a Data Package" in html.get_data(
            as_text=True)
        folder = tmp_path / f"q{qid}"
        meta = valid_package(client.get(f"/open-data/questions/{qid}.zip").data, folder)
        assert meta["licenses"][0]["name"] == city.licence[0]
        (resource,) = meta["resources"]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert fields["ballots"]["type"] == "integer" and fields["ballots"]["description"]
        rows = rows_of(folder, resource)
        assert rows[-1]["area"] == "(whole city)" and int(rows[-1]["ballots"]) > threshold
        small = [r for r in rows if not r["ballots"]]
        assert small and all(r["ahead"] == "" and r["suppressed"] for r in small)
        assert all(int(r["ballots"]) >= threshold for r in rows if r["ballots"])
    for key in ("neighborhoods", "council_districts"):
        folder = tmp_path / key
        assert client.get(f"/open-data/layers/{key}").status_code == 200
        meta = valid_package(client.get(f"/open-data/layers/{key}.zip").data, folder)
        rows = rows_of(folder, meta["resources"][0])
        counts = [int(r["participants"]) for r in rows if r["participants"]]
        assert all(n >= threshold for n in counts)
        if key == "council_districts":  # 26 big areas: counts to show
            assert counts
        else:  # 147 small ones: some left empty
            assert any(not r["participants"] for r in rows)
        assert json.loads(rows[0]["geometry"])["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/open-data/layers/nope").status_code == 404
    assert client.get("/open-data/questions/99999.zip").status_code == 404


def test_every_planners_export_is_a_data_package_too(sqlite_app, tmp_path):
    """The same tables as the other formats (checked on both databases there)."""
    seed(sqlite_app)
    client = sqlite_app.test_client()
    login_as(client, "planner")
    for kind in ("ideas", "ballots", "summaries"):
        response = client.get(f"/plan/exports/{kind}.datapackage")
        assert response.status_code == 200
        assert ".datapackage.zip" in response.headers["Content-Disposition"]
        meta = valid_package(response.data, tmp_path / kind)
        fields = {f["name"]: f["type"] for f in meta["resources"][0]["schema"]["fields"]}
        assert "geometry" in fields
    assert fields["participants"] == "integer"
