"""The list of ideas, an idea's own page, and its forms (support, comment, report)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError, NotFound
from vizlou.extensions import db
from vizlou.models import Moderation
from vizlou.services.ideas import reactions as idea_reactions
from vizlou.services.ideas import read as idea_read
from vizlou.services.ideas.moderation import held_for_personal_details
from vizlou.services.photos import attach
from vizlou.web.common import photos
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.page import back_to, city, main_areas, page_settings
from vizlou.web.common.parse import as_id
from vizlou.web.common.participant import language, origin, page_participant
from vizlou.web.participate import bp

PAGE_SIZE = 20


@bp.get("/ideas")
def list_page():
    page = min(as_id(request.args.get("page")) or 1, 10_000)
    area = as_id(request.args.get("area"))
    category = request.args.get("category") or None
    if category and city().category(category) is None:
        category = None
    sort = request.args.get("sort") if request.args.get("sort") in idea_read.SORTS \
        else "newest"
    flt = idea_read.IdeaFilter(category=category, layer=city().main_layer if area else None,
                                  area_id=area, sort=sort, limit=PAGE_SIZE,
                                  offset=(page - 1) * PAGE_SIZE)
    try:
        ideas, total = idea_read.list_ideas(db.session, city(), flt)
    except DomainError:
        ideas, total = [], 0
    ids = [i.id for i in ideas]
    return render_template(
        "participate/list.html", ideas=ideas, total=total, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), filters={"area": area, "category": category,
                                                       "sort": sort},
        areas=main_areas(),
        area_names=idea_read.main_area_names(db.session, city(), ids, language()),
        supports=idea_read.support_counts(db.session, ids),
        mine=idea_read.supported_by(db.session, page_participant(), ids),
        settings=page_settings())


@bp.get("/ideas/<id:idea_id>")
def idea_page(idea_id: int):
    participant = page_participant()
    try:
        idea = idea_read.get_idea(db.session, idea_id)
    except NotFound:
        own = idea_read.own_idea(db.session, idea_id, participant)
        if own is None:
            raise
        # Its author is told why they cannot see it in public, not given a bare 404.
        return render_template("participate/idea_not_public.html", idea=own,
                               settings=page_settings()), 404
    return render_template(
        "participate/idea.html", idea=idea,
        areas=idea_read.area_names(db.session, idea, language()),
        supports=idea_read.support_counts(db.session, [idea.id])[idea.id],
        supported=idea.id in idea_read.supported_by(db.session, participant, [idea.id]),
        comments=idea_read.visible_comments(db.session, idea),
        photo=attach.public_photo(db.session, idea.id),
        mine=participant is not None and idea.participant_id == participant.id,
        settings=page_settings())


@bp.get("/ideas/<id:idea_id>/photo.jpg")
def idea_photo(idea_id: int):
    return photos.photo_response(idea_id)


@bp.post("/ideas/<id:idea_id>/photo")
def photo_form(idea_id: int):
    """The author adds (or replaces) the idea's photo from its page."""
    idea = idea_read.get_idea(db.session, idea_id)
    with flash_errors():
        photos.upload(idea, page_participant(), from_form=True)
        flash(_("Your photo is added."))
    return redirect(url_for("participate.idea_page", idea_id=idea.id))


@bp.post("/ideas/<id:idea_id>/support")
def support_form(idea_id: int):
    idea = idea_read.get_idea(db.session, idea_id)
    on = request.form.get("on") == "1"
    idea_reactions.set_support(db.session, idea, page_participant(create=True), on, origin())
    flash(_("Thanks for your support!") if on else _("You no longer support this idea."))
    return redirect(back_to(url_for("participate.idea_page", idea_id=idea.id)))


@bp.post("/ideas/<id:idea_id>/comments")
def comment_form(idea_id: int):
    idea = idea_read.get_idea(db.session, idea_id)
    with flash_errors():
        comment, _created = idea_reactions.add_comment(
            db.session, idea, page_participant(create=True), request.form.get("text", ""),
            origin=origin())
        if held_for_personal_details(comment):
            flash(_("Thanks! Your comment will appear after a quick check: it seems to hold a "
                    "phone number or an email, and we keep those private."))
        elif comment.moderation != Moderation.VISIBLE:
            flash(_("Thanks! Your comment will appear after a quick check."))
        else:
            flash(_("Thanks! Your comment is posted."))
    return redirect(url_for("participate.idea_page", idea_id=idea.id) + "#comments")


@bp.post("/ideas/<id:idea_id>/report")
def report_form(idea_id: int):
    idea = idea_read.get_idea(db.session, idea_id)
    with flash_errors():
        idea_reactions.report(db.session, page_participant(create=True),
                            reason=request.form.get("reason"), idea=idea,
                            auto_hide_after=city().auto_hide_reports)
        flash(_("Thanks for telling us. We will check it."))
    return redirect(url_for("participate.idea_page", idea_id=idea.id))
