"""The README documents every command, option and setting (a test fails when one is not)."""

from __future__ import annotations

import re

import click
import pytest

from helpers import ROOT
from vizlou.city import (
    BOUNDARY_KEYS,
    CATEGORY_KEYS,
    CITY_KEYS,
    LIMIT_KEYS,
    OPEN_DATA_KEYS,
    TILE_KEYS,
)

README = (ROOT / "README.md").read_text()
CONFIG_SOURCE = (ROOT / "vizlou" / "config.py").read_text()


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.rstrip().splitlines()[-1] == "make test"


@pytest.mark.parametrize("key", sorted(CITY_KEYS | TILE_KEYS | CATEGORY_KEYS | BOUNDARY_KEYS
                                        | LIMIT_KEYS | OPEN_DATA_KEYS))
def test_every_city_setting_is_documented(key):
    assert f"`{key}`" in README


def test_every_environment_variable_is_documented():
    names = set(re.findall(r'env(?:iron)?\.get\("([A-Z_]+)"', CONFIG_SOURCE))
    assert names, "config.py reads the environment"
    for name in names:
        assert f"`{name}`" in README, name


def own_groups(app) -> dict:
    """The command groups VizLou adds (found, not listed: a new group is checked too)."""
    return {name: group for name, group in app.cli.commands.items()
            if isinstance(group, click.Group) and group.__module__ == "flask.cli"
            and any(c.callback.__module__.startswith("vizlou.cli.")
                    for c in group.commands.values())}


def test_every_command_and_option_is_documented(sqlite_app):
    groups = own_groups(sqlite_app)
    assert {"boundaries", "users", "counts", "questions"} <= set(groups)
    for group_name, group in groups.items():
        for name, command in group.commands.items():
            assert f"{group_name} {name}" in README, f"{group_name} {name}"
            for param in command.params:
                if isinstance(param, click.Option):
                    assert any(opt in README for opt in param.opts), \
                        f"{group_name} {name} {param.opts}"


def _documented_form(rule: str) -> str:
    """``/ideas/<id:idea_id>`` as the README writes it: ``/ideas/<id>``."""
    def name(found: re.Match) -> str:
        converter, _, variable = found.group(1).rpartition(":")
        return "<id>" if converter == "id" else f"<{variable}>"
    return re.sub(r"<([^>]+)>", name, rule)


def test_every_address_is_documented(sqlite_app):
    """Every URL rule outside the API (which the OpenAPI document describes), found in the
    app's URL map, with every method it answers."""
    table = {}
    for row in re.findall(r"^\| (`/.*?) \| ([A-Z, ]+) \|", README, re.M):
        for address in re.findall(r"`([^`]+)`", row[0]):
            table[address] = set(row[1].replace(" ", "").split(","))
    found = {}
    for rule in sqlite_app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static/", "/assets/")):
            continue
        found.setdefault(_documented_form(rule.rule), set()).update(
            rule.methods - {"HEAD", "OPTIONS"})
    assert len(found) > 40
    for address, methods in sorted(found.items()):
        assert address in table, f"{address} is not in the README's table of addresses"
        assert methods <= table[address], f"{address}: {methods - table[address]}"
