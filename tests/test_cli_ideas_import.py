"""Bringing in existing records: ideas from a CSV or a GeoJSON of another tool or a 311
export, with their original dates and channels, topics mapped, each stored once, bad rows
reported row by row."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

from sqlalchemy import func, select

from factories import DOWNTOWN
from vizlou.extensions import db
from vizlou.models import Idea, IdeaArea
from vizlou.services.filters import Filters
from vizlou.services.summaries import activity


def test_a_311_csv_comes_in_once_with_its_dates_and_topics(cli, tmp_path):
    path = tmp_path / "service-requests.csv"
    path.write_text(
        "request_id,description,type,opened,source,longitude,latitude\n"
        f"A-1,Pothole on Main St,Pothole,2024-03-02T09:15,web,{DOWNTOWN[0]},{DOWNTOWN[1]}\n"
        f"A-2,Graffiti on the wall,Graffiti,03/05/2024,paper,{DOWNTOWN[0]},{DOWNTOWN[1]}\n"
        f"A-3,Lost cat,Animals,2024-03-06,web,{DOWNTOWN[0]},{DOWNTOWN[1]}\n"
        "A-4,Somewhere far,Pothole,2024-03-07,web,-0.12,51.5\n"
        f"A-5,No date,Pothole,soon,web,{DOWNTOWN[0]},{DOWNTOWN[1]}\n")
    args = ["ideas", "import", str(path), "--text-field", "description", "--category-field",
            "type", "--map", "Pothole=connectivity", "--map", "Graffiti=identity",
            "--date-field", "opened", "--id-field", "request_id", "--channel-field", "source",
            "--lon-field", "longitude", "--lat-field", "latitude"]
    first = cli.invoke(args=args)
    assert first.exit_code == 1
    assert "Stored: 2. Already stored before: 0. Rows with errors: 3." in first.output
    assert "row 4, type: Unknown topic “Animals”" in first.output
    assert "row 5, longitude: That spot is outside" in first.output
    assert "row 6, opened: “soon” is not a date" in first.output
    ideas = db.session.scalars(select(Idea).order_by(Idea.created_at)).all()
    # Kept in UTC: the file wrote Louisville's clock (EST, five hours behind).
    assert [(i.category, i.channel, i.created_at) for i in ideas] == [
        ("connectivity", "web", datetime(2024, 3, 2, 14, 15)),
        ("identity", "paper", datetime(2024, 3, 5, 5))]
    assert db.session.scalar(select(func.count()).select_from(IdeaArea)) > 0  # placed
    again = cli.invoke(args=args)
    assert "Stored: 0. Already stored before: 2. Rows with errors: 3." in again.output
    assert db.session.scalar(select(func.count(Idea.id))) == 2
    # The timeline counts them on their original days, in the city's time.
    line = activity.timeline(db.session, cli.app.config["CITY"], Filters())
    assert line.starts[0] == date(2024, 3, 2) and line.starts[-1] == date(2024, 3, 5)
    assert line.counts["web"][0] == 1 and line.counts["paper"][-1] == 1


def test_a_geojson_of_another_tool(cli, tmp_path):
    path = tmp_path / "shareabouts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"comment": "A bike lane", "topic": "Getting around",
                                           "created": "2018-06-01 10:00:00"},
         "geometry": {"type": "Point", "coordinates": list(DOWNTOWN)}}]}))
    result = cli.invoke(args=["ideas", "import", str(path), "--text-field", "comment",
                              "--category-field", "topic", "--date-field", "created"])
    assert result.exit_code == 0, result.output
    idea = db.session.scalar(select(Idea))
    assert (idea.category, idea.created_at, idea.channel) == (
        "connectivity", datetime(2018, 6, 1, 14), "web")  # 10:00 in Louisville (EDT)
    bad = cli.invoke(args=["ideas", "import", str(path), "--text-field", "body",
                           "--category-field", "topic"])
    assert bad.exit_code == 1 and "The file has no field body" in bad.output
    assert "Traceback" not in bad.output


def test_planners_import_from_their_page(app, tmp_path):
    from factories import csrf_token, login_as

    client = app.test_client()
    login_as(client, "planner")
    token = csrf_token(client, "/plan/imports")
    data = ("id,what,kind,lon,lat\n"
            f"1,Fix the bench,Parks,{DOWNTOWN[0]},{DOWNTOWN[1]}\n"
            f"2,<script>x</script>,Weather,{DOWNTOWN[0]},{DOWNTOWN[1]}\n").encode()

    def send():
        return client.post("/plan/imports", data={
            "csrf_token": token, "file": (io.BytesIO(data), "old-tool.csv"),
            "text_field": "what", "category_field": "kind", "id_field": "id",
            "categories": "Parks = health\nNope"}, content_type="multipart/form-data")

    page = send().get_data(as_text=True)
    assert "Stored: 1. Already stored before: 0. Rows with errors: 1." in page
    assert "Unknown topic “Weather”" in page and "<script>x</script>" not in page
    assert "Stored: 0. Already stored before: 1." in send().get_data(as_text=True)
    bad = client.post("/plan/imports", data={
        "csrf_token": token, "file": (io.BytesIO(b"x"), "notes.txt"), "text_field": "a",
        "category_field": "b"}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "CSV, GeoJSON or GeoPackage" in bad.get_data(as_text=True)
    assert app.test_client().get("/plan/imports").status_code in (302, 401, 403)
