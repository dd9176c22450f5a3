/* The resident map: area outlines always drawn (usable with no tiles), tiles when reachable. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("map-config").textContent);
  var status = document.getElementById("map-status");
  var options = { minZoom: cfg.minZoom, zoomControl: true };
  if (cfg.maxBounds) {
    options.maxBounds = [[cfg.maxBounds[1], cfg.maxBounds[0]], [cfg.maxBounds[3], cfg.maxBounds[2]]];
  }
  var map = L.map("map", options).setView(cfg.center, cfg.zoom);
  if (cfg.tiles.url) {
    L.tileLayer(cfg.tiles.url, { maxZoom: cfg.tiles.maxZoom, attribution: cfg.tiles.attribution }).addTo(map);
  }
  fetch(cfg.areasUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var outlines = L.geoJSON(data, {
        style: { color: "#0b4f6c", weight: 1.2, fillColor: "#0b4f6c", fillOpacity: 0.04 }
      }).addTo(map);
      map.fitBounds(outlines.getBounds(), { padding: [4, 4] });
      status.textContent = "";
      document.body.setAttribute("data-map-ready", "1");
    })
    .catch(function () {
      status.textContent = status.getAttribute("data-error") || "!";
    });
})();
