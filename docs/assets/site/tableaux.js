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

  // Tables that stack on phones label each cell with its column's header (rows built by scripts included).
  function label() {
    var tables = document.querySelectorAll(".md-typeset .empile table");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
        var copy = th.cloneNode(true);
        Array.prototype.forEach.call(copy.querySelectorAll(".sr-only"), function (el) { el.remove(); });
        return copy.textContent.trim();
      }) : [];
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          Array.prototype.forEach.call(tr.cells, function (td, i) {
            if (!td.hasAttribute("data-label") && heads[i]) td.setAttribute("data-label", heads[i]);
          });
        });
      });
    });
  }

  window.addEventListener("load", function () { label(); window.requestAnimationFrame(update); });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("form.filtres, button.tri")) window.setTimeout(label, 0);
  });
  window.addEventListener("resize", update);
  document.addEventListener("toggle", update, true);
})();
