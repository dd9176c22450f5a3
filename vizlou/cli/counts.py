"""``flask counts check|rebuild``: the kept counts against a recount, and made again."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.services.counts import rebuild as counts

group = AppGroup("counts", help="Check the kept counts against a recount, or make them again.")


@group.command("check")
@clean_errors
def check() -> None:
    """Recount everything (changing nothing) and compare; exits with 1 at a difference."""
    differences = counts.check(db.session)
    if differences:
        raise click.ClickException(f"{len(differences)} kept counts differ from a recount; "
                                   f"the first: {differences[0]}. Run `counts rebuild`.")
    click.echo("The kept counts equal a recount.")


@group.command("rebuild")
@clean_errors
def rebuild() -> None:
    """Make every kept count again from the stored ideas, supports and ballots."""
    counts.rebuild(db.session)
    click.echo("Every kept count was made again.")
