"""Telling residents what became of their ideas: the senders the app was configured with,
and the delivery of the outbox once a change has committed (``on_commit(deliver_news)``)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import force_locale, gettext

from vizlou.extensions import db
from vizlou.models import Idea
from vizlou.services.ideas.responses import answer_for
from vizlou.services.messaging import outbox, phones, senders
from vizlou.web.common import labels
from vizlou.web.transactions import on_commit

MAX_ANSWER_IN_TEXT = 200


def register(app: Flask) -> None:
    app.extensions["vizlou.senders"] = senders.from_config(app.config)


def phone_key() -> bytes:
    """The pepper of phone and contact hashes (PHONE_PEPPER, else from SECRET_KEY)."""
    config = current_app.config
    return phones.pepper(config["SECRET_KEY"], config.get("PHONE_PEPPER", ""))


def deliver_news() -> None:
    """Send what waits in the outbox, in its own transaction."""
    outbox.deliver(db.session, current_app.extensions["vizlou.senders"], phone_key())
    db.session.commit()


def tell_authors(ideas: list[Idea]) -> None:
    """Queue the news of these ideas for their authors, sent once the change commits."""
    if outbox.queue_news(db.session, ideas, news_text):
        on_commit(deliver_news)


def news_text(idea: Idea, language: str) -> str:
    city = current_app.config["CITY"]
    language = language if language in city.languages else city.default_language
    with force_locale(language):
        status = str(labels.STATUS.get(idea.status, idea.status))
        answer = answer_for(idea, language, city.languages)
        if answer is None:
            return gettext("%(city)s: your idea %(id)s is now: %(status)s. Text STATUS "
                           "%(id)s for more, STOP for no more texts.",
                           city=city.short_name, id=idea.id, status=status)
        said = answer[0] if len(answer[0]) <= MAX_ANSWER_IN_TEXT else \
            answer[0][:MAX_ANSWER_IN_TEXT - 1].rstrip() + "…"
        return gettext("%(city)s: your idea %(id)s is now: %(status)s. Planners said: "
                       "%(answer)s (STOP for no more texts)", city=city.short_name,
                       id=idea.id, status=status, answer=said)
