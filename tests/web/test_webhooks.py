"""Webhooks for the city's own systems: an admin registers a URL for events; each event is
written to a durable outbox in its own transaction; the worker delivers it signed (HMAC-
SHA256 over the timestamp and the body), retries a failure later, and admins see failures.
The receiver is a server the test starts on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from factories import csrf_token, login_as, post_idea
from vizlou.models import WebhookDelivery

ANA = "ana-token-0123456789"


@pytest.fixture
def receiver():
    got, answer = [], {"status": 200}

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body.decode()))
            self.send_response(answer["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.got, server.answer = got, answer
    server.url = f"http://127.0.0.1:{server.server_port}/hook"
    yield server
    server.shutdown()
    server.server_close()


def test_an_idea_reaches_the_citys_system_signed_and_failures_are_retried_and_shown(
        app, client, db_session, cli, receiver):
    admin = app.test_client()
    login_as(admin, "admin")
    token = csrf_token(admin, "/admin/webhooks")
    added = admin.post("/admin/webhooks", data={
        "csrf_token": token, "url": receiver.url,
        "events": ["idea.created", "idea.status_changed"]}, follow_redirects=True)
    secret = re.search(r"shown only now: ([\w-]+)", added.get_data(as_text=True)).group(1)
    assert admin.post("/admin/webhooks", data={"csrf_token": token, "url": "ftp://x",
                                               "events": ["idea.created"]},
                      follow_redirects=True).status_code == 200

    idea_id = post_idea(client, ANA, text="A crossing by the school").json["id"]
    waiting = db_session.scalars(select(WebhookDelivery)).all()
    assert [d.event for d in waiting] == ["idea.created"]  # stored with the idea
    assert receiver.got == []  # nothing sent before the worker runs
    result = cli.invoke(args=["webhooks", "run", "--once"])
    assert result.exit_code == 0 and "Sent 1" in result.output
    headers, body = receiver.got[0]
    stamp, digest = re.match(r"t=(\d+),v1=(\w+)", headers["x-vizlou-signature"]).groups()
    assert hmac.compare_digest(digest, hmac.new(secret.encode(), f"{stamp}.{body}".encode(),
                                                hashlib.sha256).hexdigest())
    payload = json.loads(body)
    assert payload["event"] == "idea.created" and payload["data"]["id"] == idea_id
    assert payload["data"]["areas"]["neighborhoods"] == "Central Business District"

    receiver.answer["status"] = 500  # the city's system is down
    planner = app.test_client()
    login_as(planner, "planner")
    planner.post(f"/plan/ideas/{idea_id}", data={
        "csrf_token": csrf_token(planner, f"/plan/ideas/{idea_id}"), "status": "in_plan"})
    assert "failed 1" in cli.invoke(args=["webhooks", "run", "--once"]).output
    failed = db_session.scalar(select(WebhookDelivery)
                               .where(WebhookDelivery.event == "idea.status_changed"))
    db_session.refresh(failed)
    assert failed.attempts == 1 and failed.delivered_at is None and failed.last_status == 500
    assert failed.next_at > failed.created_at  # tried again later, not now
    page = admin.get("/admin/webhooks").get_data(as_text=True)
    assert "HTTP 500, 1 tries" in page
    assert cli.invoke(args=["webhooks", "run", "--once"]).output == ""  # not due yet
    assert client.get("/admin/webhooks").status_code in (302, 403)


def test_hooks_changed_on_another_server_are_followed_and_a_removed_one_breaks_no_write(
        app, client, db_session, monkeypatch):
    """Each process keeps the list of active hooks for a second. Another server's changes
    reach the table directly here: a hook it removed must never fail a resident's write
    (its deliveries would point at nothing), and one it added is served once looked at."""
    from vizlou.models import Webhook
    from vizlou.models.types import utcnow
    from vizlou.services.webhooks import hooks

    def deliveries():
        return db_session.scalars(select(WebhookDelivery.hook_id)).all()

    hook = Webhook(url="https://city.example/hook", events=["idea.created"],
                   sealed_secret=b"sealed", active=True, created_at=utcnow())
    db_session.add(hook)
    db_session.commit()
    hook_id = hook.id
    assert post_idea(client, ANA, client_id="hooked-idea-01").status_code == 201
    assert deliveries() == [hook_id]  # a new database: looked at on first use

    db_session.delete(hook)  # removed by another server; this one still lists it
    db_session.commit()
    assert post_idea(client, ANA, client_id="hooked-idea-02").status_code == 201
    assert deliveries() == []

    monkeypatch.setattr(hooks, "CHECK_EVERY", 0)  # as if a second had passed
    again = Webhook(url="https://city.example/hook2", events=["idea.created"],
                    sealed_secret=b"sealed", active=True, created_at=utcnow())
    db_session.add(again)
    db_session.commit()
    assert post_idea(client, ANA, client_id="hooked-idea-03").status_code == 201
    assert deliveries() == [again.id]
