// "Choose every idea on this page": a header checkbox (data-choose-all="<name>") ticks or
// clears every checkbox of that name in its form. Hidden until this script shows it, so a
// page without JavaScript never offers a box that does nothing.
(function () {
  "use strict";
  document.querySelectorAll("input[data-choose-all]").forEach(function (all) {
    var form = all.form || all.closest("form") || document;
    var name = all.getAttribute("data-choose-all");
    function boxes() {
      return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
    }
    function sync() {
      var list = boxes();
      var ticked = list.filter(function (b) { return b.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all && event.target.name === name) sync();
    });
    sync();
  });
})();
