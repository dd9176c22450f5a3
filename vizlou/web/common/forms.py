"""What every audience's forms share."""

from __future__ import annotations

from contextlib import contextmanager

from flask import flash
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from vizlou.errors import DomainError, rollback
from vizlou.extensions import db
from vizlou.models import StaffUser
from vizlou.services.people import staff
from vizlou.web.common import limits

# Forms that take a staff password, per client address (each account has its own limit too).
STAFF_FORM_LIMIT = "10 per minute; 50 per hour"


class StaffLoginForm(FlaskForm):
    """Email and password: the login page, and leaving kiosk mode on a tablet."""

    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def staff_of(form: StaffLoginForm) -> StaffUser | None:
    """The active staff member the form names, if the password is right; the attempt counts
    against the account's limit, and takes as long for an unknown email."""
    limits.login_attempt(form.email.data)
    return staff.authenticate(db.session, form.email.data, form.password.data)


@contextmanager
def flash_errors():
    """Run a form's action: a domain error rolls the request back and is shown to the person
    as a message (the page then redirects as usual)."""
    try:
        yield
    except DomainError as error:
        rollback()
        flash(error.render(gettext), "error")
