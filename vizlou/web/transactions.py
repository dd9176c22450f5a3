"""The request boundary of the database: what a request may do, and the one commit.

A request whose method changes things (POST, PUT, PATCH, DELETE) writes; a GET, HEAD or
OPTIONS request only reads, unless its view is marked with :func:`writes` (a download that
is written to the audit log). On SQLite that decides how the transaction begins (see
``extensions._on_begin``): writers take the write lock at the start and queue for it,
readers never wait and cannot write by mistake. The request commits once, at the end,
or rolls back on any error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

from flask import Flask, current_app, g, request
from sqlalchemy.exc import OperationalError

from vizlou.errors import busy, rollback
from vizlou.extensions import db, reset_write_intent, set_write_intent
from vizlou.services.dialect import is_postgres

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes(view):
    """Mark a GET view that writes (for example to the audit log)."""
    view.writes = True
    return view


def streamed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks of a file that is read from the database as it downloads (wrap it in
    ``stream_with_context``). The request has committed (its audit entry, say) before the
    first chunk; the rows are then read in a transaction of their own that only reads (on
    SQLite it never holds the write lock, so residents' writes go on) and sees one snapshot
    to the end (PostgreSQL's REPEATABLE READ; SQLite's transactions always do)."""
    token = set_write_intent(False)
    try:
        if is_postgres(db.session):
            db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield from chunks
    finally:
        with suppress(ValueError):  # closed from another context: nothing of ours to reset
            reset_write_intent(token)


def request_writes() -> bool:
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes", False))


def on_commit(callback) -> None:
    """Call ``callback()`` once this request's transaction has committed (to send what it
    wrote to the outbox, say); never when it rolls back. A callback's error is logged."""
    g.setdefault("after_commit", []).append(callback)


def _after_commit() -> None:
    for callback in g.pop("after_commit", []):
        try:
            callback()
        except Exception:  # the change itself is stored; what failed is tried again later
            current_app.logger.exception("After-commit step %s failed", callback)
            rollback()


def register(app: Flask) -> None:
    @app.before_request
    def declare_intent() -> None:
        g.write_intent = set_write_intent(request_writes())

    @app.teardown_request
    def forget_intent(_exc) -> None:
        token = g.pop("write_intent", None)
        if token is not None:
            reset_write_intent(token)

    @app.after_request
    def commit_once(response):
        """The request boundary commits once; errors have rolled back already. A commit that
        the database cannot take (it went away, or stayed locked past the timeout) rolls
        back and answers 503, so the client sends it again."""
        if response.status_code >= 400:
            rollback()
            return response
        try:
            db.session.commit()
        except OperationalError as exc:
            current_app.logger.warning("Commit failed on %s %s: %s", request.method,
                                       request.path, exc.orig)
            rollback()
            return busy(current_app)
        _after_commit()
        return response
