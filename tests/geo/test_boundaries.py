"""The boundary reader: every format, any CRS, repairs, and every refusal with a clear message."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from helpers import BOUNDARIES
from vizlou.errors import BoundaryFileError
from vizlou.geo.boundaries import read_boundaries

LOJIC = BOUNDARIES / "lojic_urban_neighborhoods" / "Louisville_KY_Urban_Neighborhoods.shp"
STATE_PLANE = "EPSG:2246"  # NAD83 / Kentucky North (US survey feet)


def write(frame: gpd.GeoDataFrame, path, **kw):
    frame.to_file(path, engine="pyogrio", **kw)
    return path


def squares(crs="EPSG:4326", **fields):
    data = {"name": ["A", "B"], **fields}
    return gpd.GeoDataFrame(data, geometry=[box(-85.8, 38.2, -85.7, 38.3),
                                            box(-85.7, 38.2, -85.6, 38.3)], crs=crs)


def test_reads_the_shipped_neighborhoods_with_population():
    result = read_boundaries(BOUNDARIES / "neighborhoods.geojson", name_field="neighborhood",
                             population_field="pop2020")
    assert len(result.areas) == 147
    assert sum(a.population for a in result.areas) == 782955
    assert result.source_crs == "EPSG:4326"
    assert all(a.geometry.geom_type == "MultiPolygon" and a.geometry.is_valid
               for a in result.areas)
    assert result.warnings == []


def test_name_template_and_numeric_names():
    result = read_boundaries(BOUNDARIES / "council_districts.geojson", name_field="district",
                             name_template="District {}")
    names = sorted(a.name for a in result.areas)
    assert "District 1" in names and "District 26" in names and len(names) == 26
    assert not result.has_population
    tracts = {a.name for a in read_boundaries(BOUNDARIES / "census_tracts_2020.geojson",
                                              name_field="name",
                                              name_template="Tract {}").areas}
    # Numbers as the census writes them: 103.20 keeps its zero, 3.0 is 3.
    assert {"Tract 103.20", "Tract 2.01", "Tract 3"} <= tracts and "Tract 103.2" not in tracts


def test_lojic_shapefile_merges_duplicate_names_and_numbers_missing_ones():
    result = read_boundaries(LOJIC, name_field="NH_NAME")
    names = [a.name for a in result.areas]
    assert len(names) == len(set(names))
    assert names.count("REMAINDER OF CITY") == 1
    assert sum(n.startswith("Unnamed area") for n in names) == 8
    # 92 features: 13 remainder pieces become 1, Iroquois and Prestonia 2 each become 1.
    assert len(result.areas) == 92 - 12 - 1 - 1
    assert result.features_read == 92
    assert any("merged" in w for w in result.warnings)
    assert any("without a name" in w for w in result.warnings)
    iroquois = next(a for a in result.areas if a.name == "IROQUOIS")
    assert len(iroquois.geometry.geoms) >= 2


def test_reprojects_a_state_plane_shapefile(tmp_path):
    original = gpd.read_file(BOUNDARIES / "council_districts.geojson")
    path = write(original.to_crs(STATE_PLANE), tmp_path / "districts.shp")
    result = read_boundaries(path, name_field="district")
    assert result.source_crs == STATE_PLANE
    by_name = {a.name: a.geometry for a in result.areas}
    for _, row in original.iterrows():
        back = by_name[str(row["district"])]
        # The round trip through feet lands within a few centimetres.
        assert back.symmetric_difference(row.geometry).area < 1e-9
        assert abs(back.bounds[0] - row.geometry.bounds[0]) < 1e-6


def test_zipped_shapefile_in_a_folder(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    write(squares(STATE_PLANE).pipe(lambda f: f.set_geometry(
        squares().to_crs(STATE_PLANE).geometry)), folder / "areas.shp")
    archive = tmp_path / "areas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, f"inner/{part.name}")
    result = read_boundaries(archive, name_field="name")
    assert sorted(a.name for a in result.areas) == ["A", "B"]
    assert result.areas[0].geometry.bounds[0] == pytest.approx(-85.8, abs=1e-6)


def test_folder_with_one_shapefile(tmp_path):
    write(squares(), tmp_path / "areas.shp")
    assert len(read_boundaries(tmp_path, name_field="name").areas) == 2


def test_geopackage(tmp_path):
    path = write(squares(pop=[10, 20]), tmp_path / "areas.gpkg", layer="areas")
    result = read_boundaries(path, name_field="name", population_field="pop")
    assert {a.name: a.population for a in result.areas} == {"A": 10, "B": 20}


def test_geopackage_with_several_layers_needs_a_choice(tmp_path):
    path = tmp_path / "two.gpkg"
    write(squares(), path, layer="first")
    write(squares(), path, layer="second", mode="a")
    with pytest.raises(BoundaryFileError, match="several layers.*--source-layer"):
        read_boundaries(path, name_field="name")
    assert len(read_boundaries(path, name_field="name", source_layer="second").areas) == 2


def test_repairs_a_self_intersecting_polygon(tmp_path):
    bowtie = Polygon([(-85.8, 38.2), (-85.7, 38.3), (-85.7, 38.2), (-85.8, 38.3)])
    assert not bowtie.is_valid
    frame = gpd.GeoDataFrame({"name": ["bow"]}, geometry=[bowtie], crs=4326)
    result = read_boundaries(write(frame, tmp_path / "bow.geojson"), name_field="name")
    (area,) = result.areas
    assert area.geometry.is_valid and area.geometry.geom_type == "MultiPolygon"
    assert len(area.geometry.geoms) == 2  # both triangles kept
    assert area.geometry.area == pytest.approx(0.005, rel=1e-6)
    assert any("repaired" in w for w in result.warnings)


def test_population_optional_and_missing_values(tmp_path):
    frame = squares(pop=[5.0, None])
    result = read_boundaries(write(frame, tmp_path / "p.geojson"), name_field="name",
                             population_field="pop")
    assert {a.name: a.population for a in result.areas} == {"A": 5, "B": None}


# Refusals: each one a BoundaryFileError (a clear message), never a crash.

def test_missing_file(tmp_path):
    with pytest.raises(BoundaryFileError, match="does not exist"):
        read_boundaries(tmp_path / "nope.geojson", name_field="name")


def test_not_a_gis_file(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text("{ this is not json")
    with pytest.raises(BoundaryFileError, match="Could not read"):
        read_boundaries(path, name_field="name")


def test_a_zip_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.zip"
    path.write_bytes(b"PK but not really")
    with pytest.raises(BoundaryFileError, match="not a valid zip"):
        read_boundaries(path, name_field="name")


def test_a_zip_without_boundaries(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(BoundaryFileError, match="holds no GeoJSON, Shapefile or GeoPackage"):
        read_boundaries(path, name_field="name")


def test_an_empty_feature_collection(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(BoundaryFileError, match="no features"):
        read_boundaries(path, name_field="name")


@pytest.mark.parametrize("geometry,kind", [(Point(-85.7, 38.2), "Point"),
                                           (LineString([(-85.7, 38.2), (-85.6, 38.3)]),
                                            "LineString")])
def test_points_and_lines_are_refused(tmp_path, geometry, kind):
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=[geometry], crs=4326)
    with pytest.raises(BoundaryFileError, match=f"must be polygons.*1 {kind}"):
        read_boundaries(write(frame, tmp_path / "x.geojson"), name_field="name")


def test_a_mix_of_polygons_and_points_is_refused(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["a", "b"]},
                             geometry=[box(0, 0, 1, 1), Point(0.5, 0.5)], crs=4326)
    with pytest.raises(BoundaryFileError, match="1 Point"):
        read_boundaries(write(frame, tmp_path / "mix.gpkg"), name_field="name")


def test_features_without_geometry_only(tmp_path):
    path = tmp_path / "nulls.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "a"}, "geometry": None}]}))
    with pytest.raises(BoundaryFileError, match="no polygons"):
        read_boundaries(path, name_field="name")


def test_no_crs_is_refused_unless_given(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["A"]},
                             geometry=[squares().to_crs(STATE_PLANE).geometry[0]])
    path = write(frame, tmp_path / "nocrs.shp")
    assert not (tmp_path / "nocrs.prj").exists()
    with pytest.raises(BoundaryFileError, match="does not say which coordinate.*--crs"):
        read_boundaries(path, name_field="name")
    result = read_boundaries(path, name_field="name", crs=STATE_PLANE)
    assert result.areas[0].geometry.bounds[0] == pytest.approx(-85.8, abs=1e-6)


def test_an_unknown_crs(tmp_path):
    with pytest.raises(BoundaryFileError, match="not a coordinate reference system"):
        read_boundaries(write(squares(), tmp_path / "a.geojson"), name_field="name",
                        crs="EPSG:99999999")


def test_projected_coordinates_declared_as_lon_lat(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["A"]},
                             geometry=[squares().to_crs(STATE_PLANE).geometry[0]])
    path = write(frame, tmp_path / "wrong.shp")
    with pytest.raises(BoundaryFileError, match="outside the globe"):
        read_boundaries(path, name_field="name", crs="EPSG:4326")


def test_a_missing_name_field_lists_the_fields(tmp_path):
    with pytest.raises(BoundaryFileError, match="no field nom .*Its fields are: name"):
        read_boundaries(write(squares(), tmp_path / "a.geojson"), name_field="nom")


def test_a_missing_population_field(tmp_path):
    with pytest.raises(BoundaryFileError, match="--population-field"):
        read_boundaries(write(squares(), tmp_path / "a.geojson"), name_field="name",
                        population_field="people")


@pytest.mark.parametrize("value,message", [("lots", "not a number"), (-3, "zero or more")])
def test_bad_population_values(tmp_path, value, message):
    frame = squares(pop=[value, 1])
    with pytest.raises(BoundaryFileError, match=message):
        read_boundaries(write(frame, tmp_path / "a.geojson"), name_field="name",
                        population_field="pop")


def test_a_shapefile_missing_its_dbf(tmp_path):
    path = write(squares(), tmp_path / "a.shp")
    (tmp_path / "a.dbf").unlink()
    (tmp_path / "a.shx").unlink()
    with pytest.raises(BoundaryFileError, match="Could not read"):
        read_boundaries(path, name_field="name")
