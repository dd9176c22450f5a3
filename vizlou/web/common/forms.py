"""What every audience's forms share."""

from __future__ import annotations

from contextlib import contextmanager

from flask import flash
from flask_babel import gettext

from vizlou.errors import DomainError, rollback


@contextmanager
def flash_errors():
    """Run a form's action: a domain error rolls the request back and is shown to the person
    as a message (the page then redirects as usual)."""
    try:
        yield
    except DomainError as error:
        rollback()
        flash(error.render(gettext), "error")
