"""What comes in, checked before any view sees it: JSON nested deeper than any VizLou body,
and text that cannot be stored or read (a NUL, other control characters, lone surrogates)
anywhere in a path, a query string, a form or a JSON body. Each is a 400 with a message,
never a 500 deeper down (a NUL ends text in PostgreSQL; Python's JSON parser recurses)."""

from __future__ import annotations

import re

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider

from vizlou.errors import N_, InvalidInput
from vizlou.services.inputs import check_readable

MAX_DEPTH = 16  # VizLou's deepest body (a pairwise ballot) is 4 levels deep
STRINGS = re.compile(r'"(?:\\.|[^"\\])*"')


def nesting(text: str) -> int:
    """How deep the arrays and objects of a JSON text go (strings skipped)."""
    depth = deepest = 0
    for ch in STRINGS.sub("", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _check_strings(value, depth: int = 0) -> None:
    if isinstance(value, str):
        check_readable(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_readable(key)
            _check_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, depth + 1)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies nested too deep and strings that cannot be read."""

    def loads(self, s, **kwargs):
        text = s.decode("utf-8") if isinstance(s, bytes | bytearray) else s
        if nesting(text) > MAX_DEPTH:
            raise InvalidInput(N_("What you sent is nested too deep."), code="too_deep")
        value = super().loads(text, **kwargs)
        _check_strings(value)
        return value


def register(app: Flask) -> None:
    app.json = JSONProvider(app)

    @app.before_request
    def readable_request() -> None:
        check_readable(request.path)
        sources = [request.args]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            sources.append(request.form)
        for values in sources:
            for key, value in values.items(multi=True):
                check_readable(key, key)
                check_readable(value, key)
