"""Helpers shared by the fixtures and the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vizlou import create_app

ROOT = Path(__file__).resolve().parent.parent
BOUNDARIES = ROOT / "data" / "boundaries" / "louisville"
REQUIRE_ALL = os.environ.get("VIZLOU_REQUIRE_ALL") == "1"


def need(reason: str):
    """Skip with a message that says what is missing, or fail where everything is required."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (VIZLOU_REQUIRE_ALL=1: nothing may be skipped)")
    pytest.skip(reason)


def make_app(url: str, instance: Path, **overrides):
    config = {"ENV": "testing", "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url,
              "INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": False}
    config.update(overrides)
    return create_app(config)


def load_louisville(app) -> None:
    """Migrate and import the three shipped layers (no ideas), as ``demo load --ideas 0``."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--ideas", "0"])
    assert result.exit_code == 0, result.output


def dispose(app) -> None:
    from vizlou.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
