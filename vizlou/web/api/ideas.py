"""Ideas: list and read as GeoJSON, create exactly once, support, comment, report."""

from __future__ import annotations

from flask import current_app, request, url_for

from vizlou.extensions import db
from vizlou.services.areas.layers import areas_of_ideas
from vizlou.services.ideas import create as idea_create
from vizlou.services.ideas import reactions as idea_reactions
from vizlou.services.ideas import read as idea_read
from vizlou.services.maps import clusters as map_data
from vizlou.services.photos import attach
from vizlou.web.api import bp
from vizlou.web.api.serialize import comment_json, idea_feature
from vizlou.web.common import photos
from vizlou.web.common.parse import (
    area_ref,
    json_body,
    optional_str,
    query_bbox,
    query_int,
    query_list,
)
from vizlou.web.common.participant import api_participant, language, origin


def _city():
    return current_app.config["CITY"]


def _features(ideas) -> list[dict]:
    ids = [i.id for i in ideas]
    areas = areas_of_ideas(db.session, ids, language())
    counts = idea_read.support_counts(db.session, ids)
    mine = idea_read.supported_by(db.session, api_participant(), ids)
    return [idea_feature(i, areas=areas[i.id], supports=counts[i.id], supported=i.id in mine,
                         language=language()) for i in ideas]


@bp.get("/ideas")
def list_ideas():
    flt = idea_read.IdeaFilter(
        category=request.args.get("category") or None, status=request.args.get("status") or None,
        layer=request.args.get("layer") or None, area_id=query_int("area"),
        bbox=query_bbox(), sort=request.args.get("sort", "newest"),
        limit=query_int("limit", 20, 1, idea_read.PAGE_MAX), offset=query_int("offset", 0, 0))
    page, total = idea_read.list_ideas(db.session, _city(), flt)
    return {"type": "FeatureCollection", "features": _features(page),
            "numberMatched": total, "numberReturned": len(page),
            "offset": flt.offset, "limit": flt.limit}


@bp.get("/ideas/<id:idea_id>")
def get_idea(idea_id: int):
    idea = idea_read.get_idea(db.session, idea_id)
    feature = _features([idea])[0]
    feature["properties"]["comments"] = [
        comment_json(c) for c in idea_read.visible_comments(db.session, idea)]
    photo = attach.public_photo(db.session, idea.id)
    feature["properties"]["photo"] = None if photo is None else {
        "url": url_for("participate.idea_photo", idea_id=idea.id), "width": photo.width,
        "height": photo.height}
    return feature


@bp.post("/ideas")
def create_idea():
    body = json_body()
    data = idea_create.NewIdea(
        category=optional_str(body, "category", 40) or "", text=body.get("text"),
        client_id=body.get("client_id"), lon=body.get("lon"), lat=body.get("lat"),
        area=area_ref(body.get("area")))
    participant = api_participant(create=True)
    idea, created = idea_create.create_idea(db.session, _city(), participant, data, origin())
    if not created:
        return _features([idea])[0], 200
    feature = idea_feature(idea, areas=idea_create.new_idea_areas(db.session, idea, language()),
                           supports=0, supported=False, language=language())
    return feature, 201


@bp.get("/map")
def map_view():
    return map_data.map_data(db.session, query_bbox(required=True), query_int("zoom", 12, 0, 22),
                             query_list("category") or None)


@bp.put("/ideas/<id:idea_id>/support")
def support(idea_id: int):
    return _set_support(idea_id, True)


@bp.delete("/ideas/<id:idea_id>/support")
def unsupport(idea_id: int):
    return _set_support(idea_id, False)


def _set_support(idea_id: int, on: bool):
    idea = idea_read.get_idea(db.session, idea_id)
    supported, count = idea_reactions.set_support(db.session, idea,
                                                api_participant(create=True), on, origin())
    return {"idea": idea.id, "supported": supported, "supports": count}


@bp.get("/ideas/<id:idea_id>/comments")
def comments(idea_id: int):
    idea = idea_read.get_idea(db.session, idea_id)
    return {"comments": [comment_json(c) for c in idea_read.visible_comments(db.session,
                                                                                   idea)]}


@bp.post("/ideas/<id:idea_id>/comments")
def add_comment(idea_id: int):
    body = json_body()
    idea = idea_read.get_idea(db.session, idea_id)
    comment, created = idea_reactions.add_comment(
        db.session, idea, api_participant(create=True), body.get("text"),
        body.get("client_id"), origin())
    return comment_json(comment), 201 if created else 200


@bp.put("/ideas/<id:idea_id>/photo")
def put_photo(idea_id: int):
    """The idea's photo, as a JPEG, PNG or WebP body (its author only; one per idea)."""
    idea = idea_read.get_idea(db.session, idea_id, include_hidden=True)
    row = photos.upload(idea, api_participant())
    return {"idea": idea.id, "width": row.width, "height": row.height}, 201


@bp.post("/ideas/<id:idea_id>/reports")
def report_idea(idea_id: int):
    body = json_body()
    idea = idea_read.get_idea(db.session, idea_id)
    stored = idea_reactions.report(db.session, api_participant(create=True),
                                 reason=body.get("reason"), idea=idea, note=body.get("note"),
                                 auto_hide_after=_city().auto_hide_reports)
    return {"reported": True}, 201 if stored else 200


@bp.post("/comments/<id:comment_id>/reports")
def report_comment(comment_id: int):
    body = json_body()
    comment = idea_read.get_comment(db.session, comment_id)
    stored = idea_reactions.report(db.session, api_participant(create=True),
                                 reason=body.get("reason"), comment=comment,
                                 note=body.get("note"),
                                 auto_hide_after=_city().auto_hide_reports)
    return {"reported": True}, 201 if stored else 200
