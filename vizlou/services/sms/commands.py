"""What a text message asks for: its first word, in English, Spanish or French, with accents
and case ignored, and the rest of the message."""

from __future__ import annotations

from dataclasses import dataclass

from vizlou.services.places.words import plain

IDEA, VOTE, STATUS, MINE, HELP, STOP, START, YES, NO = (
    "idea", "vote", "status", "mine", "help", "stop", "start", "yes", "no")

# word -> (command, the language the word says, or None when it is the same in both)
WORDS = {
    "idea": (IDEA, None), "ideas": (IDEA, None), "idee": (IDEA, "fr"), "idees": (IDEA, "fr"),
    "vote": (VOTE, "en"), "votar": (VOTE, "es"), "voto": (VOTE, "es"), "vota": (VOTE, "es"),
    "voter": (VOTE, "fr"),
    "status": (STATUS, "en"), "estado": (STATUS, "es"), "etat": (STATUS, "fr"),
    "my": (MINE, "en"), "mine": (MINE, "en"), "mis": (MINE, "es"), "mias": (MINE, "es"),
    "mes": (MINE, "fr"),
    "help": (HELP, "en"), "info": (HELP, None), "ayuda": (HELP, "es"), "aide": (HELP, "fr"),
    # Carriers' and Twilio's opt-out and opt-in words are honoured too.
    "stop": (STOP, None), "stopall": (STOP, None), "unsubscribe": (STOP, "en"),
    "cancel": (STOP, "en"), "end": (STOP, "en"), "quit": (STOP, "en"), "parar": (STOP, "es"),
    "alto": (STOP, "es"), "baja": (STOP, "es"), "arret": (STOP, "fr"),
    "start": (START, None), "unstop": (START, "en"), "empezar": (START, "es"),
    "comenzar": (START, "es"), "alta": (START, "es"),
    "yes": (YES, "en"), "y": (YES, "en"), "ok": (YES, None), "si": (YES, "es"),
    "s": (YES, "es"), "vale": (YES, "es"), "oui": (YES, "fr"),
    "no": (NO, None), "n": (NO, None),
}


@dataclass(frozen=True)
class Command:
    name: str | None  # None: not a command (an answer to a question the app asked)
    rest: str
    language: str | None
    text: str  # the whole message, spaces collapsed


def read(body: str) -> Command:
    text = " ".join((body or "").split())
    first, _, rest = text.partition(" ")
    word = plain(first).strip(".,!?¡¿:;")
    found = WORDS.get(word)
    if found is None:
        return Command(None, text, None, text)
    return Command(found[0], rest.strip(), found[1], text)
