"""``flask users create|list|password|deactivate|activate``: staff accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.models import ROLES
from vizlou.services.people import staff as users

group = AppGroup("users", help="Manage staff users (admins, planners, facilitators).")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@group.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@clean_errors
def create(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff user."""
    users.normalise_email(email)
    user = users.create_user(db.session, email, role, _password(password_stdin))
    click.echo(f"Created {user.role} {user.email}.")


@group.command("list")
@clean_errors
def list_() -> None:
    """List staff users."""
    for user in users.list_users(db.session):
        state = "" if user.active else " (deactivated)"
        click.echo(f"{user.email}\t{user.role}{state}")


@group.command("password")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@clean_errors
def password(email: str, password_stdin: bool) -> None:
    """Set a staff user's password."""
    users.find_user(db.session, email)
    users.set_password(db.session, email, _password(password_stdin))
    click.echo(f"Password changed for {email}.")


@group.command("deactivate")
@click.option("--email", required=True)
@clean_errors
def deactivate(email: str) -> None:
    """Stop a staff user from logging in."""
    users.set_active(db.session, email, False)
    click.echo(f"Deactivated {email}.")


@group.command("activate")
@click.option("--email", required=True)
@clean_errors
def activate(email: str) -> None:
    """Let a deactivated staff user log in again."""
    users.set_active(db.session, email, True)
    click.echo(f"Activated {email}.")
