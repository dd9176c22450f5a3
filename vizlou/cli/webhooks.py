"""``flask webhooks run``: the worker that sends the webhooks' deliveries."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.services.messaging import phones
from vizlou.services.webhooks import deliver as delivery

group = AppGroup("webhooks", help="Deliver webhooks to the city's own systems.")


@group.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--every", default=5.0, show_default=True, type=click.FloatRange(0.5, 3600),
              help="Seconds between two looks at the outbox.")
@clean_errors
def run(once: bool, every: float) -> None:
    """Send the due deliveries, signed, with retries; run it as a service (or with --once
    from cron)."""
    config = current_app.config
    key = phones.pepper(config["SECRET_KEY"], config.get("PHONE_PEPPER", ""))
    while True:
        counts = delivery.deliver(db.session, key)
        db.session.commit()
        if counts["sent"] or counts["failed"]:
            click.echo(f"Sent {counts['sent']}, failed {counts['failed']} (tried again later).")
        if once:
            return
        time.sleep(every)
