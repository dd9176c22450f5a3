/* Voting, approval: no more than k boxes. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  var t = V.t;
  V.votingMethods = V.votingMethods || {};

  /* Approval: no more than k boxes. */
  V.votingMethods.approval = function (ctx) {
    var form = ctx.form, S = ctx.settings, say = ctx.say, submit = ctx.submit, checked = ctx.checked;
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
  };
})();
