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
  var input = search.querySelector("input"), list = search.querySelector("ul");
  var said = search.querySelector("[role=status]"), timer = null, asked = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      asked = q;
      V.get("/places?q=" + encodeURIComponent(q)).then(function (data) {
        if (asked !== q) { return; }
        list.textContent = "";
        data.features.slice(0, 6).forEach(function (f) {
          var li = document.createElement("li"), b = document.createElement("button");
          b.type = "button";
          b.textContent = f.properties.name;
          b.addEventListener("click", function () {
            var c = f.geometry.coordinates;
            list.hidden = true;
            map.setView([c[1], c[0]], 16);
            place(c[1], c[0], f.properties.name);
          });
          li.appendChild(b);
          list.appendChild(li);
        });
        list.hidden = !data.features.length;
        said.textContent = data.features.length ?
          V.t("placesFound", { n: data.features.length }) : V.t("noPlace");
      }).catch(function () {});
    }, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {  // choose the first, never send the session form
      event.preventDefault();
      var first = list.querySelector("button");
      if (first) { first.click(); }
    }
  });
})();
