"""The shape of the house: small modules, and layers that import only downwards."""

from __future__ import annotations

import ast

from helpers import ROOT

PACKAGE = ROOT / "vizlou"
LIMIT = 300
EARNS_IT = "longer than 300 lines because"  # said at the top of a module that earns it


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_modules_are_small_unless_they_say_why():
    """Frozen migrations are history, not modules anyone edits (docs/architecture.md)."""
    too_long = []
    for path in _modules():
        lines = path.read_text().splitlines()
        top = (ast.get_docstring(ast.parse("\n".join(lines))) or "").lower()
        if len(lines) > LIMIT and EARNS_IT not in top:
            too_long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert not too_long, too_long


def _imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_layers_import_only_downwards():
    """Services, models and geo never import the web or Flask's request; audiences of the
    web never import each other (what they share is in web/common)."""
    audiences = ("participate", "kiosk", "facilitate", "plan", "api")
    wrong = []
    for path in _modules():
        part = path.relative_to(PACKAGE).parts
        for name in _imports(path):
            if part[0] in ("services", "models", "geo") and (
                    name.startswith("vizlou.web") or name == "flask"
                    or name.startswith("flask.") or name.startswith("flask_")):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if part[0] == "web" and len(part) > 2 and part[1] in audiences:
                for other in audiences:
                    if other != part[1] and name.startswith(f"vizlou.web.{other}"):
                        wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, wrong


def test_no_city_is_named_outside_its_own_files():
    """Any city: only Louisville's city file and demo data name it (not the code, the pages,
    the scripts or the translations, where another city would meet it)."""
    places = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.po"), *(ROOT / "templates").rglob("*"),
              *(ROOT / "static" / "js").rglob("*.js")]
    named = [str(p.relative_to(ROOT)) for p in places
             if p.is_file() and "migrations" not in p.parts
             and "Louisville" in p.read_text(encoding="utf-8", errors="ignore")]
    assert named == []
