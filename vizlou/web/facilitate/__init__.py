"""Facilitators' pages under /facilitate: sessions, their codes and posters, the live wall,
paper entry and the session report. Kiosk tablets use /kiosk (see web/kiosk.py)."""

from flask import Blueprint

from vizlou.web.auth import role_required

bp = Blueprint("facilitate", __name__)
ROLES = ("facilitator", "planner")


@bp.before_request
@role_required(*ROLES)
def staff_only() -> None:
    """Every page here is for staff; admins, facilitators and planners may run sessions."""


from vizlou.web.facilitate import paper, report, sessions, wall  # noqa: E402,F401 - routes register
