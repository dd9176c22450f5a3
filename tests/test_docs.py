"""The README documents every command, option and setting (a test fails when one is not)."""

from __future__ import annotations

import re

import click
import pytest

from helpers import ROOT
from vizlou.config import BOUNDARY_KEYS, CATEGORY_KEYS, CITY_KEYS, TILE_KEYS

README = (ROOT / "README.md").read_text()
CONFIG_SOURCE = (ROOT / "vizlou" / "config.py").read_text()
OWN_GROUPS = ("boundaries", "users", "demo", "export", "paper")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.rstrip().splitlines()[-1] == "make test"


@pytest.mark.parametrize("key", sorted(CITY_KEYS | TILE_KEYS | CATEGORY_KEYS | BOUNDARY_KEYS))
def test_every_city_setting_is_documented(key):
    assert f"`{key}`" in README


def test_every_environment_variable_is_documented():
    names = set(re.findall(r'env(?:iron)?\.get\("([A-Z_]+)"', CONFIG_SOURCE))
    assert names, "config.py reads the environment"
    for name in names:
        assert f"`{name}`" in README, name


def test_every_command_and_option_is_documented(sqlite_app):
    for group_name in OWN_GROUPS:
        group = sqlite_app.cli.commands[group_name]
        for name, command in group.commands.items():
            assert f"{group_name} {name}" in README, f"{group_name} {name}"
            for param in command.params:
                if isinstance(param, click.Option):
                    assert any(opt in README for opt in param.opts), \
                        f"{group_name} {name} {param.opts}"
