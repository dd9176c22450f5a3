"""Checks of single values of the city file: each returns the value as the app uses it, or
raises ConfigError naming the key and what it should look like."""

from __future__ import annotations

import re
from datetime import datetime

from vizlou.errors import ConfigError


def geocoder_url(value: object, where: str) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ConfigError(f"{where}: 'geocoder_url' must start with https:// (or http://)")
    return value


def currency(value: object, where: str) -> str:
    from babel.numbers import get_currency_name

    code = str(value).upper()
    if len(code) != 3 or get_currency_name(code, locale="en") == code:
        raise ConfigError(f"{where}: 'currency' must be a currency code such as \"USD\" or "
                          f"\"EUR\", not {value!r}")
    return code


def timezone(value: object, where: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: 'timezone' must be a time zone such as "
                          f"\"America/New_York\", not {value!r}") from None
    return str(value)


def sms_number(value: object, where: str) -> str:
    """The number residents text, as it is printed ("+1 502 555 0199")."""
    if value == "":
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"\+[1-9][\d ()-]{6,20}", value.strip()):
        raise ConfigError(f"{where}: 'sms_number' must be a phone number with its country code, "
                          "like \"+1 502 555 0199\"")
    return value.strip()


def public_url(value: object, where: str) -> str:
    if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
        raise ConfigError(f"{where}: 'public_url' must start with https:// (or http://)")
    return value.rstrip("/")


def limits(given: object, where: str, defaults: dict[str, str],
           known: set[str]) -> dict[str, str]:
    """The rate limits: the defaults, with the city file's own. Each is Flask-Limiter's
    notation ("20 per minute; 300 per hour"); "none" turns one off."""
    from limits import parse_many

    if not isinstance(given, dict):
        raise ConfigError(f"{where}: [limits] must be a table of settings")
    out = dict(defaults)
    for key in known & set(given):
        value = given[key]
        if not isinstance(value, str):
            raise ConfigError(f"{where}: limits.{key} must be text such as '20 per minute'")
        if value.strip().lower() != "none":
            try:
                parse_many(value)
            except ValueError as exc:
                raise ConfigError(f"{where}: limits.{key} is not a rate limit ({value!r}): "
                                  f"write it like '20 per minute; 300 per hour'") from exc
        out[key] = value.strip()
    return out


def words(value: object, where: str) -> dict[str, str]:
    """A word in several languages: a table such as {en = "ward", es = "distrito"}."""
    if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip()
                                              for v in value.values()):
        raise ConfigError(f"{where} must be a table of words per language, like "
                          "{en = \"ward\", es = \"distrito\"}")
    return {str(k): v.strip() for k, v in value.items()}


def one_of(value: object, allowed: tuple[str, ...], key: str, where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where}: '{key}' must be {' or '.join(allowed)}, not {value!r}")
    return str(value)


def date(value, key: str, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if hasattr(value, "year"):  # a TOML date
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError as exc:
        raise ConfigError(f"{where}: {key!r} is not a date ({value!r})") from exc


def crs(value: object, where: str) -> str | None:
    """A coordinate reference system such as "EPSG:2246", or None."""
    if value in (None, ""):
        return None
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(str(value))
    except CRSError:
        raise ConfigError(f"{where}: 'projected_crs' {value!r} is not a coordinate reference "
                          "system; write it like \"EPSG:2246\"") from None
    if not str(value).upper().startswith("EPSG:"):
        raise ConfigError(f"{where}: 'projected_crs' must be an EPSG code like \"EPSG:2246\"")
    return str(value).upper()
