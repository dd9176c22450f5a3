/* The live wall: asks for the session's ideas and tallies every few seconds (an ETag makes an
 * unchanged answer an empty 304) and redraws what changed. Text goes in with textContent. */
(function () {
  "use strict";
  var V = window.VizLou;
  var S = V.settings;
  var M = window.VizLouMaps;
  var t = V.t;
  var $ = function (id) { return document.getElementById(id); };
  var LATEST = 6;
  var etag = null;
  var seen = null; /* idea ids already shown; null before the first answer */
  var fitted = false;

  var made = M.make($("wall-map"), S.map, { still: true });
  var dots = L.layerGroup().addTo(made.map);
  made.outlines.then(function (outlines) {
    if (!fitted) { made.map.fitBounds(outlines.getBounds(), { padding: [4, 4] }); }
  }).catch(function () {});

  function drawMap(ideas, fresh) {
    dots.clearLayers();
    ideas.slice().reverse().forEach(function (idea) {
      dots.addLayer(M.ideaDot(S.map, idea, fresh[idea.id] ? 14 : 9));
    });
    /* Keep every idea in view: on the first answer, and whenever a new one falls outside. */
    var bounds = L.latLngBounds(ideas.map(function (i) { return [i.lat, i.lon]; }));
    if (ideas.length && (!fitted || !made.map.getBounds().contains(bounds))) {
      fitted = true;
      made.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 13 });
    }
  }

  function drawList(ideas, fresh) {
    var list = $("wall-ideas");
    list.textContent = "";
    if (!ideas.length) { list.appendChild(M.el("li", "muted", t("noIdeas"))); return; }
    ideas.slice(0, LATEST).forEach(function (idea) {
      var li = M.el("li", fresh[idea.id] ? "fresh" : "");
      li.setAttribute("data-idea", String(idea.id));
      var dot = M.el("span", "dot cat-" + idea.category);
      dot.setAttribute("aria-hidden", "true");
      li.appendChild(dot);
      li.appendChild(M.el("span", "wall-text", idea.text));
      li.appendChild(M.el("span", "wall-meta", M.labelOf(S.map, idea.category) + (idea.area ? " · " + idea.area : "")));
      list.appendChild(li);
    });
  }

  function drawQuestions(questions) {
    var box = $("wall-questions");
    box.textContent = "";
    questions.forEach(function (q) {
      var part = M.el("article", "wall-question");
      part.setAttribute("data-question", String(q.id));
      part.appendChild(M.el("h3", "", q.title));
      part.appendChild(M.el("p", "muted", q.ballots ? t("ballots", { n: q.ballots }) : t("noVotes")));
      var bars = M.el("ul", "bars-list");
      q.bars.forEach(function (bar) {
        var li = M.el("li", q.leaders.indexOf(bar.option) >= 0 && q.ballots ? "leader" : "");
        li.appendChild(M.el("span", "bar-title", bar.title));
        var track = M.el("span", "bar-track");
        var fill = M.el("span", "bar-fill");
        fill.style.width = bar.share + "%"; /* CSSOM, allowed by the style policy */
        track.appendChild(fill);
        li.appendChild(track);
        li.appendChild(M.el("span", "bar-value", bar.label + (bar.note ? " (" + bar.note + ")" : "")));
        bars.appendChild(li);
      });
      part.appendChild(bars);
      box.appendChild(part);
    });
  }

  function render(data) {
    var fresh = {};
    data.ideas.forEach(function (idea) { if (seen && !seen[idea.id]) { fresh[idea.id] = true; } });
    seen = {};
    data.ideas.forEach(function (idea) { seen[idea.id] = true; });
    $("count-people").textContent = String(data.counts.people);
    $("count-ideas").textContent = String(data.counts.ideas);
    $("count-votes").textContent = String(data.counts.votes);
    drawMap(data.ideas, fresh);
    drawList(data.ideas, fresh);
    drawQuestions(data.questions);
    $("wall-status").textContent = t("updated", { time: new Date().toLocaleTimeString() });
  }

  function poll() {
    var headers = { "Accept": "application/json", "Accept-Language": S.map.language || "en" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(S.dataUrl, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 304) { return; }
        if (!r.ok) { throw new Error(String(r.status)); }
        etag = r.headers.get("ETag");
        return r.json().then(render);
      })
      .catch(function () { $("wall-status").textContent = t("offline"); })
      .then(function () {
        document.body.setAttribute("data-polls", String(parseInt(document.body.getAttribute("data-polls") || "0", 10) + 1));
        setTimeout(poll, S.poll);
      });
  }
  poll();
})();
