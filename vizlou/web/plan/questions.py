"""Question results (SPEC P7): per method, per area, with every instant-runoff round."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from vizlou.errors import N_, NotFound
from vizlou.extensions import db
from vizlou.models import Question
from vizlou.services.filters import ballot_conditions
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting.results import question_results
from vizlou.web.plan import bp, charts, pages, params


def get_question_or_404(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(N_("There is no question %(id)s."), field="question", id=question_id)
    return question


def share_chart(values: dict, options: dict, title: str):
    return charts.bars([(options.get(o, str(o)), v, "#0b4f6c") for o, v in values.items()],
                       title=title)


@bp.get("/questions")
def questions():
    flt = params.filters()
    summary = summaries.summarize(db.session, current_app.config["CITY"], flt)
    return pages.render("plan/questions.html", flt, summary=summary)


@bp.get("/questions/<id:question_id>")
def question(question_id: int):
    item = get_question_or_404(question_id)
    flt = params.filters()
    city = current_app.config["CITY"]
    overall = question_results(db.session, item, ballot_filter=ballot_conditions(city, flt))
    summary = summaries.summarize(db.session, city, flt)
    info = next(q for q in summary.questions if q.id == item.id)
    others = db.session.execute(select(Question.id, Question.title)
                                .order_by(Question.position, Question.id)).all()
    return pages.render("plan/question.html", flt, question=item, overall=overall,
                        summary=summary, info=info, others=others, share_chart=share_chart)
