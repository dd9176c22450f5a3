/* Small Leaflet maps for facilitators' pages (paper entry, live wall, session report):
 * the city's area outlines, and ideas as coloured dots. User text only ever goes into the
 * page with textContent. */
(function () {
  "use strict";

  function make(element, cfg, options) {
    element.hidden = false;
    var map = window.VizLou.baseMap(element, cfg, { scrollWheelZoom: !(options && options.still) });
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

  var areaAt = window.VizLou.areaAt;

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
