/* Catalogue table: filter by text, family, territory, status and year, and sort by any column (no library). */
(function () {
  "use strict";

  function start() {
    var table = document.getElementById("catalogue");
    var form = document.getElementById("filtres-catalogue");
    if (!table || !form) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = document.getElementById("compte-catalogue");
    form.hidden = false;

    function value(name) {
      var field = form.querySelector('[data-filtre="' + name + '"]');
      return field ? field.value.trim() : "";
    }

    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function apply() {
      var text = fold(value("texte"));
      var family = value("famille");
      var territory = value("territoire");
      var status = value("statut");
      var year = parseInt(value("annee"), 10);
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!text || fold(d.texte || "").indexOf(text) !== -1)
          && (!family || d.famille === family)
          && (!status || d.statut === status)
          && (!territory || (d.territoires || "").split("|").indexOf(territory) !== -1)
          && (isNaN(year) || (d.debut !== "" && d.fin !== "" && +d.debut <= year && year <= +d.fin));
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) {
        count.textContent = shown === rows.length
          ? rows.length + (rows.length > 1 ? " contrats" : " contrat")
          : shown + " contrat" + (shown > 1 ? "s" : "") + " sur " + rows.length;
      }
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });

    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.dataset.type === "nombre";
        headers.forEach(function (other) { if (other.querySelector("button")) other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[index].dataset.valeur || "";
          var y = b.cells[index].dataset.valeur || "";
          var r;
          if (numeric) {
            // Empty values always go last.
            if (x === "" || y === "") return (x === "") - (y === "");
            r = parseFloat(x) - parseFloat(y);
          } else {
            r = x.localeCompare(y, "fr", { sensitivity: "base", numeric: true });
          }
          return ascending ? r : -r;
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
