"""The SMS webhook (SPEC I3): ``POST /sms``, as Twilio calls it, answered in TwiML.

Twilio signs each request with the account's auth token (``X-Twilio-Signature``); a request
without a valid signature, or any request while ``TWILIO_AUTH_TOKEN`` is not set, is a 403
and stores nothing. The conversation itself is ``services.sms.dialogue``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import force_locale, gettext
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from vizlou.errors import DomainError
from vizlou.extensions import csrf, db
from vizlou.models.types import utcnow
from vizlou.services.messaging import phones
from vizlou.services.sms import dialogue
from vizlou.web.common import labels, limits
from vizlou.web.common.news import phone_key
from vizlou.web.common.participant import token_key

bp = Blueprint("sms", __name__)
csrf.exempt(bp)


class WebSpeaker:
    """Says the dialogue's messages in one language, with the app's catalogues."""

    def __init__(self, language: str) -> None:
        self.language = language

    def say(self, message: str, **params: object) -> str:
        with force_locale(self.language):
            return gettext(message, **params)

    def status(self, status: str) -> str:
        with force_locale(self.language):
            return str(labels.STATUS.get(status, status))

    def error(self, error: DomainError) -> str:
        with force_locale(self.language):
            return error.render(gettext)

    def link(self, what: str, number: int) -> str:
        return url_for("participate.question_page", question_id=number, _external=True)


@bp.post("/sms")
def incoming():
    _check_signature()
    sender = request.form.get("From", "")
    try:
        digest = phones.phone_hash(sender, phone_key())
        limits.text_message(digest)
    except (DomainError, limits.TooMany):
        return _twiml(None)
    inbox = dialogue.Inbox(db.session, current_app.config["CITY"], token_key(), phone_key(),
                           WebSpeaker, utcnow())
    reply = dialogue.handle(inbox, sender, request.form.get("Body", "")[:1600],
                            request.form.get("MessageSid", "")[:60])
    return _twiml(reply)


def _check_signature() -> None:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        abort(403)
    if not RequestValidator(token).validate(request.url, request.form.to_dict(), signature):
        abort(403)


def _twiml(reply: str | None) -> Response:
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return Response(str(response), mimetype="application/xml")
