"""``flask export``: every kind to a file, read back; clear one-line errors; audited."""

from __future__ import annotations

import geopandas as gpd
import pytest
from sqlalchemy import func, select

from vizlou.extensions import db
from vizlou.models import AuditEntry, Idea
from vizlou.services import demo


@pytest.fixture
def seeded(app):
    demo.seed(db.session, app.config["CITY"], ideas=80, seed_value=6)
    db.session.commit()


def test_export_every_kind_from_the_command_line(cli, seeded, tmp_path):
    ideas = tmp_path / "ideas.gpkg"
    result = cli.invoke(args=["export", "ideas", "--format", "gpkg", "--out", str(ideas)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 80 rows of ideas to {ideas}." in result.output
    stored = db.session.scalar(select(func.count(Idea.id)))
    assert len(gpd.read_file(ideas, layer=0)) == stored == 80
    tracts = tmp_path / "tracts.zip"
    result = cli.invoke(args=["export", "summaries", "--layer", "census_tracts", "--format",
                              "shp", "--out", str(tracts), "--public"])
    assert result.exit_code == 0, result.output
    assert gpd.read_file(tracts, layer=0).geometry.notna().sum() == 216
    ballots = tmp_path / "ballots.csv"
    result = cli.invoke(args=["export", "ballots", "--format", "csv", "--out", str(ballots),
                              "--channel", "web", "--since", "2026-10-01"])
    assert result.exit_code == 0, result.output
    assert ballots.read_text(encoding="utf-8-sig").startswith("ballot,question_id,question,")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.target_id) for e in entries] == [
        ("command line", "ideas"), ("command line", "summaries"), ("command line", "ballots")]
    assert entries[2].detail["filters"] == {"since": "2026-10-01", "channel": "web",
                                            "layer": "neighborhoods"}


@pytest.mark.parametrize(("args", "message"), [
    (["--layer", "nowhere"], "There is no area layer nowhere."),
    (["--category", "nope"], "Choose a topic from the list."),
])
def test_export_errors_are_one_line(cli, tmp_path, args, message):
    result = cli.invoke(args=["export", "summaries", "--format", "csv", "--out",
                              str(tmp_path / "x.csv"), *args])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {message}"
    assert not (tmp_path / "x.csv").exists()


def test_export_refuses_a_missing_folder_and_a_bad_format(cli, tmp_path):
    result = cli.invoke(args=["export", "ideas", "--format", "csv", "--out",
                              str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 1 and "does not exist" in result.output
    result = cli.invoke(args=["export", "ideas", "--format", "pdf", "--out", "x.pdf"])
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
