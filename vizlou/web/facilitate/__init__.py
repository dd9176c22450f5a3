"""Facilitators' pages under /facilitate: sessions, their codes and posters, the live wall,
paper entry and the session report. Kiosk tablets use /kiosk (see web/kiosk.py)."""

from flask import Blueprint
from flask_login import current_user

from vizlou.errors import N_, Forbidden
from vizlou.extensions import db
from vizlou.models import Event
from vizlou.services.events import manage
from vizlou.web.common.staff import role_required

bp = Blueprint("facilitate", __name__)
ROLES = ("facilitator", "planner")


@bp.before_request
@role_required(*ROLES)
def staff_only() -> None:
    """Every page here is for staff; admins, facilitators and planners may run sessions."""


def own_session(session_id: int) -> Event:
    """Load, then authorise: the session, when the logged-in user runs it (its facilitator,
    a co-facilitator, a planner or an admin); 403 for other facilitators."""
    item = manage.get_session(db.session, session_id)
    if not manage.may_run(item, current_user.id, current_user.role):
        raise Forbidden(N_("This session belongs to another facilitator. Ask them to add "
                           "you to its team."), field="session")
    return item


from vizlou.web.facilitate import (  # noqa: E402,F401 - routes
    paper,
    paper_blank,
    report,
    sessions,
    team,
    wall,
)
