"""Residents texting, simulated for the demo: each idea of the demo's "Text message" channel
is a real conversation with the dialogue (the idea, a map link for its place, the topic's
number), so the demo's SMS ideas, participants and contacts are made as real ones are."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import DomainError
from vizlou.services.sms import dialogue

# Keys for the demo's fictional phones (555-01xx numbers are reserved for fiction).
DEMO_KEYS = (b"demo participants", b"demo phones")


class PlainSpeaker:
    """The dialogue's messages untranslated (nobody reads the demo's replies)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def say(self, message: str, **params: object) -> str:
        return message % params if params else message

    def status(self, status: str) -> str:
        return status

    def error(self, error: DomainError) -> str:
        return error.render()

    def link(self, what: str, number: int) -> str:
        return f"/{what}s/{number}"


def text_an_idea(session: Session, city: City, *, phone: str, text: str, lon: float,
                 lat: float, category: str, when: datetime, message_id: str,
                 keys: tuple[bytes, bytes] = DEMO_KEYS) -> None:
    """One resident texting one idea, as they would: IDEA, then where, then the topic."""
    inbox = dialogue.Inbox(session, city, keys[0], keys[1], PlainSpeaker, when)
    number = city.category_keys.index(category) + 1
    for step, body in enumerate((f"IDEA {text}", f"geo:{lat:.6f},{lon:.6f}", str(number))):
        dialogue.handle(inbox, phone, body, f"{message_id}-{step}")
