"""Language: chosen by the resident (a cookie set by the switch), else the browser's."""

from __future__ import annotations

from types import SimpleNamespace
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


def answer_for(idea) -> tuple[str, str] | None:
    """The planners' answer to show a resident: ``(text, language)``, in the resident's
    language when written in it (else the page says which language it is in)."""
    from flask_babel import get_locale

    from vizlou.services.ideas.responses import answer_for as find

    city = current_app.config["CITY"]
    if isinstance(idea, dict):  # an idea as a resident's own data lists it
        idea = SimpleNamespace(response=idea.get("response"),
                               response_translations=idea.get("response_translations") or {})
    return find(idea, str(get_locale() or city.default_language),
                city.languages_default_first)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.globals["answer_for"] = answer_for
    app.jinja_env.globals["area_noun"] = area_noun
    app.jinja_env.filters["upper_first"] = upper_first

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        current = str(get_locale() or "en")
        return {"lang": current, "other_languages": [c for c in languages() if c != current]}


def area_noun(plural: bool = False) -> str:
    """The city's word for an area of the main layer, in the page's language, as written in
    a sentence ("neighborhood", "circonscription"); "area" when the city gives none."""
    from flask import current_app
    from flask_babel import get_locale
    from flask_babel import gettext as _

    city = current_app.config["CITY"]
    word = city.area_noun(str(get_locale() or city.default_language), plural=plural)
    return word or (_("areas") if plural else _("area"))


def upper_first(text: str) -> str:
    """A word as a label: its first letter in capitals, the rest as it is."""
    return text[:1].upper() + text[1:]
