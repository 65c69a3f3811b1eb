"use strict";
// Filters: the checked severities and the chosen rule; files with nothing left are hidden.
(function () {
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var findings = document.querySelectorAll(".finding");
  var output = document.getElementById("shown");
  function apply() {
    var levels = Array.prototype.filter.call(form.elements.severity, function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    var rule = form.elements.rule.value;
    var shown = 0;
    findings.forEach(function (item) {
      var visible = levels.indexOf(item.dataset.severity) >= 0 && (!rule || item.dataset.rule === rule);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.querySelectorAll("section.file").forEach(function (section) {
      section.hidden = section.querySelector(".finding") !== null && section.querySelector(".finding:not([hidden])") === null;
    });
    output.textContent = output.dataset.template.replace("{shown}", shown).replace("{total}", findings.length);
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.querySelectorAll("[data-show-rule]").forEach(function (button) {
    button.addEventListener("click", function () {
      form.elements.rule.value = button.dataset.showRule;
      apply();
      form.scrollIntoView();
    });
  });
})();
