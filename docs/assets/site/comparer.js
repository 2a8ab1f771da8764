/* Comparer page: filter the rows (text, family, period), sort by any column, and download exactly the rows shown
   as CSV (built here from each row's data-ligne, in the column order of the table's data-colonnes). */
(function () {
  "use strict";

  function start() {
    var tableEl = document.getElementById("table-comparer");
    var form = document.getElementById("filtres-comparer");
    if (!tableEl || !form) return;
    var tbody = tableEl.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var count = document.getElementById("compte-comparer");
    var text = document.getElementById("cmp-texte");
    var family = document.getElementById("cmp-famille");
    var period = document.getElementById("cmp-periode");

    function fold(s) {
      return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function visible() {
      return rows.filter(function (r) { return !r.hidden; });
    }

    function apply() {
      var q = fold(text.value.trim());
      rows.forEach(function (r) {
        r.hidden = !((!q || fold(r.dataset.texte).indexOf(q) !== -1) &&
                     (!family.value || r.dataset.famille === family.value) &&
                     (!period.value || r.dataset.periode === period.value));
      });
      var n = visible().length;
      count.textContent = n + (n <= 1 ? " contrat" : " contrats") + (n === rows.length ? "" : " sur " + rows.length);
    }

    [text, family, period].forEach(function (el) { el.addEventListener("input", apply); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var headers = tableEl.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector("button.tri");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[index].dataset.valeur, y = b.cells[index].dataset.valeur;
          var nx = parseFloat(x), ny = parseFloat(y), r;
          if (x === "" && y !== "") return 1;
          if (y === "" && x !== "") return -1;
          if (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) r = nx - ny;
          else r = x.localeCompare(y, "fr", { sensitivity: "base", numeric: true });
          return ascending ? r : -r;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });

    function csvCell(v) {
      if (v === null || v === undefined) return "";
      var s = String(v);
      if (typeof v === "number") s = s.replace(".", ",");
      else if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // neutralised against spreadsheet formulas
      return /[";\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }

    document.getElementById("cmp-csv").addEventListener("click", function () {
      var columns = JSON.parse(tableEl.dataset.colonnes);
      var lines = [columns.join(";")];
      visible().forEach(function (r) { lines.push(JSON.parse(r.dataset.ligne).map(csvCell).join(";")); });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "comparaison-selection.csv";
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
