"""Language: chosen by the resident (a cookie set by the switch), else the browser's."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request

LANG_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def languages() -> tuple[str, ...]:
    return current_app.config["CITY"].languages


def select_locale() -> str:
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in languages():
        return chosen
    return request.accept_languages.best_match(languages()) or \
        current_app.config["CITY"].default_language


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host), so the switch cannot send people away."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/language/<code>")
def switch(code: str):
    response = redirect(safe_next(request.args.get("next")))
    if code in languages():
        response.set_cookie(LANG_COOKIE, code, max_age=ONE_YEAR, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def language_name(code: str) -> str:
    """A language's name in itself (``es``: Español), for any code Babel knows."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters["language_name"] = language_name

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        current = str(get_locale() or "en")
        return {"lang": current, "other_languages": [c for c in languages() if c != current]}
