"""What I sent (SPEC R10): a resident's ideas, supports and ballots on this phone, with what
became of each; and their data to download, or to delete."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.extensions import db
from vizlou.services.messaging import outbox, phones
from vizlou.services.messaging.senders import mask
from vizlou.services.people import own_data
from vizlou.web.common.downloads import content_disposition
from vizlou.web.common.news import phone_key
from vizlou.web.common.page import page_settings
from vizlou.web.common.participant import page_participant
from vizlou.web.participate import bp

SEEN_KEY = "mine_seen"  # in the session cookie: when this phone last opened the page


@bp.get("/mine")
def mine_page():
    """What I sent, what became of it (a badge on what planners changed since the last
    visit), the ideas I support, and how I hear back."""
    participant = page_participant()
    data = own_data.download(db.session, participant) if participant is not None else None
    seen = session.get(SEEN_KEY)
    since = datetime.fromtimestamp(seen, UTC).replace(tzinfo=None) \
        if isinstance(seen, int | float) else None
    changed = set() if since is None or participant is None else \
        set(own_data.changed_since(db.session, participant, since))
    session[SEEN_KEY] = time.time()
    contacts = [] if participant is None else [
        {"kind": c.kind, "shown": mask(phones.unseal(c.sealed, phone_key()) or "")}
        for c in outbox.contacts_of(db.session, participant.id)]
    supported = [] if participant is None else own_data.supported_ideas(db.session, participant)
    return render_template("participate/mine.html", data=data, changed=changed,
                           contacts=contacts, supported=supported, settings=page_settings())


@bp.post("/mine/contact")
def mine_contact():
    """Leave a phone number or an email address to hear when my ideas change."""
    participant = page_participant()
    kind = request.form.get("kind")
    try:
        if participant is None or not own_data.has_ideas(db.session, participant):
            raise InvalidInput(N_("Send an idea first: then we can tell you what becomes of "
                                  "it."), field="address")
        address = own_data.check_contact(kind, request.form.get("address"))
        outbox.remember(db.session, participant, kind, address, phone_key())
    except DomainError as error:
        db.session.rollback()
        flash(error.render(_), "error")
        return mine_page(), error.status
    flash(_("Thank you. We will tell you when planners change or answer your ideas."))
    return redirect(url_for("participate.mine_page"))


@bp.post("/mine/contact/delete")
def mine_contact_delete():
    participant = page_participant()
    if participant is not None:
        outbox.forget(db.session, participant)
    flash(_("Done. We deleted how to reach you, and will send you nothing."))
    return redirect(url_for("participate.mine_page"))


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
