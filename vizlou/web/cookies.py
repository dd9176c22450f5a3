"""The signed-cookie session, minus one header that would defeat caching.

Flask adds ``Vary: Cookie`` whenever a request touched the session, and Flask-Login
touches it on every response. A response marked ``public`` (versioned static files,
area outlines) is the same for everyone, so it must not vary by cookie: otherwise a
phone's cache misses as soon as the first page has set a cookie, and the offline copy
downloads every file a second time.
"""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if response.cache_control.public and not session.modified:
            response.vary.discard("cookie")  # lower case: werkzeug's HeaderSet.remove
            # compares the name as given with lower-cased entries
