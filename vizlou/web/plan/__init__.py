"""Planners' pages under /plan: dashboard, area table, maps, where next, question results,
a printable report and exports.

The blueprint's guard (``staff_blueprint``) runs before every route, so no page or download
can be reached by the public (sent to the login page) or by facilitators (403); admins and
planners pass. Filters live in the query string, so every view can be bookmarked, shared
between planners and printed; the forms that change anything (moderation, answers to
residents, questions) carry CSRF tokens and are written to the audit log.
"""

from vizlou.web.common.staff import staff_blueprint

bp = staff_blueprint("plan", __name__, "planner")  # planners and admins

from vizlou.web.plan import (  # noqa: E402,F401 - the routes
    answers,
    areas,
    dashboard,
    downloads,
    imports,
    maps,
    moderation,
    question_editor,
    questions,
    report,
)
