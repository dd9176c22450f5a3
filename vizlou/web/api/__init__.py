"""The JSON and GeoJSON REST API under /api/v1, used by the app's own pages."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from vizlou.web.api import areas  # noqa: E402,F401 - routes register on import
