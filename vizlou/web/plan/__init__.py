"""Planners' pages under /plan: dashboard, area table, maps, where next, question results,
a printable report and exports.

The guard below runs before every route of the blueprint, so no page or download can be
reached by the public (sent to the login page) or by facilitators (403); admins and
planners pass. Filters live in the query string, so every view can be bookmarked, shared
between planners and printed; the only forms that change anything are moderation and
answers to residents (with CSRF tokens, and written to the audit log).
"""

from flask import Blueprint

from vizlou.web.common.staff import role_required

bp = Blueprint("plan", __name__)


@bp.before_request
@role_required("planner")
def guard():
    """Planners and admins only (``role_required`` lets admins in)."""
    return None


@bp.after_request
def private(response):
    """Planners' numbers are not for shared caches (nor for the browser's back-forward cache)."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


from vizlou.web.plan import (  # noqa: E402,F401 - the routes
    answers,
    areas,
    dashboard,
    downloads,
    maps,
    moderation,
    question_editor,
    questions,
    report,
)
