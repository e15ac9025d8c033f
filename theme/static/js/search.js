/*
 * Site search: results as you type under the header search field, and the page /suche/.
 *
 * Loaded (deferred) on every page, but downloads nothing until the header field gets
 * focus or input; on /suche/ it loads at once. The index, store and lunr scripts live
 * next to the search page (the form's action, /suche/); the query logic is
 * search-core.js next to this file. Results are built with DOM methods and textContent.
 */
(function () {
  "use strict";

  if (!("fetch" in window && "Promise" in window && document.querySelector)) return;

  var HEADER_LIMIT = 8;
  var PAGE_LIMIT = 50;
  var DELAY_MS = 80;
  var thisScript = document.currentScript;
  var loading = null;

  function searchBase() {
    var form =
      document.getElementById("app-search-form") ||
      document.querySelector("form.app-header-search");
    return new URL(form ? form.getAttribute("action") : "/suche/", document.baseURI);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("cannot load " + src));
      };
      document.head.appendChild(script);
    });
  }

  function loadJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* Everything the search needs, fetched once: lunr, lunr.stemmer.support, lunr.de in order. */
  function load() {
    if (loading) return loading;
    var base = searchBase();
    var core = new URL("search-core.js", thisScript ? thisScript.src : document.baseURI);
    var scripts = loadScript(new URL("lunr.js", base).href)
      .then(function () {
        return loadScript(new URL("lunr.stemmer.support.js", base).href);
      })
      .then(function () {
        return loadScript(new URL("lunr.de.js", base).href);
      });
    loading = Promise.all([
      loadJSON(new URL("index.json", base).href),
      loadJSON(new URL("store.json", base).href),
      scripts,
      window.appSearchCore ? null : loadScript(core.href),
    ]).then(function (parts) {
      return window.appSearchCore.create(window.lunr, parts[0], parts[1]);
    });
    loading.catch(function () {
      loading = null; // let the next keystroke try again
    });
    return loading;
  }

  function serviceUrl(id) {
    return new URL("../leistungen/" + encodeURIComponent(id) + "/", searchBase()).href;
  }

  function countText(n, query) {
    var quoted = "„" + query + "“";
    if (n === 0) return "Keine Treffer für " + quoted + ".";
    return (n === 1 ? "1 Treffer" : n + " Treffer") + " für " + quoted + ".";
  }

  function resultItem(hit, prefix) {
    var item = document.createElement("li");
    item.className = prefix + "__item";
    var link = document.createElement("a");
    link.className = prefix + "__link";
    link.href = serviceUrl(hit.id);
    link.textContent = hit.title;
    var summary = document.createElement("p");
    summary.className = prefix + "__summary";
    summary.textContent = hit.summary;
    item.appendChild(link);
    item.appendChild(summary);
    return item;
  }

  function debounce(fn) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, DELAY_MS);
    };
  }

  /* ---- the page /suche/ ---- */

  function initPage() {
    var form = document.getElementById("app-search-form");
    var input = document.getElementById("app-search-q");
    var status = document.getElementById("app-search-status");
    var list = document.getElementById("app-search-results");
    if (!form || !input || !status || !list) return;
    var nojs = document.getElementById("app-search-nojs");
    if (nojs) nojs.hidden = true;

    var params = new URLSearchParams(window.location.search);
    if (params.has("q")) input.value = params.get("q");

    function show() {
      var query = input.value.trim();
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
      if (!query) {
        list.replaceChildren();
        status.textContent = "Geben Sie einen Suchbegriff ein, zum Beispiel Personalausweis.";
        return;
      }
      status.textContent = "Suche wird geladen …";
      load().then(
        function (search) {
          if (input.value.trim() !== query) return; // a newer query is on its way
          var hits = search.search(query, PAGE_LIMIT);
          list.replaceChildren.apply(
            list,
            hits.map(function (hit) {
              return resultItem(hit, "app-search-result");
            })
          );
          status.textContent = countText(hits.length, query);
        },
        function () {
          status.textContent =
            "Die Suche konnte nicht geladen werden. Bitte nutzen Sie die Liste A–Z.";
        }
      );
    }

    input.addEventListener("input", debounce(show));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
    });
    load();
    show();
  }

  /* ---- results as you type under the header field ---- */

  function initHeader() {
    var form = document.querySelector("form.app-header-search");
    var input = document.getElementById("app-header-q");
    if (!form || !input) return;

    var box = document.createElement("div");
    box.id = "app-header-results";
    box.className = "app-header-results";
    box.hidden = true;
    // The count is shown in the box and announced by a live region outside it: a live
    // region inside a hidden box would miss the first announcement.
    var status = document.createElement("p");
    status.className = "app-header-results__status";
    status.setAttribute("aria-hidden", "true");
    var live = document.createElement("p");
    live.id = "app-header-status";
    live.className = "app-visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    var list = document.createElement("ul");
    list.className = "app-header-results__list";
    var all = document.createElement("a");
    all.className = "app-header-results__all";
    all.textContent = "Alle Treffer anzeigen";
    all.href = allResults(""); // a real address from the start: crawlers see no bare <a>
    box.appendChild(status);
    box.appendChild(list);
    box.appendChild(all);
    form.parentNode.insertBefore(box, form.nextSibling);
    form.parentNode.insertBefore(live, box.nextSibling);
    input.setAttribute("aria-controls", box.id); // aria-expanded is not allowed on a searchbox

    function allResults(query) {
      var url = new URL(searchBase().href);
      url.searchParams.set("q", query);
      return url.href;
    }

    function links() {
      return Array.prototype.slice.call(box.querySelectorAll("a"));
    }

    function open(isOpen) {
      box.hidden = !isOpen;
    }

    function say(text) {
      status.textContent = text;
      live.textContent = text;
    }

    function show() {
      var query = input.value.trim();
      if (!query) {
        list.replaceChildren();
        say("");
        open(false);
        return;
      }
      load().then(
        function (search) {
          if (input.value.trim() !== query) return;
          var hits = search.search(query, HEADER_LIMIT);
          list.replaceChildren.apply(
            list,
            hits.map(function (hit) {
              return resultItem(hit, "app-header-results");
            })
          );
          all.href = allResults(query);
          all.hidden = hits.length === 0;
          open(true);
          say(countText(hits.length, query));
        },
        function () {
          all.hidden = true;
          open(true);
          say("Die Suche konnte nicht geladen werden.");
        }
      );
    }

    function close(refocus) {
      open(false);
      if (refocus) input.focus();
    }

    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", debounce(show));
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !box.hidden && links().length) {
        event.preventDefault();
        links()[0].focus();
      } else if (event.key === "Escape" && !box.hidden) {
        event.preventDefault();
        close(false);
      }
    });
    box.addEventListener("keydown", function (event) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "ArrowDown" && at >= 0) {
        event.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else items[at - 1].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target) && !box.contains(event.target)) close(false);
    });
    function leave(event) {
      var next = event.relatedTarget;
      if (next && !form.contains(next) && !box.contains(next)) close(false);
    }
    form.addEventListener("focusout", leave);
    box.addEventListener("focusout", leave);
  }

  initHeader();
  if (document.getElementById("app-search-form")) initPage();
})();
