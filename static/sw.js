/* VizLou service worker: keeps the app shell, the city's outlines and the questions, so the
 * pages open without a connection. Writes are kept by the pages' outbox (js/app.js). */
"use strict";
var SHELL = "__SHELL__";
var VERSION = "vizlou-" + SHELL.assets.join("|").length + "-" + SHELL.assets.map(function (a) {
  return a.split("v=")[1] || "";
}).join("");
var STATIC = VERSION + "-static";
var PAGES = "vizlou-pages";
var DATA = "vizlou-data";
var TILES = "vizlou-tiles";
var MAX_TILES = 1500;

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(STATIC).then(function (c) { return c.addAll(SHELL.assets); }),
    caches.open(PAGES).then(function (c) {
      return Promise.all(SHELL.pages.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (r) {
          if (r.ok) { return c.put(url, r); }
        }).catch(function () {});
      }));
    }),
    caches.open(DATA).then(function (c) {
      return Promise.all(SHELL.data.map(function (url) {
        return fetch(url).then(function (r) { if (r.ok) { return c.put(url, r); } }).catch(function () {});
      }));
    })
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return /-static$/.test(k) && k !== STATIC;
    }).map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A kiosk asks to keep its session's pages and the tiles of its area. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep") { return; }
  event.waitUntil(Promise.all([
    caches.open(PAGES).then(function (c) {
      return Promise.all((data.pages || []).map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (r) {
          if (r.ok) { return c.put(url, r); }
        }).catch(function () {});
      }));
    }),
    caches.open(TILES).then(function (c) {
      return Promise.all((data.tiles || []).map(function (url) {
        return c.match(url).then(function (hit) {
          if (hit) { return null; }
          return fetch(url, { mode: "no-cors" }).then(function (r) { return c.put(url, r); }).catch(function () {});
        });
      }));
    })
  ]));
});

/* Staff pages and anything marked no-store are never kept on the device. */
var PRIVATE = /^\/(plan|facilitate|auth)(\/|$)/;

function keepable(request, response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && control.indexOf("no-store") === -1 &&
    !PRIVATE.test(new URL(request.url).pathname);
}

function networkFirst(request, cacheName, fallback) {
  return fetch(request).then(function (response) {
    if (keepable(request, response)) {
      var copy = response.clone();
      caches.open(cacheName).then(function (c) { c.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || (fallback ? caches.match(fallback) : Response.error());
    });
  });
}

function cacheFirst(request, cacheName, limit) {
  return caches.match(request).then(function (hit) {
    if (hit) { return hit; }
    return fetch(request).then(function (response) {
      if (response.ok || response.type === "opaque") {
        var copy = response.clone();
        caches.open(cacheName).then(function (c) {
          c.put(request, copy);
          if (limit) {
            c.keys().then(function (keys) {
              if (keys.length > limit) { c["delete"](keys[0]); }
            });
          }
        });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    if (request.destination === "image") { event.respondWith(cacheFirst(request, TILES, MAX_TILES)); }
    return;
  }
  if (PRIVATE.test(url.pathname)) {
    return; /* straight to the network, never cached */
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, PAGES, "/offline"));
  } else if (url.pathname.indexOf("/static/") === 0 && url.search.indexOf("v=") !== -1) {
    event.respondWith(cacheFirst(request, STATIC));
  } else if (url.pathname.indexOf("/api/v1/") === 0 || url.pathname === "/city.css") {
    event.respondWith(networkFirst(request, DATA));
  }
});
