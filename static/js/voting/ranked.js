/* Voting, ranked: the list order is the ranking. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  var t = V.t;
  V.votingMethods = V.votingMethods || {};

  /* Ranked: the list order is the ranking; move with buttons (keyboard) or by dragging. */
  V.votingMethods.ranked = function (ctx) {
    var form = ctx.form, S = ctx.settings, say = ctx.say, submit = ctx.submit, checked = ctx.checked;
    var list = document.getElementById("ranking");
    var live = document.getElementById("rank-live");
    list.classList.add("enhanced");
    var hint = form.querySelector(".no-js-hint");
    if (hint) { hint.hidden = true; }
    function items() { return Array.prototype.slice.call(list.querySelectorAll(".rank-item")); }
    function renumber(moved) {
      var k = S.maxChoices || Infinity; /* only the first k count */
      items().forEach(function (li, i) {
        li.querySelector("input").value = i < k ? String(i + 1) : "";
        li.querySelector(".rank-number").textContent = i < k ? String(i + 1) : "\u2013";
        li.classList.toggle("beyond", i >= k);
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
      return { ranking: items().slice(0, S.maxChoices || undefined)
        .map(function (li) { return parseInt(li.getAttribute("data-option"), 10); }) };
    };
  };
})();
