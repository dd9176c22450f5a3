"""Exports (SPEC P4): ideas, anonymised ballots and area summaries, in five formats.

Ballots never carry the participant's token: each participant gets a stable pseudonymous
number instead (a keyed hash of their id, the key being the app's secret), the same in
every export, so planners can tell that two ballots come from one person without knowing
who. Public exports (``public=True``) leave out even that number and suppress every
summary count below the city's threshold. Hidden ideas are never exported. Every export
is written to the audit log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import Area, AreaLayer, Ballot, Option, Question
from vizlou.services import audit
from vizlou.services.counts.attribution import Kept
from vizlou.services.exports import datapackage, idea_rows, readme
from vizlou.services.exports.formats import FORMATS, STREAMERS, WRITERS, Table, materialized
from vizlou.services.filters import Filters, ballot_conditions, check_filters
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting import methods

KINDS = ("ideas", "ballots", "summaries")
PACKAGE = ("application/zip", "datapackage.zip")  # a Frictionless Data Package of the CSV


@dataclass(frozen=True)
class Export:
    filename: str
    mimetype: str
    data: bytes | Iterator[bytes]  # chunks, for a streamed table written as CSV or GeoJSON
    rows: int

    def read(self) -> bytes:
        """The whole file at once (a stream is read to its end, once)."""
        return self.data if isinstance(self.data, bytes) else b"".join(self.data)


def ideas_table(session: Session, city: City, flt: Filters, *, key: bytes,
                public: bool = False) -> Table:
    """The ideas, streamed: their rows are read in batches as the file is written."""
    found = idea_rows.layers(session)
    return Table("ideas", idea_rows.ideas_columns([k for _, k in found], public=public), [],
                 [], streamed=idea_rows.rows(session, city, flt, [i for i, _ in found],
                                             key=key, public=public))


BALLOT_COLUMNS = ["ballot", "question_id", "question", "method", "participant", "area",
                  "channel", "session_id", "created_at", "updated_at", "choice", "choice_text"]


def _without(columns: list[str], rows: list[list], name: str) -> tuple[list[str], list[list]]:
    i = columns.index(name)
    return columns[:i] + columns[i + 1:], [r[:i] + r[i + 1:] for r in rows]


def readable(method: str, choice: dict, titles: dict[int, str]) -> str:
    """A ballot as people read it: option titles instead of ids."""
    def title(i) -> str:
        try:
            return titles.get(int(i), str(i))
        except (TypeError, ValueError):
            return str(i)

    return methods.get(method).readable(choice, title)


def ballots_table(session: Session, city: City, flt: Filters, *, key: bytes,
                  public: bool = False) -> Table:
    flt = check_filters(session, city, flt)
    layer_id = session.scalar(select(AreaLayer.id).where(AreaLayer.key == flt.layer))
    titles = dict(session.execute(select(Option.id, Option.title)).all())
    attribution = Kept(layer_id)
    query = attribution.join(
        select(Ballot, Question.title, Question.method, Area.name, Area.geom)
        .select_from(Ballot)
        .join(Question, Question.id == Ballot.question_id), Ballot.participant_id)
    query = query.outerjoin(Area, Area.id == attribution.area)
    columns = list(BALLOT_COLUMNS)
    rows, shapes = [], []  # each ballot drawn as its voter's area (none when not known)
    for b, title, method, area, shape in session.execute(
            query.where(ballot_conditions(city, flt)).order_by(Ballot.id)):
        rows.append([b.id, b.question_id, title, method, idea_rows.pseudonym(key, b.participant_id),
                     area, b.channel, b.event_id, b.created_at, b.updated_at,
                     json.dumps(b.choice, sort_keys=True), readable(method, b.choice, titles)])
        shapes.append(shape)
    if public:
        columns, rows = _without(columns, rows, "participant")
    return Table("ballots", columns, rows, shapes)


def summaries_table(session: Session, city: City, flt: Filters, *,
                    public: bool = False) -> Table:
    summary = summaries.summarize(session, city, flt, public=public)
    geometries = dict(session.execute(select(Area.id, Area.geom).where(
        Area.id.in_([r.id for r in summary.areas]))).all())
    columns = ["area", "population", "participants", "ideas",
               *(f"ideas_{k}" for k in city.category_keys), "supports", "ballots",
               "per_1000", "representation"]
    for q in summary.questions:
        columns += [f"q{q.id}_ballots", f"q{q.id}_leading"]
    columns.append("suppressed")
    rows, shapes = [], []
    for row in [*summary.areas, summary.unknown]:
        values = [row.name or "(area unknown)", row.population, row.participants, row.ideas,
                  *(row.by_category.get(k) for k in city.category_keys), row.supports,
                  row.ballots, row.per_1000, row.representation]
        for q in summary.questions:
            result = row.questions.get(q.id)
            values += [result.ballots if result else 0,
                       "; ".join(q.options.get(o, str(o)) for o in result.leading)
                       if result else ""]
        values.append(", ".join(row.suppressed))
        rows.append(values)
        shapes.append(geometries.get(row.id))
    return Table(f"summaries_{summary.layer}", columns, rows, shapes)


TITLES = {"ideas": N_("Ideas sent by residents, from %(city)s's VizLou."),
          "ballots": N_("Ballots cast on %(city)s's questions, from VizLou."),
          "summaries": N_("Numbers per area, from %(city)s's VizLou.")}


def city_slug(city: City) -> str:
    """The city's short name as a file name, letters of any language kept, no spaces or
    punctuation: "Washington, DC" -> "washington-dc", "Łódź Plan" -> "łódź-plan"."""
    return re.sub(r"[\W_]+", "-", city.short_name.lower()).strip("-") or "city"


def export(session: Session, city: City, kind: str, fmt: str, flt: Filters, *,
           actor: audit.Actor, key: bytes, public: bool = False,
           translate: Callable[[str], str] = str) -> Export:
    """Build one export, with what each column means (in ``translate``'s language), and
    write it to the audit log."""
    if kind not in KINDS:
        raise InvalidInput(N_("Choose ideas, ballots or summaries."), field="kind")
    if fmt not in FORMATS and fmt != "datapackage":
        raise InvalidInput(N_("Choose a format: %(formats)s."), field="format",
                           formats=", ".join([*FORMATS, "datapackage"]))
    flt = check_filters(session, city, flt)
    if kind == "ideas":
        table = ideas_table(session, city, flt, key=key, public=public)
    elif kind == "ballots":
        table = ballots_table(session, city, flt, key=key, public=public)
    else:
        table = summaries_table(session, city, flt, public=public)
    table = described(session, city, kind, table, translate)
    if table.streamed is not None and fmt in STREAMERS:
        data, rows = STREAMERS[fmt](table), idea_rows.count(session, city, flt)
    else:
        table = materialized(table)
        data, rows = _written(city, table, fmt), len(table.rows)
    mimetype, extension = FORMATS.get(fmt, PACKAGE)
    suffix = "-public" if public else ""
    filename = f"{city_slug(city)}-{table.name}{suffix}.{extension}"
    audit.record(session, actor, "export", "export", kind, format=fmt, public=public,
                 rows=rows, filters=_described(flt))
    return Export(filename, mimetype, data, rows)


def _written(city: City, table: Table, fmt: str) -> bytes:
    if fmt == "datapackage":
        return datapackage.package(f"{city_slug(city)}-{table.name}", table.title, [table],
                                   city.licence)
    return WRITERS[fmt](table)


def described(session: Session, city: City, kind: str, table: Table,
              translate: Callable[[str], str] = str) -> Table:
    layers = set(session.scalars(select(AreaLayer.key)))
    return replace(table, title=translate(TITLES[kind]) % {"city": city.name},
                   readme=readme.meanings(table.columns, layers, translate),
                   licence=city.licence)


def readme_text(session: Session, city: City, kind: str, flt: Filters, *,
                translate: Callable[[str], str] = str) -> str:
    """The README beside a CSV export: what each column means (no rows are read)."""
    if kind not in KINDS:
        raise InvalidInput(N_("Choose ideas, ballots or summaries."), field="kind")
    flt = check_filters(session, city, flt)
    if kind == "ideas":
        keys = list(session.scalars(select(AreaLayer.key).order_by(AreaLayer.id)))
        built = Table("ideas", idea_rows.ideas_columns(keys), [], [])
    elif kind == "ballots":
        built = Table("ballots", list(BALLOT_COLUMNS), [], [])
    else:  # its columns depend on the questions; read from the kept counts, quickly
        built = summaries_table(session, city, flt)
    built = described(session, city, kind, built, translate)
    return readme.as_text(built.title, built.readme, built.geometries is not None, translate)


def write_export(session: Session, city: City, kind: str, fmt: str, flt: Filters,
                 path: Path, **kw) -> Export:
    result = export(session, city, kind, fmt, flt, **kw)
    with Path(path).open("wb") as out:
        if isinstance(result.data, bytes):
            out.write(result.data)
        else:
            out.writelines(result.data)
    return result


def _described(flt: Filters) -> dict:
    return {k: (str(v) if v is not None else None) for k, v in flt.__dict__.items()
            if v is not None}
