"""Security headers, with a strict Content-Security-Policy on every page and worker.

No inline script anywhere on resident pages. Map tiles may come from the city's
configured tile host; nothing else leaves the app.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request


def tile_origin(url: str) -> str:
    parts = urlsplit(url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}" in url:  # Leaflet's subdomains a, b, c
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str) -> str:
    tiles = tile_origin(tile_url)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: blob:{' ' + tiles if tiles else ''}",
        f"connect-src 'self'{' ' + tiles if tiles else ''}",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
        "worker-src 'self'",
    ])


def register(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype != "text/html" and request.path != "/sw.js":
            return response  # the policy governs documents and workers; spare phones the bytes
        policy = response.headers.get("Content-Security-Policy") or content_security_policy(
            current_app.config["CITY"].tile_url)
        response.headers["Content-Security-Policy"] = policy
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy",
                                    "geolocation=(self), camera=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if current_app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        return response
