/* VizLou shared script: settings, the participant token, and the offline outbox.
 *
 * Every write goes through the outbox (IndexedDB) in order, with its idempotency key,
 * so a contribution made offline is kept and sent exactly once when the connection
 * returns. The server answers a repeated key with the stored record, never a copy.
 */
(function () {
  "use strict";
  var node = document.getElementById("page-settings");
  var settings = node ? JSON.parse(node.textContent) : { t: {}, api: "/api/v1" };
  var TOKEN_KEY = "vizlou.participant";
  var DB_NAME = "vizlou";
  var STORE = "outbox";
  var outcomes = {};
  var flushing = null;

  function t(key, params) {
    var text = (settings.t && settings.t[key]) || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(params[name]));
    });
    return text;
  }

  function randomId(bytes) {
    var a = new Uint8Array(bytes || 18);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return btoa(String.fromCharCode.apply(null, a)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function participant() {
    var ls = store();
    var token = ls && ls.getItem(TOKEN_KEY);
    if (!token) {
      token = settings.participant || randomId(18);
      if (ls) { ls.setItem(TOKEN_KEY, token); }
    }
    return token;
  }

  function setParticipant(token) {
    var ls = store();
    if (ls) { ls.setItem(TOKEN_KEY, token); }
  }

  /* IndexedDB, as small promises. */
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && result.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function all() { return tx("readonly", function (s) { return s.getAll(); }); }
  function add(item) { return tx("readwrite", function (s) { return s.add(item); }); }
  function remove(seq) { return tx("readwrite", function (s) { return s["delete"](seq); }); }

  function headers(item) {
    var h = { "Content-Type": "application/json", "Accept": "application/json",
              "X-Participant": item.participant, "Accept-Language": settings.language || "en" };
    if (item.kiosk) { h["X-Kiosk"] = item.kiosk; }
    return h;
  }

  function showPending(n) {
    var el = document.getElementById("pending");
    if (!el) { return; }
    el.hidden = n === 0;
    el.textContent = n ? t("pending", { n: n }) : "";
    document.body.setAttribute("data-pending", String(n));
  }

  function refreshPending() {
    return all().then(function (items) { showPending(items.length); return items.length; },
                      function () { return 0; });
  }

  /* Send queued writes in order. A network failure, a server error or "too many at once"
   * (429, with the seconds to wait in Retry-After) stops the run: it is tried again later,
   * the same item with the same key first. Any other 4xx answer is final: the item is
   * dropped and its message kept. */
  var retryTimer = null;
  function retryAfter(response) {
    var seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    if (!(seconds > 0) || retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, Math.min(seconds, 600) * 1000);
  }

  function flush() {
    if (flushing) { return flushing; }
    flushing = all().then(function (items) {
      var chain = Promise.resolve();
      var stopped = false;
      items.forEach(function (item) {
        chain = chain.then(function () {
          if (stopped) { return; }
          return fetch(item.path, { method: item.method, headers: headers(item),
                                    body: item.body ? JSON.stringify(item.body) : undefined,
                                    credentials: "same-origin" })
            .then(function (response) {
              if (response.status >= 500 || response.status === 429) {
                stopped = true;
                retryAfter(response);
                return;
              }
              return response.json().catch(function () { return {}; }).then(function (body) {
                outcomes[item.seq] = { ok: response.ok, status: response.status, body: body };
                if (!response.ok) { report(item, body); }
                return remove(item.seq);
              });
            }, function () { stopped = true; });
        });
      });
      return chain;
    }).catch(function () {}).then(function () {
      flushing = null;
      return refreshPending();
    });
    return flushing;
  }

  function report(item, body) {
    var message = body && body.error ? body.error.message : String(item.method);
    document.dispatchEvent(new CustomEvent("vizlou:failed", { detail: { item: item, message: message } }));
    var el = document.getElementById("pending");
    if (el && item.queuedEarlier) {
      el.hidden = false;
      el.textContent = t("sendFailed", { message: message });
    }
  }

  /* Queue a write and try to send it now. Resolves with {ok, status, body} when it was sent,
   * or {queued: true} when it waits for the connection. */
  function send(method, path, body) {
    var item = { method: method, path: settings.api + path, body: body || null,
                 participant: participant(), kiosk: settings.kiosk || null,
                 created: Date.now() };
    return add(item).then(function (seq) {
      /* A run already under way may have started before this item was added. */
      return flush().then(function () { return outcomes[seq] ? null : flush(); }).then(function () {
        if (outcomes[seq]) { var o = outcomes[seq]; delete outcomes[seq]; return o; }
        return tx("readwrite", function (s) {
          var req = s.get(seq);
          req.onsuccess = function () {
            if (req.result) { req.result.queuedEarlier = true; s.put(req.result); }
          };
          return req;
        }).then(function () { return { queued: true }; });
      });
    }, function () {
      /* No IndexedDB (private mode on some phones): send directly. */
      return fetch(item.path, { method: method, headers: headers(item),
                                body: body ? JSON.stringify(body) : undefined })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); });
    });
  }

  function get(path) {
    return fetch(settings.api + path, { headers: { "Accept": "application/json",
      "X-Participant": participant(), "Accept-Language": settings.language || "en" },
      credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  /* Support buttons anywhere on a page: sent through the outbox, shown at once. */
  function enhanceSupport(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var on = form.querySelector("input[name=on]");
      var count = form.querySelector(".count");
      var supporting = on.value === "1";
      var n = parseInt((count.textContent.match(/\d+/) || ["0"])[0], 10) + (supporting ? 1 : -1);
      on.value = supporting ? "0" : "1";
      button.setAttribute("aria-pressed", supporting ? "true" : "false");
      button.textContent = supporting ? t("supported") : t("support");
      count.textContent = t("supports", { n: Math.max(n, 0) });
      send(supporting ? "PUT" : "DELETE", "/ideas/" + form.getAttribute("data-idea") + "/support")
        .then(function (result) {
          if (result.ok && result.body) { count.textContent = t("supports", { n: result.body.supports }); }
        });
    });
  }

  /* The outline feature (of a Leaflet GeoJSON layer) under a point, or null: ray casting,
   * holes excluded. Answers at once, even offline. */
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
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

  /* The city's base map (bounds, first view, tiles) from a page's map settings: the one
   * place every map of the app starts from. */
  function baseMap(element, cfg, extra) {
    var options = { minZoom: cfg.minZoom };
    if (cfg.maxBounds) {
      options.maxBounds = [[cfg.maxBounds[1], cfg.maxBounds[0]], [cfg.maxBounds[3], cfg.maxBounds[2]]];
    }
    Object.keys(extra || {}).forEach(function (k) { options[k] = extra[k]; });
    var map = L.map(element, options).setView(cfg.center, cfg.zoom);
    if (cfg.tiles && cfg.tiles.url) {
      L.tileLayer(cfg.tiles.url, { maxZoom: cfg.tiles.maxZoom, attribution: cfg.tiles.attribution }).addTo(map);
    }
    return map;
  }

  /* Find a place as one types (/places): ``box`` holds an input, a <ul> for the results and a
   * status line; ``choose(feature)`` is called with the one picked (Enter picks the first). */
  function placeSearch(box, choose) {
    var input = box.querySelector("input"), list = box.querySelector("ul");
    var said = box.querySelector("[role=status]"), timer = null, asked = "";
    function show(data) {
      list.textContent = "";
      data.features.slice(0, 6).forEach(function (f) {
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button";
        b.textContent = f.properties.name + " · " + t("kind_" + f.properties.kind);
        b.addEventListener("click", function () { list.hidden = true; choose(f); });
        li.appendChild(b);
        list.appendChild(li);
      });
      list.hidden = !data.features.length;
      said.textContent = data.features.length ?
        t("placesFound", { n: data.features.length }) : t("noPlace");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.hidden = true; return; }
      timer = setTimeout(function () {
        asked = q;
        get("/places?q=" + encodeURIComponent(q)).then(function (data) {
          if (asked === q) { show(data); }
        }).catch(function () {});
      }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) { list.hidden = true; event.stopPropagation(); }
      if (event.key === "Enter") {  // the first result; never sends the form around it
        event.preventDefault();
        var first = list.querySelector("button");
        if (first) { first.click(); }
      }
    });
  }

  window.VizLou = { settings: settings, t: t, send: send, get: get, flush: flush, areaAt: areaAt,
                    baseMap: baseMap, placeSearch: placeSearch,
                    participant: participant, setParticipant: setParticipant,
                    randomId: randomId, refreshPending: refreshPending,
                    enhanceSupport: enhanceSupport };

  Array.prototype.forEach.call(document.querySelectorAll("form.support"), enhanceSupport);
  if ("indexedDB" in window) {
    refreshPending();
    flush();
    window.addEventListener("online", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { flush(); }
    });
    setInterval(function () {
      if (document.body.getAttribute("data-pending") !== "0") { flush(); }
    }, 15000);
  }
  /* After the page has loaded, so the worker finds the files in the browser's cache instead of
   * downloading them a second time. */
  /* The service worker downloads the offline copy: on the map, only once the map is ready
   * to take a pin, so that those downloads do not slow the first one down. */
  if ("serviceWorker" in navigator && settings.api) {
    var register = function () { navigator.serviceWorker.register("/sw.js").catch(function () {}); };
    window.addEventListener("load", function () {
      var body = document.body;
      if (body.classList.contains("map-page") && !body.hasAttribute("data-map-ready")) {
        document.addEventListener("vizlou:map-done", register, { once: true });
      } else {
        register();
      }
    });
  }
})();
