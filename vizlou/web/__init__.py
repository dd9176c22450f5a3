"""The web edge: one blueprint per audience, plus what every response shares."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from vizlou.web.common.parse import MAX_ID


class IdConverter(IntegerConverter):
    """Database ids in URLs: 1 to 2**31 - 1, so a huge number is a 404, not an overflow."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def register(app: Flask) -> None:
    from vizlou.web import (
        admin,
        api,
        assets,
        auth,
        edge,
        facilitate,
        i18n,
        kiosk,
        ogc,
        participate,
        plan,
        security,
        sms,
        transactions,
    )
    from vizlou.web.common import news, photos
    from vizlou.web.cookies import SessionInterface

    app.url_map.converters["id"] = IdConverter
    app.session_interface = SessionInterface()
    app.register_blueprint(participate.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(auth.bp, url_prefix="/auth")
    app.register_blueprint(facilitate.bp, url_prefix="/facilitate")
    app.register_blueprint(kiosk.bp, url_prefix="/kiosk")
    app.register_blueprint(plan.bp, url_prefix="/plan")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(sms.bp)
    app.register_blueprint(ogc.bp, url_prefix="/ogc")
    news.register(app)
    photos.register(app)
    edge.register(app)
    i18n.register(app)
    assets.register(app)
    security.register(app)
    transactions.register(app)
