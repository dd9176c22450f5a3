"""Areas named in each of the city's languages when the boundary file has the names: the
map's outlines, the lists to pick from, an idea's area, the place search and the resident's
pages all say the name in the page's language; the file's main name stays for the others."""

from __future__ import annotations

import json

from factories import DOWNTOWN, post_idea

X, Y = DOWNTOWN


def square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1],
                                                [x0, y0]]]}


def bilingual_file(tmp_path):
    path = tmp_path / "quarters.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Old Port", "nombre": "Puerto Viejo"},
         "geometry": square(X - 0.02, Y - 0.02, X + 0.02, Y + 0.02)},
        {"type": "Feature", "properties": {"name": "Market", "nombre": "Mercado"},
         "geometry": square(X + 0.02, Y - 0.02, X + 0.06, Y + 0.02)}]}))
    return path


def test_names_in_each_language_everywhere_a_resident_sees_them(cli, client, tmp_path):
    path = bilingual_file(tmp_path)
    result = cli.invoke(args=["boundaries", "import", str(path), "--layer", "neighborhoods",
                              "--name-field", "name", "--name-field-in", "es=nombre"])
    assert result.exit_code == 0, result.output

    def outline_names(lang):
        answer = client.get(f"/api/v1/areas/neighborhoods?lang={lang}")
        return [f["properties"]["name"] for f in answer.json["features"]]

    assert outline_names("en") == ["Market", "Old Port"]
    assert outline_names("es") == ["Mercado", "Puerto Viejo"]
    spanish = {"Accept-Language": "es"}
    made = post_idea(client, "bilingual-resident-0001", headers=spanish)
    assert made.status_code == 201
    assert made.json["properties"]["areas"]["neighborhoods"]["name"] == "Puerto Viejo"
    idea = made.json["id"]
    english = client.get(f"/api/v1/ideas/{idea}", headers={"Accept-Language": "en"}).json
    assert english["properties"]["areas"]["neighborhoods"]["name"] == "Old Port"
    page = client.get(f"/ideas/{idea}", headers=spanish).get_data(as_text=True)
    assert "Puerto Viejo" in page
    add_page = client.get("/add", headers=spanish).get_data(as_text=True)
    assert "Mercado" in add_page and "Puerto Viejo" in add_page
    found = client.get("/api/v1/places?q=puerto viej").json["features"]
    assert found and found[0]["properties"]["name"] == "Puerto Viejo"
    assert client.get("/api/v1/places?q=old port").json["features"][0]["properties"][
        "name"] == "Old Port"


def test_a_missing_name_field_or_a_bad_option_is_one_clear_line(cli, tmp_path):
    path = bilingual_file(tmp_path)
    result = cli.invoke(args=["boundaries", "import", str(path), "--layer", "quarters",
                              "--name-field", "name", "--name-field-in", "es=nom_es"])
    assert result.exit_code != 0
    assert "The file has no field nom_es (--name-field-in es=)" in result.output
    assert "Traceback" not in result.output
    result = cli.invoke(args=["boundaries", "import", str(path), "--layer", "quarters",
                              "--name-field", "name", "--name-field-in", "nombre"])
    assert result.exit_code == 2 and "write LANG=FIELD" in result.output
