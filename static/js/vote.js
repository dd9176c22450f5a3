/* Voting: each method's form made quicker, and sent through the offline outbox.
 * The forms also work without this script (the server reads them). */
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
    var map = L.map("scenario-map", { scrollWheelZoom: false });
    if (cfg.tiles.url) {
      L.tileLayer(cfg.tiles.url, { maxZoom: cfg.tiles.maxZoom, attribution: cfg.tiles.attribution }).addTo(map);
    }
    fetch(cfg.areasUrl).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, { style: { color: "#0b4f6c", weight: 0.8, fillOpacity: 0.02 }, interactive: false }).addTo(map).bringToBack();
    }).catch(function () {});
    var palette = ["#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#be123c", "#0e7490"];
    var group = L.featureGroup();
    S.overlays.forEach(function (o, i) {
      L.geoJSON(o.overlay, { style: { color: palette[i % palette.length], weight: 6, opacity: 0.85, fillOpacity: 0.25 } })
        .bindTooltip(o.title).addTo(group);
    });
    group.addTo(map);
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
  }

  function submit(choice) {
    return V.send("PUT", "/questions/" + S.question + "/ballot", { choice: choice, client_id: V.randomId(16) })
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

  /* Approval: no more than k boxes. */
  function approval() {
    var boxes = form.querySelectorAll("input[name=options]");
    var note = document.getElementById("approval-note");
    function limit() {
      var n = checked("options").length;
      Array.prototype.forEach.call(boxes, function (b) { b.disabled = !b.checked && n >= S.maxChoices; });
      note.textContent = t("upTo", { n: S.maxChoices });
    }
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", limit); });
    limit();
    return function () { return { options: checked("options") }; };
  }

  /* Ranked: the list order is the ranking; move with buttons (keyboard) or by dragging. */
  function ranked() {
    var list = document.getElementById("ranking");
    var live = document.getElementById("rank-live");
    list.classList.add("enhanced");
    var hint = form.querySelector(".no-js-hint");
    if (hint) { hint.hidden = true; }
    function items() { return Array.prototype.slice.call(list.querySelectorAll(".rank-item")); }
    function renumber(moved) {
      items().forEach(function (li, i) {
        li.querySelector("input").value = String(i + 1);
        li.querySelector(".rank-number").textContent = String(i + 1);
      });
      if (moved) {
        live.textContent = t("moved", { name: moved.querySelector(".rank-label").textContent, n: items().indexOf(moved) + 1 });
      }
    }
    function move(li, delta, button) {
      var all = items();
      var i = all.indexOf(li);
      var j = i + delta;
      if (j < 0 || j >= all.length) { return; }
      if (delta < 0) { list.insertBefore(li, all[j]); } else { list.insertBefore(all[j], li); }
      renumber(li);
      if (button) { button.focus(); }
    }
    items().forEach(function (li) {
      var input = li.querySelector("input");
      input.type = "hidden";
      var number = document.createElement("span");
      number.className = "rank-number";
      number.setAttribute("aria-hidden", "true");
      li.insertBefore(number, li.firstChild);
      var handle = document.createElement("span");
      handle.className = "handle";
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "\u2630";
      li.insertBefore(handle, li.firstChild);
      [["up", -1, "\u2191", t("moveUp")], ["down", 1, "\u2193", t("moveDown")]].forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "move move-" + spec[0];
        b.textContent = spec[2];
        b.setAttribute("aria-label", spec[3] + ": " + li.querySelector(".rank-label").textContent);
        b.addEventListener("click", function () { move(li, spec[1], b); });
        li.appendChild(b);
      });
      /* Drag with a finger or a mouse, by the handle. The listeners sit on the document:
       * moving the item in the list would otherwise end a pointer capture on the handle. */
      handle.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        li.classList.add("dragging");
        function over(e) {
          var target = items().filter(function (other) {
            var r = other.getBoundingClientRect();
            return other !== li && e.clientY > r.top && e.clientY < r.bottom;
          })[0];
          if (!target) { return; }
          var all = items();
          if (all.indexOf(target) < all.indexOf(li)) { list.insertBefore(li, target); } else { list.insertBefore(li, target.nextSibling); }
          renumber();
        }
        function up() {
          li.classList.remove("dragging");
          document.removeEventListener("pointermove", over);
          document.removeEventListener("pointerup", up);
          document.removeEventListener("pointercancel", up);
          renumber(li);
        }
        document.addEventListener("pointermove", over);
        document.addEventListener("pointerup", up);
        document.addEventListener("pointercancel", up);
      });
    });
    renumber();
    return function () {
      return { ranking: items().map(function (li) { return parseInt(li.getAttribute("data-option"), 10); }) };
    };
  }

  /* Budget: what is left is always shown; more than the budget cannot be sent. */
  function budget() {
    var inputs = form.querySelectorAll("input[type=number]");
    var left = document.getElementById("budget-left");
    var fmt = function (n) {
      return S.unit === "dollars" ? "$" + Math.round(n).toLocaleString(S.language) : String(Math.round(n));
    };
    function spent() {
      return Array.prototype.reduce.call(inputs, function (sum, i) { return sum + (parseFloat(i.value) || 0); }, 0);
    }
    function update() {
      var rest = S.budget - spent();
      left.textContent = rest < 0 ? t("tooMuch") + " " + t("left", { n: fmt(rest) }) : t("left", { n: fmt(rest) });
      left.classList.toggle("over", rest < 0);
    }
    Array.prototype.forEach.call(inputs, function (input) {
      var step = parseFloat(input.step) || 1;
      ["-", "+"].forEach(function (sign) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "stepper";
        b.textContent = sign === "+" ? "+" : "\u2212";
        b.setAttribute("aria-label", (sign === "+" ? "+" : "\u2212") + " " + fmt(step) + ": " +
                       input.labels[0].textContent.trim());
        b.addEventListener("click", function () {
          var value = (parseFloat(input.value) || 0) + (sign === "+" ? step : -step);
          if (sign === "+" && spent() + step > S.budget) { update(); return; }
          input.value = String(Math.max(0, value));
          update();
        });
        if (sign === "-") { input.parentNode.insertBefore(b, input); } else { input.parentNode.appendChild(b); }
      });
      input.addEventListener("input", update);
    });
    update();
    return function () {
      if (spent() > S.budget) { say(t("tooMuch")); return null; }
      var allocation = {};
      Array.prototype.forEach.call(inputs, function (i) {
        var v = parseFloat(i.value) || 0;
        if (v > 0) { allocation[i.name.replace("amount-", "")] = v; }
      });
      return { allocation: allocation };
    };
  }

  /* Pairwise: answer, then the next pair appears without reloading. */
  function pairwise() {
    var pairs = (S.pairs || []).slice();
    var pairBox = form.querySelector(".pair");
    if (!pairBox) { return null; }
    var titles = S.options || {};
    function nextPair() {
      var ids = Object.keys(titles).map(Number);
      var seen = {};
      pairs.forEach(function (p) { seen[Math.min(p[0], p[1]) + ":" + Math.max(p[0], p[1])] = true; });
      var left = [];
      ids.forEach(function (a, i) { ids.slice(i + 1).forEach(function (b) { if (!seen[a + ":" + b]) { left.push([a, b]); } }); });
      if (!left.length) { return null; }
      var pick = left[Math.floor(Math.random() * left.length)];
      return Math.random() < 0.5 ? pick : [pick[1], pick[0]];
    }
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=winner]");
      if (!button) { return; }
      event.preventDefault();
      var a = parseInt(form.querySelector("input[name=a]").value, 10);
      var b = parseInt(form.querySelector("input[name=b]").value, 10);
      pairs.push([a, b, parseInt(button.value, 10)]);
      submit({ pairs: pairs.slice(-200) }).then(function (ok) {
        if (!ok) { return; }
        var next = nextPair();
        if (!next) { pairBox.hidden = true; say(t("allPairs")); return; }
        form.querySelector("input[name=a]").value = next[0];
        form.querySelector("input[name=b]").value = next[1];
        var buttons = pairBox.querySelectorAll("button[name=winner]");
        next.forEach(function (id, i) {
          buttons[i].value = id;
          buttons[i].querySelector("strong").textContent = titles[id].title;
          var d = buttons[i].querySelector(".muted");
          if (d) { d.textContent = titles[id].description || ""; }
        });
        say(t("thanksPair"));
        buttons[0].focus();
      });
    });
    return null;
  }

  scenarioMap();
  if (!form) { return; }
  var read = { single: function () { return { option: checked("option")[0] }; },
               approval: approval, ranked: ranked, budget: budget, pairwise: pairwise }[S.method];
  var choice = S.method === "single" ? read : read();
  if (!choice) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = choice();
    if (value) { submit(value); }
  });
})();
