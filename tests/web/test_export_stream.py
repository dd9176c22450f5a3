"""The ideas export streams over a real server: its audit entry is stored before the first
byte, residents go on sending ideas while it downloads (on SQLite the download holds no
write lock), and the file is one snapshot of the database, read a batch at a time."""

from __future__ import annotations

import csv
import io
import threading
import uuid

import requests
from sqlalchemy import func, select

from e2e_support import LiveServer
from factories import DOWNTOWN, PASSWORD, make_staff
from vizlou.extensions import db
from vizlou.models import AuditEntry, Idea
from vizlou.models.ideas import Moderation
from vizlou.services.exports import idea_rows


def paused_after_the_first_batch(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The export's rows stop after the first batch (its transaction open, its snapshot
    taken) until the test says go on."""
    paused, go_on = threading.Event(), threading.Event()
    rows = idea_rows.rows

    def pausing(*args, **kwargs):
        for n, pair in enumerate(rows(*args, **kwargs)):
            if n == idea_rows.BATCH:
                paused.set()
                go_on.wait(60)
            yield pair

    monkeypatch.setattr(idea_rows, "rows", pausing)
    return paused, go_on


def test_the_ideas_export_streams_while_residents_write(databases, backend, monkeypatch):
    monkeypatch.setattr(idea_rows, "BATCH", 25)  # 150 ideas: six batches
    paused, go_on = paused_after_the_first_batch(monkeypatch)
    app = databases.app(backend, seed=(150, 8), WTF_CSRF_ENABLED=False)
    with app.app_context():
        email = make_staff(db.session, "planner").email
        visible = db.session.scalar(select(func.count()).select_from(Idea).where(
            Idea.moderation != Moderation.HIDDEN))
    server = LiveServer(app)
    try:
        planner = requests.Session()
        login = planner.post(f"{server.url}/auth/login", allow_redirects=False,
                             data={"email": email, "password": PASSWORD}, timeout=30)
        assert login.status_code == 302
        with planner.get(f"{server.url}/plan/exports/ideas.csv", stream=True,
                         timeout=30) as response:
            assert response.status_code == 200
            assert response.headers.get("Transfer-Encoding") == "chunked"
            chunks = response.iter_content(chunk_size=None)
            assert paused.wait(30)
            with app.app_context():  # audited before the file, with the rows it will hold
                entry = db.session.scalar(select(AuditEntry).where(
                    AuditEntry.action == "export"))
                assert entry is not None and entry.detail["rows"] == visible
            # Within 10 s: on SQLite, a download holding the write lock would keep it waiting
            sent = requests.post(f"{server.url}/api/v1/ideas", timeout=10, headers={
                "X-Participant": uuid.uuid4().hex}, json={
                "lon": DOWNTOWN[0], "lat": DOWNTOWN[1], "category": "health",
                "text": "Sent while a planner downloads the ideas."})
            assert sent.status_code == 201, sent.text
            go_on.set()
            data = b"".join(chunks)
    finally:
        go_on.set()
        server.stop()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    ids = [int(r["id"]) for r in rows]
    assert len(ids) == visible and ids == sorted(set(ids))  # each once, in order, no new one
    assert all(r["neighborhoods"] for r in rows)  # the areas are read with every batch
