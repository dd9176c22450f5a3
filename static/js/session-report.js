/* The session report's map: the area outlines and the session's ideas. */
(function () {
  "use strict";
  var S = window.VizLou.settings;
  var M = window.VizLouMaps;
  var box = document.getElementById("report-map");
  if (!box || !window.L) { return; }
  var made = M.make(box, S.map, { still: true });
  var ideas = S.ideas || [];
  ideas.forEach(function (idea) { M.ideaDot(S.map, idea, 8).addTo(made.map); });
  made.outlines.then(function (outlines) {
    function fit() {
      made.map.invalidateSize(false);
      if (ideas.length) {
        made.map.fitBounds(L.latLngBounds(ideas.map(function (i) { return [i.lat, i.lon]; })),
                           { padding: [30, 30], maxZoom: 14, animate: false });
      } else {
        made.map.fitBounds(outlines.getBounds(), { padding: [4, 4], animate: false });
      }
    }
    fit();
    /* Paper is narrower than the screen: fit again when printing starts and ends. */
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      if (print.addEventListener) { print.addEventListener("change", fit); }
    }
    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", fit);
    document.body.setAttribute("data-map-ready", "1");
  }).catch(function () {});
})();
