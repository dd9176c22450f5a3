"""Resident pages: the map, the list, an idea, the questions. Mobile first."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from vizlou.web.context import map_config

bp = Blueprint("participate", __name__)


@bp.get("/")
def map_page():
    return render_template("participate/map.html", map_settings=map_config(current_app))
