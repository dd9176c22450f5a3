"""Domain errors, and the one place that turns them into HTTP and JSON.

Domain code (``geo/``, ``services/``) raises these with an English message
template marked by :func:`N_`; the web edge translates the template into the
request's language and fills in the parameters. The CLI prints the English.
Nothing here imports Flask at module level, so ``geo/`` can use these errors.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for extraction by Babel; it is translated where it is shown."""
    return message


class Words(str):
    """A parameter of a message that is itself English to translate (a setting's label)."""


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
        if not self.params:
            return text
        return text % {k: translate(v) if isinstance(v, Words) else v
                       for k, v in self.params.items()}

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


# Messages for HTTP errors that come from Flask and Werkzeug rather than from the domain.
HTTP_MESSAGES = {
    400: N_("The request was not understood."),
    401: N_("Please log in first."),
    403: N_("You are not allowed to do that."),
    404: N_("This page does not exist."),
    405: N_("This address does not accept that kind of request."),
    409: N_("That clashes with something already saved."),
    413: N_("What you sent is too big."),
    415: N_("Send JSON, please."),
    429: N_("Too many tries. Please wait a little and try again."),
    500: N_("Something went wrong on our side. Nothing you sent was lost; please try again."),
    503: N_("We are busy for a moment. Nothing you sent was lost; please try again."),
}
RETRY_AFTER = 2  # seconds, when the database is busy or out of reach for a moment
CSRF_MESSAGE = N_("This form has expired. Please reload the page and try again.")


def wants_json() -> bool:
    from flask import request

    path = request.path
    return (path.startswith("/api/")
            or request.accept_mimetypes.best == "application/json")


def respond(status: int, code: str, message: str, field: str | None = None):
    """The error as the client wants it: JSON for the API, a page otherwise."""
    from flask import render_template

    if wants_json():
        body = {"error": {"code": code, "message": message, "field": field}}
        return body, status
    return render_template("error.html", status=status, message=message), status


def rollback() -> None:
    """Roll the request's transaction back; when the connection is gone (the database went
    away under it), drop the session instead: there is nothing left to roll back."""
    from sqlalchemy.exc import DBAPIError

    from vizlou.extensions import db

    try:
        db.session.rollback()
    except DBAPIError:
        db.session.close()


def busy(app):
    """The response when the database is out of reach or too busy for a moment: a 503 that
    says to try again (the offline queue does), never a 500. The transaction rolled back, so
    nothing was half-stored."""
    from flask_babel import gettext

    response = app.make_response(respond(503, "busy", gettext(HTTP_MESSAGES[503])))
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


DRAIN_LIMIT = 16 * 1024 * 1024


def _drain_body() -> None:
    """After refusing a body too big, read what is left of it (up to ``DRAIN_LIMIT``), so
    the connection is ready for the client's next request: gunicorn keeps connections alive
    whatever the app's Connection header says, and would read the rest of the body as the
    next request (which the client then sees reset)."""
    from flask import request

    stream = request.environ.get("wsgi.input")
    if stream is None or (request.content_length or 0) > DRAIN_LIMIT:
        return
    try:
        while stream.read(64 * 1024):
            pass
    except (OSError, ValueError):
        pass


def register_handlers(app) -> None:
    """The one place that turns errors into HTTP responses: JSON for the API, pages otherwise."""
    from flask import request
    from flask_babel import gettext
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import OperationalError
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        rollback()
        response = app.make_response(respond(exc.status, exc.code, exc.render(gettext),
                                             exc.field))
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return respond(400, "csrf", gettext(CSRF_MESSAGE))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = HTTP_MESSAGES.get(status)
        text = gettext(message) if message else (exc.description or exc.name)
        response = app.make_response(respond(status, exc.name.lower().replace(" ", "_"), text))
        if status == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        if status == 413:
            _drain_body()
            response.headers["Connection"] = "close"
        return response

    @app.errorhandler(OperationalError)
    def database_busy(exc: OperationalError):
        app.logger.warning("Database busy or out of reach on %s %s: %s", request.method,
                           request.path, exc.orig)
        rollback()
        return busy(app)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("Unexpected error on %s %s", request.method, request.path)
        rollback()
        return respond(500, "server_error", gettext(HTTP_MESSAGES[500]))
