"""Settings: defaults in code, the city file (``city.py``), then the environment.

Secrets and the database address come from the environment only; ``build_config`` makes
the Flask config mapping and refuses to start with a bad or missing required setting.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from vizlou.city import DEFAULT_CITY_FILE, PACKAGE_DIR, PROJECT_DIR, load_city
from vizlou.errors import ConfigError

__all__ = ["PACKAGE_DIR", "PROJECT_DIR", "build_config", "engine_options"]


def _instance_secret(instance: Path) -> str:
    """Development only: a random key kept in the instance folder so cookies survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    keyfile = instance / "secret_key"
    if not keyfile.exists():
        keyfile.write_text(secrets.token_hex(32))
        keyfile.chmod(0o600)
    return keyfile.read_text().strip()


def build_config(overrides: dict | None = None, environ: os._Environ | dict | None = None) -> dict:
    """The Flask config mapping: defaults, then the environment, then ``overrides``."""
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance = Path(overrides.get("INSTANCE_PATH") or env.get("VIZLOU_INSTANCE")
                    or PROJECT_DIR / "instance")
    mode = overrides.get("ENV") or env.get("VIZLOU_ENV", "development")
    if mode not in ("development", "production", "testing"):
        raise ConfigError(f"VIZLOU_ENV must be development, production or testing, not {mode!r}")

    secret = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    if not secret:
        if mode == "production":
            raise ConfigError("SECRET_KEY is not set: production refuses to start without it")
        secret = _instance_secret(instance)

    city_file = Path(overrides.pop("CITY_FILE", None) or env.get("VIZLOU_CITY_FILE")
                     or (instance / "city.toml" if (instance / "city.toml").exists()
                         else DEFAULT_CITY_FILE))
    database_url = (overrides.get("SQLALCHEMY_DATABASE_URI") or env.get("DATABASE_URL")
                    or f"sqlite:///{instance / 'vizlou.db'}")
    city = load_city(city_file)
    config = {
        "ENV": mode,
        "SECRET_KEY": secret,
        "INSTANCE_PATH": str(instance),
        "CITY": city,
        "BABEL_DEFAULT_TIMEZONE": city.timezone,  # dates shown in the city's own time
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_SECURE": mode == "production",
        "WTF_CSRF_TIME_LIMIT": None,  # offline queues replay writes hours later
        "WTF_CSRF_HEADERS": ["X-CSRFToken"],
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,  # boundary and CSV uploads; the API caps lower
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "PROXIES": _proxies(env.get("VIZLOU_PROXIES", "0")),
        "RATELIMIT_HEADERS_ENABLED": True,
        # A moving window: a fixed one lets twice a limit through around a minute's turn
        # (five staff logins tried at 10:00:59 and five more at 10:01:00).
        "RATELIMIT_STRATEGY": "moving-window",
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(PACKAGE_DIR / "translations"),
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        "TESTING": mode == "testing",
        # Text messages (SPEC I3): Twilio's auth token checks the webhook's signatures; the
        # sender is "log" (messages written to the log, the default) or "twilio" (needs the
        # account SID and the number to send from). Phone numbers are hashed with a pepper:
        # PHONE_PEPPER, else one derived from SECRET_KEY.
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_FROM": env.get("TWILIO_FROM", ""),
        "SMS_SENDER": env.get("VIZLOU_SMS_SENDER", "log"),
        "PHONE_PEPPER": env.get("PHONE_PEPPER", ""),
        # Photos on ideas: a folder in the instance by default, or an S3-compatible bucket.
        "PHOTO_S3_BUCKET": env.get("PHOTO_S3_BUCKET", ""),
        "PHOTO_S3_ENDPOINT": env.get("PHOTO_S3_ENDPOINT", ""),
        # Email to residents who asked to hear back: "log" (default) or "smtp".
        "EMAIL_SENDER": env.get("VIZLOU_EMAIL_SENDER", "log"),
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": env.get("SMTP_PORT", "587"),
        "SMTP_FROM": env.get("SMTP_FROM", ""),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
    }
    config.update(overrides)
    _check_senders(config)
    return config


def _check_senders(config: dict) -> None:
    """A sender that cannot work stops start-up with one line, not the first message."""
    if config["SMS_SENDER"] not in ("log", "twilio"):
        raise ConfigError(f"VIZLOU_SMS_SENDER must be log or twilio, not {config['SMS_SENDER']!r}")
    if config["SMS_SENDER"] == "twilio" and not all(
            config[k] for k in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")):
        raise ConfigError("VIZLOU_SMS_SENDER=twilio needs TWILIO_ACCOUNT_SID, "
                          "TWILIO_AUTH_TOKEN and TWILIO_FROM")
    if config["EMAIL_SENDER"] not in ("log", "smtp"):
        raise ConfigError(f"VIZLOU_EMAIL_SENDER must be log or smtp, not "
                          f"{config['EMAIL_SENDER']!r}")
    if config["EMAIL_SENDER"] == "smtp" and not (config["SMTP_HOST"] and config["SMTP_FROM"]):
        raise ConfigError("VIZLOU_EMAIL_SENDER=smtp needs SMTP_HOST and SMTP_FROM")


def _proxies(value: str) -> int:
    """How many reverse proxies (nginx, a load balancer) stand in front of the app: their
    X-Forwarded-For and -Proto headers are then believed, and no one else's."""
    if not value.isdigit() or int(value) > 5:
        raise ConfigError(f"VIZLOU_PROXIES must be a small whole number, not {value!r}")
    return int(value)


def engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
