"""Flask commands: ``boundaries``, ``users``, ``demo``, ``export``, ``paper``, ``counts``
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
    """Commit on success; on a domain error roll back and print one line."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from vizlou.extensions import db

        try:
            result = command(*args, **kwargs)
            db.session.commit()
            return result
        except (DomainError, ConfigError) as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None

    return wrapper


def register(app: Flask) -> None:
    from vizlou.cli import boundaries, counts, demo, export, paper, questions, users

    for group in (boundaries.group, users.group, demo.group, export.group, paper.group,
                  counts.group, questions.group):
        app.cli.add_command(group)
