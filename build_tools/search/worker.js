/* The course's search worker (installed by build_tools/search/patch.py in place of
 * Material's Lunr worker; Material's search box and result list are unchanged).
 *
 * Messages, as Material's: SETUP → READY, QUERY → RESULT.  The index
 * (search/academy-index.js, built by build_tools/search/index.py) is loaded on
 * the first query, not on page view.
 *
 * A query is understood in four steps:
 *   1. Traditional characters become Simplified (a table made with OpenCC);
 *   2. it is segmented with the index's own vocabulary (fewest words, longest first);
 *   3. question and function words (docs/thesaurus.yaml) are dropped;
 *   4. every remaining word is expanded with its thesaurus group.
 * Pages are ranked with BM25F over title, declared questions, headings, tags and
 * summary, and text; every word is optional, and a page that matches more of
 * the question's words gains over one that matches a single common word.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Field weights: title, declared questions, headings, tags/terms, summary, text. */
  var FIELDS = { t: 4, q: 3, h: 2, m: 2.5, s: 1.5, b: 1 };
  var K1 = 1.2, B = 0.5;
  var WEIGHT = { word: 1, part: 0.5, synonym: 0.8, related: 0.4 };
  var COVERAGE = 1.5;       /* score × (share of the question's words matched) ^ COVERAGE */
  var MAX_PAGES = 25, MAX_SECTIONS = 4, SNIPPET = 120;

  var RUN = /[\u3400-\u9fff·]+|[a-z0-9]+/g;
  var HAN = /[\u3400-\u9fff]/;
  var SENTENCE_END = /[。！？；!?\n]/;

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* ---- Query understanding (pure functions over the index data) ---- */

  function Analyzer(data) {
    this.dict = new Set(data.vocab.split(" "));
    this.maxLen = 1;
    var self = this;
    this.dict.forEach(function (w) { if (w.length > self.maxLen) self.maxLen = w.length; });
    this.stop = new Set(data.stop ? data.stop.split(" ") : []);
    this.stop.forEach(function (w) { self.dict.add(w); if (w.length > self.maxLen) self.maxLen = w.length; });
    this.t2s = new Map();
    var t = Array.from(data.t2s[0]), s = Array.from(data.t2s[1]);
    for (var i = 0; i < t.length; i++) this.t2s.set(t[i], s[i]);
    /* word → [{word, weight}] from the thesaurus */
    this.syn = new Map();
    (data.syn || []).forEach(function (group) {
      var words = group[0], related = group[1] || [];
      words.forEach(function (w) {
        var list = self.syn.get(w) || [];
        words.forEach(function (o) { if (o !== w) list.push({ word: o, weight: WEIGHT.synonym }); });
        related.forEach(function (o) { if (o !== w) list.push({ word: o, weight: WEIGHT.related }); });
        self.syn.set(w, list);
      });
    });
  }

  /* Traditional → Simplified, full-width → half-width, lower case. */
  Analyzer.prototype.normalize = function (text) {
    var t2s = this.t2s;
    return Array.from(text.normalize("NFKC").toLowerCase(), function (c) { return t2s.get(c) || c; }).join("");
  };

  /* Segment a run of Chinese characters: fewest words, dictionary words only (else single characters). */
  Analyzer.prototype.segmentRun = function (run) {
    var n = run.length, best = new Array(n + 1), from = new Array(n + 1);
    best[0] = 0;
    for (var i = 1; i <= n; i++) {
      best[i] = Infinity;
      for (var len = Math.min(this.maxLen, i); len >= 1; len--) {
        var w = run.slice(i - len, i);
        if (len > 1 && !this.dict.has(w)) continue;
        if (best[i - len] + 1 < best[i]) { best[i] = best[i - len] + 1; from[i] = i - len; }
      }
    }
    var words = [];
    for (var j = n; j > 0; j = from[j]) words.unshift(run.slice(from[j], j));
    return words;
  };

  /* Words of a normalized text, in order. */
  Analyzer.prototype.words = function (text) {
    var out = [], m, self = this;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text)) !== null) {
      if (HAN.test(m[0])) self.segmentRun(m[0]).forEach(function (w) { if (w !== "·") out.push(w); });
      else out.push(m[0]);
    }
    return out;
  };

  /* Dictionary words inside a longer word (客户档案 → 客户, 档案). */
  Analyzer.prototype.parts = function (word) {
    var out = [];
    if (word.length < 3) return out;
    for (var i = 0; i < word.length; i++)
      for (var len = 2; len < word.length && i + len <= word.length; len++) {
        var w = word.slice(i, i + len);
        if (this.dict.has(w) && !this.stop.has(w)) out.push(w);
      }
    return out;
  };

  /* The query as concepts: each a list of alternatives {word, weight}. */
  Analyzer.prototype.analyse = function (query) {
    var self = this;
    var all = this.words(this.normalize(query));
    var kept = all.filter(function (w) { return !self.stop.has(w); });
    if (!kept.length) kept = all;
    var seen = new Set(), concepts = [];
    kept.forEach(function (w) {
      if (seen.has(w)) return;
      seen.add(w);
      var alts = [{ word: w, weight: WEIGHT.word }];
      (self.syn.get(w) || []).forEach(function (a) { alts.push(a); });
      self.parts(w).forEach(function (p) {
        alts.push({ word: p, weight: WEIGHT.part });
        (self.syn.get(p) || []).forEach(function (a) { alts.push({ word: a.word, weight: a.weight * WEIGHT.part }); });
      });
      var best = new Map();
      alts.forEach(function (a) { if (!best.has(a.word) || best.get(a.word) < a.weight) best.set(a.word, a.weight); });
      concepts.push({ word: w, alts: Array.from(best, function (e) { return { word: e[0], weight: e[1] }; }) });
    });
    return { words: all, dropped: all.filter(function (w) { return self.stop.has(w); }), concepts: concepts };
  };

  /* ---- The index ---- */

  function Index(data) {
    var an = this.analyzer = new Analyzer(data);
    this.pages = data.pages;
    this.df = new Map();
    this.avg = {};
    var self = this, totals = {};
    Object.keys(FIELDS).forEach(function (f) { totals[f] = 0; });
    this.docs = this.pages.map(function (p) {
      var secs = p.c || [];
      var fields = {
        t: p.t, q: p.q || "", h: secs.map(function (s) { return s[1]; }).join("\n"),
        m: p.m || "", s: p.s || "", b: [p.x || ""].concat(secs.map(function (s) { return s[2]; })).join("\n")
      };
      var doc = { tf: {}, len: {}, terms: new Set() };
      Object.keys(FIELDS).forEach(function (f) {
        var tf = new Map(), n = 0;
        an.words(an.normalize(fields[f])).forEach(function (w) {
          n++;
          tf.set(w, (tf.get(w) || 0) + 1);
          an.parts(w).forEach(function (part) { tf.set(part, (tf.get(part) || 0) + 0.5); });
        });
        doc.tf[f] = tf; doc.len[f] = n; totals[f] += n;
        tf.forEach(function (_, w) { doc.terms.add(w); });
      });
      doc.terms.forEach(function (w) { self.df.set(w, (self.df.get(w) || 0) + 1); });
      return doc;
    });
    Object.keys(FIELDS).forEach(function (f) { self.avg[f] = Math.max(1, totals[f] / self.docs.length); });
  }

  Index.prototype.idf = function (word) {
    var n = this.docs.length, df = this.df.get(word) || 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  /* BM25F: field-weighted, length-normalised term frequency, saturated once. */
  Index.prototype.termScore = function (doc, word) {
    var x = 0, avg = this.avg;
    for (var f in FIELDS) {
      var tf = doc.tf[f].get(word);
      if (tf) x += FIELDS[f] * tf / (1 - B + B * doc.len[f] / avg[f]);
    }
    return x ? this.idf(word) * x / (K1 + x) : 0;
  };

  Index.prototype.search = function (query) {
    var q = this.analyzer.analyse(query), self = this;
    if (!q.concepts.length) return { query: q, hits: [] };
    var hits = [];
    this.docs.forEach(function (doc, i) {
      var score = 0, matched = 0, words = [];
      q.concepts.forEach(function (c) {
        var best = 0;
        c.alts.forEach(function (a) {
          if (!doc.terms.has(a.word)) return;
          var s = a.weight * self.termScore(doc, a.word);
          if (s > 0) words.push(a.word);
          if (s > best) best = s;
        });
        if (best > 0) { score += best; matched++; }
      });
      if (!matched) return;
      score *= Math.pow(matched / q.concepts.length, COVERAGE) * (self.pages[i].w || 1);
      hits.push({ page: i, score: score, words: words });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { query: q, hits: hits.slice(0, MAX_PAGES) };
  };

  /* ---- Presentation: Material's result items ---- */

  function mark(text, words) {
    var escaped = escapeHTML(text);
    var list = words.filter(function (w) { return w.length > 1 || HAN.test(w); })
      .map(escapeHTML).sort(function (a, b) { return b.length - a.length; });
    if (!list.length) return escaped;
    var re = new RegExp(list.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
    return escaped.replace(re, function (m) { return "<mark>" + m + "</mark>"; });
  }

  /* Sentences of a text, each starting where a sentence starts. */
  function sentences(text) {
    var out = [], start = 0;
    for (var i = 0; i < text.length; i++)
      if (SENTENCE_END.test(text[i])) {
        while (i + 1 < text.length && /[”’」』）)\s]/.test(text[i + 1])) i++;
        out.push(text.slice(start, i + 1)); start = i + 1;
      }
    if (start < text.length) out.push(text.slice(start));
    return out.map(function (s) { return s.replace(/^[\s。，、；：！？!?,.;:”’」』）)]+/, ""); })
      .filter(function (s) { return s.length > 0; });
  }

  /* How well a piece of text matches: the concepts it contains, weighted. */
  function textScore(text, concepts, idf) {
    var score = 0;
    concepts.forEach(function (c) {
      var best = 0;
      c.alts.forEach(function (a) { if (text.indexOf(a.word) >= 0) best = Math.max(best, a.weight * idf(a.word)); });
      score += best;
    });
    return score;
  }

  /* A snippet starting at the sentence that matches best, with the next sentences up to SNIPPET characters. */
  function snippet(text, concepts, idf) {
    var list = sentences(text);
    if (!list.length) return "";
    var best = 0, at = 0;
    list.forEach(function (s, i) { var sc = textScore(s, concepts, idf); if (sc > best) { best = sc; at = i; } });
    var out = list[at];
    for (var j = at + 1; j < list.length && out.length < SNIPPET; j++) out += list[j];
    return out.length > SNIPPET + 40 ? out.slice(0, SNIPPET) + "…" : out;
  }

  Index.prototype.results = function (query) {
    var found = this.search(query), self = this, concepts = found.query.concepts;
    var idf = function (w) { return self.idf(w); };
    var items = found.hits.map(function (hit) {
      var page = self.pages[hit.page], words = hit.words, terms = {};
      words.forEach(function (w) { terms[w] = true; });
      var parts = [{ anchor: "", title: page.t, text: page.x || "" }].concat((page.c || []).map(function (s) {
        return { anchor: s[0], title: s[1], text: s[2] };
      })).filter(function (p) { return p.text; });
      parts.forEach(function (p) { p.score = textScore(p.title + "\n" + p.text, concepts, idf); });
      var ranked = parts.slice().sort(function (a, b) { return b.score - a.score; });
      var lead = ranked.length ? ranked[0] : null;
      var group = [{
        location: page.u, title: mark(page.t, words),
        text: lead ? "<p>" + mark(snippet(lead.text, concepts, idf), words) + "</p>" : "",
        score: hit.score, terms: terms
      }];
      ranked.filter(function (p) { return p.anchor && p.score > 0; }).slice(0, MAX_SECTIONS).forEach(function (p, i) {
        group.push({
          location: page.u + "#" + p.anchor, title: mark(p.title, words),
          text: "<p>" + mark(snippet(p.text, concepts, idf), words) + "</p>",
          score: hit.score / (2 + i), terms: terms
        });
      });
      return group;
    });
    return { items: items };
  };

  /* ---- Worker plumbing ---- */

  var api = { Analyzer: Analyzer, Index: Index, sentences: sentences };
  self.AcademySearch = api;

  var inIframe = typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent;
  var inWorker = typeof WorkerGlobalScope !== "undefined" || inIframe;
  if (!inWorker) return;

  var index = null;
  function indexURL() {
    /* In the iframe shim, relative URLs resolve against the page; use this script's own address. */
    var here = inIframe ? document.querySelector("script[src]").src : self.location.href;
    return new URL("../../../search/academy-index.js", here).href;
  }
  function load() {
    if (index) return Promise.resolve(index);
    return Promise.resolve(importScripts(indexURL())).then(function () {
      index = new Index(self.__academySearch);
      return index;
    });
  }

  addEventListener("message", function (ev) {
    var message = ev.data;
    if (message.type === SETUP) { postMessage({ type: READY }); return; }
    if (message.type !== QUERY) return;
    load().then(function (ix) {
      postMessage({ type: RESULT, data: message.data.trim() ? ix.results(message.data) : { items: [] } });
    }).catch(function (err) {
      console.warn("search failed", err);
      postMessage({ type: RESULT, data: { items: [] } });
    });
  });
})();
