/* Voting, single choice: the option ticked. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  V.votingMethods = V.votingMethods || {};

  V.votingMethods.single = function (ctx) {
    return function () { return { option: ctx.checked("option")[0] }; };
  };
})();
