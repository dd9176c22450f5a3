"""An outside geocoder, used only when the city file names one (``geocoder_url``): a
Nominatim-compatible ``/search`` (JSON list) or a Pelias-compatible ``/v1/search`` (GeoJSON).
Asked only when the city's own places find nothing, bounded to the city's box, with a short
timeout; any failure is the same as finding nothing (the resident can still tap the map)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass

from vizlou.services.places.search import Found

TIMEOUT = 3.0
LIMIT = 5


@dataclass(frozen=True)
class Geocoder:
    url: str
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    user_agent: str = "VizLou"

    def search(self, query: str) -> list[Found]:
        if not query.strip():
            return []
        params = {"q": query, "text": query, "format": "jsonv2", "limit": LIMIT, "size": LIMIT}
        if self.bounds:
            west, south, east, north = self.bounds
            params.update({"viewbox": f"{west},{north},{east},{south}", "bounded": 1,
                           "boundary.rect.min_lon": west, "boundary.rect.min_lat": south,
                           "boundary.rect.max_lon": east, "boundary.rect.max_lat": north})
        address = self.url + ("&" if "?" in self.url else "?") + urllib.parse.urlencode(params)
        # http(s) only: the city file's check of geocoder_url
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        request = urllib.request.Request(address, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                body = json.loads(response.read(1_000_000))
        except (OSError, ValueError):
            return []
        return _read(body)[:LIMIT]


def _read(body: object) -> list[Found]:
    out: list[Found] = []
    if isinstance(body, list):  # Nominatim
        for item in body:
            try:
                name = str(item.get("display_name") or item.get("name"))
                out.append(Found(name[:200], "address", float(item["lon"]), float(item["lat"])))
            except (AttributeError, KeyError, TypeError, ValueError):
                continue
    elif isinstance(body, dict):  # Pelias (GeoJSON)
        for feature in body.get("features") or []:
            try:
                lon, lat = feature["geometry"]["coordinates"][:2]
                name = str(feature["properties"].get("label") or feature["properties"]["name"])
                out.append(Found(name[:200], "address", float(lon), float(lat)))
            except (AttributeError, KeyError, TypeError, ValueError):
                continue
    return out
