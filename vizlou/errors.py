"""Domain errors, and the one place that turns them into HTTP and JSON.

Domain code (``geo/``, ``services/``) raises these with an English message
template marked by :func:`N_`; the web edge translates the template into the
request's language and fills in the parameters. The CLI prints the English.
Nothing here imports Flask at module level, so ``geo/`` can use these errors.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for extraction by Babel; it is translated where it is shown."""
    return message


class DomainError(Exception):
    """A problem the user can understand and fix. Never a server error."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params
        if code:
            self.code = code

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        text = translate(self.message)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.render()


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class BoundaryFileError(InvalidInput):
    code = "bad_boundary_file"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Closed(DomainError):
    """The thing exists but no longer (or not yet) takes contributions."""

    status = 409
    code = "closed"


class ConfigError(Exception):
    """A setting is missing or wrong; the app refuses to start."""
