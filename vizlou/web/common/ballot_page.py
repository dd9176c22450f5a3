"""A question's ballot page, as residents see it and as planners preview it."""

from __future__ import annotations

from flask import current_app, render_template

from vizlou.extensions import db
from vizlou.geo.overlays import is_finite
from vizlou.services.voting import ballots as voting
from vizlou.services.voting import methods
from vizlou.web.common import phone_check
from vizlou.web.common.page import map_config, page_settings
from vizlou.web.common.participant import language, page_participant


def texts(question, lang: str | None = None) -> dict:
    lang = lang or language()
    return {"qtext": voting.localized(question, lang),
            "otext": {o.id: voting.localized(o, lang) for o in question.options}}


def render(question, error: str | None = None, *, preview: bool = False) -> str:
    """The page; ``preview``: for a planner (nobody's ballot, nothing saved, shown open)."""
    ballot = None if preview else voting.my_ballot(db.session, question, page_participant())
    choice = ballot.choice if ballot else None
    words = texts(question)
    overlays = [{"id": o.id, "title": words["otext"][o.id]["title"], "overlay": o.overlay}
                for o in question.options if o.overlay and is_finite(o.overlay)]
    method = methods.of(question)
    return render_template(
        "participate/question.html", question=question, choice=choice, error=error,
        phone_state="checked" if preview else phone_check.state(),
        open=preview or voting.is_open(question), method=method, preview=preview,
        **method.form_context(question, choice), **words,
        settings=page_settings(question=question.id, method=question.method,
                               maxChoices=question.max_choices,
                               budget=question.budget_total, unit=question.budget_unit,
                               currency=current_app.config["CITY"].currency,
                               step=question.budget_step,
                               pairsPerVoter=question.pairs_per_voter, preview=preview,
                               overlays=overlays, map=map_config(current_app)
                               if overlays else None, pairs=(choice or {}).get("pairs", []),
                               options=words["otext"]))
