"""Fixtures: real databases (SQLite and a throwaway PostGIS), apps on them, a live server,
and a real Chromium driven by Playwright.

Every database test gets its own fresh copy of a template database in which the
schema is migrated and Louisville's three layers are imported: a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostGIS. A test that needs the demo's ideas
asks for ``databases.app(backend, seed=(ideas, seed_value))``: the seeded database is made
once per test process and copied like the template. Nothing is mocked.

Set VIZLOU_REQUIRE_ALL=1 (CI does) to turn a missing PostGIS or Chromium into a
failure instead of a skip.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import MADE, dispose, load_louisville, make_app, need
from postgis_cluster import INSTALL_HINT, PostgisCluster, find_pg_bin

_counter = itertools.count()
_SEEDED: dict[tuple[str, tuple[int, int]], object] = {}  # (backend, seed) -> template


def pytest_collection_modifyitems(items):
    """Markers from what a test uses, so no test can forget one: ``postgis`` for the PostGIS
    side of a ``backend`` (or the cluster itself), ``browser`` for Chromium. ``make test-fast``
    leaves both out, and the ``load`` tests."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgis" in names or "postgis" in (params.get("backend"), params.get("shared_db")):
            item.add_marker(pytest.mark.postgis)
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
    # The long tests (Chromium, load) first, in their files' order: the test processes then
    # end together instead of one finishing a long test while the others wait.
    items.sort(key=lambda item: not (item.get_closest_marker("browser")
                                     or item.get_closest_marker("load")))


@pytest.fixture(autouse=True)
def _apps_closed():
    """No connection outlives its test (an open one is a ResourceWarning, an error here)."""
    yield
    while MADE:
        dispose(MADE.pop())


@pytest.fixture(scope="session")
def postgis():
    pg_bin = find_pg_bin()
    if pg_bin is None:
        need(INSTALL_HINT)
    cluster = PostgisCluster(pg_bin, in_memory=True).start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    app = make_app(f"sqlite:///{path}", folder)
    load_louisville(app)
    dispose(app)
    return path


@pytest.fixture(scope="session")
def postgis_template(postgis, tmp_path_factory) -> str:
    name = "vizlou_template"
    url = postgis.create_database(name)
    app = make_app(url, tmp_path_factory.mktemp("pg-template"))
    load_louisville(app)
    dispose(app)
    return name


def counts_agree(app) -> None:
    """After a test, whatever it stored: the kept counts equal a recount, so every write
    path the suite runs is checked, not only those of the recount test."""
    from sqlalchemy import inspect

    from vizlou.extensions import db
    from vizlou.models import Ballot, Idea
    from vizlou.services.counts import rebuild

    with app.app_context():
        try:
            if "ballot_tallies" not in inspect(db.engine).get_table_names():
                return  # a test of an empty or unmigrated database
            if db.session.query(Idea.id).first() is None and \
                    db.session.query(Ballot.id).first() is None:
                return  # nothing to count
            differences = rebuild.check(db.session)
        finally:
            db.session.rollback()
            db.session.remove()
    if differences:
        pytest.fail(f"the kept counts differ from a recount after the test: {differences[0]}"
                    f" ({len(differences)} differences)", pytrace=False)


class Databases:
    """Fresh databases from the templates, removed after the test."""

    def __init__(self, request, tmp_path: Path) -> None:
        self.request = request
        self.tmp_path = tmp_path
        self.apps = []
        self.pg_names: list[str] = []

    def url(self, backend: str, empty: bool = False, seed: tuple[int, int] | None = None) -> str:
        n = next(_counter)
        if backend == "sqlite" and empty:
            return f"sqlite:///{self.tmp_path / f'empty{n}.db'}"
        if backend == "sqlite":
            template = self._seeded(backend, seed) if seed else \
                self.request.getfixturevalue("sqlite_template")
            path = self.tmp_path / f"db{n}.db"
            shutil.copy(template, path)
            return f"sqlite:///{path}"
        cluster = self.request.getfixturevalue("postgis")
        template = None if empty else self._seeded(backend, seed) if seed else \
            self.request.getfixturevalue("postgis_template")
        name = f"test_{os.getpid()}_{n}"
        self.pg_names.append(name)
        return cluster.create_database(name, template=template)

    def _seeded(self, backend: str, seed: tuple[int, int]):
        """The template with the demo's ``seed`` = (ideas, seed value) stored, made on first
        use in this test process (a file on SQLite, a database name on PostGIS)."""
        key = (backend, seed)
        if key not in _SEEDED:
            from vizlou.extensions import db
            from vizlou.services import demo

            folder = self.request.getfixturevalue("tmp_path_factory").mktemp("seeded")
            if backend == "sqlite":
                path = folder / "seeded.db"
                shutil.copy(self.request.getfixturevalue("sqlite_template"), path)
                url, made = f"sqlite:///{path}", path
            else:
                made = f"seeded_{seed[0]}_{seed[1]}"
                url = self.request.getfixturevalue("postgis").create_database(
                    made, template=self.request.getfixturevalue("postgis_template"))
            app = make_app(url, folder)
            with app.app_context():
                demo.seed(db.session, app.config["CITY"], ideas=seed[0], seed_value=seed[1])
                db.session.commit()
            dispose(app)
            _SEEDED[key] = made
        return _SEEDED[key]

    def app(self, backend: str, empty: bool = False, seed: tuple[int, int] | None = None,
            **overrides):
        """An app on a copy of the template, on an ``empty`` database (no schema), or on a
        copy of the template with the demo's ``seed`` = (ideas, seed value) stored."""
        app = make_app(self.url(backend, empty, seed),
                       self.tmp_path / f"instance{next(_counter)}", **overrides)
        self.apps.append(app)
        return app

    def close(self) -> None:
        try:
            if not self.request.node.get_closest_marker("drifts"):
                for app in self.apps:
                    counts_agree(app)
        finally:
            self._drop()

    def _drop(self) -> None:
        for app in self.apps:
            dispose(app)
        if self.pg_names:
            cluster = self.request.getfixturevalue("postgis")
            for name in self.pg_names:
                cluster.drop_database(name)


@pytest.fixture
def databases(request, tmp_path):
    dbs = Databases(request, tmp_path)
    yield dbs
    dbs.close()


@pytest.fixture(params=["sqlite", "postgis"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(databases, backend):
    """The app on a fresh database of each kind, Louisville's layers loaded, no ideas."""
    app = databases.app(backend)
    with app.app_context():
        yield app


@pytest.fixture(scope="module", params=["sqlite", "postgis"])
def shared_db(request, tmp_path_factory):
    """One database of each kind shared by a module's tests, for modules whose tests only
    read what a fixture stored once (exports, summaries): copying a database per test is
    most of their time. Checked against a recount like any other, then removed."""
    dbs = Databases(request, tmp_path_factory.mktemp("shared"))
    yield dbs.app(request.param)
    dbs.close()


@pytest.fixture
def sqlite_app(databases):
    """For tests where the database kind does not matter."""
    app = databases.app("sqlite")
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_session(app):
    from vizlou.extensions import db

    return db.session


@pytest.fixture
def cli(app):
    return app.test_cli_runner()
