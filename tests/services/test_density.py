"""The planners' density map: ideas per kept map cell (zoom 14). Without a filter, or with a
topic alone, the counts are read off the resident map's kept cells (public ideas) plus the
ideas held for review; with any other filter the matching ideas are placed in the same
cells. Both roads give the same map, hidden ideas count in neither, and each cell's square
contains its ideas."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from sqlalchemy import func, select, update

from factories import DOWNTOWN, make_idea
from vizlou.geo import clustering
from vizlou.models import Idea, Moderation
from vizlou.services.counts import record
from vizlou.services.filters import Filters
from vizlou.services.maps import planner

EVERYTHING = Filters(since=date(2000, 1, 1))  # a filter every idea matches: counted from rows


def test_kept_cells_and_counted_cells_agree(app, db_session):
    city = app.config["CITY"]
    random = np.random.default_rng(7)  # and points across many cells' edges
    spots = [DOWNTOWN, (DOWNTOWN[0] + 0.0001, DOWNTOWN[1]), (-85.70, 38.20), (-85.80, 38.15),
             *zip(-85.70 + random.uniform(-0.04, 0.04, 40).round(6),
                  38.20 + random.uniform(-0.03, 0.03, 40).round(6), strict=True)]
    ideas = [make_idea(db_session, city, lon=lon, lat=lat,
                       category="health" if i % 2 else "energy")
             for i, (lon, lat) in enumerate(spots * 2)]
    for idea, state in ((ideas[0], Moderation.FLAGGED), (ideas[1], Moderation.HIDDEN)):
        before = idea.moderation
        db_session.execute(update(Idea).where(Idea.id == idea.id).values(moderation=state))
        db_session.refresh(idea)
        record.idea_moderated(db_session, idea, before)
    db_session.flush()

    kept = planner.density_cells(db_session, city, Filters())
    assert kept == planner.density_cells(db_session, city, EVERYTHING)
    assert sum(n for *_, n in kept) == len(ideas) - 1 == db_session.scalar(
        select(func.count()).select_from(Idea).where(Idea.moderation != Moderation.HIDDEN))
    health = planner.density_cells(db_session, city, Filters(category="health"))
    assert health == planner.density_cells(db_session, city, Filters(
        category="health", since=date(2000, 1, 1)))
    assert 0 < sum(n for *_, n in health) < sum(n for *_, n in kept)
    for cx, cy, _ in kept:  # each square holds its ideas
        west, south, east, north = clustering.cell_bounds(cx, cy, planner.DENSITY_LEVEL)
        assert any(west <= lon < east and south < lat <= north for lon, lat in spots)


def test_branca_patched_gives_the_same_document_as_branca(app, db_session):
    """``branca_patch`` hands Folium's rendered data back as it is instead of compiling it as
    a template: the density map (outlines, cells and the ideas as dots) is the same document,
    byte for byte, as Branca's own makes (Folium's random element ids aside)."""
    import re

    import branca.element
    from jinja2 import Template

    from vizlou.services.maps import branca_patch

    city = app.config["CITY"]
    for i in range(12):
        make_idea(db_session, city, lon=-85.70 + i * 0.01, lat=38.20 + (i % 3) * 0.01,
                  text="{{ 7 * 7 }} {% raw %} & <b>")
    db_session.flush()
    assets = planner.MapAssets("/l.js", "/l.css", "/p.js")

    def render() -> str:
        page = planner.density(db_session, city, Filters(), assets)[0].html
        return re.sub(r"[0-9a-f]{32}", "ID", page)

    branca_patch.install()
    patched = render()
    original = branca.element.Template
    branca.element.Template = Template
    try:
        assert render() == patched
    finally:
        branca.element.Template = original
    assert "VizLouPlanMap.cell" in patched and "VizLouPlanMap.idea" in patched
    assert "{{ 7 * 7 }}" in patched  # the texts, in the data island, as typed


@pytest.mark.parametrize("source", ["", "plain", "a\n", "a\n\n", "a\r\nb\rc\n", "{}}", "x}}{",
                                    "{{ 1 + 1 }}\n", "{% if true %}y{% endif %}", "{# c #}z"])
def test_a_branca_template_renders_as_jinja_would(source):
    from jinja2 import Template

    from vizlou.services.maps import branca_patch

    assert branca_patch.template(source).render(this=None, kwargs={}) == \
        Template(source).render(this=None, kwargs={})
