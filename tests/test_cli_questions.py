"""``questions list``, ``questions export`` and ``questions import``: what export writes,
import reads back unchanged into another database, matching questions by key; a wording
change updates, a bad file stores nothing and names where it went wrong."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from vizlou.extensions import db
from vizlou.models import AuditEntry, Question
from vizlou.services import demo


def test_export_import_round_trip(app, cli, db_session, databases, tmp_path):
    demo.seed(db_session, app.config["CITY"], ideas=20, seed_value=3)
    db_session.commit()
    listed = cli.invoke(args=["questions", "list"])
    assert listed.exit_code == 0 and "what-should-broadway-get-first" in listed.output
    assert "single\topen" in listed.output and " ballots\t" in listed.output

    out = tmp_path / "questions.json"
    written = cli.invoke(args=["questions", "export", "--out", str(out)])
    assert written.exit_code == 0, written.output
    data = json.loads(out.read_text())
    assert len(data["questions"]) == 5
    assert data["questions"][0]["title"]["es"].startswith("¿Qué debe recibir")
    assert data["questions"][0]["options"][0]["overlay"]["type"] == "LineString"

    other = databases.app("sqlite")  # another city database: import creates them all
    with other.app_context():
        runner = other.test_cli_runner()
        created = runner.invoke(args=["questions", "import", str(out)])
        assert created.exit_code == 0, created.output
        assert created.output.count("created\t") == 5
        again = runner.invoke(args=["questions", "export", "--out", str(tmp_path / "b.json")])
        assert again.exit_code == 0
        assert json.loads((tmp_path / "b.json").read_text()) == data

        data["questions"][1]["title"]["en"] = "Which park upgrades do you want most?"
        out.write_text(json.dumps(data))
        changed = runner.invoke(args=["questions", "import", str(out)])
        assert changed.output.count("unchanged\t") == 4 and changed.output.count("updated\t") == 1
        assert db.session.scalar(select(Question.title).where(
            Question.key == data["questions"][1]["key"])) == data["questions"][1]["title"]["en"]


def test_a_bad_file_stores_nothing_and_says_where(cli, db_session, tmp_path):
    path = tmp_path / "q.json"
    audited = db_session.scalar(select(func.count(AuditEntry.id)))  # the layers' imports
    good = {"key": "parks", "method": "single", "title": "Parks?",
            "options": [{"title": "A"}, {"title": "B"}]}
    bad = {**good, "key": "budget", "method": "budget", "settings": {"budget_total": -3}}
    path.write_text(json.dumps({"questions": [good, bad]}))
    result = cli.invoke(args=["questions", "import", str(path)])
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == (
        "Error: questions.2.budget_total: Budget voting needs a budget above zero.")
    assert db_session.scalar(select(func.count(Question.id))) == 0
    assert db_session.scalar(select(func.count(AuditEntry.id))) == audited
    path.write_text("{not json")
    result = cli.invoke(args=["questions", "import", str(path)])
    assert result.exit_code != 0 and "is not a JSON file" in result.output
