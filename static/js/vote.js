/* Voting: the scenario map, and each method's form (js/voting/<method>.js) sent through the
 * offline outbox. The forms also work without these scripts (the server reads them). */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var t = V.t;
  var form = document.getElementById("ballot");
  var statusBox = document.getElementById("vote-status");

  function say(message) {
    statusBox.textContent = message;
    statusBox.hidden = false;
  }

  function scenarioMap() {
    if (!S.overlays || !S.overlays.length || !window.L) { return; }
    var cfg = S.map;
    var map = V.baseMap("scenario-map", cfg, { scrollWheelZoom: false });
    fetch(cfg.areasUrl).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, { style: { color: "#0b4f6c", weight: 0.8, fillOpacity: 0.02 }, interactive: false }).addTo(map).bringToBack();
    }).catch(function () {});
    var palette = ["#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#be123c", "#0e7490"];
    var group = L.featureGroup();
    S.overlays.forEach(function (o, i) {
      var label = document.createElement("span");  /* a title is text, never HTML */
      label.textContent = o.title;
      L.geoJSON(o.overlay, { style: { color: palette[i % palette.length], weight: 6, opacity: 0.85, fillOpacity: 0.25 } })
        .bindTooltip(label).addTo(group);
    });
    group.addTo(map);
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
  }

  function submit(choice) {
    if (S.preview) { say(t("previewOnly")); return Promise.resolve(true); }
    var body = { choice: choice, client_id: V.randomId(16) };
    var code = document.getElementById("vote-code");
    if (code) { body.code = code.value; }
    return V.send("PUT", "/questions/" + S.question + "/ballot", body)
      .then(function (result) {
        if (result.queued) { say(t("savedOffline")); return true; }
        if (result.ok) { say(t("voteSaved")); return true; }
        say(result.body && result.body.error ? result.body.error.message : t("sendFailed", { message: result.status }));
        return false;
      });
  }

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (b) {
      return b.checked;
    }).map(function (b) { return parseInt(b.value, 10); });
  }

  scenarioMap();
  if (!form) { return; }
  /* Each method's script (js/voting/<method>.js) reads its form; a method without one
   * leaves the form to the server. */
  var method = (V.votingMethods || {})[S.method];
  if (!method) { return; }
  var choice = method({ form: form, settings: S, say: say, submit: submit, checked: checked });
  if (!choice) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = choice();
    if (value) { submit(value); }
  });
})();
