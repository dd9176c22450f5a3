"""Staff users: admins, planners and facilitators. Residents never have accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db
from vizlou.models.types import utcnow

ROLES = ("admin", "planner", "facilitator")


class StaffUser(db.Model):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Part of every login cookie: raised by logout and password changes, which ends every
    # other login of the user (a copied cookie stops working).
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    # An invitation: the hash of a one-time link the admin hands over; it sets the password.
    invite_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    # What Flask-Login asks of a user (the web edge logs staff in; the model needs no Flask).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the login cookie holds: the id and the session version, so that raising the
        version (logout, password change) ends every login made before."""
        return f"{self.id}.{self.session_version}"
