"""The area table (SPEC P1) and "Where next" (SPEC P8)."""

from __future__ import annotations

from flask import current_app

from vizlou.extensions import db
from vizlou.services.summaries import by_area as summaries
from vizlou.services.summaries import wherenext
from vizlou.services.summaries.rows import LayerSummary
from vizlou.web.plan import bp, pages, params


def sorted_rows(summary: LayerSummary, key: str, descending: bool):
    """Rows sorted by a metric or by name; areas without a value always come last."""
    if key == "name":
        return sorted(summary.areas, key=lambda r: r.name.casefold(), reverse=descending)
    present = [r for r in summary.areas if r.metric(key) is not None]
    missing = [r for r in summary.areas if r.metric(key) is None]
    present.sort(key=lambda r: (r.metric(key), r.name.casefold()), reverse=descending)
    return present + missing


@bp.get("/areas")
def areas():
    flt = params.filters()
    city = current_app.config["CITY"]
    summary = summaries.summarize(db.session, city, flt)
    key = params.choice("sort", ["name", "population", *summary.metrics(city)], "participants")
    order = params.choice("order", ["asc", "desc"], "asc" if key == "name" else "desc")
    return pages.render("plan/areas.html", flt, summary=summary, sort=key, order=order,
                        rows=sorted_rows(summary, key, order == "desc"),
                        topics=[f"ideas_{k}" for k in city.category_keys])


@bp.get("/where-next")
def where_next():
    flt = params.filters()
    city = current_app.config["CITY"]
    summary = summaries.summarize(db.session, city, flt, with_questions=False,
                                  with_ideas=False)  # the ranking looks at people only
    ranking = wherenext.rank(db.session, summary)
    return pages.render("plan/where_next.html", flt, summary=summary, ranking=ranking)
