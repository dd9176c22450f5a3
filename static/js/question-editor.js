/* The question editor: show the chosen method's settings only, and draw each option's
 * scenario on a map (Leaflet.draw). Each option's drawing lives in its own GeoJSON box,
 * which the form sends; without this script the boxes and file uploads still work. */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var form = document.getElementById("question-form");
  if (!form) { return; }

  function showSettings() {
    var chosen = form.querySelector("input[name=method]:checked");
    form.querySelectorAll(".method-settings").forEach(function (box) {
      box.hidden = !chosen || box.getAttribute("data-method") !== chosen.value;
      var name = box.querySelector(".method-name");
      if (name) { name.hidden = true; }
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "method") { showSettings(); }
  });
  showSettings();
  /* "Not translated yet" goes once a translation is typed. */
  form.addEventListener("input", function (event) {
    var flag = event.target.parentNode.querySelector(".missing");
    if (flag) { flag.hidden = !!event.target.value.trim(); }
  });

  var panel = document.getElementById("draw-panel");
  var buttons = form.querySelectorAll(".draw-button");
  if (!window.L || !L.Control.Draw || !panel || !buttons.length) { return; }
  var map = null, drawn = null, others = null, current = null;

  function box(n) { return document.getElementById("option-" + n + "-overlay"); }
  function read(n) {
    try { return JSON.parse(box(n).value); } catch (e) { return null; }
  }
  function save() {
    var geometries = [];
    drawn.eachLayer(function (layer) { geometries.push(layer.toGeoJSON().geometry); });
    box(current).value = !geometries.length ? "" : JSON.stringify(
      geometries.length === 1 ? geometries[0] : { type: "GeometryCollection", geometries: geometries });
  }
  function load(n) {
    drawn.clearLayers();
    others.clearLayers();
    buttons.forEach(function (b) {
      var m = b.getAttribute("data-option");
      var data = read(m);
      if (!data) { return; }
      L.geoJSON(data).eachLayer(function (layer) {
        if (m === n) { drawn.addLayer(layer); } else {
          if (layer.setStyle) { layer.setStyle({ color: "#64748b", weight: 2, dashArray: "4 4", fillOpacity: 0.05 }); }
          others.addLayer(layer);
        }
      });
    });
    if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 16 }); }
  }
  function start() {
    panel.hidden = false;
    map = V.baseMap("draw-map", S.map, { scrollWheelZoom: true });
    others = L.featureGroup().addTo(map);
    drawn = L.featureGroup().addTo(map);
    map.addControl(new L.Control.Draw({
      position: "topright",
      draw: { polyline: { shapeOptions: { color: "#c2410c", weight: 5 } },
              polygon: { allowIntersection: false, showArea: false, shapeOptions: { color: "#c2410c" } },
              rectangle: false, circle: false, marker: false, circlemarker: false },
      edit: { featureGroup: drawn }
    }));
    map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); save(); });
    map.on(L.Draw.Event.EDITED, save);
    map.on(L.Draw.Event.DELETED, save);
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { /* done: put the map away */
        panel.hidden = true;
        button.setAttribute("aria-pressed", "false");
        button.textContent = V.t("draw");
        return;
      }
      if (!map) { start(); }
      panel.hidden = false;
      current = button.getAttribute("data-option");
      buttons.forEach(function (b) {
        var on = b === button;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.textContent = on ? V.t("done") : V.t("draw");
      });
      document.getElementById("draw-help").textContent = V.t("drawing", { n: current });
      load(current);
      panel.scrollIntoView({ block: "nearest" });
      map.invalidateSize();
    });
  });
})();
