"""Turning domain objects into the JSON and GeoJSON the API returns."""

from __future__ import annotations

from flask import current_app, url_for

from vizlou.geo.overlays import is_finite
from vizlou.models import Comment, Idea, Moderation, Question
from vizlou.services.ideas.moderation import held_for_personal_details
from vizlou.services.ideas.responses import answer_for
from vizlou.services.voting.ballots import is_open, localized


def idea_feature(idea: Idea, *, areas: dict, supports: int, supported: bool,
                 language: str) -> dict:
    city = current_app.config["CITY"]
    category = city.category(idea.category)
    answer = answer_for(idea, language, city.languages_default_first)
    return {
        "type": "Feature",
        "id": idea.id,
        "geometry": {"type": "Point", "coordinates": [idea.lon, idea.lat]},
        "properties": {
            "text": idea.text,
            "category": idea.category,
            "category_label": category.label(language) if category else idea.category,
            "placement": idea.placement,
            "status": idea.status,
            # The answer in the asker's language when written in it, with its language.
            "response": answer[0] if answer else None,
            "response_language": answer[1] if answer else None,
            "created_at": idea.created_at.isoformat(timespec="seconds") + "Z",
            "areas": areas,
            "supports": supports,
            "supported": supported,
            "channel": idea.channel,
            "moderation": idea.moderation,
            "held_for": ("personal_details" if held_for_personal_details(idea)
                         else "review" if idea.moderation != Moderation.VISIBLE else None),
            "url": url_for("participate.idea_page", idea_id=idea.id),
        },
    }


def comment_json(comment: Comment) -> dict:
    return {"id": comment.id, "text": comment.text,
            "created_at": comment.created_at.isoformat(timespec="seconds") + "Z",
            "moderation": comment.moderation}


def question_json(question: Question, language: str, my_choice: dict | None) -> dict:
    return {
        "id": question.id,
        **localized(question, language),
        "method": question.method,
        "identity": question.identity,
        "max_choices": question.max_choices,
        "budget_total": question.budget_total,
        "budget_unit": question.budget_unit,
        "opens_at": question.opens_at.isoformat() + "Z" if question.opens_at else None,
        "closes_at": question.closes_at.isoformat() + "Z" if question.closes_at else None,
        "open": is_open(question),
        "options": [{"id": o.id, **localized(o, language), "cost": o.cost,
                     "overlay": o.overlay if is_finite(o.overlay) else None}
                    for o in question.options],
        "my_ballot": my_choice,
    }
