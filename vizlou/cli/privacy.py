"""``flask privacy purge``: delete what is kept only for a while (see docs/privacy.md)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.services import receipts

group = AppGroup("privacy", help="Delete what VizLou keeps only for a while.")


@group.command("purge")
@clean_errors
def purge() -> None:
    """Delete what has outlived its keeping time: write receipts older than 90 days. Run it
    daily (cron or a systemd timer)."""
    n = receipts.forget_old(db.session)
    click.echo(f"Deleted {n} write receipts older than {receipts.RECEIPT_DAYS} days.")
