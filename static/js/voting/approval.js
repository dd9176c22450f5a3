/* Voting, approval: no more than k boxes. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  var t = V.t;
  V.votingMethods = V.votingMethods || {};

  /* Approval: no more than k boxes. The boxes past the limit stay reachable by keyboard and
   * say why they cannot be ticked (aria-disabled, with the note), instead of vanishing. */
  V.votingMethods.approval = function (ctx) {
    var form = ctx.form, S = ctx.settings, say = ctx.say, checked = ctx.checked;
    var boxes = form.querySelectorAll("input[name=options]");
    var note = document.getElementById("approval-note");
    function limit() {
      var full = checked("options").length >= S.maxChoices;
      Array.prototype.forEach.call(boxes, function (b) {
        var off = !b.checked && full;
        b.setAttribute("aria-disabled", off ? "true" : "false");
        if (off) { b.setAttribute("aria-describedby", "approval-note"); }
        b.closest("label").classList.toggle("disabled", off);
      });
      note.textContent = t("upTo", { n: S.maxChoices });
    }
    Array.prototype.forEach.call(boxes, function (b) {
      b.addEventListener("click", function (event) {
        if (b.getAttribute("aria-disabled") === "true") {
          event.preventDefault();
          say(t("upTo", { n: S.maxChoices }));
        }
      });
      b.addEventListener("change", limit);
    });
    limit();
    return function () { return { options: checked("options") }; };
  };
})();
