/* Catalogue table: filter by text, family, territory, status and year, and sort by any column (no library).
   A large catalogue is split across static pages; its first page then names the whole list in data-source
   (contrats/catalogue.json, compact rows) and the rows are rebuilt here, exactly as the pages render them. */
(function () {
  "use strict";

  function cell(value, html, numeric) {
    var td = document.createElement("td");
    td.dataset.valeur = value;
    if (numeric) td.className = "nombre";
    td.innerHTML = html;
    return td;
  }

  function esc(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML.replace(/"/g, "&quot;");
  }

  // Row of catalogue.json: [id, titre, famille, statut, [[territoire, clé de page ou ""]], début, fin, période,
  // total (nombre), total (texte), [territoires du filtre (hiérarchie)], par habitant (nombre), par habitant (texte)].
  function buildRow(r, territoires) {
    var tr = document.createElement("tr");
    var names = r[4].map(function (t) { return t[0]; });
    tr.dataset.famille = r[2];
    tr.dataset.statut = r[3];
    tr.dataset.territoires = (r[10] || names).join("|");
    tr.dataset.debut = r[5];
    tr.dataset.fin = r[6];
    tr.dataset.texte = r[1] + " " + r[0];
    var terr = r[4].map(function (t) {
      return t[1] ? '<a href="' + esc(territoires + t[1] + "/") + '">' + esc(t[0]) + "</a>" : esc(t[0]);
    }).join(", ");
    tr.appendChild(cell(r[1], '<a href="' + esc(r[0] + "/") + '">' + esc(r[1]) + "</a>"));
    tr.appendChild(cell(r[2], esc(r[2])));
    tr.appendChild(cell(names.join(", "), terr || '<span class="vide">—</span>'));
    tr.appendChild(cell(String(r[5]), r[7] ? esc(r[7]) : '<span class="vide">—</span>'));
    tr.appendChild(cell(r[3], esc(r[3])));
    tr.appendChild(cell(r[8], r[9] ? esc(r[9]) : '<span class="vide">non indiqué</span>', true));
    tr.appendChild(cell(r[11] || "", r[12] ? esc(r[12]) : '<span class="vide">—</span>', true));
    return tr;
  }

  function start() {
    var table = document.getElementById("catalogue");
    var form = document.getElementById("filtres-catalogue");
    if (!table || !form) return;
    if (table.dataset.source) {
      fetch(table.dataset.source).then(function (r) { return r.json(); }).then(function (data) {
        var body = table.tBodies[0];
        var fragment = document.createDocumentFragment();
        data.forEach(function (r) { fragment.appendChild(buildRow(r, table.dataset.territoires || "../territoires/")); });
        body.replaceChildren(fragment);
        Array.prototype.forEach.call(document.querySelectorAll(".md-content nav.pagination"), function (nav) {
          nav.hidden = true;
        });
        init(table, form);
      });
      return;
    }
    init(table, form);
  }

  function init(table, form) {
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
