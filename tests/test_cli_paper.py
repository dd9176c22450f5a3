"""``flask paper import``: a progress bar, a row-by-row report, clean one-line errors."""

from __future__ import annotations

import pytest

from factories import count, csv_bytes, make_event
from vizlou.models import Ballot, Idea, Participant


@pytest.fixture
def event(db_session):
    return make_event(db_session)


def invoke(cli, *args):
    return cli.invoke(args=["paper", "import", *args], catch_exceptions=False)


def test_import_with_a_progress_bar_and_a_report(cli, db_session, event, tmp_path):
    item, qs = event
    path = tmp_path / "sheets.csv"
    path.write_bytes(csv_bytes(["sheet_id", "area", "category", "text", f"q{qs['ranked'].id}"], [
        ["1", "Portland", "health", "More trees", "2>1"],
        ["2", "Shawnee", "weather", "Bad topic", ""],
        ["3", "", "", "", "1>4"],
        ["4", "Portland", "living", "Wider sidewalks", ""]]))
    result = invoke(cli, str(path), "--session", item.join_code.lower())
    assert result.exit_code == 1  # some rows have errors; the good ones are stored
    assert "Importing 4 sheets" in result.stdout
    assert f"Stored 2 sheets for {item.name}; skipped 0 already stored; 2 rows with errors." \
        in result.stdout
    assert result.stderr.splitlines() == [
        "row 3, column category: Unknown topic “weather”. Use one of: connectivity, "
        "creativity, economy, energy, health, identity, living.",
        f"row 4, column q{qs['ranked'].id}: There is no option 4: the options are numbered "
        "1 to 3."]
    assert "Traceback" not in result.output
    assert count(db_session, Idea) == 2 and count(db_session, Ballot) == 1
    again = invoke(cli, str(path), "--session", item.join_code)
    assert "Stored 0 sheets for Library night; skipped 2 already stored" in again.stdout
    assert count(db_session, Participant) == 2


def test_a_clean_file_exits_zero(cli, db_session, event, tmp_path):
    item, _ = event
    path = tmp_path / "ok.csv"
    path.write_bytes(csv_bytes(["lon", "lat", "category", "text"],
                               [["-85.7585", "38.2527", "health", f"Idea {n}"]
                                for n in range(30)], delimiter=";"))
    result = invoke(cli, str(path), "--session", item.join_code)
    assert result.exit_code == 0, result.output
    assert "Importing 30 sheets" in result.stdout and "Stored 30 sheets" in result.stdout
    assert count(db_session, Idea) == 30


def one_line_error(result, text):
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert text in lines[0], result.output


@pytest.mark.parametrize("content,message", [
    (b"", "The file is empty."),
    ("area,category,text\nCafé,health,x\n".encode("latin-1"), "The file is not in UTF-8."),
    (b"PK\x03\x04\x14\x00", "This is not a CSV file."),
    (b"area,text\nPortland,x\n", "Missing columns: category."),
    (b"area,category,text,q777777\n", "question 777777 is not asked in this session"),
])
def test_file_problems_are_one_clean_line(cli, db_session, event, tmp_path, content, message):
    item, _ = event
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    one_line_error(invoke(cli, str(path), "--session", item.join_code), message)
    assert count(db_session, Participant) == 0


def test_unknown_session_and_missing_file(cli, event, tmp_path):
    item, _ = event
    path = tmp_path / "x.csv"
    path.write_bytes(b"area,category,text\n")
    one_line_error(invoke(cli, str(path), "--session", "ZZZZZZ"),
                   "No session has the join code ZZZZZZ.")
    one_line_error(invoke(cli, str(tmp_path / "nope.csv"), "--session", item.join_code),
                   "There is no file")
