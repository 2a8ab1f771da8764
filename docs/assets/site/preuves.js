/* Document pages: highlight every part of the quote named in the address (#p-…, links.evidence_anchor), even when it
   spans several marks. */
(function () {
  "use strict";

  function highlight() {
    var previous = document.querySelectorAll("mark.preuve--active");
    Array.prototype.forEach.call(previous, function (el) { el.classList.remove("preuve--active"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("p-") !== 0) return;
    var marks = document.querySelectorAll("mark[data-preuves]");
    var first = null;
    Array.prototype.forEach.call(marks, function (el) {
      if (el.getAttribute("data-preuves").split(" ").indexOf(id) !== -1) {
        el.classList.add("preuve--active");
        if (!first) first = el;
      }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
