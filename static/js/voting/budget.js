/* Voting, budget: what is left is always shown. Registered for vote.js, which loads after it. */
(function () {
  "use strict";
  var V = window.VizLou;
  var t = V.t;
  V.votingMethods = V.votingMethods || {};

  /* Budget: what is left is always shown; more than the budget cannot be sent. */
  V.votingMethods.budget = function (ctx) {
    var form = ctx.form, S = ctx.settings, say = ctx.say, submit = ctx.submit, checked = ctx.checked;
    var inputs = form.querySelectorAll("input[type=number]");
    var left = document.getElementById("budget-left");
    var money = S.unit === "dollars" && window.Intl ? new Intl.NumberFormat(S.language, {
      style: "currency", currency: S.currency || "USD", minimumFractionDigits: 0,
      maximumFractionDigits: 0 }) : null;
    var fmt = function (n) { return money ? money.format(Math.round(n)) : String(Math.round(n)); };
    function spent() {
      return Array.prototype.reduce.call(inputs, function (sum, i) { return sum + (parseFloat(i.value) || 0); }, 0);
    }
    function update() {
      var rest = S.budget - spent();
      left.textContent = rest < 0 ? t("overBy", { n: fmt(-rest) }) : t("left", { n: fmt(rest) });
      left.classList.toggle("over", rest < 0);
    }
    Array.prototype.forEach.call(inputs, function (input) {
      // The amount can be typed; the buttons move by about a tenth of the budget (a
      // multiple of the smallest step), so a big budget takes a few taps, not forty.
      var smallest = parseFloat(input.step) || 1;
      var step = Math.max(smallest, Math.round(S.budget / 10 / smallest) * smallest);
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
  };
})();
