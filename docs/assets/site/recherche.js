/* Pagefind search in the header: start the UI, focus it with « / » or « s », clear it with Échap. */
(function () {
  "use strict";

  function input() {
    return document.querySelector("#recherche input");
  }

  function clear() {
    var field = input();
    if (field && field.value) {
      field.value = "";
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function start() {
    var box = document.getElementById("recherche");
    if (!box) return;
    if (typeof window.PagefindUI !== "function") {
      box.innerHTML = '<p class="recherche__absente">Recherche indisponible : l’index n’a pas été construit.</p>';
      return;
    }
    // Absolute paths: the site may live under a sub-path (GitHub Pages), and result links must follow.
    var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
    var base = new URL(box.getAttribute("data-base"), window.location.href).pathname;
    // Contract pages and full texts are long: soften Pagefind's preference for short pages (every index part).
    var ranking = { pageLength: 0.4 };
    // The index comes in parts (contract pages, document texts, the rest: src/contrats/site/search.py), listed in
    // parties.json; their results are merged into one list. Without the list, the main part alone is searched.
    var parts = window.fetch ? fetch(bundle + "parties.json").then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; }) : Promise.resolve([]);
    parts.then(function (names) {
      build({
        element: "#recherche",
        bundlePath: bundle,
        baseUrl: base,
        mergeIndex: names.map(function (name) {
          return { bundlePath: bundle + name, baseUrl: base, ranking: ranking };
        }),
        showImages: false,
        showSubResults: true,
        resetStyles: true,
        pageSize: 8,
        ranking: ranking,
        // Contract pages carry their family and period (data-pagefind-meta): shown beside the title.
        processResult: function (result) {
          var m = result.meta || {};
          if (m.famille) result.meta.title = m.title + " — " + m.famille + (m.periode ? ", " + m.periode : "");
          return result;
        },
        translations: {
          clear_search: "Effacer",
          placeholder: window.matchMedia("(max-width: 60em)").matches ? "Rechercher…" : "Rechercher un contrat, un lieu, un mot…"
        }
      });
    });
  }

  function build(options) {
    var box = document.getElementById("recherche");
    new window.PagefindUI(options);
    // Pagefind's field only has a title: give it a proper accessible name once the UI has drawn it.
    var named = function () {
      var field = input();
      if (!field) return false;
      field.setAttribute("aria-label", "Rechercher dans le site (raccourci : touche « / »)");
      return true;
    };
    if (!named()) {
      var observer = new MutationObserver(function () { if (named()) observer.disconnect(); });
      observer.observe(box, { childList: true, subtree: true });
    }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        clear();
        var field = input();
        if (field) field.blur();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) clear();
    });
  }

  // « / » and « s » focus the search field (captured before Material's own shortcuts, which target its removed search).
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || editable(document.activeElement)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      var field = input();
      if (!field) return;
      event.preventDefault();
      event.stopPropagation();
      field.focus();
    }
  }, true);

  // No instant navigation on this site: every page load starts with an empty results panel.
  window.addEventListener("pageshow", clear);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
