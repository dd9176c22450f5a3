"""Attaching a photo to an idea: by its author only, one per idea (a new one replaces it).
The photo is public exactly when its idea is (moderated with it)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, Forbidden
from vizlou.models import Idea, IdeaPhoto, Moderation, Participant
from vizlou.models.types import utcnow
from vizlou.services import locks
from vizlou.services.photos.clean import clean
from vizlou.services.photos.stores import PhotoStore


def attach(session: Session, store: PhotoStore, idea: Idea, participant: Participant | None,
           data: bytes) -> tuple[IdeaPhoto, str | None]:
    """The new photo, and the key of the one it replaces: delete that file once this
    transaction has committed (the new file is written first; a rolled-back attach leaves
    only an unused file, which ``flask privacy purge`` removes)."""
    if participant is None or idea.participant_id != participant.id:
        raise Forbidden(N_("Only the person who sent the idea can add its photo."),
                        field="photo")
    photo = clean(data)
    idea = locks.idea(session, idea)
    old = session.get(IdeaPhoto, idea.id)
    key = f"{idea.id}-{secrets.token_hex(8)}.jpg"
    store.put(key, photo.data)
    replaced = None
    if old is not None:
        replaced = old.key
        session.delete(old)
        session.flush()
    row = IdeaPhoto(idea_id=idea.id, key=key, width=photo.width, height=photo.height,
                    size=len(photo.data), created_at=utcnow())
    session.add(row)
    session.flush()
    return row, replaced


def public_photo(session: Session, idea_id: int) -> IdeaPhoto | None:
    """The photo of a public idea (none for an idea held or taken down)."""
    return session.scalar(select(IdeaPhoto).join(Idea, Idea.id == IdeaPhoto.idea_id)
                          .where(IdeaPhoto.idea_id == idea_id,
                                 Idea.moderation == Moderation.VISIBLE))


# A photo file is written before its row is committed: a file younger than this may belong
# to an upload still in flight, and is never taken for an unused one.
UNUSED_AFTER = timedelta(hours=1)


def forget_unused(session: Session, store: PhotoStore, now: datetime | None = None) -> int:
    """Delete the photo files no idea uses (replaced, or left by an upload that failed after
    writing its file), once they are older than ``UNUSED_AFTER``; how many."""
    used = set(session.scalars(select(IdeaPhoto.key)))
    before = (now or utcnow()) - UNUSED_AFTER
    unused = [key for key, written in store.listing() if key not in used and written < before]
    for key in unused:
        store.delete(key)
    return len(unused)
