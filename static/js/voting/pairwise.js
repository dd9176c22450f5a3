/* Voting, pairwise: the next pair appears without reloading. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  var t = V.t;
  V.votingMethods = V.votingMethods || {};

  /* Pairwise: answer, then the next pair appears without reloading. */
  V.votingMethods.pairwise = function (ctx) {
    var form = ctx.form, S = ctx.settings, say = ctx.say, submit = ctx.submit, checked = ctx.checked;
    var pairs = (S.pairs || []).slice();
    var pairBox = form.querySelector(".pair");
    if (!pairBox) { return null; }
    var titles = S.options || {};
    var skipped = [];
    var progress = document.getElementById("pair-progress");
    var total = progress ? parseInt(progress.getAttribute("data-total"), 10) : 0;
    function nextPair() {
      if (S.pairsPerVoter && pairs.length >= S.pairsPerVoter) { return null; }
      var ids = Object.keys(titles).map(Number);
      var seen = {};
      pairs.concat(skipped).forEach(function (p) { seen[Math.min(p[0], p[1]) + ":" + Math.max(p[0], p[1])] = true; });
      var left = [];
      ids.forEach(function (a, i) { ids.slice(i + 1).forEach(function (b) { if (!seen[a + ":" + b]) { left.push([a, b]); } }); });
      if (!left.length) { return null; }
      var pick = left[Math.floor(Math.random() * left.length)];
      return Math.random() < 0.5 ? pick : [pick[1], pick[0]];
    }
    function show(next, message) {
      if (!next) {
        pairBox.hidden = true;
        if (progress) { progress.hidden = true; }
        var skip = document.getElementById("pair-skip");
        if (skip) { skip.hidden = true; }
        say(t("allPairs"));
        return;
      }
      if (progress) {
        progress.textContent = t("pairOf", { n: Math.min(pairs.length + 1, total), total: total });
      }
      form.querySelector("input[name=a]").value = next[0];
      form.querySelector("input[name=b]").value = next[1];
      var buttons = pairBox.querySelectorAll("button[name=winner]");
      next.forEach(function (id, i) {
        buttons[i].value = id;
        buttons[i].querySelector("strong").textContent = titles[id].title;
        var d = buttons[i].querySelector(".muted");
        if (d) { d.textContent = titles[id].description || ""; }
      });
      say(message);
      buttons[0].focus();
    }
    var skipLink = document.getElementById("pair-skip");
    if (skipLink) {
      skipLink.addEventListener("click", function (event) {
        event.preventDefault();
        var a = parseInt(form.querySelector("input[name=a]").value, 10);
        var b = parseInt(form.querySelector("input[name=b]").value, 10);
        skipped.push([a, b]);
        show(nextPair(), t("skippedPair"));
      });
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
        show(nextPair(), t("thanksPair"));
      });
    });
    return null;
  };
})();
