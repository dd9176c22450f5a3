"""wsgi.py serves the app under gunicorn in production mode, and refuses without SECRET_KEY."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import ROOT
from postgis_cluster import free_port

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def env_for(app, tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "VIZLOU_ENV")}
    env.update({"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "VIZLOU_INSTANCE": str(tmp_path)}, **extra)
    return env


def test_gunicorn_serves_the_map(sqlite_app, tmp_path):
    port = free_port()
    process = subprocess.Popen([GUNICORN, "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                               cwd=ROOT, env=env_for(sqlite_app, tmp_path, SECRET_KEY="k"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and "page-settings" in body
        assert "Strict-Transport-Security" in headers  # production mode: secure cookies, HSTS
    finally:
        process.terminate()
        process.communicate(timeout=20)  # waits, and closes the pipes


def test_gunicorn_refuses_to_start_without_a_secret_key(sqlite_app, tmp_path):
    result = subprocess.run([GUNICORN, "-w", "1", "-b", f"127.0.0.1:{free_port()}",
                             "wsgi:app"], cwd=ROOT, env=env_for(sqlite_app, tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY is not set: production refuses to start without it" in result.stderr


def test_what_the_app_made_at_start_is_kept_out_of_the_collectors_sight(sqlite_app, tmp_path):
    """wsgi.py freezes the objects made at start (``gc.freeze``): a full collection then
    walks only what requests made, not the whole app again."""
    result = subprocess.run([sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count())"],
                            cwd=ROOT, env=env_for(sqlite_app, tmp_path, SECRET_KEY="k"),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) > 100_000
