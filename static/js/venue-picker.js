/* The session form's venue: searched by name (/places) or tapped on a small map, filling
 * the latitude and longitude fields (which stay, folded, for typing by hand). */
(function () {
  "use strict";
  var V = window.VizLou, M = window.VizLouMaps;
  var cfg = V.settings.map, box = document.getElementById("venue-map");
  if (!cfg || !box || !M) { return; }
  var lat = document.getElementById("lat"), lon = document.getElementById("lon");
  var chosen = document.getElementById("venue-chosen");
  var made = M.make(box, cfg, { still: true }), map = made.map, pin = null;

  function place(latitude, longitude, name) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (pin) { map.removeLayer(pin); }
    pin = L.marker([latitude, longitude], { keyboard: false }).addTo(map);
    chosen.textContent = V.t("venueAt", { place: name || lat.value + ", " + lon.value });
    var venue = document.getElementById("venue");  // the place's name, when not given yet
    if (name && venue && !venue.value) { venue.value = name; }
  }
  if (lat.value && lon.value) {
    place(parseFloat(lat.value), parseFloat(lon.value), "");
    map.setView([parseFloat(lat.value), parseFloat(lon.value)], 15);
  }
  map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, ""); });

  var search = document.getElementById("venue-search");
  search.hidden = false;
  V.placeSearch(search, function (f) {
    var c = f.geometry.coordinates;
    map.setView([c[1], c[0]], 16);
    place(c[1], c[0], f.properties.name);
  });
})();
