"""Open data: the public results of each question and each area layer, for the city's open
data portal. Every count below the city's small-count threshold is left empty (and said so),
participants are never named or numbered, and each download is a Frictionless Data Package
under the city's licence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_
from vizlou.models import Area, Question
from vizlou.services.areas import layers as area_layers
from vizlou.services.exports import datapackage
from vizlou.services.exports.formats import Table
from vizlou.services.exports.readme import meanings
from vizlou.services.exports.tables import city_slug, summaries_table
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area as summaries
from vizlou.services.voting import questions as question_service

QUESTION_COLUMNS = {
    "area": N_("The area of the voters (the city's main layer); the last rows are voters "
               "whose area is not known, and the whole city."),
    "ballots": N_("Ballots of voters who count in the area; empty under the small-count "
                  "threshold."),
    "ahead": N_("The option ahead among the area's voters; empty under the threshold."),
    "suppressed": N_("What was left empty because it was under the small-count threshold."),
}


@dataclass(frozen=True)
class Catalogue:
    questions: list[Question]
    layers: list[area_layers.LayerInfo]


def catalogue(session: Session) -> Catalogue:
    """Everything with public results: published questions and every area layer."""
    return Catalogue(question_service.list_questions(session),
                     area_layers.list_layers(session))


def layer_table(session: Session, city: City, key: str,
                translate: Callable[[str], str] = str) -> Table:
    area_layers.get_layer(session, key)  # an unknown layer is a 404
    table = summaries_table(session, city, Filters(layer=key), public=True)
    title = translate(N_("Numbers per area of %(layer)s, %(city)s (public: small counts "
                         "left empty)."))
    layer = next(i for i in area_layers.list_layers(session) if i.key == key)
    return replace(table, title=title % {"layer": layer.title, "city": city.name},
                   readme=meanings(table.columns, set(), translate), licence=city.licence)


def question_table(session: Session, city: City, question_id: int,
                   translate: Callable[[str], str] = str) -> Table:
    question = question_service.get_question(session, question_id)  # published only
    summary = summaries.summarize(session, city, Filters(), public=True)
    info = next(q for q in summary.questions if q.id == question.id)
    threshold = city.public_threshold
    rows, shapes = [], []

    def row(name, ballots, leading, shape):
        small = ballots is None or ballots < threshold
        rows.append([name, None if small else ballots,
                     "" if small else "; ".join(info.options.get(o, str(o)) for o in leading),
                     "ballots, ahead" if small else ""])
        shapes.append(shape)

    outlines = dict(session.execute(select(Area.id, Area.geom).where(
        Area.id.in_([a.id for a in summary.areas]))).all())
    for area in summary.areas:  # every area: none, few and left out look the same
        result = area.questions.get(question.id)
        row(area.name, result.ballots if result else None, result.leading if result else [],
            outlines.get(area.id))
    unknown = summary.unknown.questions.get(question.id)
    if unknown is not None:
        row(translate(N_("(area unknown)")), unknown.ballots, unknown.leading, None)
    row(translate(N_("(whole city)")), info.ballots, info.leading, None)
    title = translate(N_("Results of “%(question)s” per area, %(city)s (public: small "
                         "counts left empty)."))
    readme = [(c, translate(m)) for c, m in QUESTION_COLUMNS.items()]
    return Table(f"question_{question.id}", list(QUESTION_COLUMNS), rows, shapes, readme,
                 title % {"question": question.title, "city": city.name}, city.licence)


def bundle(table: Table, city: City) -> bytes:
    return datapackage.package(f"{city_slug(city)}-{table.name}", table.title, [table],
                               city.licence)
