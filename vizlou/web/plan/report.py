"""The printable report (SPEC P4): maps as SVG, tables and charts on one page, with a print
layout (static/css/plan.css). Print it from the browser, or save it as PDF."""

from __future__ import annotations

from flask import current_app

from vizlou.extensions import db
from vizlou.models.types import utcnow
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.maps.classes import classify
from vizlou.services.summaries import activity, themes, wherenext
from vizlou.services.summaries import by_area as summaries
from vizlou.services.summaries.rows import LayerSummary
from vizlou.web.plan import bp, pages, params, svgmap
from vizlou.web.plan.dashboard import channel_chart, timeline_chart
from vizlou.web.plan.questions import share_chart

TOP = 10


def figure_maps(summary: LayerSummary, metrics: list[str]) -> list[dict]:
    _, outlines = area_catalog.light_layer(db.session, summary.layer)
    out = []
    for metric in metrics:
        values = [r.metric(metric) for r in summary.areas]
        classes = classify(values, "fisher_jenks", diverging_around_one=metric == "representation")
        fills = {r.id: classes.color(i) for r, i in zip(summary.areas, classes.index, strict=True)}
        title = pages.metric_label(metric)
        out.append({"metric": metric, "title": title, "classes": classes,
                    "svg": svgmap.area_map(outlines["features"], fills, title=title)})
    return out


IDEAS_LISTED = 300  # most supported first; the exports hold every one


@bp.get("/report")
def report():
    flt = params.filters()
    city = current_app.config["CITY"]
    summary = summaries.summarize(db.session, city, flt)
    metrics = ["per_1000", "representation"] if summary.has_population else ["participants"]
    return pages.render(
        "plan/report.html", flt, summary=summary, generated=utcnow(),
        totals=activity.totals(db.session, city, flt),
        timeline=activity.timeline(db.session, city, flt, "ideas", "week"),
        ranking=wherenext.rank(db.session, summary)[:TOP], maps=figure_maps(summary, metrics),
        themes=themes.themes(db.session, city, flt),
        area_themes=themes.by_area(db.session, city, flt, ideas_per_area=[
            (r.id, r.name, r.ideas) for r in summary.areas]),
        heard=themes.public_ideas(db.session, city, flt, limit=IDEAS_LISTED),
        kinds=pages.KINDS, timeline_chart=timeline_chart, channel_chart=channel_chart,
        share_chart=share_chart)
