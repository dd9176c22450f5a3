"""Resident pages: the map, the list, an idea, adding without the map, the questions.

Every page works without JavaScript (forms with CSRF tokens); the scripts make them
quicker and keep contributions made offline.
"""

from flask import Blueprint

bp = Blueprint("participate", __name__)

from vizlou.web.participate import (  # noqa: E402,F401 - routes register on import
    add,
    ideas,
    join,
    map_page,
    mine,
    offline,
    open_data,
    questions,
)
