"""The live wall's data (ETag, 304 when nothing changed, only the session's visible ideas and
ballots) and the session report with its CSV download (formulas neutralised, audited)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from factories import KEY, area_id, login_as, make_event, option_ids, stored_by_hand
from vizlou.models import AuditEntry, Idea
from vizlou.services.ideas import create as idea_create
from vizlou.services.paper import sheets as paper
from vizlou.services.paper.sheets import Sheet
from vizlou.services.values import AreaRef, Origin


@pytest.fixture
def event(db_session):
    return make_event(db_session)


@pytest.fixture
def staff(client, event):
    login_as(client, "facilitator")
    return client


def add_sheet(db_session, app, item, text, answers=None, name="Portland", **kw):
    stored = paper.enter_sheet(db_session, app.config["CITY"], item, Sheet(
        category="health", text=text, area=AreaRef("neighborhoods", area_id(db_session, name)),
        answers=answers or {}, **kw), key=KEY)
    db_session.commit()
    return stored


def test_the_wall_page_passes_its_data_as_json_and_runs_no_inline_script(staff, event):
    item, _ = event
    response = staff.get(f"/facilitate/sessions/{item.id}/wall")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<script type="application/json" id="page-settings">' in html
    assert "<script>" not in html and "unsafe-inline" not in \
        response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert item.join_code in html and "wall.js" in html and "leaflet.js" in html


def test_wall_data_changes_its_etag_only_when_something_changes(staff, app, db_session, event):
    item, qs = event
    path = f"/facilitate/sessions/{item.id}/wall.json"
    first = staff.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert first.json["ideas"] == [] and len(first.json["questions"]) == 5
    same = staff.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert same.status_code == 304 and same.data == b""
    option = option_ids(qs["single"])[1]
    add_sheet(db_session, app, item, "<b>Benches</b> please",
              answers={qs["single"].id: {"option": option}})
    changed = staff.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    data = changed.json
    assert [i["text"] for i in data["ideas"]] == ["<b>Benches</b> please"]
    assert data["ideas"][0]["area"] == "Portland"
    assert data["counts"] == {"people": 1, "ideas": 1, "votes": 1}
    single = next(q for q in data["questions"] if q["id"] == qs["single"].id)
    assert single["ballots"] == 1 and single["leaders"] == [option]
    assert [b["value"] for b in single["bars"]] == [0, 1, 0]
    assert staff.get(path, headers={"If-None-Match": changed.headers["ETag"]}).status_code \
        == 304


def test_the_wall_shows_only_this_sessions_ideas_not_held_for_review(staff, app, db_session,
                                                                    event):
    item, _ = event
    other, _ = make_event(db_session, name="Other night")
    add_sheet(db_session, app, other, "Somewhere else")
    shown = add_sheet(db_session, app, item, "Shown")
    flagged = add_sheet(db_session, app, item, "Waiting for review")
    hidden = add_sheet(db_session, app, item, "Hidden")
    db_session.get(Idea, flagged.idea_id).moderation = "flagged"
    db_session.get(Idea, hidden.idea_id).moderation = "hidden"
    stored_by_hand(db_session)
    data = staff.get(f"/facilitate/sessions/{item.id}/wall.json").json
    assert [i["id"] for i in data["ideas"]] == [shown.idea_id]
    # A kiosk idea of the session shows too.
    idea_create.create_idea(db_session, app.config["CITY"], None, idea_create.NewIdea(
        category="living", text="From the kiosk", lon=-85.7585, lat=38.2527),
        Origin("kiosk", item.id))
    db_session.commit()
    data = staff.get(f"/facilitate/sessions/{item.id}/wall.json").json
    assert [i["text"] for i in data["ideas"]] == ["From the kiosk", "Shown"]


def test_each_method_has_bars_on_the_wall(staff, app, db_session, event):
    item, qs = event
    p = {m: option_ids(q) for m, q in qs.items()}
    for n, ranking in enumerate(([0, 1], [0, 2], [1, 0], [2, 1], [2, 1])):
        add_sheet(db_session, app, item, f"Idea {n}", answers={
            qs["ranked"].id: {"ranking": [p["ranked"][i] for i in ranking]},
            qs["budget"].id: {"allocation": {str(p["budget"][n % 3]): 100000 * (n + 1)}},
            qs["pairwise"].id: {"pairs": [[p["pairwise"][0], p["pairwise"][1],
                                           p["pairwise"][n % 2]]]}})
    data = staff.get(f"/facilitate/sessions/{item.id}/wall.json").json
    by_id = {q["id"]: q for q in data["questions"]}
    ranked = by_id[qs["ranked"].id]
    # Round 1: 2, 1, 2; Buses drops out and its ballot goes to Parks: 3 to 2.
    assert [(b["value"], b["label"], b["note"]) for b in ranked["bars"]] == [
        (3, "3", None), (0, "0", "out in round 1"), (2, "2", None)]
    assert ranked["leaders"] == [p["ranked"][0]]
    budget = by_id[qs["budget"].id]
    assert [b["label"] for b in budget["bars"]] == ["$500,000", "$700,000", "$300,000"]
    assert budget["leaders"] == [p["budget"][1]]
    pairwise = by_id[qs["pairwise"].id]
    assert [b["value"] for b in pairwise["bars"]] == [60, 40, 0]
    assert pairwise["bars"][0]["label"] == "60%"


def test_the_report_counts_maps_and_results(staff, app, db_session, event):
    item, qs = event
    add_sheet(db_session, app, item, "Paper idea",
              answers={qs["single"].id: {"option": option_ids(qs["single"])[0]}})
    idea_create.create_idea(db_session, app.config["CITY"], None, idea_create.NewIdea(
        category="living", text="<img src=x onerror=alert(1)>", lon=-85.7585, lat=38.2527),
        Origin("kiosk", item.id))
    db_session.commit()
    response = staff.get(f"/facilitate/sessions/{item.id}/report")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Session report: Library night" in html
    assert '<tr><th scope="row">Paper form</th><td>1</td><td>1</td><td>0</td><td>1</td></tr>' \
        in html
    assert '<tr><th scope="row">Tablet at an event</th><td>0</td><td>1</td>' in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'id="report-map"' in html and "report.js" in html and "<script>" not in html
    assert "1 vote in this session" in html and "(ahead)" in html
    assert "ideas.csv" in html


def test_the_ideas_csv_neutralises_formulas_and_is_audited(staff, app, db_session, event):
    item, _ = event
    for text in ("=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "Plain idea"):
        add_sheet(db_session, app, item, text)
    hidden = add_sheet(db_session, app, item, "Hidden one")
    db_session.get(Idea, hidden.idea_id).moderation = "hidden"
    stored_by_hand(db_session)
    other, _ = make_event(db_session, name="Other")
    add_sheet(db_session, app, other, "Other session")
    response = staff.get(f"/facilitate/sessions/{item.id}/ideas.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"session-{item.join_code.lower()}-ideas.csv" in \
        response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(r["text"] for r in rows) == sorted(
        ["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "Plain idea"])
    assert {r["channel"] for r in rows} == {"paper"}
    assert {r["session_id"] for r in rows} == {str(item.id)}
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert entry.actor == "facilitator@example.org"
    assert entry.detail["filters"]["event_id"] == str(item.id)


@pytest.mark.parametrize("path", ["/wall", "/wall.json", "/report", "/ideas.csv"])
def test_wall_and_report_are_for_staff_only(client, event, path):
    item, _ = event
    response = client.get(f"/facilitate/sessions/{item.id}{path}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login_as(client, "facilitator")
    assert client.get(f"/facilitate/sessions/{item.id}{path}").status_code == 200
    assert client.get(f"/facilitate/sessions/424242{path}").status_code == 404
