/* Small Leaflet maps for facilitators' pages (paper entry, live wall, session report):
 * the city's area outlines, and ideas as coloured dots. User text only ever goes into the
 * page with textContent. */
(function () {
  "use strict";

  function make(element, cfg, options) {
    var opts = { minZoom: cfg.minZoom, scrollWheelZoom: !(options && options.still) };
    if (cfg.maxBounds) {
      opts.maxBounds = [[cfg.maxBounds[1], cfg.maxBounds[0]], [cfg.maxBounds[3], cfg.maxBounds[2]]];
    }
    element.hidden = false;
    var map = L.map(element, opts).setView(cfg.center, cfg.zoom);
    if (cfg.tiles && cfg.tiles.url) {
      L.tileLayer(cfg.tiles.url, { maxZoom: cfg.tiles.maxZoom, attribution: cfg.tiles.attribution }).addTo(map);
    }
    var outlines = fetch(cfg.areasUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: { color: "#0b4f6c", weight: 1.2, fillColor: "#0b4f6c", fillOpacity: 0.04 },
          interactive: false
        }).addTo(map);
        return layer;
      });
    return { map: map, outlines: outlines };
  }

  function colorOf(cfg, key) {
    var c = (cfg.categories || []).filter(function (x) { return x.key === key; })[0];
    return c ? c.color : "#555";
  }

  function labelOf(cfg, key) {
    var c = (cfg.categories || []).filter(function (x) { return x.key === key; })[0];
    return c ? c.label : key;
  }

  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  /* The outline feature under a point, or null. */
  function areaAt(outlines, lon, lat) {
    var found = null;
    outlines.eachLayer(function (layer) {
      if (found) { return; }
      var g = layer.feature.geometry;
      var polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      polys.forEach(function (poly) {
        if (!found && inRing(lon, lat, poly[0]) &&
            !poly.slice(1).some(function (hole) { return inRing(lon, lat, hole); })) {
          found = layer.feature;
        }
      });
    });
    return found;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  /* A dot for one idea, with a popup built from text nodes. */
  function ideaDot(cfg, idea, radius) {
    var dot = L.circleMarker([idea.lat, idea.lon], { radius: radius || 8, weight: 2, color: "#fff",
      fillColor: colorOf(cfg, idea.category), fillOpacity: 0.95 });
    var box = el("div", "popup");
    box.appendChild(el("p", "meta", labelOf(cfg, idea.category) + (idea.area ? " · " + idea.area : "")));
    box.appendChild(el("p", "text", idea.text));
    dot.bindPopup(box, { maxWidth: 280 });
    return dot;
  }

  window.VizLouMaps = { make: make, colorOf: colorOf, labelOf: labelOf, areaAt: areaAt,
                        ideaDot: ideaDot, el: el };
})();
