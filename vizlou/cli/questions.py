"""``flask questions ...``: questions from the command line (voting codes, for now)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.extensions import db
from vizlou.models import Question
from vizlou.services.events.manage import by_join_code
from vizlou.services.exports.code_cards import cards_csv, cards_pdf
from vizlou.services.voting import codes as code_service

group = AppGroup("questions", help="Questions: their voting codes.")


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
