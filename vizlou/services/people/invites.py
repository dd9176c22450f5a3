"""Admins manage staff on screen: invite by a one-time link (no email needed: the admin
hands it over), change a role, deactivate and reactivate. Every change is audited; the
city always keeps one active admin.

An invitation stores only the SHA-256 of its link's secret, expires after a week, and is
used once: accepting it sets the password under the user's row lock, so two uses at once
set it once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from vizlou.errors import N_, Conflict, InvalidInput, NotFound
from vizlou.models import ROLES, StaffUser
from vizlou.models.types import utcnow
from vizlou.services import audit
from vizlou.services.people import staff

VALID_FOR = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInput(N_("The role must be one of: %(roles)s."), field="role",
                           roles=", ".join(ROLES))
    return role


def invited(user: StaffUser) -> bool:
    """Invited and not yet in: no password of their own yet."""
    return user.invite_hash is not None


def invite(session: Session, email: str, role: str, actor: audit.Actor,
           now: datetime | None = None) -> tuple[StaffUser, str]:
    """A new staff user who sets their own password through the returned one-time secret
    (asked again for someone invited who has not come in yet, a new link replaces the old)."""
    email = staff.normalise_email(email)
    role = _role(role)
    now = now or utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.email == email).with_for_update())
    if user is not None and not invited(user):
        raise Conflict(N_("A staff user with the email %(email)s already exists."),
                       field="email", email=email)
    token = secrets.token_urlsafe(32)
    if user is None:
        user = StaffUser(email=email, role=role, active=True,
                         password_hash=generate_password_hash(secrets.token_urlsafe(32)))
        session.add(user)
    user.role = role
    user.invite_hash = _digest(token)
    user.invite_expires_at = now + VALID_FOR
    session.flush()
    audit.record(session, actor, "users.invite", "staff_user", user.id, email=email, role=role)
    return user, token


def invitation(session: Session, token: str, now: datetime | None = None) -> StaffUser:
    """The user a link invites, if it is still good."""
    user = session.scalar(select(StaffUser).where(StaffUser.invite_hash == _digest(token or "")))
    if user is None or not user.active:
        raise NotFound(N_("This link does not work. Ask an admin for a new one."), field="token")
    if user.invite_expires_at is None or user.invite_expires_at <= (now or utcnow()):
        raise InvalidInput(N_("This link has expired. Ask an admin for a new one."),
                           field="token")
    return user


def accept(session: Session, token: str, password: str,
           now: datetime | None = None) -> StaffUser:
    """Set the password through the link, which then stops working."""
    user = invitation(session, token, now)
    user = session.scalars(select(StaffUser).where(StaffUser.id == user.id).with_for_update()
                           .execution_options(populate_existing=True)).one()
    if user.invite_hash != _digest(token):
        raise NotFound(N_("This link does not work. Ask an admin for a new one."), field="token")
    user.password_hash = generate_password_hash(staff.check_password(password))
    user.invite_hash = None
    user.invite_expires_at = None
    staff.end_logins(user)
    audit.record(session, audit.Actor(user.email, user.id), "users.accept_invite",
                 "staff_user", user.id)
    return user


def _user(session: Session, user_id: int) -> StaffUser:
    user = session.scalars(select(StaffUser).where(StaffUser.id == user_id).with_for_update()
                           .execution_options(populate_existing=True)).first()
    if user is None:
        raise NotFound(N_("There is no such staff user."), field="user")
    return user


def _keeps_an_admin(session: Session, user: StaffUser) -> None:
    """Refuse a change that would leave no active admin (nobody could manage staff)."""
    others = session.scalar(select(func.count(StaffUser.id)).where(
        StaffUser.role == "admin", StaffUser.active.is_(True), StaffUser.id != user.id))
    if user.role == "admin" and user.active and not others:
        raise Conflict(N_("%(email)s is the only active admin. Make someone else an admin "
                          "first."), field="user", email=user.email)


def set_role(session: Session, user_id: int, role: str, actor: audit.Actor) -> StaffUser:
    role = _role(role)
    session.execute(select(StaffUser.id).where(StaffUser.role == "admin")
                    .order_by(StaffUser.id).with_for_update())  # admins: one change at once
    user = _user(session, user_id)
    if role == user.role:
        return user
    if role != "admin":
        _keeps_an_admin(session, user)
    before, user.role = user.role, role
    staff.end_logins(user)  # their pages change: they log in again with the new role
    audit.record(session, actor, "users.role", "staff_user", user.id, role=role, before=before)
    return user


def set_active(session: Session, user_id: int, active: bool,
               actor: audit.Actor) -> StaffUser:
    session.execute(select(StaffUser.id).where(StaffUser.role == "admin")
                    .order_by(StaffUser.id).with_for_update())
    user = _user(session, user_id)
    if user.active == active:
        return user
    if not active:
        _keeps_an_admin(session, user)
    return staff.set_active(session, user.email, active, actor)
