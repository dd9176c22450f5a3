"""Settings: the city file, the environment, and refusals to start."""

from __future__ import annotations

import logging

import pytest

from vizlou import create_app
from vizlou.city import DEFAULT_CITY_FILE, load_city
from vizlou.config import build_config
from vizlou.errors import ConfigError


def city_file(tmp_path, text):
    path = tmp_path / "city.toml"
    path.write_text(text)
    return path


MINIMAL = """
name = "Springfield"
center = [39.8, -89.6]
[[categories]]
key = "parks"
en = "Parks"
es = "Parques"
"""


def test_louisville_is_the_default():
    city = load_city(DEFAULT_CITY_FILE)
    assert city.name == "Louisville"
    assert city.category_keys == ("connectivity", "creativity", "economy", "energy", "health",
                                  "identity", "living")
    assert city.public_threshold == 5
    assert city.languages == ("en", "es")
    assert city.main_layer == "neighborhoods"
    assert [b.key for b in city.boundaries] == ["neighborhoods", "council_districts",
                                               "census_tracts"]
    assert all(b.path.exists() for b in city.boundaries)
    assert city.category("health").label("es") == "Salud y parques"


def test_another_city_with_defaults(tmp_path):
    city = load_city(city_file(tmp_path, MINIMAL))
    assert city.name == "Springfield" and city.zoom == 11 and city.public_threshold == 5
    assert city.boundaries == () and city.opens_at is None


def test_unknown_keys_are_warned_about(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="vizlou.config"):
        load_city(city_file(tmp_path, MINIMAL.replace('name = "Springfield"',
                                                      'name = "Springfield"\ncolour = "red"')))
    assert "Unknown setting 'colour'" in caplog.text


@pytest.mark.parametrize("change,message", [
    (('center = [39.8, -89.6]', 'center = [-89.6, 399.8]'), "out of range"),
    (('center = [39.8, -89.6]', ''), "'center' is required"),
    (('en = "Parks"', ''), "an English label is always needed"),
    (('es = "Parques"', ''), "category 'parks' needs a label in es"),
    (('center = [39.8, -89.6]', 'center = [-89.6, 39.8]\nmax_bounds = [-90, 39, -89, 40]'),
     "lies outside 'max_bounds'"),
    (('name = "Springfield"', 'name = "Springfield"\ndefault_language = "es"\n'
      'languages = ["en"]'), "'default_language' 'es' is not one of"),
    (('key = "parks"', 'key = "two words"'), "plain word"),
    (('name = "Springfield"', 'name = "Springfield"\npublic_threshold = -1'), "public_threshold"),
    (('name = "Springfield"', 'name = "Springfield"\nlanguages = ["xx"]'),
     "'xx' is not supported: it has no catalogue"),
    (('name = "Springfield"', 'name = "Springfield"\nopens_at = "soon"'), "not a date"),
    (('name = "Springfield"', 'name = [broken'), "not valid TOML"),
])
def test_bad_city_files_are_refused(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message):
        load_city(city_file(tmp_path, MINIMAL.replace(*change)))


def test_a_misspelt_main_layer_stops_start_up_in_one_line(tmp_path):
    text = MINIMAL.replace('name = "Springfield"', 'name = "Springfield"\nmain_layer = "ward"')
    text += '[[boundaries]]\nkey = "wards"\npath = "wards.geojson"\nname_field = "n"\n'
    with pytest.raises(ConfigError, match="'main_layer' 'ward' is not one of the "
                                          r"\[\[boundaries\]\] \(wards\)"):
        load_city(city_file(tmp_path, text))


def test_production_refuses_to_start_without_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path)})
    env = {"VIZLOU_ENV": "production", "SECRET_KEY": "s3cret"}
    config = build_config({"INSTANCE_PATH": str(tmp_path)}, environ=env)
    assert config["SECRET_KEY"] == "s3cret" and config["SESSION_COOKIE_SECURE"]


def test_development_keeps_a_generated_key_in_the_instance_folder(tmp_path):
    first = build_config({"INSTANCE_PATH": str(tmp_path)}, environ={})
    second = build_config({"INSTANCE_PATH": str(tmp_path)}, environ={})
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_and_city_file_from_the_environment(tmp_path):
    path = city_file(tmp_path, MINIMAL)
    env = {"DATABASE_URL": "postgresql+psycopg://u@h/db", "VIZLOU_CITY_FILE": str(path),
           "SECRET_KEY": "k"}
    config = build_config({"INSTANCE_PATH": str(tmp_path)}, environ=env)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["CITY"].name == "Springfield"
    default = build_config({"INSTANCE_PATH": str(tmp_path)}, environ={"SECRET_KEY": "k"})
    assert default["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'vizlou.db'}"


def test_an_instance_city_file_wins_over_the_default(tmp_path):
    city_file(tmp_path, MINIMAL)
    config = build_config({"INSTANCE_PATH": str(tmp_path)}, environ={"SECRET_KEY": "k"})
    assert config["CITY"].name == "Springfield"


def test_a_bad_mode_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="VIZLOU_ENV"):
        build_config({"INSTANCE_PATH": str(tmp_path)}, environ={"VIZLOU_ENV": "prod"})
