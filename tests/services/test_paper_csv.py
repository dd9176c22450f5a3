"""Reading paper sheets: the file, its header, and each method's answer encoding (no database:
questions are built in memory)."""

from __future__ import annotations

import pytest

from factories import csv_bytes
from vizlou.errors import InvalidInput
from vizlou.models import Option, Question
from vizlou.services.paper.answers import parse_answer
from vizlou.services.paper.csv_files import FileProblem, check_header, read_csv
from vizlou.services.paper.sheets import SheetError
from vizlou.services.voting import ballots as voting


def question(method: str, qid: int = 7, **extra) -> Question:
    q = Question(id=qid, title=f"{method} question", method=method, published=True, **extra)
    q.options = [Option(id=qid * 10 + i, title=en, translations={"es": {"title": es}},
                        position=i)
                 for i, (en, es) in enumerate((("Parks", "Parques"), ("Buses", "Autobuses"),
                                               ("Homes", "Casas")), start=1)]
    return q


BUDGET = {"budget_total": 1_000_000, "budget_unit": "dollars"}


@pytest.mark.parametrize("method,text,extra,choice", [
    ("single", "2", {}, {"option": 72}),
    ("single", " parques ", {}, {"option": 71}),
    ("single", "HOMES", {}, {"option": 73}),
    ("approval", "1;3", {"max_choices": 2}, {"options": [71, 73]}),
    ("approval", "Buses, 1", {"max_choices": 2}, {"options": [72, 71]}),
    ("ranked", "2>1>3", {}, {"ranking": [72, 71, 73]}),
    ("ranked", "3 > Parks", {}, {"ranking": [73, 71]}),
    ("ranked", "3;1", {}, {"ranking": [73, 71]}),
    ("budget", "1=300000;2=700000", BUDGET, {"allocation": {"71": 300000, "72": 700000}}),
    ("budget", "Homes=$250,000.5", BUDGET, {"allocation": {"73": 250000.5}}),
    ("pairwise", "1>2;3>1", {}, {"pairs": [[71, 72, 71], [73, 71, 73]]}),
    ("pairwise", "Buses>Homes", {}, {"pairs": [[72, 73, 72]]}),
])
def test_every_methods_encoding(method, text, extra, choice):
    q = question(method, **extra)
    parsed = parse_answer(q, text, "q7")
    assert parsed == choice
    assert voting.check_choice(q, parsed)  # what the ballot service then accepts


@pytest.mark.parametrize("method,text,message", [
    ("single", "4", "There is no option 4: the options are numbered 1 to 3."),
    ("single", "1;2", "Give one option only."),
    ("single", "Trams", "“Trams” is not an option."),
    ("approval", "1;;3", "An item of this answer is empty"),
    ("budget", "1:300", "Write each option with its amount"),
    ("budget", "1=lots", "Write each amount as a number"),
    ("budget", "1=nan", "Write each amount as a number"),
    ("budget", "1=5;1=6", "Each option can be chosen only once."),
    ("pairwise", "1>2>3", "Write each pair with the winner first"),
    ("pairwise", "1", "Write each pair with the winner first"),
])
def test_bad_answers_name_their_column(method, text, message):
    with pytest.raises(SheetError) as error:
        parse_answer(question(method, **(BUDGET if method == "budget" else {})), text, "q7")
    assert message in error.value.render()
    assert error.value.field == "q7"


@pytest.mark.parametrize("method,text,extra,message", [
    ("approval", "1;2;3", {"max_choices": 2}, "Choose up to 2 options."),
    ("ranked", "1>1", {}, "Each option can be chosen only once."),
    ("budget", "1=900000;2=200000", BUDGET, "That is more than you have"),
    ("pairwise", "1>1", {}, "Pick one of the two shown."),
])
def test_answers_that_read_well_are_still_checked_by_the_ballot_rules(method, text, extra,
                                                                      message):
    q = question(method, **extra)
    with pytest.raises(InvalidInput) as error:
        voting.check_choice(q, parse_answer(q, text, "q7"))
    assert message in error.value.render()


def test_read_csv_numbers_rows_as_a_spreadsheet_and_skips_blank_ones():
    data = csv_bytes(["text", "category"], [["one", "health"], ["", ""],
                                            ['two, "quoted"\nover lines', "living"]], bom=True)
    header, rows = read_csv(data)
    assert header == ["text", "category"]
    assert rows == [(2, ["one", "health"]), (4, ['two, "quoted"\nover lines', "living"])]


def test_semicolons_and_tabs_separate_cells_too():
    assert read_csv(csv_bytes(["text", "category"], [["a, b", "health"]], delimiter=";"))[1] \
        == [(2, ["a, b", "health"])]
    assert read_csv(b"text\tcategory\nx\thealth\n")[1] == [(2, ["x", "health"])]


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty."),
    (b" \r\n\r\n", "The file is empty."),
    ("text,category\nCafé,health\n".encode("latin-1"), "The file is not in UTF-8."),
    (b"PK\x03\x04\x14\x00\x06\x00", "This is not a CSV file."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file."),
    (b",,,\nx,y,z\n", "The first row must name the columns."),
])
def test_files_that_are_not_csv_in_utf8_are_refused(data, message):
    with pytest.raises(FileProblem) as error:
        read_csv(data)
    assert message in error.value.render()


QUESTIONS = [question("single", 3), question("ranked", 4)]


@pytest.mark.parametrize("header,message", [
    (["text", "category"], "Missing columns: area."),
    (["area", "text"], "Missing columns: category."),
    (["lon", "text", "category"], "Give both the lon and the lat columns, or neither."),
    (["age_bracket", "home_area"], "Missing columns: the file needs category, text and area"),
    (["area", "category", "text", "notes"], "Unknown column: notes."),
    (["area", "category", "text", "q9"], "Column q9: question 9 is not asked in this "
                                         "session. Its questions are: q3, q4."),
    (["area", "Area", "category", "text"], "The column area appears twice."),
    (["q3", "Q3 the same"], "The column q3 appears twice."),
])
def test_bad_headers_are_refused_with_a_clear_message(header, message):
    with pytest.raises(FileProblem) as error:
        check_header(header, QUESTIONS)
    assert message in error.value.render()


def test_header_names_are_tidied_and_question_columns_may_carry_a_title():
    columns = check_header([" Area ", "CATEGORY", "text", "q3 Which park?", "", "Q4"],
                           QUESTIONS)
    assert columns.names == ("area", "category", "text", "q3", "", "q4")
    assert set(columns.questions) == {"q3", "q4"}
    assert check_header(["q4", "sheet_id"], QUESTIONS).names == ("q4", "sheet_id")
    assert check_header(["lon", "lat", "category", "text"], []).questions == {}
