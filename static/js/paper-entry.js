/* Paper entry: pick the idea's spot on a small map, and import a CSV file in batches with a
 * progress bar. Without this script the page still works: the neighborhood list places the
 * idea, and the file is uploaded and imported in one request. */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var M = window.VizLouMaps;
  var t = V.t;
  var $ = function (id) { return document.getElementById(id); };

  /* The map: a click chooses a spot and the neighborhood under it. */
  function setUpMap() {
    var box = $("paper-map");
    var select = $("area");
    var lon = $("lon"), lat = $("lat"), spot = $("spot");
    if (!box || !window.L) { return; }
    var made = M.make(box, S.map);
    var marker = null;
    function place(lonValue, latValue, name) {
      if (marker) { marker.remove(); }
      marker = L.circleMarker([latValue, lonValue], { radius: 9, weight: 3, color: "#b93a0b", fillOpacity: 0.6 }).addTo(made.map);
      spot.textContent = t("spot", { area: name });
    }
    made.outlines.then(function (outlines) {
      made.map.fitBounds(outlines.getBounds(), { padding: [4, 4] });
      document.body.setAttribute("data-map-ready", "1");
      if (lon.value && lat.value) {
        var f = M.areaAt(outlines, parseFloat(lon.value), parseFloat(lat.value));
        place(parseFloat(lon.value), parseFloat(lat.value), f ? f.properties.name : "");
      }
      made.map.on("click", function (e) {
        var x = Math.round(e.latlng.lng * 1e6) / 1e6, y = Math.round(e.latlng.lat * 1e6) / 1e6;
        var feature = M.areaAt(outlines, x, y);
        if (!feature) { spot.textContent = t("outside"); return; }
        lon.value = String(x); lat.value = String(y);
        select.value = String(feature.id);
        place(x, y, feature.properties.name);
      });
    }).catch(function () { box.hidden = true; });
    select.addEventListener("change", function () {
      lon.value = ""; lat.value = ""; spot.textContent = "";
      if (marker) { marker.remove(); marker = null; }
    });
  }

  /* CSV as Python's csv module reads it: quotes, doubled quotes, CRLF, one delimiter. */
  function parseCsv(text, delimiter) {
    var rows = [], row = [], cell = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { cell += c; }
      } else if (c === '"' && cell === "") { quoted = true; }
      else if (c === delimiter) { row.push(cell); cell = ""; }
      else if (c === "\r" || c === "\n") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(cell); rows.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  function readRows(buffer) {
    var bytes = new Uint8Array(buffer);
    if (!bytes.length) { throw new Error(t("empty")); }
    if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || bytes.slice(0, 4096).indexOf(0) >= 0) {
      throw new Error(t("notCsv"));
    }
    var text;
    try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
    catch (e) { throw new Error(t("notUtf8")); }
    if (!text.trim()) { throw new Error(t("empty")); }
    var first = text.split("\n", 1)[0];
    var delimiter = [",", ";", "\t"].filter(function (d) { return first.indexOf(d) >= 0; })[0] || ",";
    var records = parseCsv(text, delimiter);
    var rows = [];
    records.slice(1).forEach(function (cells, n) {
      if (cells.some(function (c) { return c.trim(); })) { rows.push({ row: n + 2, cells: cells }); }
    });
    return { header: records[0], rows: rows };
  }

  function post(header, rows) {
    return fetch(S.rowsUrl, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": S.csrf, "Accept-Language": S.language || "en" },
      body: JSON.stringify({ header: header, rows: rows }) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) { throw new Error((body.error && body.error.message) || String(r.status)); }
          return body;
        });
      }, function () { throw new Error(t("offline")); });
  }

  function showReport(totals, errors) {
    var report = $("import-report");
    var node = $("report-template").content.cloneNode(true);
    node.querySelector(".summary").textContent = t("summary", totals);
    var body = node.querySelector("tbody");
    errors.forEach(function (e) {
      var tr = document.createElement("tr");
      [e.row, e.column || "", e.message].forEach(function (v) { tr.appendChild(M.el("td", "", String(v))); });
      body.appendChild(tr);
    });
    if (!errors.length) { node.querySelector(".row-errors-wrap").remove(); }
    report.textContent = "";
    report.appendChild(node);
  }

  function run(file) {
    var bar = $("import-progress"), status = $("import-status"), button = $("import-button");
    var old = $("server-report");
    if (old) { old.remove(); }
    $("import-report").textContent = "";
    $("import-progress-box").hidden = false;
    status.className = "";
    button.disabled = true;
    var totals = { stored: 0, skipped: 0, errors: 0 }, errors = [];
    var data, done = 0, at = 2;
    return file.arrayBuffer().then(function (buffer) {
      data = readRows(buffer);
      bar.max = Math.max(data.rows.length, 1); bar.value = 0;
      status.textContent = t("progress", { done: 0, total: data.rows.length });
      var chain = Promise.resolve();
      var batches = [];
      for (var i = 0; i < data.rows.length; i += S.batch) { batches.push(data.rows.slice(i, i + S.batch)); }
      if (!batches.length) { batches.push([]); }
      batches.forEach(function (batch) {
        chain = chain.then(function () {
          at = batch.length ? batch[0].row : at;
          return post(data.header, batch).then(function (body) {
            totals.stored += body.stored; totals.skipped += body.skipped; totals.errors += body.errors;
            body.results.forEach(function (r) { if (r.status === "error") { errors.push(r); } });
            done += batch.length;
            bar.value = done;
            status.textContent = t("progress", { done: done, total: data.rows.length });
          });
        });
      });
      return chain;
    }).then(function () {
      showReport(totals, errors);
      document.body.setAttribute("data-import", "done");
    }, function (error) {
      status.textContent = data ? t("stopped", { row: at, message: error.message }) : error.message;
      status.className = "error";
      if (data && (totals.stored || totals.skipped || errors.length)) { showReport(totals, errors); }
      document.body.setAttribute("data-import", "failed");
    }).then(function () { button.disabled = false; });
  }

  var form = $("import-form");
  if (form && window.fetch && window.TextDecoder && window.Blob && Blob.prototype.arrayBuffer) {
    form.addEventListener("submit", function (event) {
      var file = $("file").files[0];
      if (!file) { return; }
      event.preventDefault();
      run(file);
    });
  }
  setUpMap();
})();
