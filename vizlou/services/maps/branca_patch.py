"""Folium's documents without compiling their data as templates (a speed-up of Branca).

Branca, under Folium, renders each map element's script and then wraps the result in a new
``Element``, which compiles it as a Jinja2 template and renders it again. For a density map
that result holds the GeoJSON of thousands of cells (about a megabyte): compiling it took
80-120 ms of every planner map, more than the database (200,000 ideas, SQLite).

:func:`install` gives ``branca.element`` a ``Template`` that hands back text holding no
template syntax (no ``{{``, ``{%`` or ``{#``, which JSON never holds) as it is, with the
newline changes Jinja2 itself would make, and compiles anything else once per distinct
source. The output is the same, byte for byte (``tests/services/test_density.py``).
What was said in ``planner.py`` still holds: no user text goes into a Folium element.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Template

SYNTAX = ("{{", "{%", "{#")
NEWLINES = re.compile(r"\r\n|\r")


class Verbatim:
    """A template without syntax: rendering it gives its text, as Jinja2 would (every
    newline written ``\\n``, one trailing newline dropped)."""

    def __init__(self, source: str) -> None:
        text = NEWLINES.sub("\n", source)
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args, **kwargs) -> str:
        return self.text


@lru_cache(maxsize=512)
def compiled(source: str) -> Template:
    return Template(source)


def template(source: str):
    """What ``branca.element`` makes of a template's source."""
    if not isinstance(source, str):
        return Template(source)
    if not any(mark in source for mark in SYNTAX):
        return Verbatim(source)
    return compiled(source)


def install() -> None:
    """Once per process, before Folium renders a map; another Branca is left as it is."""
    import branca.element as element

    if getattr(element, "Template", None) is Template:
        element.Template = template
