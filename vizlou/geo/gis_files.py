"""Finding and reading the one dataset in a GIS file a planner gives: a GeoJSON, a Shapefile
(alone, in a folder or zipped), a GeoPackage or a KML. Boundary imports and scenario
drawings both read files this way; what they then check differs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from vizlou.errors import N_, BoundaryFileError


def dataset_path(path: Path, suffixes: tuple[str, ...]) -> str:
    """The path GDAL reads: the file, the one dataset in a folder, or inside a zip."""
    if not path.exists():
        raise BoundaryFileError(N_("The file %(path)s does not exist."), path=str(path))
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        return str(_only_one(found, str(path)))
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist()
                           if Path(m).suffix.lower() in suffixes
                           and not Path(m).name.startswith(".")]
        except zipfile.BadZipFile as exc:
            raise BoundaryFileError(N_("%(path)s is not a valid zip file."),
                                    path=str(path)) from exc
        member = _only_one([Path(m) for m in members], str(path))
        return f"/vsizip/{path.resolve()}/{member.as_posix()}"
    return str(path)


def _only_one(candidates: list[Path], where: str) -> Path:
    shapefiles = [c for c in candidates if c.suffix.lower() == ".shp"]
    candidates = shapefiles or candidates
    if not candidates:
        raise BoundaryFileError(
            N_("%(path)s holds no GeoJSON, Shapefile or GeoPackage."), path=where)
    if len(candidates) > 1:
        raise BoundaryFileError(
            N_("%(path)s holds several boundary files (%(names)s): import one of them."),
            path=where, names=", ".join(c.name for c in candidates))
    return candidates[0]


def read_frame(dataset: str, source_layer: str | None, shown: str, *, polygons: bool):
    """A GeoDataFrame of one layer. When a file holds several and none is named, the one
    polygon layer is taken (``polygons``), or the only layer with geometry."""
    import pyogrio  # GDAL and pandas load slowly; only imports need them, not the web app

    try:
        layers = pyogrio.list_layers(dataset)
        if source_layer is None and len(layers) > 1:
            wanted = [str(n) for n, kind in layers
                      if kind is None or not polygons or "POLYGON" in str(kind).upper()]
            if len(wanted) != 1:
                raise BoundaryFileError(
                    N_("%(path)s holds several layers (%(names)s): choose one with "
                       "--source-layer."),
                    path=shown, names=", ".join(str(n) for n, _ in layers))
            source_layer = wanted[0]
        return pyogrio.read_dataframe(dataset, layer=source_layer)
    except BoundaryFileError:
        raise
    except Exception as exc:  # GDAL's errors come in many types; all mean "cannot read"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BoundaryFileError(N_("Could not read %(path)s as a GIS file: %(reason)s"),
                                path=shown, reason=reason) from exc
