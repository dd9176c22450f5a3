/* Kiosk mode on a shared tablet: each person's turn ends with "Done, next person" or after
 * two idle minutes. A new turn gets a fresh anonymous participant and a clean screen:
 * nothing typed, chosen or asked is left for the next person to see. */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var IDLE_MS = 2 * 60 * 1000;
  var WARN_MS = 20 * 1000;
  var TURN_KEY = "vizlou.turnStarted";
  var lastActivity = Date.now();

  function nextPerson() {
    V.setParticipant(V.randomId(18));
    try {
      window.localStorage.removeItem("vizlou.profileAsked");
      window.sessionStorage.clear();
      window.localStorage.setItem(TURN_KEY, String(Date.now()));
    } catch (e) { /* storage may be unavailable; the page reload still clears the screen */ }
    /* Replace, so "back" cannot bring the previous person's page back. */
    window.location.replace(S.kioskHome);
  }

  /* A tablet just turned into this session's kiosk starts with a fresh participant. */
  try {
    if (window.localStorage.getItem("vizlou.kioskKey") !== S.kiosk) {
      window.localStorage.setItem("vizlou.kioskKey", S.kiosk);
      V.setParticipant(V.randomId(18));
      window.localStorage.removeItem("vizlou.profileAsked");
    }
  } catch (e) { /* no storage: every page load is a fresh participant anyway */ }

  var button = document.getElementById("next-person");
  if (button) { button.addEventListener("click", nextPerson); }

  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () {
      lastActivity = Date.now();
      var warning = document.getElementById("idle-warning");
      if (warning) { warning.hidden = true; }
    }, { passive: true, capture: true });
  });

  setInterval(function () {
    var idle = Date.now() - lastActivity;
    var onFreshHome = location.pathname === S.kioskHome && !document.body.hasAttribute("data-touched");
    if (idle >= IDLE_MS) {
      if (!onFreshHome) { nextPerson(); }
      return;
    }
    if (idle >= IDLE_MS - WARN_MS && !onFreshHome) {
      var warning = document.getElementById("idle-warning");
      warning.textContent = V.t("idleSoon", { n: Math.ceil((IDLE_MS - idle) / 1000) });
      warning.hidden = false;
    }
  }, 1000);
  document.addEventListener("pointerdown", function () { document.body.setAttribute("data-touched", "1"); });

  /* Pages are never restored from the back-forward cache on a kiosk. */
  window.addEventListener("pageshow", function (event) { if (event.persisted) { location.reload(); } });

  /* A tablet that was offline for a while catches up as soon as it can. */
  V.flush();

  /* Keep this session's pages and the map tiles of its area for when the Wi-Fi drops. */
  function tileUrls(kit) {
    var t = kit.tiles;
    if (!t) { return []; }
    var urls = [];
    function x(lon, z) { return Math.floor((lon + 180) / 360 * Math.pow(2, z)); }
    function y(lat, z) {
      var r = lat * Math.PI / 180;
      return Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * Math.pow(2, z));
    }
    for (var z = t.zooms[0]; z <= t.zooms[1]; z++) {
      for (var tx = x(t.bbox[0], z); tx <= x(t.bbox[2], z); tx++) {
        for (var ty = y(t.bbox[3], z); ty <= y(t.bbox[1], z); ty++) {
          urls.push(t.url.replace("{s}", "abc"[(tx + ty) % 3]).replace("{z}", z).replace("{x}", tx).replace("{y}", ty));
          if (urls.length >= 600) { return urls; }
        }
      }
    }
    return urls;
  }
  if (S.kioskKit && "serviceWorker" in navigator) {
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({ type: "keep", pages: S.kioskKit.pages, tiles: tileUrls(S.kioskKit) });
    });
  }
})();
