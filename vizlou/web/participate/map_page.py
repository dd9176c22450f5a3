"""The map: area outlines, clustered ideas, and adding an idea."""

from __future__ import annotations

from flask import current_app, render_template

from vizlou.web.common.page import map_config, page_settings
from vizlou.web.participate import bp


@bp.get("/")
def map_page():
    # The lists of areas are filled in by the script from the outlines it loads anyway.
    return render_template("participate/map.html",
                           settings=page_settings(map=map_config(current_app)))
