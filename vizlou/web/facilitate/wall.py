"""The live wall (SPEC F4): a page for a projector that asks ``wall.json`` every few seconds.

``wall.json`` carries an ETag that changes with the session's ideas and ballots, so most
polls are answered ``304 Not Modified`` with an empty body.
"""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.extensions import db
from vizlou.services.events import report as session_report
from vizlou.web.common.page import map_config
from vizlou.web.common.participant import language
from vizlou.web.facilitate import bp, own_session
from vizlou.web.facilitate.present import wall_payload

POLL_MS = 2500  # new ideas and votes show within 5 seconds


@bp.get("/sessions/<id:session_id>/wall")
def wall(session_id: int):
    item = own_session(session_id)
    settings = {"map": map_config(current_app), "poll": POLL_MS,
                "dataUrl": url_for("facilitate.wall_data", session_id=item.id),
                "t": {"updated": _("Live. Last change at %(time)s."),
                      "offline": _("The connection is lost. Trying again…"),
                      "noIdeas": _("No ideas yet. Be the first!"),
                      "noVotes": _("No votes yet."),
                      "ballots": _("Votes: %(n)s")}}
    join_page = url_for("participate.join_page", _external=True).split("://", 1)[-1]
    return render_template("facilitate/wall.html", item=item, join_page=join_page,
                           settings=settings)


@bp.get("/sessions/<id:session_id>/wall.json")
def wall_data(session_id: int):
    item = own_session(session_id)
    etag = f"wall-{item.id}-{session_report.version(db.session, item)}-{language()}"
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        response = jsonify(wall_payload(item))
    response.set_etag(etag)
    response.cache_control.no_cache = True
    response.cache_control.private = True
    return response
