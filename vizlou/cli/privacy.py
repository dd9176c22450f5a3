"""``flask privacy purge``: delete what is kept only for a while (see docs/privacy.md)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.services import receipts
from vizlou.services.photos import attach, stores

group = AppGroup("privacy", help="Delete what VizLou keeps only for a while.")


@group.command("purge")
@clean_errors
def purge() -> None:
    """Delete what has outlived its keeping time: write receipts older than 90 days, and
    photo files no idea uses (replaced ones). Run it daily (cron or a systemd timer)."""
    n = receipts.forget_old(db.session)
    click.echo(f"Deleted {n} write receipts older than {receipts.RECEIPT_DAYS} days.")
    photos = attach.forget_unused(db.session, stores.from_config(current_app.config))
    click.echo(f"Deleted {photos} photo files that no idea uses.")
