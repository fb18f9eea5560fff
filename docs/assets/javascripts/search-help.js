/* When a search finds nothing, say what to try: a few of the course's own words related to
 * the question (from the search index, loaded only then) and the topic index.
 * Material renders the search box and results; this adds one note under its "no results" line. */
(function () {
  "use strict";

  var HELP_ID = "search-help";

  function config() {
    var el = document.getElementById("__config");
    return el ? JSON.parse(el.textContent) : { base: "." };
  }

  function siteURL(path) {
    return new URL(config().base.replace(/\/?$/, "/") + path, location.href).href;
  }

  var loading = null;
  function loadIndex() {
    if (window.__academySearch) return Promise.resolve(window.__academySearch);
    if (!loading) loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = siteURL("search/academy-index.js");
      script.onload = function () { resolve(window.__academySearch); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  /* The course's words that share the most characters with the query (Traditional converted). */
  function related(data, query, count) {
    var t2s = new Map(), t = Array.from(data.t2s[0]), s = Array.from(data.t2s[1]);
    for (var i = 0; i < t.length; i++) t2s.set(t[i], s[i]);
    var chars = new Set(Array.from(query.normalize("NFKC"), function (c) { return t2s.get(c) || c; }));
    var freq = new Map();
    data.pages.forEach(function (p) {
      (p.m || "").split(" ").forEach(function (w) { if (w) freq.set(w, (freq.get(w) || 0) + 1); });
    });
    data.syn.forEach(function (g) { if (!freq.has(g[0][0])) freq.set(g[0][0], 1); });
    var scored = [];
    freq.forEach(function (n, w) {
      var shared = new Set(Array.from(w).filter(function (c) { return chars.has(c); })).size;
      scored.push({ word: w, shared: shared, n: n });
    });
    scored.sort(function (a, b) { return b.shared - a.shared || b.n - a.n || a.word.length - b.word.length; });
    var hits = scored.filter(function (x) { return x.shared > 0; });
    return (hits.length ? hits : scored).slice(0, count).map(function (x) { return x.word; });
  }

  function render(meta, input, words) {
    var old = document.getElementById(HELP_ID);
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = HELP_ID;
    box.className = "search-help";
    var p = document.createElement("p");
    p.textContent = "换个说法试试，或者用课程里的这些词：";
    box.appendChild(p);
    var list = document.createElement("p");
    list.className = "search-help__terms";
    words.forEach(function (w) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "search-help__term";
      b.textContent = w;
      b.addEventListener("click", function () {
        input.value = w;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
      });
      list.appendChild(b);
    });
    box.appendChild(list);
    var more = document.createElement("p");
    var a = document.createElement("a");
    a.href = siteURL("topics/index.html");
    a.textContent = "按主题和关键词浏览全部内容";
    more.appendChild(document.createTextNode("也可以"));
    more.appendChild(a);
    more.appendChild(document.createTextNode("。"));
    box.appendChild(more);
    meta.insertAdjacentElement("afterend", box);
  }

  function watch() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector("input.md-search__input");
    if (!meta || !list || !input || meta.dataset.searchHelp) return;
    meta.dataset.searchHelp = "on";
    var none = ((config().translations || {})["search.result.none"]) || "";
    var update = function () {
      var query = input.value.trim();
      var empty = query && !list.children.length && meta.textContent === none;
      var old = document.getElementById(HELP_ID);
      if (!empty) { if (old) old.remove(); return; }
      if (old && old.dataset.query === query) return;
      loadIndex().then(function (data) {
        if (input.value.trim() !== query) return;
        render(meta, input, related(data, query, 6));
        document.getElementById(HELP_ID).dataset.query = query;
      }).catch(function () { /* the note is a courtesy; search itself is unaffected */ });
    };
    new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(watch);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
