"""Admins' pages under /admin: staff management (list, invite by a one-time link, change a
role, deactivate and reactivate). Every route is for admins only; every form carries a CSRF
token and every change is written to the audit log."""

from flask import Blueprint

from vizlou.web.common.staff import role_required

bp = Blueprint("admin", __name__)


@bp.before_request
@role_required("admin")
def guard():
    """Admins only."""
    return None


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


from vizlou.web.admin import staff  # noqa: E402,F401 - the routes
