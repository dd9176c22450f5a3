/* Planners' Folium maps: tooltips and popups from the page's JSON data island.
 *
 * The map's own script (made by Folium) carries no user text, only ids, colours and
 * numbers; it calls these functions for each feature. Names and idea texts are read from
 * <script type="application/json" id="vizlou-map-text"> and only ever become text nodes. */
(function () {
  "use strict";

  var texts = null;

  function data() {
    if (texts === null) {
      var island = document.getElementById("vizlou-map-text");
      try {
        texts = island ? JSON.parse(island.textContent) : {};
      } catch (e) {
        texts = {};
      }
    }
    return texts;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    e.textContent = text === undefined || text === null ? "" : String(text);
    return e;
  }

  /* An area: its name, and the measure's value when the map shows one. */
  function area(feature, layer) {
    var entry = (data().areas || {})[String(feature.id)];
    if (!entry) { return; }
    var box = document.createElement("div");
    box.appendChild(el("strong", null, entry[0]));
    if (entry[1] !== null && entry[1] !== undefined) {
      box.appendChild(document.createElement("br"));
      box.appendChild(el("span", null, (data().title || "") + ": " + entry[1]));
    }
    layer.bindTooltip(box, { sticky: true });
  }

  /* A density square: how many ideas it holds. */
  function cell(feature, layer) {
    var n = feature.properties && feature.properties.value;
    if (typeof n === "number") {
      layer.bindTooltip(el("span", null, n.toLocaleString()), { sticky: true });
    }
  }

  /* One idea: its number and its text, in a popup. */
  function idea(feature, layer) {
    var text = (data().ideas || {})[String(feature.id)];
    if (text === undefined) { return; }
    var box = document.createElement("div");
    box.appendChild(el("strong", null, "#" + feature.id));
    box.appendChild(el("p", null, text));
    layer.bindPopup(box, { maxWidth: 280 });
  }

  window.VizLouPlanMap = { area: area, cell: cell, idea: idea };
})();
