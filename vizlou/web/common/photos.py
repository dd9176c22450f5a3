"""Photos on ideas at the web edge: the store the app was configured with, the upload (by
the idea's author, through the API) and the file (only while its idea is public)."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from vizlou.errors import N_, NotFound
from vizlou.extensions import db
from vizlou.services.photos import attach, stores
from vizlou.web.transactions import on_commit

MAX_UPLOAD = 8 * 1024 * 1024 + 1024


def register(app: Flask) -> None:
    app.extensions["vizlou.photos"] = stores.from_config(app.config)


def store() -> stores.PhotoStore:
    return current_app.extensions["vizlou.photos"]


def upload(idea, participant, *, from_form: bool = False):
    """Attach the photo of the request: its body (the photo the phone resized, API) or the
    form's ``photo`` file (the idea page, without JavaScript)."""
    request.max_content_length = MAX_UPLOAD
    if from_form:
        file = request.files.get("photo")
        data = file.read() if file is not None else b""
    else:
        data = request.get_data()
    row, replaced = attach.attach(db.session, store(), idea, participant, data)
    if replaced:
        on_commit(lambda: store().delete(replaced))
    return row


def photo_response(idea_id: int) -> Response:
    row = attach.public_photo(db.session, idea_id)
    data = store().get(row.key) if row is not None else None
    if data is None:
        raise NotFound(N_("There is no photo here."))
    response = Response(data, mimetype="image/jpeg")
    response.cache_control.public = True
    response.cache_control.max_age = 300  # a photo taken down stops showing within minutes
    return response
