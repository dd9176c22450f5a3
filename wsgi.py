"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

Served this way the app runs in production mode unless VIZLOU_ENV says otherwise,
and so refuses to start without SECRET_KEY.
"""

import os

from vizlou import create_app

os.environ.setdefault("VIZLOU_ENV", "production")
app = create_app()
