"""The paper-entry pages with CSRF tokens: one sheet typed in, a CSV uploaded without
JavaScript, and the JSON batches the page's script sends. Every bad input is a 4xx or a
clear message; forms without the token are refused; the pages are for staff only."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from factories import area_id, count, csrf_token, csv_bytes, login_as, make_event, option_ids
from vizlou.models import Ballot, Idea, Participant


@pytest.fixture
def form_app(databases, backend):
    app = databases.app(backend, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


@pytest.fixture
def db_session(form_app):
    from vizlou.extensions import db

    return db.session


@pytest.fixture
def event(db_session):
    return make_event(db_session)


@pytest.fixture
def staff(form_app, event):
    client = form_app.test_client()
    login_as(client, "facilitator")
    return client


def url(item, tail=""):
    return f"/facilitate/sessions/{item.id}/paper{tail}"


def test_the_page_documents_the_columns_and_lists_every_question(staff, event):
    item, qs = event
    page = staff.get(url(item)).get_data(as_text=True)
    for column in ("area", "lon", "category", "text", "age_bracket", "home_area", "sheet_id"):
        assert f"<code>{column}</code>" in page
    for method, q in qs.items():
        assert f"<code>q{q.id}</code>" in page and q.title in page, method
    assert '<progress id="import-progress"' in page and 'enctype="multipart/form-data"' in page
    assert "<script>" not in page  # data goes in JSON blocks, never inline scripts
    assert "Paper, wall and report" in staff.get(f"/facilitate/sessions/{item.id}") \
        .get_data(as_text=True)


def test_type_in_one_sheet_with_every_method(staff, db_session, event):
    item, qs = event
    p = {m: option_ids(q) for m, q in qs.items()}
    s, a, r, b, w = (f"q{qs[m].id}-" for m in ("single", "approval", "ranked", "budget",
                                                 "pairwise"))
    data = {"csrf_token": csrf_token(staff, url(item)), "sheet_id": "12",
            "area": area_id(db_session, "Portland"), "category": "health",
            "text": "Shade at the bus stop", "age": "19_24",
            "home": area_id(db_session, "Shawnee"), "language": "en",
            f"{s}option": p["single"][2], f"{a}options": [p["approval"][0], p["approval"][1]],
            f"{r}rank-{p['ranked'][0]}": "2", f"{r}rank-{p['ranked'][1]}": "1",
            f"{r}rank-{p['ranked'][2]}": "",
            f"{b}amount-{p['budget'][0]}": "250000", f"{b}amount-{p['budget'][1]}": "",
            f"{w}pair-{p['pairwise'][0]}-{p['pairwise'][1]}": p["pairwise"][1],
            f"{w}pair-{p['pairwise'][0]}-{p['pairwise'][2]}": "",
            f"{w}pair-{p['pairwise'][1]}-{p['pairwise'][2]}": p["pairwise"][2]}
    response = staff.post(url(item), data=data)
    assert response.status_code == 302
    assert "Sheet saved." in staff.get(response.headers["Location"]).get_data(as_text=True)
    idea = db_session.scalar(select(Idea))
    assert (idea.channel, idea.event_id, idea.text) == ("paper", item.id,
                                                          "Shade at the bus stop")
    person = db_session.get(Participant, idea.participant_id)
    assert (person.channel, person.event_id, person.age_bracket) == ("paper", item.id,
                                                                       "19_24")
    choices = dict(db_session.execute(select(Ballot.question_id, Ballot.choice)).all())
    assert choices == {
        qs["single"].id: {"option": p["single"][2]},
        qs["approval"].id: {"options": [p["approval"][0], p["approval"][1]]},
        qs["ranked"].id: {"ranking": [p["ranked"][1], p["ranked"][0]]},
        qs["budget"].id: {"allocation": {str(p["budget"][0]): 250000}},
        qs["pairwise"].id: {"pairs": [[p["pairwise"][0], p["pairwise"][1], p["pairwise"][1]],
                                      [p["pairwise"][1], p["pairwise"][2],
                                       p["pairwise"][2]]]}}
    # The same sheet number again stores nothing more.
    response = staff.post(url(item), data=data)
    assert "This sheet was saved before." in staff.get(response.headers["Location"]) \
        .get_data(as_text=True)
    assert count(db_session, Participant) == 1 and count(db_session, Ballot) == 5


def test_a_spot_clicked_on_the_map_wins_over_the_list(staff, db_session, event):
    item, _ = event
    response = staff.post(url(item), data={
        "csrf_token": csrf_token(staff, url(item)), "area": area_id(db_session, "Shawnee"),
        "lon": "-85.7585", "lat": "38.2527", "category": "living", "text": "Here exactly"})
    assert response.status_code == 302
    idea = db_session.scalar(select(Idea))
    assert (idea.placement, idea.lon, idea.lat) == ("point", -85.7585, 38.2527)


@pytest.mark.parametrize("fields,message", [
    ({}, "This sheet is empty"),
    ({"text": "No place given", "category": "health"}, "Say where the idea is"),
    ({"text": "x", "category": "health", "lon": "abc", "lat": "1"},
     "The spot on the map is not valid."),
    ({"text": "x", "category": "health", "lon": "-80", "lat": "35"}, "outside Louisville"),
    ({"text": "Keep this text", "category": "", "area": "AREA"}, "Choose a topic"),
    ({"text": "x", "category": "health", "area": "AREA", "age": "ancient"},
     "Choose an age group from the list."),
])
def test_bad_sheets_show_a_clear_message_keep_the_values_and_store_nothing(
        staff, db_session, event, fields, message):
    item, _ = event
    if fields.get("area") == "AREA":
        fields["area"] = area_id(db_session, "Portland")
    response = staff.post(url(item), data={"csrf_token": csrf_token(staff, url(item)), **fields})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    if fields.get("text"):
        assert fields["text"] in html
    assert count(db_session, Participant) == 0 and count(db_session, Idea) == 0


def test_a_bad_answer_is_reported_and_stores_nothing_of_the_sheet(staff, db_session, event):
    item, qs = event
    p = option_ids(qs["approval"])
    response = staff.post(url(item), data={
        "csrf_token": csrf_token(staff, url(item)), "text": "Good idea", "category": "health",
        "area": area_id(db_session, "Portland"), f"q{qs['approval'].id}-options": p})
    assert response.status_code == 400
    assert "Choose up to 2 options." in response.get_data(as_text=True)
    assert count(db_session, Idea) == 0 and count(db_session, Participant) == 0


def upload(client, item, data: bytes | None, filename="sheets.csv", token=True):
    form = {"file": (io.BytesIO(data), filename)} if data is not None else {}
    if token:
        form["csrf_token"] = csrf_token(client, url(item))
    return client.post(url(item, "/import"), data=form, content_type="multipart/form-data")


def test_upload_without_javascript_gives_a_row_by_row_report(staff, db_session, event):
    item, qs = event
    data = csv_bytes(["sheet_id", "area", "category", "text", f"q{qs['single'].id}"], [
        ["1", "Portland", "health", "=HYPERLINK(\"http://x\")", "1"],
        ["2", "Portland", "weather", "Bad topic", ""],
        ["3", "Shawnee", "living", "<script>alert(1)</script>", "9"],
        ["4", "Shawnee", "living", "Fine", "Buses"]])
    response = upload(staff, item, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Stored: 2. Already stored before: 0. Rows with errors: 2." in html
    assert "<td>3</td><td>category</td><td>Unknown topic “weather”." in html
    assert f"<td>4</td><td>q{qs['single'].id}</td><td>There is no option 9" in html
    assert "<script>alert(1)</script>" not in html
    assert count(db_session, Idea, Idea.channel == "paper") == 2
    again = upload(staff, item, data).get_data(as_text=True)
    assert "Stored: 0. Already stored before: 2. Rows with errors: 2." in again
    assert count(db_session, Idea) == 2


@pytest.mark.parametrize("data,filename,message", [
    (None, None, "Choose a CSV file first."),
    (b"", "empty.csv", "Choose a CSV file first."),  # browsers send no file for an empty name
    (b"\n\n", "blank.csv", "The file is empty."),
    ("area,category,text\nSéville,health,x\n".encode("cp1252"), "latin.csv",
     "The file is not in UTF-8."),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "sheets.xlsx", "This is not a CSV file."),
    (b"text,category\nx,health\n", "sheets.csv", "Missing columns: area."),
    (b"area,category,text,q99999\nPortland,health,x,1\n", "sheets.csv",
     "question 99999 is not asked in this session"),
    (b"area,category,text,colour\n", "sheets.csv", "Unknown column: colour."),
])
def test_bad_files_are_refused_with_a_clear_message(staff, db_session, event, data, filename,
                                                    message):
    item, _ = event
    if data == b"":
        response = upload(staff, item, data, filename="")
    else:
        response = upload(staff, item, data, filename=filename or "x.csv")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(db_session, Participant) == 0


def batch(client, item, body, token: str | None, **kw):
    headers = {"Accept": "application/json"}
    if token:
        headers["X-CSRFToken"] = token
    return client.post(url(item, "/rows"), json=body, headers=headers, **kw)


def test_json_batches_from_the_page_script(staff, db_session, event):
    item, qs = event
    token = csrf_token(staff, url(item))
    header = ["sheet_id", "area", "category", "text", f"q{qs['ranked'].id}"]
    body = {"header": header, "rows": [
        {"row": 2, "cells": ["a", "Portland", "health", "One", "3>1"]},
        {"row": 5, "cells": ["b", "Portland", "health", "", "1"]},
        {"row": 6, "cells": ["c", "", "", "", "1>1"]}]}
    response = batch(staff, item, body, token)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["stored"] == 1 and response.json["errors"] == 2
    assert [(r["row"], r["status"], r["column"]) for r in response.json["results"]] == [
        (2, "stored", None), (5, "error", "text"), (6, "error", f"q{qs['ranked'].id}")]
    assert response.json["results"][1]["message"] == "Write something first."
    assert count(db_session, Idea) == 1
    assert batch(staff, item, body, token).json["skipped"] == 1  # sent again: not twice
    assert count(db_session, Idea) == 1


@pytest.mark.parametrize("body,status,message", [
    ({"header": ["area", "text"], "rows": []}, 400, "Missing columns: category."),
    ({"header": ["area", "category", "text", "q424242"], "rows": []}, 400,
     "question 424242 is not asked"),
    ({"header": "area", "rows": []}, 400, "Send the header as a list of column names."),
    ({"header": ["area", "category", "text"], "rows": {}}, 400, "Send up to 500 rows"),
    ({"header": ["area", "category", "text"], "rows": [{"row": 1, "cells": []}]}, 400,
     "Each row needs its number"),
    ({"header": ["area", "category", "text"], "rows": [{"row": 2, "cells": [1, 2]}]}, 400,
     "Each row needs its number"),
    ({"header": ["area", "category", "text"],
      "rows": [{"row": 2, "cells": ["a"]}] * 501}, 400, "Send up to 500 rows"),
    ([1, 2], 400, "Send a JSON object."),
])
def test_bad_batches_get_a_clear_json_error(staff, db_session, event, body, status, message):
    item, _ = event
    response = batch(staff, item, body, csrf_token(staff, url(item)))
    assert response.status_code == status
    assert message in response.json["error"]["message"]
    assert count(db_session, Participant) == 0


def test_a_batch_that_is_not_json_or_too_big(staff, event):
    item, _ = event
    token = csrf_token(staff, url(item))
    response = staff.post(url(item, "/rows"), data="area,text", headers={
        "X-CSRFToken": token, "Accept": "application/json", "Content-Type": "text/csv"})
    assert response.status_code == 415 and response.json["error"]["message"]
    big = {"header": ["area", "category", "text"],
           "rows": [{"row": 2, "cells": ["x" * 4000] * 3}] * 300}
    assert batch(staff, item, big, token).status_code == 413


def test_forms_without_a_csrf_token_are_refused(staff, db_session, event):
    item, _ = event
    sheet = {"area": area_id(db_session, "Portland"), "category": "health", "text": "x"}
    assert staff.post(url(item), data=sheet).status_code == 400
    response = upload(staff, item, b"area,category,text\nPortland,health,x\n", token=False)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    response = batch(staff, item, {"header": ["area", "category", "text"],
                                   "rows": [{"row": 2, "cells": ["Portland", "health", "x"]}]},
                     None)
    assert response.status_code == 400 and response.json["error"]["code"] == "csrf"
    assert count(db_session, Participant) == 0 and count(db_session, Idea) == 0


def test_paper_pages_are_for_staff_only(form_app, db_session, event):
    item, _ = event
    public = form_app.test_client()
    response = public.get(url(item))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    # A resident with a valid CSRF token (from a resident page) still cannot post sheets.
    token = csrf_token(public, "/add")
    response = public.post(url(item), data={"csrf_token": token, "text": "x"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = public.post(url(item, "/rows"), json={"header": ["q1"], "rows": []},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert count(db_session, Participant) == 0
    staff = form_app.test_client()
    login_as(staff, "facilitator")
    assert staff.get("/facilitate/sessions/99999/paper").status_code == 404


def test_files_too_big_for_one_request_are_refused(staff, db_session, event):
    item, _ = event
    many = csv_bytes(["area", "category", "text"], [["Portland", "health", f"Idea {n}"]
                                                    for n in range(501)])
    response = upload(staff, item, many)
    assert response.status_code == 400
    assert "too many rows to send at once: at most 500" in response.get_data(as_text=True)
    huge = b"area,category,text\n" + b"Portland,health," + b"x" * (5 * 1024 * 1024) + b"\n"
    response = upload(staff, item, huge)
    assert response.status_code == 400
    assert "The file is too big: at most 5 MB here." in response.get_data(as_text=True)
    assert count(db_session, Idea) == 0


@pytest.mark.parametrize("lang,topic,title", [("en", "Health and parks", "Single question"),
                                              ("es", "Salud y parques", "Single question")])
def test_blank_forms_in_each_language_match_what_the_import_reads(staff, db_session, event,
                                                                  lang, topic, title):
    """The sheet to print and the CSV template of a session, per language; the template,
    filled in a spreadsheet, imports as it is."""
    item, qs = event
    page = staff.get(url(item))
    assert f"/paper/blank-{lang}.html" in page.get_data(as_text=True)
    sheet = staff.get(url(item, f"/blank-{lang}.html")).get_data(as_text=True)
    assert f'lang="{lang}"' in sheet and topic in sheet and title in sheet
    assert ("Parques" if lang == "es" else "Parks") in sheet  # the options in its language
    template = staff.get(url(item, f"/template-{lang}.csv"))
    assert template.mimetype == "text/csv"
    header = template.get_data(as_text=True).lstrip("\ufeff").splitlines()[0].split(",")
    assert header[:4] == ["sheet_id", "area", "category", "text"]
    assert {h.split()[0] for h in header if h.startswith("q")} == {
        f"q{q.id}" for q in qs.values()}
    row = {"sheet_id": "7", "area": "Portland", "category": "health", "text": "A bench",
           f"q{qs['single'].id}": "2"}
    data = csv_bytes(header, [[row.get(h.split()[0] if h.startswith("q") else h, "")
                               for h in header]], bom=True)
    report = upload(staff, item, data).get_data(as_text=True)
    assert "Stored: 1. Already stored before: 0. Rows with errors: 0." in report
    assert staff.get(url(item, "/blank-fr.html")).status_code == 404
