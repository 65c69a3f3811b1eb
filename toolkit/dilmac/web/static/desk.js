// The desk's one script: a highlight and its finding's card point at each other. The page works
// without it (each highlight is a link to its card).
"use strict";
(function () {
  function card(number) { return document.getElementById("f-" + number); }
  function hitsOf(number) {
    return Array.prototype.filter.call(document.querySelectorAll("a.hit"), function (hit) {
      return hit.dataset.findings.split(" ").indexOf(String(number)) >= 0;
    });
  }
  function select(number, moveFocus) {
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var target = card(number);
    if (!target) { return; }
    target.classList.add("current");
    hitsOf(number).forEach(function (hit) { hit.classList.add("current"); });
    target.scrollIntoView({ block: "nearest" });
    if (moveFocus) { target.focus({ preventScroll: true }); }
  }
  document.addEventListener("click", function (event) {
    var hit = event.target.closest("a.hit, a.ref");
    if (!hit) { return; }
    event.preventDefault();
    var number = hit.classList.contains("hit") ? hit.dataset.findings.split(" ")[0] : hit.hash.slice(3);
    history.replaceState(null, "", "#f-" + number);
    select(number, true);
  });
  // A card that gets the focus (Tab, or a link) shows where its finding is.
  document.addEventListener("focusin", function (event) {
    var found = event.target.closest(".finding");
    if (found && !found.classList.contains("current")) { select(found.id.slice(2), false); }
  });
  if (location.hash.indexOf("#f-") === 0) { select(location.hash.slice(3), true); }
})();
