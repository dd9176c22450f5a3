"""Staff users, created and managed from the command line (and later by admins)."""

from __future__ import annotations

import functools
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from vizlou.errors import N_, Conflict, InvalidInput, NotFound
from vizlou.models import ROLES, StaffUser
from vizlou.services import audit

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so that a login takes as long either way
    and its timing does not tell which emails belong to staff. Made on the first login of
    the process, whoever logs in, not when the module is imported: every process (each
    command, each server) would otherwise pay a tenth of a second for it."""
    return generate_password_hash("no staff user has this password")


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise InvalidInput(N_("%(email)s is not an email address."), field="email", email=email)
    return email


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput(N_("The password must be at least %(n)s characters long."),
                           field="password", n=MIN_PASSWORD)
    return password


def create_user(session: Session, email: str, role: str, password: str,
                actor: audit.Actor = audit.COMMAND_LINE) -> StaffUser:
    email = normalise_email(email)
    if role not in ROLES:
        raise InvalidInput(N_("The role must be one of: %(roles)s."), field="role",
                           roles=", ".join(ROLES))
    check_password(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise Conflict(N_("A staff user with the email %(email)s already exists."),
                       field="email", email=email)
    user = StaffUser(email=email, role=role, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "users.create", "staff_user", user.id, email=email, role=role)
    return user


def find_user(session: Session, email: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(
        func.lower(StaffUser.email) == (email or "").strip().lower()))
    if user is None:
        raise NotFound(N_("There is no staff user %(email)s."), field="email", email=email)
    return user


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """The active user with this email and password, else None, in the same time either way
    (a password hash is checked even when there is no such user)."""
    dummy = _dummy_hash()
    user = session.scalar(select(StaffUser).where(
        StaffUser.email == (email or "").strip().lower()))
    matches = check_password_hash(user.password_hash if user is not None else dummy,
                                  password or "")
    if user is None or not user.active or not matches:
        return None
    return user


def end_logins(user: StaffUser) -> None:
    """Every login of the user made so far stops working (their cookies carry the old
    version)."""
    user.session_version = (user.session_version or 0) + 1


def set_password(session: Session, email: str, password: str,
                 actor: audit.Actor = audit.COMMAND_LINE) -> StaffUser:
    user = find_user(session, email)
    user.password_hash = generate_password_hash(check_password(password))
    end_logins(user)
    audit.record(session, actor, "users.password", "staff_user", user.id)
    return user


def set_active(session: Session, email: str, active: bool,
               actor: audit.Actor = audit.COMMAND_LINE) -> StaffUser:
    user = find_user(session, email)
    user.active = active
    if not active:
        end_logins(user)
    audit.record(session, actor, "users.activate" if active else "users.deactivate",
                 "staff_user", user.id)
    return user


def list_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))
