/* The resident map: outlines always drawn, clustered ideas, and the add-an-idea flow.
 * User text is only ever put in the page with textContent, never as HTML. */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var cfg = S.map;
  var t = V.t;
  var $ = function (id) { return document.getElementById(id); };
  var status = $("map-status");
  var outlines = null;
  var ideasLayer = null;
  var pin = null;
  var placing = false;
  var chosen = null; /* {lon, lat} or {area: {layer, id}, name} */
  var PROFILE_KEY = "vizlou.profileAsked";

  var map = V.baseMap("map", cfg, { zoomControl: true, tap: true });
  ideasLayer = L.layerGroup().addTo(map);
  /* The map opens on the areas' bounds (or a kiosk's session area) and takes a pin at once;
   * the outlines and the ideas come next, without moving it. */
  var firstView = S.kioskKit && S.kioskKit.bbox ? S.kioskKit.bbox : cfg.areasBounds;
  if (firstView) {
    map.fitBounds([[firstView[1], firstView[0]], [firstView[3], firstView[2]]], { padding: [4, 4] });
  }
  status.textContent = "";  /* it works now; the outlines still on their way do not matter */
  document.body.setAttribute("data-pin-ready", "1");

  function areaAt(lon, lat) {
    return outlines ? V.areaAt(outlines, lon, lat) : undefined;
  }

  function categories() {
    var boxes = document.querySelectorAll("#filter input[name=show]");
    var on = Array.prototype.filter.call(boxes, function (b) { return b.checked; });
    return on.length === boxes.length ? null : on.map(function (b) { return b.value; });
  }

  var loadTimer = null;
  function loadIdeas() {
    clearTimeout(loadTimer);
    loadTimer = setTimeout(function () {
      var b = map.getBounds();
      var cats = categories();
      if (cats && cats.length === 0) { ideasLayer.clearLayers(); return; }
      var q = "/map?bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
        return v.toFixed(5); }).join(",") + "&zoom=" + map.getZoom() + (cats ? "&category=" + cats.join(",") : "");
      V.get(q).then(drawIdeas).catch(function () {});
    }, 150);
  }

  function colorOf(key) {
    var c = (cfg.categories || []).filter(function (x) { return x.key === key; })[0];
    return c ? c.color : "#555";
  }

  function drawIdeas(data) {
    ideasLayer.clearLayers();
    data.features.forEach(function (f) {
      var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      if (f.properties.kind === "cluster") {
        var n = f.properties.count;
        var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 48 : 56;
        var icon = L.divIcon({ className: "cluster", iconSize: [size, size],
                               html: "<span>" + (n < 1000 ? n : Math.round(n / 100) / 10 + "k") + "</span>" });
        // Not a Tab stop: keyboard users reach the ideas through the list (a link on the
        // map), not through dozens of clusters before "Add an idea".
        var m = L.marker(ll, { icon: icon, keyboard: false, title: t("ideasHere", { n: n }), alt: t("ideasHere", { n: n }) });
        m.on("click", function (e) {  // while placing a pin, a tap on a cluster places it
          if (placing) { choosePoint(e.latlng.lng, e.latlng.lat); return; }
          map.setView(ll, Math.min(map.getZoom() + 2, 18));
        });
        ideasLayer.addLayer(m);
      } else {
        var dot = L.circleMarker(ll, { radius: 9, weight: 2, color: "#fff", fillColor: colorOf(f.properties.category), fillOpacity: 0.95 });
        dot.on("click", function (e) {
          if (placing) { choosePoint(e.latlng.lng, e.latlng.lat); return; }
          openIdea(f.id, ll);
        });
        ideasLayer.addLayer(dot);
      }
    });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function openIdea(id, ll) {
    V.get("/ideas/" + id).then(function (f) {
      var p = f.properties;
      var box = el("div", "popup");
      var area = p.areas[cfg.mainLayer];
      box.appendChild(el("p", "meta", p.category_label + (area ? " · " + area.name : "")));
      box.appendChild(el("p", "text", p.text));
      if (p.photo) {  // loaded only now, when the idea is opened
        var img = el("img", "idea-photo"); img.src = p.photo.url; img.alt = t("photoAlt");
        img.width = p.photo.width; img.height = p.photo.height; img.loading = "lazy";
        box.appendChild(img);
      }
      var form = el("form", "support");
      form.setAttribute("data-idea", String(f.id));
      var on = el("input"); on.type = "hidden"; on.name = "on"; on.value = p.supported ? "0" : "1";
      var button = el("button", "", p.supported ? t("supported") : t("support"));
      button.type = "submit"; button.setAttribute("aria-pressed", p.supported ? "true" : "false");
      form.appendChild(on); form.appendChild(button);
      form.appendChild(el("span", "count", " " + t("supports", { n: p.supports })));
      V.enhanceSupport(form);
      box.appendChild(form);
      var link = el("a", "", t("open")); link.href = p.url;
      box.appendChild(link);
      L.popup({ maxWidth: 260 }).setLatLng(ll || [f.geometry.coordinates[1], f.geometry.coordinates[0]])
        .setContent(box).openOn(map);
    }).catch(function () {});
  }

  fetch(cfg.areasUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      fillAreaLists(data.features);
      outlines = L.geoJSON(data, {
        style: { color: "#0b4f6c", weight: 1.2, fillColor: "#0b4f6c", fillOpacity: 0.04 },
        interactive: false
      }).addTo(map);
      if (!openFromHash() && !firstView) {
        map.fitBounds(outlines.getBounds(), { padding: [4, 4] });
      }
      document.body.setAttribute("data-map-ready", "1");
      loadIdeas();
      document.dispatchEvent(new Event("vizlou:map-done"));
    })
    .catch(function () {
      status.textContent = t("loadError");
      document.dispatchEvent(new Event("vizlou:map-done"));
    });
  map.on("moveend", loadIdeas);
  Array.prototype.forEach.call(document.querySelectorAll("#filter input"), function (box) {
    box.addEventListener("change", loadIdeas);
  });

  /* The "pick your neighborhood" lists, from the outlines (sorted by name on the server). */
  function fillAreaLists(features) {
    ["pick-area", "profile-home"].forEach(function (id) {
      var select = $(id);
      features.forEach(function (f) {
        var option = document.createElement("option");
        option.value = String(f.id);
        option.textContent = f.properties.name;
        select.appendChild(option);
      });
    });
  }

  function openFromHash() {
    var m = /idea=(\d+)&lon=(-?[\d.]+)&lat=(-?[\d.]+)/.exec(location.hash);
    if (!m) { return false; }
    var ll = [parseFloat(m[3]), parseFloat(m[2])];
    map.setView(ll, 16);
    openIdea(parseInt(m[1], 10), ll);
    return true;
  }

  /* Adding an idea: where, then what, then (once) who, then thanks. */
  var panel = $("add-panel");
  function step(name) {
    ["where", "what", "profile", "done"].forEach(function (s) { $("step-" + s).hidden = s !== name; });
    panel.hidden = false;
    var first = $("step-" + name).querySelector("h2, p, button, select, input, textarea");
    if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
  }
  function close() {
    panel.hidden = true; $("place-hint").hidden = true; placing = false;
    if (pin) { map.removeLayer(pin); pin = null; }
    $("add-button").focus();
  }
  $("add-button").addEventListener("click", function (event) {
    event.preventDefault();
    chosen = null;
    Array.prototype.forEach.call(document.querySelectorAll(".place-results"), function (l) {
      l.hidden = true;
    });
    step("where");
  });
  Array.prototype.forEach.call(panel.querySelectorAll("[data-close]"), function (b) {
    b.addEventListener("click", close);
  });

  function choosePoint(lon, lat) {
    var feature = areaAt(lon, lat);
    if (feature === null && cfg.outsideAreas === "accept") {
      feature = { properties: { name: t("noArea") } };  // the server checks it is in the city
    }
    if (feature === null) {
      $("place-hint").querySelector("p").textContent = t("outside");
      return;
    }
    if (pin) { map.removeLayer(pin); }
    pin = L.marker([lat, lon], { keyboard: false }).addTo(map);
    chosen = { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6,
               name: feature ? feature.properties.name : "" };
    placing = false;
    $("place-hint").hidden = true;
    $("where-chosen").textContent = chosen.name;
    step("what");
  }

  $("tap-map").addEventListener("click", function () {
    panel.hidden = true; placing = true;
    var hint = $("place-hint");
    hint.querySelector("p").textContent = t("tapMap");
    hint.hidden = false;
    $("use-center").focus();
  });
  map.on("click", function (e) { if (placing) { choosePoint(e.latlng.lng, e.latlng.lat); } });
  $("use-center").addEventListener("click", function () {
    var c = map.getCenter(); choosePoint(c.lng, c.lat);
  });
  $("cancel-place").addEventListener("click", close);

  $("locate").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = t("noLocation"); return; }
    status.textContent = t("locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      status.textContent = "";
      map.setView([pos.coords.latitude, pos.coords.longitude], 16);
      panel.hidden = true;
      $("place-hint").hidden = false;
      choosePoint(pos.coords.longitude, pos.coords.latitude);
    }, function () { status.textContent = t("noLocation"); }, { timeout: 10000, maximumAge: 60000 });
  });

  // Find a place: choosing one centres the map there (and, while adding, places the pin).
  Array.prototype.forEach.call(document.querySelectorAll(".place-search"), function (form) {
    V.placeSearch(form, function (f) {
      var c = f.geometry.coordinates;
      form.querySelector("input").value = f.properties.name;
      map.setView([c[1], c[0]], f.properties.kind === "area" ? 15 : 17);
      if (form.getAttribute("data-mode") === "place") { $("tap-map").click(); }
    });
  });

  // The area list: a tap or a click chooses; from the keyboard the arrows only move through
  // the list, and Enter (or leaving the list) chooses, so the first arrow does not commit.
  var keyed = false;
  function pickArea() {
    var select = $("pick-area");
    keyed = false;
    if (!select.value) { return; }
    chosen = { area: { layer: cfg.mainLayer, id: parseInt(select.value, 10) },
               name: select.options[select.selectedIndex].text };
    $("where-chosen").textContent = chosen.name;
    step("what");
  }
  $("pick-area").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); pickArea(); }
    else if (event.key !== "Tab" && event.key !== "Shift") { keyed = true; }
  });
  $("pick-area").addEventListener("change", function () { if (!keyed) { pickArea(); } });
  $("pick-area").addEventListener("blur", function () { if (keyed) { pickArea(); } });
  document.addEventListener("keydown", function (event) {  // Escape closes the sheet
    if (event.key === "Escape" && (!panel.hidden || placing)) { close(); }
  });
  $("back-where").addEventListener("click", function () { step("where"); });

  var text = $("idea-text");
  function counter() {
    $("idea-count").textContent = t("charsLeft", { n: 500 - text.value.length });
  }
  text.addEventListener("input", counter);
  counter();

  function fail(message) {
    var e = $("idea-error"); e.textContent = message; e.hidden = false; e.focus && e.focus();
  }

  $("step-what").addEventListener("change", function (event) {  // a topic chosen: the
    if (event.target.name === "category") { $("idea-error").hidden = true; }  // error goes
  });
  $("step-what").addEventListener("submit", function (event) {
    event.preventDefault();
    var picked = document.querySelector("#step-what input[name=category]:checked");
    $("idea-error").hidden = true;
    if (!picked) { fail(t("chooseTopic")); return; }
    if (!text.value.trim()) { fail(t("writeSomething")); return; }
    var body = { category: picked.value, text: text.value, client_id: V.randomId(16) };
    if (chosen.area) { body.area = chosen.area; } else { body.lon = chosen.lon; body.lat = chosen.lat; }
    var button = event.target.querySelector("button[type=submit]");
    button.disabled = true;
    V.send("POST", "/ideas", body).then(function (result) {
      button.disabled = false;
      var photo = $("idea-photo");
      if (result.queued) {
        var later = photo && photo.files && photo.files.length ? " " + t("photoOffline") : "";
        if (photo) { photo.value = ""; }
        finish(t("thanks", { area: chosen.name }) + " " + t("savedOffline") + later, null);
      } else if (result.ok) {
        var props = result.body.properties;
        var area = props.areas[cfg.mainLayer];
        sendPhoto(result.body.id).then(function (photoNote) {
          if (props.moderation !== "visible") {
            finish(t(props.held_for === "personal_details" ? "heldPersonal" : "held") + photoNote,
                   null);
          } else {
            finish((area ? t("thanks", { area: area.name }) : t("thanksNoArea")) + photoNote,
                   props.url);
          }
        });
        loadIdeas();
      } else {
        fail(result.body && result.body.error ? result.body.error.message : t("sendFailed", { message: result.status }));
      }
    });
  });

  // An optional photo: made smaller on the phone (longest side 1,024 px, JPEG at 0.8, about
  // 80 KB) and sent once the idea is stored. The server strips what the camera wrote in it.
  function shrink(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file), img = new Image();
      img.onload = function () {
        var scale = Math.min(1, 1024 / Math.max(img.naturalWidth, img.naturalHeight));
        var c = document.createElement("canvas");
        c.width = Math.round(img.naturalWidth * scale);
        c.height = Math.round(img.naturalHeight * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) { if (b) { resolve(b); } else { reject(new Error("photo")); } },
                 "image/jpeg", 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("photo")); };
      img.src = url;
    });
  }
  function sendPhoto(id) {
    var input = $("idea-photo"), file = input && input.files && input.files[0];
    if (!file) { return Promise.resolve(""); }
    input.value = "";
    return shrink(file).then(function (blob) {
      return fetch(V.settings.api + "/ideas/" + id + "/photo", {
        method: "PUT", body: blob, credentials: "same-origin",
        headers: { "Content-Type": "image/jpeg", "X-Participant": V.participant(),
                   "Accept-Language": V.settings.language || "en" } });
    }).then(function (r) {
      if (r.ok) { return " " + t("photoSent"); }
      return r.json().then(function (b) {
        return " " + t("photoFailed", { message: b.error ? b.error.message : r.status });
      });
    }).catch(function () { return " " + t("photoFailed", { message: "" }); });
  }

  function finish(message, url) {
    text.value = ""; counter();
    Array.prototype.forEach.call(document.querySelectorAll("#step-what input[name=category]"), function (b) { b.checked = false; });
    $("done-message").textContent = message;
    var link = $("done-link");
    link.hidden = !url; if (url) { link.href = url; }
    if (pin) { map.removeLayer(pin); pin = null; }
    var ls = null; try { ls = window.localStorage; } catch (e) { ls = null; }
    /* Asked once per participant (on a kiosk, once per person). */
    if (ls && ls.getItem(PROFILE_KEY) !== V.participant()) { step("profile"); return; }
    step("done");
  }

  function profileDone() {
    try { window.localStorage.setItem(PROFILE_KEY, V.participant()); } catch (e) { /* private mode */ }
    step("done");
  }
  $("step-profile").addEventListener("submit", function (event) {
    event.preventDefault();
    var age = $("profile-age").value;
    var home = $("profile-home").value;
    var body = {};
    if (age) { body.age_bracket = age; }
    if (home) { body.home_area = { layer: cfg.mainLayer, id: parseInt(home, 10) }; }
    if (age || home) { V.send("PUT", "/me", body); }
    profileDone();
  });
  $("skip-profile").addEventListener("click", profileDone);
  $("add-another").addEventListener("click", function () { chosen = null; step("where"); });
})();
