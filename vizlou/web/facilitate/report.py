"""The session report (SPEC F6): counts by channel, a map of the ideas, each question's
results, a printable page, and the session's ideas as CSV."""

from __future__ import annotations

from flask import current_app, render_template

from vizlou.extensions import db
from vizlou.services.events import manage as session_service
from vizlou.services.events import report as session_report
from vizlou.services.exports import tables as exports
from vizlou.services.filters import Filters
from vizlou.web.common.downloads import attachment
from vizlou.web.common.page import city, map_config
from vizlou.web.common.staff import current_actor
from vizlou.web.facilitate import bp, own_session
from vizlou.web.facilitate.present import map_ideas, questions
from vizlou.web.transactions import writes


@bp.get("/sessions/<id:session_id>/report")
def session_report_page(session_id: int):
    item = own_session(session_id)
    ideas = session_report.session_ideas(db.session, city(), item)
    settings = {"map": map_config(current_app), "ideas": map_ideas(ideas)}
    return render_template("facilitate/report.html", item=item, ideas=ideas,
                           counts=session_service.counts_by_channel(db.session, item),
                           questions=questions(item), settings=settings)


@bp.get("/sessions/<id:session_id>/ideas.csv")
@writes
def session_ideas_csv(session_id: int):
    """The session's ideas (hidden ones left out), formulas neutralised; audited."""
    item = own_session(session_id)
    result = exports.export(db.session, city(), "ideas", "csv", Filters(event_id=item.id),
                            actor=current_actor(),
                            key=current_app.config["SECRET_KEY"].encode())
    return attachment(result.data, f"session-{item.join_code.lower()}-ideas.csv",
                      "text/csv; charset=utf-8")
