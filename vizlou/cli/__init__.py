"""Flask commands: ``boundaries``, ``users``, ``demo``, ``export``, ``paper``, ``counts``,
``questions``, ``privacy``, ``places``, ``messages``, ``city``, ``ideas`` and ``webhooks``
(``db`` comes from Flask-Migrate).

Every command turns a domain error into one clear line on stderr and a non-zero
exit, never a traceback, and commits only when it succeeds.
"""

from __future__ import annotations

import functools

import click
from flask import Flask

from vizlou.errors import ConfigError, DomainError


def clean_errors(command):
    """Commit on success; on a domain error, or a database that cannot answer (not created
    yet, or out of reach), roll back and print one line."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from sqlalchemy.exc import DBAPIError

        from vizlou.errors import rollback
        from vizlou.extensions import db

        try:
            result = command(*args, **kwargs)
            db.session.commit()
            return result
        except (DomainError, ConfigError) as exc:
            rollback()
            raise click.ClickException(str(exc)) from None
        except DBAPIError as exc:
            rollback()
            raise click.ClickException(database_problem(exc)) from None

    return wrapper


def database_problem(exc) -> str:
    """One line for a database error a command met: most often, no ``db upgrade`` yet."""
    from flask import current_app

    from vizlou.extensions import db

    first = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
    try:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()
    except Exception:
        return f"The database cannot answer ({first}). Is DATABASE_URL right?"
    if current != head:
        return (f"The database is not up to date (at {current or 'nothing'}, the code needs "
                f"{head}): run `flask --app vizlou db upgrade` first.")
    return f"The database refused this: {first}"


def register(app: Flask) -> None:
    from vizlou.cli import (
        boundaries,
        city,
        counts,
        demo,
        export,
        ideas,
        paper,
        places,
        privacy,
        questions,
        users,
        webhooks,
    )

    for group in (boundaries.group, users.group, demo.group, export.group, paper.group,
                  counts.group, questions.group, privacy.group, places.group, places.messages,
                  city.group, ideas.group, webhooks.group):
        app.cli.add_command(group)
