"""Staff on every audience's pages: who is logged in (the login cookie, checked against the
user's session version), the roles each page takes, and the staff member as an actor of the
audit log."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required

from vizlou.extensions import db, login_manager
from vizlou.models import StaffUser
from vizlou.services.audit import Actor


@login_manager.user_loader
def load_user(login_id: str) -> StaffUser | None:
    """The user of a login cookie (``id.version``), unless logged out or their password
    changed since (the version moved on), or deactivated."""
    user_id, _, version = login_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(StaffUser, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def role_required(*roles: str):
    """Load, then authorise, then act: refuse every role not named (admins always pass)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def staff_blueprint(name: str, import_name: str, *roles: str) -> Blueprint:
    """A blueprint whose every route is for these roles (admins always pass; the public is
    sent to the login page, other staff get a 403), and whose pages no shared cache, nor the
    browser's back-forward cache, keeps."""
    bp = Blueprint(name, import_name)

    @bp.before_request
    @role_required(*roles)
    def guard():
        return None

    @bp.after_request
    def private(response):
        response.headers["Cache-Control"] = "private, no-store"
        return response

    return bp


def current_actor() -> Actor:
    return Actor(current_user.email, current_user.id)
