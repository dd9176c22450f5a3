"""A session's results and ideas, worded for the wall and the report pages."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from vizlou.extensions import db
from vizlou.services.events import manage as session_service
from vizlou.services.events import report as session_report
from vizlou.web.common.labels import amount
from vizlou.web.common.participant import language

WALL_IDEAS = 300


def _label(value: float, unit: str) -> str:
    if unit in ("dollars", "dots"):
        return amount(value, unit)
    if unit == "percent":
        return format_percent(value / 100)
    return format_decimal(value)


def questions(item) -> list[dict]:
    """Each question of the session with its result and labelled bars."""
    out = session_report.question_results(db.session, item, language())
    for question in out:
        top = max((bar["value"] for bar in question["bars"]), default=0)
        for bar in question["bars"]:
            bar["label"] = _label(bar["value"], question["unit"])
            bar["share"] = round(100 * bar["value"] / top) if top else 0
            bar["note"] = _("out in round %(n)s", n=bar["out_round"]) \
                if bar["out_round"] else None
    return out


def map_ideas(ideas: list[dict]) -> list[dict]:
    """What a map popup shows of each idea (dates left out)."""
    return [{k: idea[k] for k in ("id", "lon", "lat", "category", "text", "area")}
            for idea in ideas]


def wall_payload(item) -> dict:
    counts = session_service.counts_by_channel(db.session, item)
    ideas = session_report.session_ideas(db.session, current_app.config["CITY"], item,
                                         wall=True, limit=WALL_IDEAS)
    return {"name": item.name, "code": item.join_code, "closed": item.closed_at is not None,
            "counts": {"people": counts.total_participants,
                       "ideas": sum(counts.ideas.values()),
                       "votes": sum(counts.ballots.values())},
            "ideas": map_ideas(ideas), "questions": [
                {k: q[k] for k in ("id", "title", "method", "ballots", "unit", "leaders",
                                   "bars")} for q in questions(item)]}
