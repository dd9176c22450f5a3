"""Files sent to be saved: their names, as RFC 6266 says, for every browser and language."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote


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
