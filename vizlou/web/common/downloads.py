"""Files sent to be saved: their names, as RFC 6266 says, for every browser and language;
and exports sent whole or, when they are read as they download, streamed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, stream_with_context

from vizlou.web.transactions import streamed


def safe_filename(name: str) -> str:
    """A file name without spaces, slashes or control characters (letters of any language
    stay): "Springfield ideas.csv" -> "Springfield-ideas.csv"."""
    cleaned = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    cleaned = re.sub(r'[\s/\\:*?"<>|;,]+', "-", cleaned).strip("-.")
    return cleaned[:120] or "download"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII name for old clients and the real one as UTF-8
    (``filename*``): a name such as "łódź-ideas.csv" never breaks the header."""
    name = safe_filename(filename)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.") or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(data: bytes | Iterator[bytes], filename: str, mimetype: str) -> Response:
    """A file to save: bytes as they are, chunks streamed as they are read from the database
    (after the request's commit, see ``transactions.streamed``)."""
    headers = {"Content-Disposition": content_disposition(filename)}
    if isinstance(data, bytes):
        return Response(data, mimetype=mimetype, headers=headers)
    # nginx may buffer it (the default): it still passes each chunk on as it comes, and a
    # slow client then holds nginx's buffer, not an app thread, a connection and a snapshot.
    return Response(stream_with_context(streamed(data)), mimetype=mimetype, headers=headers)
