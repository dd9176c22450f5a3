"""Question results (SPEC P7): per method, per area, with every instant-runoff round."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import ngettext

from vizlou.extensions import db
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting import bursts as burst_service
from vizlou.services.voting import editing, methods
from vizlou.services.voting import questions as question_service
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.staff import current_actor
from vizlou.web.plan import bp, charts, pages, params


def share_chart(values: dict, options: dict, title: str):
    return charts.bars([(options.get(o, str(o)), v, "#0b4f6c") for o, v in values.items()],
                       title=title)


@bp.get("/questions")
def questions():
    flt = params.filters()
    summary = summaries.summarize(db.session, current_app.config["CITY"], flt)
    return pages.render("plan/questions.html", flt, summary=summary,
                        listed=editing.overview(db.session),
                        methods=list(methods.REGISTRY.values()))


@bp.get("/questions/<id:question_id>")
def question(question_id: int):
    item = question_service.any_question(db.session, question_id)
    flt = params.filters()
    city = current_app.config["CITY"]
    summary = summaries.summarize(db.session, city, flt, question_id=item.id,
                                  with_ideas=False, with_people=False)  # results only
    info = next(q for q in summary.questions if q.id == item.id)
    overall = {"ballots": info.ballots, "result": info.result}  # every area's, summed
    others = question_service.titles(db.session)
    return pages.render("plan/question.html", flt, question=item, overall=overall,
                        summary=summary, info=info, others=others, share_chart=share_chart)


@bp.get("/questions/<id:question_id>/bursts")
def bursts(question_id: int):
    item = question_service.any_question(db.session, question_id)
    return pages.render("plan/bursts.html", params.filters(), question=item,
                        hours=burst_service.by_hour(db.session, item))


@bp.post("/questions/<id:question_id>/bursts")
def set_aside(question_id: int):
    item = question_service.any_question(db.session, question_id)
    try:
        since, until = burst_service.window_of_hour(request.form.get("hour", ""))
    except ValueError:
        abort(400)
    aside = request.form.get("action") == "aside"
    with flash_errors():
        n = burst_service.set_aside(db.session, item, since, until,
                                    request.form.get("reason", ""), current_actor(),
                                    aside=aside)
        flash(ngettext("%(num)s ballot set aside.", "%(num)s ballots set aside.", n) if aside
              else ngettext("%(num)s ballot counted again.", "%(num)s ballots counted again.",
                            n))
    return redirect(url_for("plan.bursts", question_id=item.id))
