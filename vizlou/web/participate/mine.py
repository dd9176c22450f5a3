"""What I sent (SPEC R10): a resident's ideas, supports and ballots on this phone, with what
became of each; and their data to download, or to delete."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.extensions import db
from vizlou.services.people import own_data
from vizlou.web.common.downloads import content_disposition
from vizlou.web.common.page import page_settings
from vizlou.web.common.participant import page_participant
from vizlou.web.participate import bp


@bp.get("/mine")
def mine_page():
    participant = page_participant()
    data = own_data.download(db.session, participant) if participant is not None else None
    return render_template("participate/mine.html", data=data, settings=page_settings())


@bp.get("/mine/data.json")
def mine_data():
    participant = page_participant()
    data = own_data.download(db.session, participant) if participant is not None else {}
    body = current_app.json.dumps(data, indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": content_disposition("my-ideas-and-votes.json"),
        "Cache-Control": "private, no-store"})


@bp.post("/mine/delete")
def mine_delete():
    participant = page_participant()
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to say you want everything deleted."), "error")
        return redirect(url_for("participate.mine_page"))
    if participant is not None:
        own_data.erase(db.session, participant)
    flash(_("Done. What you sent is deleted; your votes still count, but no one can tell "
            "they were yours."))
    return redirect(url_for("participate.mine_page"))
