/* Wide tables scroll sideways: make each scrolling wrapper keyboard-reachable (tabindex) and named for assistive tech. */
(function () {
  "use strict";

  function update() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset .tableau");
    Array.prototype.forEach.call(wraps, function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "Tableau défilant horizontalement");
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  window.addEventListener("load", function () { window.requestAnimationFrame(update); });
  window.addEventListener("resize", update);
  document.addEventListener("toggle", update, true);
})();
