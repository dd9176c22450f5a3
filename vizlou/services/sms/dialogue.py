"""The text-message conversation: one message in, at most one reply out.

A phone is known only by the keyed hash of its number. Its conversation keeps what it waits
for (the idea's place, a yes, a topic) for 30 minutes; its participant is made from the same
hash, so ideas and votes by text count everywhere like any other. Twilio's message id makes
every write happen once: a message delivered twice gets the same reply and changes nothing.
After STOP nothing is sent to the phone, not even replies, until START.

It is longer than 300 lines because every state of the conversation and every command is
here, side by side, which is how a reader follows a conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, DomainError
from vizlou.models import ContactKind, Idea, Identity, Moderation, Participant, SmsConversation
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.dialect import insert_once
from vizlou.services.ideas import read as idea_reads
from vizlou.services.ideas.create import NewIdea, create_idea
from vizlou.services.ideas.responses import answer_for
from vizlou.services.inputs import clean_text
from vizlou.services.messaging import outbox, phones
from vizlou.services.people import participants
from vizlou.services.places.words import plain
from vizlou.services.sms import commands
from vizlou.services.sms.places import Spot, answer_to_where, named_in
from vizlou.services.values import Origin
from vizlou.services.voting import ballots, methods
from vizlou.services.voting.ballots import Voter
from vizlou.services.voting.questions import get_question, list_questions

FORGET_AFTER = timedelta(minutes=30)
MY_IDEAS = 3  # the latest ideas a MY reply lists


class Speaker(Protocol):
    """Says things in one language (the web edge translates)."""

    language: str

    def say(self, message: str, **params: object) -> str: ...
    def status(self, status: str) -> str: ...
    def error(self, error: DomainError) -> str: ...
    def link(self, what: str, number: int) -> str: ...


@dataclass
class Inbox:
    session: Session
    city: City
    participant_key: bytes  # the key of participants' token hashes
    phone_key: bytes  # the pepper of phone hashes
    speaker_for: Callable[[str], Speaker]
    now: datetime


def handle(inbox: Inbox, phone: str, body: str, message_id: str = "") -> str | None:
    """The reply to one message (None: send nothing)."""
    digest = phones.phone_hash(phone, inbox.phone_key)
    conversation = _conversation(inbox, digest)
    state = dict(conversation.state or {})
    if message_id and state.get("last_id") == message_id:  # the same message again
        return state.get("last_reply")
    command = commands.read(body)
    if command.language in inbox.city.languages:
        conversation.language = command.language
    speaker = inbox.speaker_for(conversation.language)
    if command.name == commands.STOP:
        conversation.stopped_at, conversation.state = inbox.now, {}
        return speaker.say(N_("You will get no more texts from us. Text START to come back."))
    if conversation.stopped_at is not None:
        if command.name != commands.START:
            return None
        conversation.stopped_at = None
    if conversation.expires_at is None or conversation.expires_at < inbox.now:
        state = {}
    talk = _Talk(inbox, conversation, speaker, phone, message_id, state)
    try:
        reply = talk.answer(command)
    except DomainError as error:
        reply = speaker.error(error)
    conversation.state = {**talk.state, "last_id": message_id, "last_reply": reply}
    conversation.expires_at = inbox.now + FORGET_AFTER
    conversation.updated_at = inbox.now
    return reply


def _conversation(inbox: Inbox, digest: str) -> SmsConversation:
    """The phone's conversation, locked until the reply is written (two messages of one
    phone are answered one after the other)."""
    insert_once(inbox.session, SmsConversation, {
        "phone_hash": digest, "language": inbox.city.default_language, "state": {},
        "updated_at": inbox.now}, unique="phone_hash")
    return inbox.session.scalar(select(SmsConversation)
                                .where(SmsConversation.phone_hash == digest)
                                .with_for_update()
                                .execution_options(populate_existing=True))


@dataclass
class _Talk:
    inbox: Inbox
    conversation: SmsConversation
    speaker: Speaker
    phone: str
    message_id: str
    state: dict

    @property
    def session(self) -> Session:
        return self.inbox.session

    def say(self, message: str, **params: object) -> str:
        return self.speaker.say(message, **params)

    def answer(self, command: commands.Command) -> str:
        name = command.name
        if name in (commands.HELP, commands.START):
            self.state = {}
            return self.help()
        if name == commands.IDEA:
            return self.idea(command.rest)
        if name == commands.VOTE:
            self.state = {}
            return self.vote(command.rest)
        if name == commands.STATUS:
            return self.status(command.rest)
        if name == commands.MINE:
            return self.mine()
        waiting = self.state.get("await")
        if waiting == "text":
            return self.idea(command.text)
        if waiting == "place":
            return self.place(command.text)
        if waiting == "confirm":
            if name == commands.YES:
                return self.ask_topic()
            if name == commands.NO:
                self.state["await"] = "place"
                return self.ask_where()
            return self.place(command.text)
        if waiting == "topic":
            return self.topic(command.text)
        return self.help()

    def help(self) -> str:
        return self.say(N_("Send IDEA and your idea, like: IDEA more lights in the park. "
                           "VOTE, then the question and option numbers. STATUS and an idea "
                           "number. MY for your ideas. STOP for no more texts."))

    # Ideas -------------------------------------------------------------------------------
    def idea(self, text: str) -> str:
        if not text.strip():
            self.state = {"await": "text"}
            return self.say(N_("What is your idea? Send it in one message."))
        self.state = {"await": "place", "text": clean_text(text)}
        spot = named_in(self.session, text)
        if spot is not None and self.inside(spot):
            return self.confirm(spot)
        return self.ask_where()

    def ask_where(self) -> str:
        return self.say(N_("Where is it? Send a street corner (like 5th and Main), a park, "
                           "an area name, a map link, or the code on a poster."))

    def place(self, text: str) -> str:
        spot = answer_to_where(self.session, text)
        if spot is None or not self.inside(spot):
            return self.say(N_("I could not find that place in %(city)s. Send a street "
                               "corner, a park, an area name or a map link."),
                            city=self.inbox.city.name)
        if spot.sure:
            self.keep(spot)
            return self.ask_topic()
        return self.confirm(spot)

    def inside(self, spot: Spot) -> bool:
        catalog = area_catalog.catalog(self.session)
        main = catalog.layer_ids.get(self.inbox.city.main_layer)
        return main is not None and catalog.locate(spot.lon, spot.lat).get(main) is not None

    def keep(self, spot: Spot) -> None:
        self.state["spot"] = {"name": spot.name, "lon": spot.lon, "lat": spot.lat,
                              "event_id": spot.event_id}

    def confirm(self, spot: Spot) -> str:
        self.keep(spot)
        self.state["await"] = "confirm"
        return self.say(N_("Is your idea at %(place)s? Reply YES, or send the right place."),
                        place=spot.name)

    def ask_topic(self) -> str:
        categories = self.inbox.city.categories
        if len(categories) == 1:
            return self.send_idea(categories[0].key)
        self.state["await"] = "topic"
        listed = ", ".join(f"{n} {c.label(self.speaker.language)}"
                           for n, c in enumerate(categories, start=1))
        return self.say(N_("Which topic? Reply with its number: %(topics)s."), topics=listed)

    def topic(self, text: str) -> str:
        categories = self.inbox.city.categories
        answer = plain(text).strip(" .")
        chosen = None
        if answer.isdigit() and 1 <= int(answer) <= len(categories):
            chosen = categories[int(answer) - 1]
        else:
            chosen = next((c for c in categories
                           if answer and plain(c.label(self.speaker.language)).startswith(answer)),
                          None)
        if chosen is None:
            return self.ask_topic()
        return self.send_idea(chosen.key)

    def send_idea(self, category: str) -> str:
        spot = self.state["spot"]
        participant = self.participant()
        client_id = ("sms-" + self.message_id)[:64] if self.message_id else None
        idea, _ = create_idea(
            self.session, self.inbox.city, participant,
            NewIdea(category=category, text=self.state["text"], client_id=client_id,
                    lon=spot["lon"], lat=spot["lat"]),
            origin=Origin("sms", spot.get("event_id"), self.speaker.language),
            now=self.inbox.now)
        outbox.remember(self.session, participant, ContactKind.PHONE, self.phone,
                        self.inbox.phone_key)
        self.state = {}
        if idea.moderation != Moderation.VISIBLE:
            return self.say(N_("Thank you! Your idea is number %(id)s. It will appear after a "
                               "quick check. Text STATUS %(id)s to follow it."), id=idea.id)
        return self.say(N_("Thank you! Your idea is number %(id)s. Planners read every idea; "
                           "we will text you when they answer. Text STATUS %(id)s any time."),
                        id=idea.id)

    def participant(self) -> Participant:
        digest = phones.phone_hash(self.phone, self.inbox.phone_key)
        return participants.get_or_create(
            self.session, "sms:" + digest, key=self.inbox.participant_key, channel="sms",
            language=self.speaker.language)

    # Votes -------------------------------------------------------------------------------
    def vote(self, rest: str) -> str:
        number, _, choice = rest.lstrip("#Qq").partition(" ")
        if not number.isdigit():
            return self.open_questions()
        question = get_question(self.session, int(number))
        method = methods.of(question)
        if not method.by_text or question.identity == Identity.CODE:
            return self.say(N_("Vote on this question on the web: %(link)s"),
                            link=self.speaker.link("question", question.id))
        if not choice.strip():
            listed = ", ".join(f"{n} {ballots.localized(o, self.speaker.language)['title']}"
                               for n, o in enumerate(question.options, start=1))
            return self.say(N_("Reply VOTE %(q)s and the number of your choice: %(options)s."),
                            q=question.id, options=listed)
        ballot_choice = method.from_paper(question, choice.strip(), "choice")
        client_id = ("sms-" + self.message_id)[:64] if self.message_id else None
        ballots.cast_ballot(self.session, question,
                            Voter(self.participant(), phone_hash=phones.phone_hash(
                                self.phone, self.inbox.phone_key)), ballot_choice,
                            client_id=client_id, origin=Origin("sms", None,
                                                               self.speaker.language),
                            now=self.inbox.now)
        return self.say(N_("Your vote on question %(q)s is saved. Vote again to change it "
                           "while the vote is open."), q=question.id)

    def open_questions(self) -> str:
        open_ = [q for q in list_questions(self.session)
                 if ballots.is_open(q, self.inbox.now)][:4]
        if not open_:
            return self.say(N_("There is nothing to vote on right now."))
        listed = "; ".join(f"{q.id}: {ballots.localized(q, self.speaker.language)['title']}"
                           for q in open_)
        return self.say(N_("Reply VOTE, the question number and your choice. Open now: "
                           "%(questions)s."), questions=listed)

    # Hearing back ------------------------------------------------------------------------
    def status(self, rest: str) -> str:
        number = rest.strip().lstrip("#")
        if not number.isdigit():
            return self.mine()
        idea = idea_reads.get_idea(self.session, int(number))
        return self.describe(idea)

    def describe(self, idea: Idea) -> str:
        answer = answer_for(idea, self.speaker.language, self.inbox.city.languages)
        if answer:
            return self.say(N_("Idea %(id)s: %(status)s. Planners said: %(answer)s"),
                            id=idea.id, status=self.speaker.status(idea.status),
                            answer=answer[0])
        return self.say(N_("Idea %(id)s: %(status)s. No answer from planners yet."),
                        id=idea.id, status=self.speaker.status(idea.status))

    def mine(self) -> str:
        digest = phones.phone_hash(self.phone, self.inbox.phone_key)
        participant = participants.find(self.session, "sms:" + digest,
                                        key=self.inbox.participant_key)
        ideas = [] if participant is None else list(self.session.scalars(
            select(Idea).where(Idea.participant_id == participant.id,
                               Idea.moderation != Moderation.HIDDEN)
            .order_by(Idea.id.desc()).limit(MY_IDEAS)))
        if not ideas:
            return self.say(N_("You have sent no ideas yet. Send IDEA and your idea."))
        return " ".join(self.say(N_("Idea %(id)s: %(status)s."), id=idea.id,
                                 status=self.speaker.status(idea.status)) for idea in ideas)
