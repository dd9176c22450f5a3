"""A scenario's drawing uploaded as a file: GeoJSON, a zipped Shapefile, a GeoPackage or a
KML, in any coordinate reference system. Every feature of every layer is read, reprojected
to WGS 84 and handed to :func:`vizlou.geo.overlays.clean_overlay` as one GeoJSON geometry
(which then checks, simplifies and repairs it)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import shapely

from vizlou.errors import N_, BoundaryFileError, InvalidInput
from vizlou.geo import gis_files

SUFFIXES = (".geojson", ".json", ".zip", ".gpkg", ".kml", ".shp")
INSIDE_ZIP = (".shp", ".gpkg", ".geojson", ".json", ".kml")
MAX_BYTES = 20 * 1024 * 1024
WGS84 = "EPSG:4326"


def _bad(message: str, **params) -> InvalidInput:
    return InvalidInput(message, field="overlay_file", **params)


def read_overlay_file(data: bytes, filename: str) -> dict:
    """A GeoJSON GeometryCollection in WGS 84 of every feature in the file; InvalidInput
    saying what is wrong (not a GIS file, no coordinate system, nothing in it)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES or suffix == ".shp":
        raise _bad(N_("Upload the drawing as GeoJSON, a zipped Shapefile, a GeoPackage or a "
                      "KML file."))
    if len(data) > MAX_BYTES:
        raise _bad(N_("The file is larger than %(mb)s MB."), mb=MAX_BYTES // (1024 * 1024))
    with tempfile.TemporaryDirectory(prefix="vizlou-overlay-") as folder:
        path = Path(folder) / f"drawing{suffix}"
        path.write_bytes(data)
        try:
            frames = _frames(gis_files.dataset_path(path, INSIDE_ZIP), suffix)
        except BoundaryFileError as error:  # its messages name a temporary path
            raise _bad(N_("This file could not be read as a drawing. Upload GeoJSON, a "
                          "zipped Shapefile (with its .prj), a GeoPackage or a KML file.")
                       ) from error
    geometries = [g for frame in frames for g in frame.geometry if g is not None
                  and not g.is_empty]
    if not geometries:
        raise _bad(N_("The file holds no lines or areas."))
    return {"type": "GeometryCollection",
            "geometries": [shapely.geometry.mapping(g) for g in geometries]}


def _frames(dataset: str, suffix: str) -> list:
    import pyogrio

    try:
        layers = pyogrio.list_layers(dataset)
    except Exception as exc:  # GDAL's errors come in many types; all mean "cannot read"
        raise BoundaryFileError(N_("Could not read %(path)s as a GIS file: %(reason)s"),
                                path=suffix, reason=str(exc)[:200]) from exc
    frames = []
    for name, kind in layers:
        if kind is None:
            continue
        frame = gis_files.read_frame(dataset, str(name), suffix, polygons=False)
        if frame.crs is None:
            if suffix in (".geojson", ".json", ".kml") or dataset.endswith((".json", ".kml")):
                frame = frame.set_crs(WGS84)  # GeoJSON (RFC 7946) and KML are WGS 84
            else:
                raise _bad(N_("The file does not say which coordinate system it uses. "
                              "A Shapefile needs its .prj file in the zip."))
        frames.append(frame.to_crs(WGS84))
    return frames
