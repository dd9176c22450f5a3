"""The commands: boundaries, users, demo and db; clear one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import geopandas as gpd
import pytest
from shapely.geometry import Point
from sqlalchemy import func, select

from factories import stored_by_hand, zipped_shapefile
from helpers import BOUNDARIES, ROOT
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, AuditEntry, Ballot, Idea, StaffUser, Support
from vizlou.services.areas import layers as area_layers

LOJIC = BOUNDARIES / "lojic_urban_neighborhoods"


def invoke(cli, *args, input=None):
    return cli.invoke(args=list(args), input=input, catch_exceptions=False)


def one_line_error(result, text):
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert text in result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.output


@pytest.fixture
def state_plane_zip(tmp_path):
    """The LOJIC shapefile in Kentucky North state-plane feet, zipped as cities ship them."""
    frame = gpd.read_file(LOJIC / "Louisville_KY_Urban_Neighborhoods.shp").to_crs("EPSG:2246")
    return zipped_shapefile(frame, tmp_path, "urban")


def test_import_a_state_plane_zipped_shapefile(cli, db_session, state_plane_zip):
    db_session.add(Idea(client_id="x", category="health", text="t", lon=-85.7585, lat=38.2527,
                        geom=Point(-85.7585, 38.2527)))
    stored_by_hand(db_session)
    result = invoke(cli, "boundaries", "import", str(state_plane_zip), "--layer", "urban",
                    "--name-field", "NH_NAME", "--title", "Urban neighborhoods")
    assert result.exit_code == 0, result.output
    assert "Imported layer 'urban': 78 areas from 92 features (EPSG:2246); 1 ideas assigned" \
        in result.output
    assert "warning: 3 name(s) had several polygons" in result.output
    layer = db_session.scalar(select(AreaLayer).where(AreaLayer.key == "urban"))
    assert layer.title == "Urban neighborhoods"
    assert db_session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "boundaries.import")) == 4


def test_reimport_replaces_and_list_and_remove(cli, db_session):
    path = BOUNDARIES / "census_tracts_2020.geojson"
    result = invoke(cli, "boundaries", "import", str(path), "--layer", "census_tracts",
                    "--name-field", "name", "--population-field", "pop2020")
    assert "Replaced layer 'census_tracts': 216 areas" in result.output
    listing = invoke(cli, "boundaries", "list").output
    assert "neighborhoods (main): Neighborhoods, 147 areas, population 782,955" in listing
    assert "council_districts: Council districts, 26 areas" in listing
    assert invoke(cli, "boundaries", "remove", "council_districts", "--yes").exit_code == 0
    assert "council_districts" not in invoke(cli, "boundaries", "list").output
    one_line_error(invoke(cli, "boundaries", "remove", "nope", "--yes"),
                   "There is no area layer nope.")


def test_import_errors_are_one_clear_line_and_store_nothing(cli, db_session, tmp_path):
    before = db_session.scalar(select(func.count(Area.id)))
    frame = gpd.read_file(LOJIC / "Louisville_KY_Urban_Neighborhoods.shp").to_crs("EPSG:2246")
    frame.set_crs(None, allow_override=True).to_file(tmp_path / "nocrs.shp")
    cases = [
        ([str(tmp_path / "missing.geojson")], "does not exist"),
        ([str(tmp_path / "nocrs.shp")], "Give it with --crs"),
        ([str(BOUNDARIES / "neighborhoods.geojson"), "--population-field", "people"],
         "no field people"),
    ]
    for args, message in cases:
        result = invoke(cli, "boundaries", "import", *args, "--layer", "neighborhoods",
                        "--name-field", "NH_NAME" if "nocrs" in args[0] else "neighborhood")
        one_line_error(result, message)
    assert db_session.scalar(select(func.count(Area.id))) == before
    ok = invoke(cli, "boundaries", "import", str(tmp_path / "nocrs.shp"), "--layer", "urban",
                "--name-field", "NH_NAME", "--crs", "EPSG:2246")
    assert ok.exit_code == 0 and "78 areas" in ok.output


def test_a_bad_layer_key_is_refused(cli):
    result = invoke(cli, "boundaries", "import", str(BOUNDARIES / "neighborhoods.geojson"),
                    "--layer", "bad key!", "--name-field", "neighborhood")
    assert result.exit_code == 2 and "letters, digits" in result.output


def test_users_create_from_stdin_and_errors(cli, db_session):
    result = invoke(cli, "users", "create", "--email", "Ana@Example.org", "--role", "planner",
                    "--password-stdin", input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(StaffUser))
    assert user.email == "ana@example.org" and user.role == "planner"
    assert user.password_hash != "a long enough password"
    one_line_error(invoke(cli, "users", "create", "--email", "ana@example.org", "--role",
                          "admin", "--password-stdin", input="another long password\n"),
                   "already exists")
    one_line_error(invoke(cli, "users", "create", "--email", "bo@example.org", "--role",
                          "admin", "--password-stdin", input="short\n"), "at least 10")
    one_line_error(invoke(cli, "users", "create", "--email", "not-an-email", "--role",
                          "admin", "--password-stdin", input="long enough password\n"),
                   "is not an email address")
    assert "ana@example.org\tplanner" in invoke(cli, "users", "list").output


def test_users_create_asks_for_the_password(cli, db_session):
    result = invoke(cli, "users", "create", "--email", "f@example.org", "--role", "facilitator",
                    input="password one two\npassword one two\n")
    assert result.exit_code == 0, result.output
    assert db_session.scalar(select(StaffUser.role)) == "facilitator"


def test_demo_seed(cli, db_session):
    result = invoke(cli, "demo", "seed", "--ideas", "300", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert db_session.scalar(select(func.count(Idea.id))) == 300
    assert db_session.scalar(select(func.count(Support.id))) > 100
    assert db_session.scalar(select(func.count(Ballot.id))) > 100
    assert "Seeded 300 ideas" in result.output


def test_demo_seed_without_the_main_layer(cli):
    invoke(cli, "boundaries", "remove", "neighborhoods", "--yes")
    one_line_error(invoke(cli, "demo", "seed", "--ideas", "10"),
                   "There is no area layer neighborhoods.")


def test_the_real_command_line_never_prints_a_traceback(sqlite_app, tmp_path):
    """As a user types it: a separate process, `flask --app vizlou ...`."""
    env = {**os.environ, "DATABASE_URL": sqlite_app.config["SQLALCHEMY_DATABASE_URI"],
           "VIZLOU_INSTANCE": str(tmp_path), "SECRET_KEY": "x"}
    flask = [sys.executable, "-m", "flask", "--app", "vizlou"]
    bad = subprocess.run([*flask, "boundaries", "import", str(ROOT / "pyproject.toml"), "--layer",
                          "x", "--name-field", "n"], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("Error: Could not read")
    upgrade = subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    assert "Running upgrade" not in upgrade.stderr  # the template is at the newest revision
    assert len(area_layers.list_layers(db.session)) == 3


def test_a_bad_city_file_and_a_database_without_tables_are_one_line(tmp_path):
    """As a city's IT person meets them: a language without a catalogue, and a command run
    before `db upgrade`."""
    flask = [sys.executable, "-m", "flask", "--app", "vizlou"]
    city = (ROOT / "vizlou" / "cities" / "louisville.toml").read_text()
    (tmp_path / "city.toml").write_text(city.replace('languages = ["en", "es"]',
                                                     'languages = ["en", "xx"]'))
    env = {**os.environ, "VIZLOU_INSTANCE": str(tmp_path), "SECRET_KEY": "x",
           "VIZLOU_CITY_FILE": str(tmp_path / "city.toml")}
    bad = subprocess.run([*flask, "users", "list"], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "'xx'" in bad.stderr
    env.pop("VIZLOU_CITY_FILE")
    (tmp_path / "city.toml").unlink()
    empty = subprocess.run([*flask, "users", "list"], env=env, cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
    assert "db upgrade" in empty.stderr and empty.stderr.strip().count("\n") == 0
