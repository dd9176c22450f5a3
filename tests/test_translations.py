"""Every string is translated in every catalogue (adding a language is adding one), and the
catalogues are current with the code."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from helpers import ROOT

TRANSLATIONS = ROOT / "vizlou" / "translations"
LANGUAGES = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def catalog_of(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def msgids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_shipped_languages():
    assert {"es", "fr"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    catalog = catalog_of(language)
    untranslated = [m.id for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not catalog.fuzzy, "a fuzzy catalog header stops pybabel from compiling it"
    for message in catalog:  # placeholders survive translation, all of them, no others
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            assert found <= wanted and (found == wanted or len(strings) > 1), message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_every_string_in_the_code(tmp_path, language):
    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        fresh = msgids(read_po(f))
    assert fresh - msgids(catalog_of(language)) == set(), \
        "run `make messages` and translate the new strings"
