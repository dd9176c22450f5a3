"""VizLou: a mobile-first participatory city-planning map.

``create_app`` builds the Flask application; nothing runs at import time.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from vizlou.config import PACKAGE_DIR, PROJECT_DIR, build_config
from vizlou.errors import ConfigError

__all__ = ["create_app"]


def create_app(config: dict | None = None) -> Flask:
    """The app factory. ``config`` overrides settings (tests use it); see ``config.py``.

    A bad setting raises ConfigError; under a ``flask`` command it is one line and exit 1,
    never a traceback."""
    try:
        settings = build_config(config)
    except ConfigError as exc:
        import click

        if click.get_current_context(silent=True) is not None:
            raise click.ClickException(str(exc)) from None
        raise
    app = Flask(__name__, static_folder=str(PROJECT_DIR / "static"), static_url_path="/static",
                template_folder=str(PROJECT_DIR / "templates"),
                instance_path=settings["INSTANCE_PATH"])
    app.config.update(settings)
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True)

    from vizlou import models  # noqa: F401 - registers the tables
    from vizlou.extensions import babel, csrf, db, limiter, login_manager, migrate, sqlite_pragmas
    from vizlou.web import i18n

    sqlite_pragmas()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"),
                     render_as_batch=True, compare_type=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    from vizlou import cli, errors, web

    web.register(app)
    errors.register_handlers(app)
    cli.register(app)
    return app
