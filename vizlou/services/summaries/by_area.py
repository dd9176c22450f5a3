"""Area summaries (SPEC P1, P3, P7, P8): for every area of a layer, who took part and what
they said.

Per area: distinct participants, ideas (in all and by category), supports (on ideas in
the area), ballots and each question's result, participants per 1,000 residents (when
the layer has population) and the representation index.

Attribution rule. An idea is in the area of its ``idea_areas`` row for the layer;
hidden ideas (``moderation == "hidden"``) are left out, and so are supports on them. A
participant belongs to the area of the layer given by their home area
(``participant_areas``) if they gave one, otherwise to the area of their first idea (the
first stored that is not hidden and lies in the layer, from ``idea_areas``); participants
with neither are counted as "area unknown" and left out of the index. A ballot counts in
its voter's area. Participants are those who made a matching idea, support or ballot.

Representation index = (area's share of participants) / (area's share of population),
both shares taken over the areas that have a population: 1 is a fair share, below 1 is
under-represented. Participants per 1,000 = participants / population * 1000.

Suppression. Planners' own pages show exact counts. Anything meant for the public
(``public=True``) replaces every count below ``city.public_threshold`` by None, names it
in the row's ``suppressed``, and drops what was derived from it (rates, index, results).

Every number comes from plain SQL, the same on both databases, with no spatial SQL: without
filters, from the counts ``counts`` keeps up to date on every write (a few thousand rows
for a million ideas); with filters, from GROUP BY queries over the stored area rows, with
each person placed by their kept row (a filter narrows who took part, never moves anyone).
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import FromClause, Text, and_, cast, func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.models import (
    Area,
    AreaTally,
    Ballot,
    ContributorArea,
    Idea,
    Participant,
    Question,
    Support,
)
from vizlou.services.areas import layers as area_layers
from vizlou.services.counts import area_days, ballot_tallies
from vizlou.services.counts.attribution import Kept, contributors, placing, stored_rows
from vizlou.services.filters import (
    Between,
    Filters,
    ballot_conditions,
    check_filters,
    idea_conditions,
    matching_supports,
    utc_range,
)
from vizlou.services.summaries.public import public_view
from vizlou.services.summaries.rows import COUNTS, AreaResult, AreaRow, LayerSummary, QuestionInfo
from vizlou.services.voting import methods
from vizlou.services.voting import tally as tallies


def summarize(session: Session, city: City, flt: Filters, *, public: bool = False,
              with_questions: bool = True, with_ideas: bool = True,
              with_people: bool = True, area_rows: FromClause | None = None,
              count_now: bool = False, question_id: int | None = None) -> LayerSummary:
    """Every area of ``flt.layer`` (the main layer if empty), with exact or public counts.

    Without filters the counts come from ``counts`` (kept up to date on every write);
    with filters, or ``count_now``, they are counted now from the stored rows.
    ``with_questions=False`` leaves the question results out (maps need only counts);
    ``with_ideas=False`` leaves out the ideas and supports, ``with_people=False`` the
    participants (left at 0: a page that does not show them need not count them);
    ``question_id`` keeps only that question's (its own page).
    ``area_rows`` replaces the stored ``idea_areas`` (only the benchmark does, to compare
    with a spatial join done at query time)."""
    flt = check_filters(session, city, flt)
    rows_of_ideas = stored_rows() if area_rows is None else area_rows
    layer = area_layers.get_layer(session, flt.layer)
    rows = {a.id: AreaRow(a.id, a.name, a.population, by_category=_zeros(city))
            for a in session.execute(select(Area.id, Area.name, Area.population)
                                     .where(Area.layer_id == layer.id).order_by(Area.name))}
    unknown = AreaRow(None, "", None, by_category=_zeros(city))

    def row(area_id):
        return rows.get(area_id, unknown)

    kept = area_rows is None and not flt.narrowed and not count_now
    people_at = placing(layer.id, area_rows, count_now)  # where people are, with filters
    if with_ideas:
        _count_ideas(session, city, flt, layer.id, rows_of_ideas,
                     area_rows is None and not count_now, row)
    if with_people:
        _count_people(session, city, flt, layer.id, people_at, kept, row)
    questions = []
    if with_questions:
        totals = (ballot_tallies.kept(session, layer.id) if kept else
                  _counted_now(session, city, flt, people_at, question_id))
        questions = _questions(session, totals, rows, unknown, question_id)
    _rates(rows.values(), layer.has_population)
    total = _total(city, [*rows.values(), unknown])
    population = sum(r.population or 0 for r in rows.values()) if layer.has_population else None
    summary = LayerSummary(layer.key, layer.title, layer.has_population, population, flt,
                           list(rows.values()), unknown, total, questions)
    return public_view(summary, city.public_threshold) if public else summary


def _count_ideas(session, city, flt, layer_id, rows_of_ideas, keep: bool, row) -> None:
    """Add each area's ideas (by category) and supports to ``row(area_id)``: kept when
    ``keep`` allows and the filters are at most a topic and dates, else counted now."""
    if keep and _by_topic_and_days(flt):
        for area_id, category, ideas, supports in _kept_ideas(session, city, flt, layer_id):
            _add_ideas(row(area_id), category, ideas, supports)
        if flt.since is None and flt.until is None:
            return
        # The hours of the filter's local days outside the whole UTC days read above.
        pieces = area_days.split(*utc_range(city, flt))[1]
    else:
        pieces = [None]
    for between in pieces:
        for area_id, category, n in session.execute(
                _ideas(city, flt, layer_id, rows_of_ideas, between)):
            _add_ideas(row(area_id), category, n, 0)
        for area_id, n in session.execute(_supports(city, flt, layer_id, rows_of_ideas, between)):
            row(area_id).supports += n


def _by_topic_and_days(flt: Filters) -> bool:
    """True when the filters are at most a topic and dates, which kept counts answer."""
    return flt.event_id is None and flt.channel is None and flt.age_bracket is None


def _kept_ideas(session, city, flt, layer_id) -> list[tuple[int, str, int, int]]:
    """``(area, category, ideas, supports)`` kept: in all (no dates), or over the whole UTC
    days of the filter's dates; of its topic only, when it has one."""
    if flt.since is None and flt.until is None:
        query = (select(AreaTally.area_id, AreaTally.category, AreaTally.ideas,
                        AreaTally.supports).where(AreaTally.layer_id == layer_id))
        if flt.category is not None:
            query = query.where(AreaTally.category == flt.category)
        return [tuple(r) for r in session.execute(query)]
    days = area_days.split(*utc_range(city, flt))[0]
    return area_days.kept(session, layer_id, days, flt.category)


def _count_people(session, city, flt, layer_id, people_at, kept, row) -> None:
    """Add each area's participants to ``row(area_id)``: kept, or counted now."""
    people = (select(ContributorArea.area_id, func.count())
              .where(ContributorArea.layer_id == layer_id).group_by(ContributorArea.area_id)
              if kept else _participants(city, flt, people_at))
    for area_id, n in session.execute(people):
        row(area_id).participants += n


def _add_ideas(row: AreaRow, category: str, ideas: int, supports: int) -> None:
    row.ideas += ideas
    row.by_category[category] = row.by_category.get(category, 0) + ideas
    row.supports += supports


def _zeros(city: City) -> dict[str, int]:
    return dict.fromkeys(city.category_keys, 0)


def _ideas(city: City, flt: Filters, layer_id: int, placed: FromClause,
           between: Between | None = None):
    return (select(placed.c.area_id, Idea.category, func.count()).select_from(Idea)
            .outerjoin(placed, and_(placed.c.idea_id == Idea.id, placed.c.layer_id == layer_id))
            .where(idea_conditions(city, flt, between)).group_by(placed.c.area_id, Idea.category))


def _supports(city: City, flt: Filters, layer_id: int, placed: FromClause,
              between: Between | None = None):
    query = (select(placed.c.area_id, func.count()).select_from(Support)
             .outerjoin(placed, and_(placed.c.idea_id == Support.idea_id,
                                     placed.c.layer_id == layer_id)))
    return matching_supports(query, city, flt, between).group_by(placed.c.area_id)


def _participants(city: City, flt: Filters, attribution):
    if isinstance(attribution, Kept) and flt.age_alone:
        # An age group alone looks only at the person: those who took part at that age are
        # the kept rows of people that age (no contribution needs reading).
        # Written as IN: SQLite then starts from the people of that age (its index), not
        # from every kept row of the layer.
        row = attribution.row
        that_age = select(Participant.id).where(Participant.age_bracket == flt.age_bracket)
        return (select(row.area_id, func.count()).select_from(row)
                .where(row.layer_id == attribution.layer, row.participant_id.in_(that_age))
                .group_by(row.area_id))
    people = contributors(city, flt)
    area = attribution.area
    query = select(area, func.count()).select_from(people)
    return attribution.join(query, people.c.pid).group_by(area)


def _counted_now(session, city, flt, attribution, question_id: int | None = None
                 ) -> dict[int, dict]:
    """``{question: {area: totals}}`` counted now from the ballots that match the filters
    (of ``question_id`` alone when given).

    Identical choices are counted in the database, so only distinct ballots travel; what
    one choice adds is worked out once per question, whatever the number of areas."""
    area = attribution.area
    choice = cast(Ballot.choice, Text)  # the stored text: the key of what it adds
    query = attribution.join(
        select(Ballot.question_id, area, choice, func.count()).select_from(Ballot),
        Ballot.participant_id).where(ballot_conditions(city, flt))
    if question_id is not None:
        query = query.where(Ballot.question_id == question_id)
    specs = {q.id: (q.method, [o.id for o in q.options], methods.of(q).settings(q))
             for q in session.scalars(select(Question))}
    adds: dict[tuple[int, str], dict] = {}
    out: dict[int, dict] = defaultdict(dict)
    for question_id, area_id, text, n in session.execute(
            query.group_by(Ballot.question_id, area, choice)):
        added = adds.get((question_id, text))
        if added is None:
            method, option_ids, settings = specs[question_id]
            added = {"cast": 1, **tallies.parts(method, option_ids, json.loads(text),
                                                **settings)}
            adds[(question_id, text)] = added
        tallies.add_totals(out[question_id].setdefault(area_id, {}), added, n)
    return out


def _questions(session, totals: dict[int, dict], rows, unknown,
               question_id: int | None = None) -> list[QuestionInfo]:
    """Each question's result (or only ``question_id``'s) for the whole city and per area,
    from the totals of the ballots per voters' area (``tallies.parts`` summed, with "cast"
    counting ballots)."""
    out = []
    query = select(Question).order_by(Question.position, Question.id)
    if question_id is not None:
        query = query.where(Question.id == question_id)
    for question in session.scalars(query):
        option_ids = [o.id for o in question.options]
        kw = methods.of(question).settings(question)
        by_area: dict[int | None, tallies.Totals] = {}
        for area_id, summed in totals.get(question.id, {}).items():
            tallies.add_totals(by_area.setdefault(area_id if area_id in rows else None, {}),
                               summed)
        everyone: tallies.Totals = {}
        for area_id, summed in by_area.items():
            tallies.add_totals(everyone, summed)
            ballots = round(summed.get("cast", 0))
            if not ballots:
                continue
            result = tallies.finish(question.method, option_ids, summed, **kw).to_dict()
            target = rows[area_id] if area_id is not None else unknown
            target.ballots += ballots
            target.questions[question.id] = AreaResult(ballots, result,
                                                       methods.of(question).leading(result))
        result = tallies.finish(question.method, option_ids, everyone, **kw).to_dict()
        out.append(QuestionInfo(question.id, question.title, question.method,
                                {o.id: o.title for o in question.options},
                                round(everyone.get("cast", 0)), result,
                                methods.of(question).leading(result)))
    return out


def _rates(rows, has_population: bool) -> None:
    if not has_population:
        return
    counted = [r for r in rows if r.population]
    people = sum(r.participants for r in counted)
    population = sum(r.population for r in counted)
    for r in counted:
        r.per_1000 = round(1000 * r.participants / r.population, 3)
        if people:
            r.representation = round((r.participants / people) / (r.population / population), 3)


def _total(city: City, rows: list[AreaRow]) -> AreaRow:
    total = AreaRow(None, "", None, by_category=_zeros(city))
    for r in rows:
        for key in COUNTS:
            setattr(total, key, getattr(total, key) + getattr(r, key))
        for key, n in r.by_category.items():
            total.by_category[key] = total.by_category.get(key, 0) + n
    return total


