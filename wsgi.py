"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

Served this way the app runs in production mode unless VIZLOU_ENV says otherwise,
and so refuses to start without SECRET_KEY.
"""

import gc
import os

from vizlou import create_app

os.environ.setdefault("VIZLOU_ENV", "production")
app = create_app()

# What the app made at start lives as long as the process: moved out of the garbage
# collector's sight, so that a full collection does not walk it again and again. About
# 300,000 objects took 200 ms a collection on 2 cores, and a big page (the density map of
# 200,000 ideas) set one off on every other request. With --preload the workers inherit it.
gc.collect()
gc.freeze()
