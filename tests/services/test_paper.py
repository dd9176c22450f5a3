"""Paper entry on both databases: one sheet is one paper participant of the session with its
idea and ballots; a CSV import stores each good row once and nothing of a bad row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import KEY, area_id, count, csv_bytes, make_event, option_ids
from vizlou.models import Ballot, Idea, IdeaArea, Participant, ParticipantArea
from vizlou.services.paper import csv_files as paper_csv
from vizlou.services.paper import sheets as paper
from vizlou.services.paper.sheets import Sheet, SheetError
from vizlou.services.values import AreaRef


@pytest.fixture
def city(app):
    return app.config["CITY"]


@pytest.fixture
def event(db_session):
    return make_event(db_session)


def test_one_sheet_is_one_paper_participant_with_its_idea_and_ballots(db_session, city, event):
    item, qs = event
    p = {m: option_ids(q) for m, q in qs.items()}
    answers = {qs["single"].id: {"option": p["single"][1]},
               qs["approval"].id: {"options": [p["approval"][0], p["approval"][2]]},
               qs["ranked"].id: {"ranking": [p["ranked"][2], p["ranked"][0]]},
               qs["budget"].id: {"allocation": {str(p["budget"][0]): 400000}},
               qs["pairwise"].id: {"pairs": [[p["pairwise"][0], p["pairwise"][1],
                                              p["pairwise"][1]]]}}
    sheet = Sheet(category="health", text="A pool in the park",
                  area=AreaRef("neighborhoods", area_id(db_session, "Shawnee")),
                  age_bracket="16_18", home_area=AreaRef("neighborhoods",
                                                         area_id(db_session, "Portland")),
                  language="es", answers=answers)
    stored = paper.enter_sheet(db_session, city, item, sheet, key=KEY)
    db_session.commit()
    person = db_session.get(Participant, stored.participant_id)
    assert (person.channel, person.event_id, person.age_bracket, person.language) == \
        ("paper", item.id, "16_18", "es")
    homes = db_session.scalars(select(ParticipantArea.area_id)
                               .where(ParticipantArea.participant_id == person.id)).all()
    assert area_id(db_session, "Portland") in homes
    idea = db_session.get(Idea, stored.idea_id)
    assert (idea.channel, idea.event_id, idea.placement, idea.participant_id,
            idea.language) == ("paper", item.id, "area", person.id, "es")
    assert area_id(db_session, "Shawnee") in db_session.scalars(
        select(IdeaArea.area_id).where(IdeaArea.idea_id == idea.id)).all()
    ballots = db_session.scalars(select(Ballot).where(Ballot.participant_id == person.id)).all()
    assert {(b.channel, b.event_id) for b in ballots} == {("paper", item.id)}
    assert {b.question_id: b.choice for b in ballots} == {
        qs["single"].id: {"option": p["single"][1]},
        qs["approval"].id: {"options": sorted([p["approval"][0], p["approval"][2]])},
        qs["ranked"].id: {"ranking": [p["ranked"][2], p["ranked"][0]]},
        qs["budget"].id: {"allocation": {str(p["budget"][0]): 400000}},
        qs["pairwise"].id: {"pairs": [[p["pairwise"][0], p["pairwise"][1],
                                       p["pairwise"][1]]]}}


def test_a_point_on_the_map_and_a_sheet_with_only_answers(db_session, city, event):
    item, qs = event
    stored = paper.enter_sheet(db_session, city, item, Sheet(
        category="living", text="Fix the sidewalk", point=(-85.7585, 38.2527)), key=KEY)
    assert db_session.get(Idea, stored.idea_id).placement == "point"
    votes_only = paper.enter_sheet(db_session, city, item, Sheet(
        answers={qs["single"].id: {"option": option_ids(qs["single"])[0]}}), key=KEY)
    assert votes_only.idea_id is None and votes_only.ballots == 1
    assert count(db_session, Participant) == 2


@pytest.mark.parametrize("sheet,column,message", [
    (Sheet(), "text", "This sheet is empty"),
    (Sheet(text="No place", category="health"), "area", "Say where the idea is"),
    (Sheet(text="x", category="weather", point=(-85.75, 38.25)), "category",
     "Choose a topic from the list."),
    (Sheet(text="  ", category="health", point=(-85.75, 38.25)), "text",
     "Write something first."),
    (Sheet(text="Far away", category="health", point=(-80.0, 35.0), place_field="lon"),
     "lon", "That spot is outside Louisville."),
    (Sheet(text="x", category="health", area=AreaRef("neighborhoods", 999999)), "area",
     "There is no such area"),
    (Sheet(text="x", category="health", point=(-85.75, 38.25), age_bracket="old"),
     "age_bracket", "Choose an age group from the list."),
    (Sheet(text="x", category="health", point=(-85.75, 38.25), language="fr"), "language",
     "The language must be one of: en, es."),
    (Sheet(answers={999: {"option": 1}}), "q999", "Question 999 is not asked"),
])
def test_bad_sheets_name_the_field_and_store_nothing(db_session, city, event, sheet, column,
                                                     message):
    item, _ = event
    with pytest.raises(SheetError) as error, db_session.begin_nested():
        paper.enter_sheet(db_session, city, item, sheet, key=KEY)
    assert error.value.field == column and message in error.value.render()
    db_session.commit()
    assert count(db_session, Participant) == 0 and count(db_session, Idea) == 0


def test_the_same_sheet_id_is_stored_once(db_session, city, event):
    item, qs = event
    sheet = Sheet(category="health", text="Once only", point=(-85.7585, 38.2527),
                  answers={qs["single"].id: {"option": option_ids(qs["single"])[2]}},
                  sheet_id="A-17")
    first = paper.enter_sheet(db_session, city, item, sheet, key=KEY)
    again = paper.enter_sheet(db_session, city, item, sheet, key=KEY)
    assert first.created and not again.created
    assert (again.participant_id, again.idea_id, again.ballots) == \
        (first.participant_id, first.idea_id, 1)
    assert count(db_session, Participant) == count(db_session, Idea) == 1
    digest = db_session.get(Participant, first.participant_id).token_hash
    assert "A-17" not in digest and len(digest) <= 64  # a keyed hash, not guessable
    with pytest.raises(SheetError):
        paper.enter_sheet(db_session, city, item, Sheet(text="x", sheet_id="x" * 65), key=KEY)


def import_file(db_session, city, item, data: bytes):
    header, rows = paper_csv.read_csv(data)
    reader = paper_csv.sheet_reader(db_session, city, item, header)
    summary = paper.ImportSummary()
    results = [summary.add(r) for r in paper.import_rows(db_session, city, item, rows, reader,
                                                         key=KEY)]
    db_session.commit()
    return summary, results


def sheets_file(qs, extra_rows=()) -> bytes:
    single, approval, ranked, budget, pairwise = (f"q{qs[m].id}" for m in
                                                  ("single", "approval", "ranked", "budget",
                                                   "pairwise"))
    header = ["sheet_id", "area", "lon", "lat", "category", "text", "age_bracket",
              "home_area", single, approval, ranked, budget, pairwise]
    rows = [
        ["1", "portland", "", "", "Health and parks", "More trees", "16-18", "Shawnee",
         "2", "1;3", "2>1>3", "1=300000;2=700000", "1>2;3>1"],
        ["2", "", "-85.7585", "38.2527", "living", "Fix the sidewalk", "65+", "", "Homes",
         "", "", "", ""],
        ["3", "Shawnee", "", "", "weather", "Bad topic", "", "", "1", "", "", "", ""],
        ["4", "Nowhere Town", "", "", "health", "Bad area", "", "", "", "", "", "", ""],
        ["5", "Portland", "", "", "health", "Good idea, bad ballot", "", "", "", "1;2;3",
         "", "", ""],
        ["6", "", "", "", "", "", "", "", "", "", "", "1=900000;2=900000", ""],
        ["7", "", "", "", "", "", "31-64", "", "", "", "3>2", "", "2>3"],
        *extra_rows,
    ]
    return csv_bytes(header, rows)


def test_a_csv_import_stores_good_rows_once_and_reports_bad_ones(db_session, city, event):
    item, qs = event
    summary, results = import_file(db_session, city, item, sheets_file(qs))
    assert [(r.row, r.status, r.column) for r in results] == [
        (2, "stored", None), (3, "stored", None), (4, "error", "category"),
        (5, "error", "area"), (6, "error", f"q{qs['approval'].id}"),
        (7, "error", f"q{qs['budget'].id}"), (8, "stored", None)]
    assert results[3].render() == "There is no area called “Nowhere Town”."
    assert results[4].render() == "Choose up to 2 options."
    assert (summary.stored, summary.skipped, len(summary.errors)) == (3, 0, 4)
    # Only the good rows are stored, each once, all paper and for the session; row 5's idea
    # went with its bad ballot.
    assert count(db_session, Participant) == 3
    assert count(db_session, Participant, Participant.channel == "paper",
                 Participant.event_id == item.id) == 3
    assert sorted(db_session.scalars(select(Idea.text))) == ["Fix the sidewalk", "More trees"]
    assert count(db_session, Idea, Idea.channel == "paper", Idea.event_id == item.id) == 2
    assert count(db_session, Ballot) == 5 + 1 + 2
    assert count(db_session, Ballot, Ballot.channel == "paper",
                 Ballot.event_id == item.id) == 8
    first = db_session.scalar(select(Idea).where(Idea.text == "More trees"))
    person = db_session.get(Participant, first.participant_id)
    assert person.age_bracket == "16_18"
    choices = dict(db_session.execute(select(Ballot.question_id, Ballot.choice)
                                      .where(Ballot.participant_id == person.id)).all())
    p = {m: option_ids(q) for m, q in qs.items()}
    assert choices == {
        qs["single"].id: {"option": p["single"][1]},
        qs["approval"].id: {"options": [p["approval"][0], p["approval"][2]]},
        qs["ranked"].id: {"ranking": [p["ranked"][1], p["ranked"][0], p["ranked"][2]]},
        qs["budget"].id: {"allocation": {str(p["budget"][0]): 300000,
                                         str(p["budget"][1]): 700000}},
        qs["pairwise"].id: {"pairs": [[p["pairwise"][0], p["pairwise"][1], p["pairwise"][0]],
                                      [p["pairwise"][2], p["pairwise"][0],
                                       p["pairwise"][2]]]}}


def test_importing_the_same_file_again_adds_nothing(db_session, city, event):
    item, qs = event
    import_file(db_session, city, item, sheets_file(qs))
    before = [count(db_session, m) for m in (Participant, Idea, Ballot)]
    extra = [["8", "Portland", "", "", "health", "A new one", "", "", "", "", "", "", ""]]
    summary, results = import_file(db_session, city, item, sheets_file(qs, extra))
    assert (summary.stored, summary.skipped, len(summary.errors)) == (1, 3, 4)
    assert [r.status for r in results][:2] == ["skipped", "skipped"]
    assert [count(db_session, m) for m in (Participant, Idea, Ballot)] == \
        [before[0] + 1, before[1] + 1, before[2]]


def test_a_row_with_more_cells_than_columns_is_an_error(db_session, city, event):
    item, _ = event
    data = b"area,category,text\nPortland,health,ok\nPortland,health,too,many\n"
    _, results = import_file(db_session, city, item, data)
    assert [(r.row, r.status) for r in results] == [(2, "stored"), (3, "error")]
    assert "more cells than the header" in results[1].render()
