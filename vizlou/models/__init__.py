"""The domain model, one module per aggregate. Importing this registers every table."""

from vizlou.models.areas import Area, AreaLayer
from vizlou.models.audit import AuditEntry
from vizlou.models.events import Event, event_questions
from vizlou.models.ideas import (
    CHANNELS,
    MODERATION_STATES,
    STATUSES,
    Comment,
    Idea,
    IdeaArea,
    IdeaCell,
    Report,
    Support,
)
from vizlou.models.participants import Participant, ParticipantArea
from vizlou.models.questions import Ballot, Option, Question
from vizlou.models.rollups import AreaTally, BallotTally, ContributorArea
from vizlou.models.users import ROLES, StaffUser

__all__ = [
    "CHANNELS", "MODERATION_STATES", "ROLES", "STATUSES",
    "Area", "AreaLayer", "AreaTally", "AuditEntry", "Ballot", "BallotTally", "Comment",
    "ContributorArea", "Event",
    "Idea", "IdeaArea", "IdeaCell",
    "Option", "Participant", "ParticipantArea", "Question", "Report", "StaffUser",
    "Support",
    "event_questions",
]
