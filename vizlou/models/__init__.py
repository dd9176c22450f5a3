"""The domain model, one module per aggregate. Importing this registers every table."""

from vizlou.models.areas import Area, AreaLayer
from vizlou.models.audit import AuditEntry
from vizlou.models.events import Event, event_facilitators, event_questions
from vizlou.models.ideas import (
    CHANNELS,
    MODERATION_STATES,
    STATUSES,
    Channel,
    Comment,
    Idea,
    IdeaArea,
    IdeaCell,
    Moderation,
    Report,
    Status,
    Support,
)
from vizlou.models.messages import (
    Contact,
    ContactKind,
    OutboxMessage,
    PhoneCheck,
    SmsConversation,
)
from vizlou.models.participants import Participant, ParticipantArea, Receipt
from vizlou.models.photos import IdeaPhoto
from vizlou.models.places import Place, PlaceKind
from vizlou.models.questions import Ballot, Identity, Option, Question, VoteCode
from vizlou.models.rollups import (
    ActivityHour,
    AreaDay,
    AreaTally,
    BallotTally,
    ContributorArea,
    SupportTally,
)
from vizlou.models.users import ROLES, StaffUser
from vizlou.models.webhooks import Webhook, WebhookDelivery, WebhookEvent

__all__ = [
    "CHANNELS",
    "MODERATION_STATES",
    "ROLES",
    "STATUSES",
    "ActivityHour",
    "Area",
    "AreaDay",
    "AreaLayer",
    "AreaTally",
    "AuditEntry",
    "Ballot",
    "BallotTally",
    "Channel",
    "Comment",
    "Contact",
    "ContactKind",
    "ContributorArea",
    "Event",
    "Idea",
    "IdeaArea",
    "IdeaCell",
    "IdeaPhoto",
    "Identity",
    "Moderation",
    "Option",
    "OutboxMessage",
    "Participant",
    "ParticipantArea",
    "PhoneCheck",
    "Place",
    "PlaceKind",
    "Question",
    "Receipt",
    "Report",
    "SmsConversation",
    "StaffUser",
    "Status",
    "Support",
    "SupportTally",
    "VoteCode",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "event_facilitators",
    "event_questions",
]
