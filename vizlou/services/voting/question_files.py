"""Questions in a file, so that a city keeps them in version control: ``export`` writes every
question as a document (``drafts``), ``import_all`` reads them back, matching questions by
their key: new keys are created, known ones updated (under the same locks as the editor).
The import is all or nothing: the first problem stops it and names the question."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.models import AuditEntry, Question
from vizlou.services import audit
from vizlou.services.voting import drafts, editing

FORMAT = 1


def export(session: Session, default_language: str) -> dict:
    questions = session.scalars(select(Question).order_by(Question.position, Question.id))
    return {"vizlou_questions": FORMAT,
            "questions": [drafts.write(q, default_language) for q in questions]}


@dataclass(frozen=True)
class Imported:
    key: str
    outcome: str  # "created", "updated" or "unchanged"


def import_all(session: Session, data: object, languages: drafts.Languages,
               bounds: tuple[float, float, float, float] | None,
               actor: audit.Actor) -> list[Imported]:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InvalidInput(N_("A questions file is an object with a list of questions, as "
                              "'questions export' writes it."), field="questions")
    if data.get("vizlou_questions", FORMAT) != FORMAT:
        raise InvalidInput(N_("This questions file is of a format this version cannot read."),
                           field="vizlou_questions")
    out = []
    for n, item in enumerate(data["questions"], start=1):
        try:
            draft = drafts.read(item, languages, bounds)
            if draft.key is None:
                raise InvalidInput(N_("Every question in a file needs its key."), field="key")
            out.append(_one(session, draft, languages.default, actor))
        except DomainError as error:
            error.field = f"questions.{n}.{error.field or 'question'}"
            raise
    return out


def _one(session: Session, draft: drafts.QuestionDraft, default: str,
         actor: audit.Actor) -> Imported:
    question = session.scalar(select(Question).where(Question.key == draft.key))
    if question is None:
        editing.create(session, draft, actor, default_language=default)
        return Imported(draft.key, "created")
    marker = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    editing.update(session, question, draft, actor, default_language=default)
    latest = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    return Imported(draft.key, "updated" if latest != marker else "unchanged")
