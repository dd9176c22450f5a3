"""Kiosk mode's own pages under /kiosk (see ``turns``)."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from vizlou.web.kiosk import turns  # noqa: E402,F401 - routes register
