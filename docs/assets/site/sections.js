/* Contract pages: a section whose heading (or anything inside it) is the address's target opens by itself. */
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    var details = el.closest("details") ||
      (el.nextElementSibling && el.nextElementSibling.matches("details.section") ? el.nextElementSibling : null);
    if (details && !details.open) {
      details.open = true;
      el.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
