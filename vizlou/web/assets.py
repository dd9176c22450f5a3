"""Static files: versioned URLs cached for a year, and Brotli (or gzip) for every text
response.

``asset_url('js/map.js')`` gives ``/static/js/map.js?v=<hash of the content>``, so a
phone downloads each file once until it changes. Responses with an ETag are compressed
once per process at the highest setting and kept in memory.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli
from flask import Flask, current_app, request, url_for

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/geo+json",
                "image/svg+xml", "application/manifest+json", "application/xml",
                "application/vnd.oai.openapi+json", "text/csv")
MIN_SIZE = 500
YEAR = 31_536_000

_hashes: dict[tuple[str, float], str] = {}
_compressed: dict[str, bytes] = {}


def asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    key = (str(path), path.stat().st_mtime)
    digest = _hashes.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _hashes[key] = digest
    return url_for("static", filename=filename, v=digest)


def _encoding() -> str | None:
    accepted = request.headers.get("Accept-Encoding", "")
    if "br" in accepted:
        return "br"
    return "gzip" if "gzip" in accepted else None


def _compress(data: bytes, encoding: str, best: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


def _compress_response(response, encoding: str) -> None:
    """Compress in place. A response with an ETag (static files, area outlines) is the same
    for everyone: it is compressed once, as small as possible, and kept."""
    etag = response.get_etag()[0]
    cache_key = f"{request.path}:{etag}:{encoding}" if etag else None
    response.direct_passthrough = False
    body = _compressed.get(cache_key) if cache_key else None
    if body is not None and hasattr(response.response, "close"):
        response.response.close()  # the file send_file opened is not read: close it now
    if body is None:
        raw = response.get_data()
        if len(raw) < MIN_SIZE:
            return
        body = _compress(raw, encoding, best=cache_key is not None)
        if cache_key:
            _compressed[cache_key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))


def city_css() -> str:
    """Each category's colour as a class (no inline styles under the strict CSP)."""
    city = current_app.config["CITY"]
    return "".join(f".cat-{c.key}{{--cat:{c.color}}}" for c in city.categories)


def city_css_url() -> str:
    digest = hashlib.sha256(city_css().encode()).hexdigest()[:12]
    return url_for("city_css", v=digest)


def _city_css_response():
    response = current_app.response_class(city_css(), mimetype="text/css")
    if request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    return response


def register(app: Flask) -> None:
    from vizlou.services.voting import methods
    from vizlou.web.common import labels

    app.jinja_env.globals.update(asset_url=asset_url, city_css_url=city_css_url, labels=labels,
                                 voting_method=methods.get, number=labels.number,
                                 percent=labels.percent)
    app.jinja_env.filters["amount"] = labels.amount
    app.jinja_env.filters["numbers_in"] = labels.numbers_in
    app.add_url_rule("/city.css", "city_css", _city_css_response)

    @app.after_request
    def compress_and_cache(response):
        if request.path.startswith("/static/") and request.args.get("v") \
                and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.expires = None
        response.vary.add("Accept-Encoding")
        encoding = _encoding()
        if (response.status_code == 200 and encoding
                and "Content-Encoding" not in response.headers
                and (response.mimetype or "").startswith(COMPRESSIBLE)
                and (response.direct_passthrough or not response.is_streamed)):
            _compress_response(response, encoding)
        return response
