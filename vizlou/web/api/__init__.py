"""The JSON and GeoJSON REST API under /api/v1, used by the app's own pages.

Writes name their participant in the ``X-Participant`` header (see
``web/participant.py``), so the API needs no CSRF cookie token; bodies are small JSON.
"""

from flask import Blueprint, request

from vizlou.extensions import csrf

MAX_BODY = 32 * 1024

bp = Blueprint("api", __name__)
csrf.exempt(bp)


@bp.before_request
def limit_body() -> None:
    request.max_content_length = MAX_BODY


from vizlou.web.api import areas, ideas, meta, places, questions  # noqa: E402,F401 - routes
