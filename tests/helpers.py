"""Helpers shared by the fixtures and the tests."""

from __future__ import annotations

import contextvars
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from jinja2 import BytecodeCache

from vizlou import create_app

ROOT = Path(__file__).resolve().parent.parent
BOUNDARIES = ROOT / "data" / "boundaries" / "louisville"
REQUIRE_ALL = os.environ.get("VIZLOU_REQUIRE_ALL") == "1"


def need(reason: str):
    """Skip with a message that says what is missing, or fail where everything is required."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (VIZLOU_REQUIRE_ALL=1: nothing may be skipped)")
    pytest.skip(reason)


class RequestClient(FlaskClient):
    """A test client whose every request runs in its own contexts, as in production.

    Tests hold an app context open to use the database; without this, Flask would reuse
    that context (and its ``g``: the locale, the logged-in user) for every request. The
    test's own session is committed before each request, so the request sees what the
    test stored, and expired after it, so the test sees what the request stored.
    """

    def open(self, *args, **kwargs):
        from vizlou.extensions import db

        if has_app_context():
            db.session.commit()
        kwargs.setdefault("buffered", True)  # read whole and closed (files sent, too)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # Werkzeug spools a big multipart body to a temporary file it never closes.
        body = response.request.environ.get("wsgi.input")
        if body is not None:
            body.close()
        if has_app_context():
            db.session.expire_all()
        return response


MADE: list = []  # every app a test made, disposed after the test (conftest)


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process, not once per app: each test makes its own
    app, and compiling the templates again was a tenth of a second of every test. The key
    holds a checksum of the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = CompiledTemplates()


def reuse_url_builders() -> None:
    """URL builders compiled once per test process, not once per app, for the same reason:
    Werkzeug compiles two small Python functions for every URL rule of every new app (about
    50 ms of the 55 it takes to make one here), and the suite makes well over a thousand apps
    with the same rules. A builder depends only on what the key holds (the rule's parsed
    parts, its defaults, how each default's converter writes it, and whether unknown
    arguments are appended); it reads the converters from the rule it is bound to."""
    from werkzeug.routing.rules import Rule

    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "reused", False):
        return  # another Werkzeug: nothing to reuse, the apps are only slower
    built: dict[tuple, object] = {}

    def compile_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        key = (append_unknown, self.rule, tuple(self._trace),
               tuple((k, repr(v), type(self._converters.get(k)).__name__)
                     for k, v in sorted(defaults.items())))
        if key not in built:
            built[key] = original(self, append_unknown)
        return built[key]

    compile_builder.reused = True
    Rule._compile_builder = compile_builder


def make_app(url: str, instance: Path, **overrides):
    reuse_url_builders()
    config = {"ENV": "testing", "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url,
              "INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": False}
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = RequestClient
    app.jinja_env.bytecode_cache = TEMPLATES
    MADE.append(app)
    return app


def load_louisville(app) -> None:
    """Migrate and import the three shipped layers (no ideas), as ``demo load --ideas 0``."""
    runner = app.test_cli_runner()
    # In this app's own context: a command run while another app's context is pushed (a
    # test's app asking for a template made on first use) would load into that app instead.
    with app.app_context():
        result = runner.invoke(args=["demo", "load", "--ideas", "0"])
    assert result.exit_code == 0, result.output


def dispose(app) -> None:
    from vizlou.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()



def at_once(jobs) -> list:
    """Run the jobs in parallel threads, started together; their results in order."""
    results = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def run(i, job):
        barrier.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def statements_sent(engine):
    """The SQL statements sent through ``engine`` inside the block, in order (SQLite's
    PRAGMA and BEGIN left out: they are how a transaction starts, not what it does)."""
    from sqlalchemy import event

    sent: list[str] = []

    def note(_conn, _cursor, statement, *_):
        if not statement.startswith(("PRAGMA", "BEGIN")):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)
