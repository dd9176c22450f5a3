"""Staff login under /auth: facilitators, planners and admins. Residents never log in."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from vizlou.extensions import db, limiter, login_manager
from vizlou.models import StaffUser
from vizlou.models.types import utcnow
from vizlou.services.audit import Actor
from vizlou.services.people import staff as users
from vizlou.web.i18n import safe_next

bp = Blueprint("auth", __name__)

# Which roles may use which audience's pages; admins may do everything.
ROLE_HOMES = {"admin": "plan.dashboard", "planner": "plan.dashboard",
              "facilitator": "facilitate.index"}


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


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


def current_actor() -> Actor:
    return Actor(current_user.email, current_user.id)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            user.last_login_at = utcnow()
            target = request.args.get("next")
            home = ROLE_HOMES.get(user.role, "participate.map_page")
            if home not in _endpoints():
                home = "participate.map_page"
            return redirect(safe_next(target) if target else url_for(home))
        flash(_("That email and password do not match."), "error")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("participate.map_page"))


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)
