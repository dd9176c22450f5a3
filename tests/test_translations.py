"""Every string is translated, and the catalog is current with the code."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from helpers import ROOT

CATALOG = ROOT / "vizlou" / "translations" / "es" / "LC_MESSAGES" / "messages.po"


def msgids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_spanish_string_is_translated():
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="es")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not catalog.fuzzy, "a fuzzy catalog header stops pybabel from compiling it"
    for message in catalog:  # placeholders survive translation
        if message.id and isinstance(message.id, str):
            for name in ("%(city)s", "%(path)s", "%(name)s", "%(email)s", "%(n)s"):
                assert (name in message.id) == (name in message.string), message.id


def test_the_catalog_has_every_string_in_the_code(tmp_path):
    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        fresh = msgids(read_po(f))
    with CATALOG.open("rb") as f:
        catalog = msgids(read_po(f, locale="es"))
    assert fresh - catalog == set(), "run `make messages` and translate the new strings"
