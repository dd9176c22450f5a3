"""The dashboard (SPEC P1): totals, totals over time and by channel."""

from __future__ import annotations

from flask import current_app

from vizlou.extensions import db
from vizlou.services.summaries import activity, todo
from vizlou.web.plan import bp, charts, pages, params


def timeline_chart(timeline: activity.Timeline, title: str):
    labels = [s.strftime("%b %d") for s in timeline.starts]
    series = [(str(pages.labels.CHANNEL.get(c, c)), pages.CHANNEL_COLORS.get(c, "#555"), values)
              for c, values in timeline.counts.items()]
    return charts.stacked_columns(labels, series, title=title)


def channel_chart(counts: dict[str, int], title: str):
    return charts.bars([(str(pages.labels.CHANNEL.get(c, c)), n,
                         pages.CHANNEL_COLORS.get(c, "#555")) for c, n in counts.items()],
                       title=title)


@bp.get("/")
def dashboard():
    flt = params.filters()
    city = current_app.config["CITY"]
    kind = params.choice("kind", activity.KINDS, "ideas")
    period = params.choice("period", activity.PERIODS, "day")
    totals = activity.totals(db.session, city, flt)
    timeline = activity.timeline(db.session, city, flt, kind, period)
    return pages.render("plan/dashboard.html", flt, todo=todo.todo(db.session),
                        totals=totals, timeline=timeline,
                        kind=kind, period=period, kinds=pages.KINDS,
                        timeline_title=pages.TIMELINE_TITLES[(kind, period)],
                        timeline_chart=timeline_chart, channel_chart=channel_chart)
