"""``flask questions ...``: questions from the command line: list them, keep them in a file
(export, import) and make voting codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from vizlou.cli import clean_errors
from vizlou.errors import N_, DomainError, InvalidInput, NotFound, rollback
from vizlou.extensions import db
from vizlou.models import Question
from vizlou.services import audit
from vizlou.services.events.manage import by_join_code
from vizlou.services.exports.code_cards import cards_csv, cards_pdf
from vizlou.services.voting import codes as code_service
from vizlou.services.voting import drafts, question_files
from vizlou.services.voting.ballots import is_open
from vizlou.services.voting.editing import ballots_of

group = AppGroup("questions", help="Questions: list, export, import, voting codes.")


@group.command("list")
@clean_errors
def list_questions() -> None:
    """Every question: key, method, state and ballots."""
    rows = db.session.scalars(select(Question).order_by(Question.position, Question.id))
    for q in rows:
        state = ("draft" if not q.published else "open" if is_open(q) else "closed")
        click.echo(f"{q.id}\t{q.key}\t{q.method}\t{state}\t{ballots_of(db.session, q)} "
                   f"ballots\t{q.title}")


@group.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The JSON file to write.")
@clean_errors
def export_questions(out: Path) -> None:
    """Write every question, its options and drawings to a JSON file."""
    data = question_files.export(db.session, current_app.config["CITY"].default_language)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"Wrote {len(data['questions'])} questions to {out}.")


@group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@clean_errors
def import_questions(path: Path) -> None:
    """Create or update questions from a JSON file (as export writes), matched by key."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(N_("%(path)s is not a JSON file."), path=str(path)) from exc
    city = current_app.config["CITY"]
    try:
        done = question_files.import_all(db.session, data, drafts.Languages.of(city),
                                         city.max_bounds, audit.COMMAND_LINE)
    except DomainError as error:  # nothing of the file is kept: name where it went wrong
        rollback()
        raise click.ClickException(f"{error.field}: {error}") from None
    for item in done:
        click.echo(f"{item.outcome}\t{item.key}")


@group.command("codes")
@click.argument("question_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--count", required=True, type=click.IntRange(1, code_service.MAX_AT_ONCE),
              help="How many codes to make.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .pdf (cards to print) or .csv (a list to mail merge).")
@click.option("--session", "join_code", help="The join code of the session they are for.")
@click.option("--batch", default="", help="A label kept with the codes (\"Roster, March\").")
@click.option("--url", help="Where residents vote (default: the city file's public_url).")
@clean_errors
def codes(question_id: int, count: int, out: Path, join_code: str | None, batch: str,
          url: str | None) -> None:
    """Make single-use voting codes for a question whose voters are told apart by code."""
    if out.suffix.lower() not in (".pdf", ".csv"):
        raise InvalidInput(N_("Write the codes to a .pdf or a .csv file."), field="out")
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(N_("There is no question %(id)s."), field="question", id=question_id)
    city = current_app.config["CITY"]
    base = (url or city.public_url).rstrip("/")
    if not base:
        raise InvalidInput(N_("Say where residents vote: --url, or public_url in the city "
                              "file."), field="url")
    event = by_join_code(db.session, join_code) if join_code else None
    made = code_service.make(db.session, question, count,
                             key=current_app.config["SECRET_KEY"].encode(), event=event,
                             batch=batch)
    vote_at = f"{base}/questions/{question.id}"
    data = (cards_pdf(question.title, vote_at, made) if out.suffix.lower() == ".pdf"
            else cards_csv(question.title, vote_at, made))
    out.write_bytes(data)
    click.echo(f"Wrote {len(made)} voting codes for question {question.id} to {out}.")
