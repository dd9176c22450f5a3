"""Admins' pages under /admin: staff management (list, invite by a one-time link, change a
role, deactivate and reactivate). Every route is for admins only; every form carries a CSRF
token and every change is written to the audit log."""

from vizlou.web.common.staff import staff_blueprint

bp = staff_blueprint("admin", __name__, "admin")

from vizlou.web.admin import staff, webhooks  # noqa: E402,F401 - the routes
