/* The course's search worker (installed by build_tools/search/patch.py in place of
 * Material's Lunr worker; Material's search box and result list are unchanged).
 *
 * Messages, as Material's: SETUP → READY, QUERY → RESULT.  The index
 * (search/academy-index.js, built by build_tools/search/index.py) is loaded on
 * the first query, not on page view.
 *
 * A query is understood in four steps:
 *   1. Traditional characters become Simplified (a table made with OpenCC);
 *   2. it is segmented with the index's own vocabulary (lowest cost); neighbouring
 *      characters the vocabulary does not list stay one word, in the query as on the pages;
 *   3. question and function words (docs/thesaurus.yaml) are dropped;
 *   4. every remaining word is expanded with its thesaurus group.
 * Pages are ranked with BM25F over title, declared questions, headings, tags and
 * summary, and text; every word is optional, and a page that matches more of
 * the question's words gains over one that matches a single common word.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Ranking parameters (tuned on the tuning half of eval/search-questions.yaml only). */
  var P = {
    fields: { t: 6, q: 4, h: 4, m: 2, s: 1.5, b: 1 },  /* title, questions, headings, tags/terms, summary, text */
    k1: 3,
    b: { t: 0.3, q: 0.3, h: 0.3, m: 0.3, s: 0.5, b: 0.6 },  /* length normalisation per field */
    question: 2,            /* a declared question that holds the whole query multiplies by 1 + question */
    /* how much an alternative of a query word counts; char: a one-character word (换, 退, 送)
       found inside the page's longer words, which in a question often carries its action */
    weight: { word: 1, split: 0.9, synonym: 0.7, related: 0.35, char: 0.8 },
    partTf: 0.5,            /* a word inside a longer word counts this much of an occurrence */
    coverage: 0.75,         /* score × (weighted share of the question's words matched) ^ coverage */
    singleChar: 0.35,       /* a lone character counts for less in that share, and its synonyms too */
    minIdf: 0.2,            /* a word on almost every page still counts a little (in a title, say) */
    unknownCost: 12         /* segmentation cost of a character the vocabulary does not list */
  };
  var FIELDS = P.fields;
  var WEIGHT = P.weight;
  var MAX_PAGES = 25, MAX_SECTIONS = 4, SNIPPET = 120;

  var CHAR = "\u0001";     /* prefix of the character terms */
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
    /* word → segmentation cost; data.vocab[i] lists the words of cost i */
    this.dict = new Map();
    this.maxLen = 1;
    var self = this;
    data.vocab.forEach(function (words, cost) {
      if (words) words.split(" ").forEach(function (w) {
        self.dict.set(w, cost);
        if (w.length > self.maxLen) self.maxLen = w.length;
      });
    });
    this.stop = new Set(data.stop ? data.stop.split(" ") : []);
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

  /* Segment a run of Chinese characters: the dictionary words (or single characters) of lowest total cost. */
  Analyzer.prototype.segmentRun = function (run, exclude) {
    var n = run.length, best = new Array(n + 1), from = new Array(n + 1);
    best[0] = 0;
    for (var i = 1; i <= n; i++) {
      best[i] = Infinity;
      for (var len = Math.min(this.maxLen, i); len >= 1; len--) {
        var w = run.slice(i - len, i), cost = w === exclude ? undefined : this.dict.get(w);
        if (cost === undefined) {
          if (len > 1) continue;
          cost = P.unknownCost;
        }
        if (best[i - len] + cost < best[i]) { best[i] = best[i - len] + cost; from[i] = i - len; }
      }
    }
    var words = [];
    for (var j = n; j > 0; j = from[j]) words.unshift(run.slice(from[j], j));
    return words;
  };

  /* Neighbouring characters the vocabulary does not list are one word (礼拜, 照顾 where no page
     uses them), on the pages as in a query: such a word finds the pages that hold it, and its
     characters do not match unrelated words (礼 in 礼貌, 顾 in 顾客). */
  Analyzer.prototype.mergeUnknown = function (words) {
    var out = [], dict = this.dict, after = false;
    words.forEach(function (w) {
      var unknown = w.length === 1 && HAN.test(w) && !dict.has(w);
      if (unknown && after) out[out.length - 1] += w;
      else out.push(w);
      after = unknown;
    });
    return out;
  };

  /* Words of a normalized text, in order. */
  Analyzer.prototype.words = function (text) {
    var out = [], m, self = this;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text)) !== null) {
      if (HAN.test(m[0])) self.mergeUnknown(self.segmentRun(m[0])).forEach(function (w) { if (w !== "·") out.push(w); });
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
    function concept(w) {
      var alts = [w.length === 1 && HAN.test(w) ? { word: CHAR + w, weight: WEIGHT.char } : { word: w, weight: WEIGHT.word }];
      var single = w.length === 1 ? P.singleChar : 1;
      /* a one-character synonym of a longer word (慢 for 反应慢) is as loose as a one-character word */
      (self.syn.get(w) || []).forEach(function (a) {
        alts.push({ word: a.word, weight: a.weight * (a.word.length === 1 && w.length > 1 ? P.singleChar : single) });
      });
      var best = new Map();
      alts.forEach(function (a) { if (!best.has(a.word) || best.get(a.word) < a.weight) best.set(a.word, a.weight); });
      return { word: w, alts: Array.from(best, function (e) { return { word: e[0], weight: e[1] }; }) };
    }
    kept.forEach(function (w) {
      if (seen.has(w)) return;
      seen.add(w);
      var c = concept(w);
      /* a compound (客户投诉) also matches as its words (客户 + 投诉), each with its synonyms */
      if (w.length >= 3 && HAN.test(w)) {
        var pieces = self.segmentRun(w, w);
        if (pieces.length > 1 && pieces.every(function (p) { return p.length > 1 && !self.stop.has(p); }))
          c.split = pieces.map(concept);
      }
      concepts.push(c);
    });
    return { words: all, dropped: all.filter(function (w) { return self.stop.has(w); }), concepts: concepts };
  };

  /* The terms of a text as a set: its words, the words inside them and their characters. */
  Analyzer.prototype.termSet = function (text) {
    var set = new Set(), self = this;
    this.words(this.normalize(text)).forEach(function (w) {
      set.add(w);
      self.parts(w).forEach(function (x) { set.add(x); });
      if (HAN.test(w)) Array.from(w).forEach(function (c) { set.add(CHAR + c); });
    });
    return set;
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
      var doc = { tf: {}, len: {}, terms: new Set(), questions: [] };
      /* each declared question's words, to see how much of a query one question holds */
      if (p.q) doc.questions = p.q.split("\n").map(function (q) { return an.termSet(q); });
      Object.keys(FIELDS).forEach(function (f) {
        var tf = new Map(), n = 0;
        an.words(an.normalize(fields[f])).forEach(function (w) {
          n++;
          tf.set(w, (tf.get(w) || 0) + 1);
          an.parts(w).forEach(function (part) { tf.set(part, (tf.get(part) || 0) + P.partTf); });
          /* every character too, so a one-character word of a query finds it inside words */
          if (w.length > 1 && HAN.test(w)) Array.from(w).forEach(function (c) { tf.set(CHAR + c, (tf.get(CHAR + c) || 0) + 1); });
          else if (w.length === 1) tf.set(CHAR + w, (tf.get(CHAR + w) || 0) + 1);
        });
        doc.tf[f] = tf; doc.len[f] = n; totals[f] += n;
        tf.forEach(function (_, w) { doc.terms.add(w); });
      });
      doc.terms.forEach(function (w) { self.df.set(w, (self.df.get(w) || 0) + 1); });
      return doc;
    });
    Object.keys(FIELDS).forEach(function (f) { self.avg[f] = Math.max(1, totals[f] / self.docs.length); });
  }

  Index.prototype.idfOf = function (df) {
    var n = this.docs.length;
    return Math.max(P.minIdf, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  };

  /* The share of the query (by importance) that the best-matching declared question holds. */
  function questionMatch(sets, concepts, total) {
    var best = 0;
    sets.forEach(function (words) {
      var got = 0;
      /* a question holding the word itself counts fully; one holding a synonym, as much as the synonym weighs */
      var has = function (alts) {
        var top = 0;
        alts.forEach(function (a) { if (words.has(a.word) && a.weight > top) top = a.weight; });
        return Math.min(1, top / WEIGHT.word);
      };
      concepts.forEach(function (c) {
        var share = has(c.alts);
        if (c.split) share = Math.max(share, Math.min.apply(null, c.split.map(function (piece) { return has(piece.alts); })));
        got += c.importance * share;
      });
      best = Math.max(best, got / total);
    });
    return best;
  }

  Index.prototype.idf = function (word) { return this.idfOf(this.df.get(word) || 0); };


  /* BM25F: field-weighted, length-normalised term frequency, saturated once (times the idf, in search). */
  Index.prototype.termScore = function (doc, word) {
    var x = 0, avg = this.avg;
    for (var f in FIELDS) {
      var tf = doc.tf[f].get(word);
      if (tf) x += FIELDS[f] * tf / (1 - P.b[f] + P.b[f] * doc.len[f] / avg[f]);
    }
    return x ? x / (P.k1 + x) : 0;
  };

  Index.prototype.search = function (query) {
    var q = this.analyzer.analyse(query), self = this;
    if (!q.concepts.length) return { query: q, hits: [] };
    var hits = [], total = 0;
    q.concepts.forEach(function (c) {
      c.importance = c.word.length > 1 ? 1 : P.singleChar;
      total += c.importance;
      /* a word and its synonyms count as one term: the idf of the most common of them;
         a looser alternative (a part of the word, a related word) never counts for more than its own idf */
      var df = 0, full = WEIGHT.synonym * (c.word.length > 1 ? 1 : P.singleChar);
      c.alts.forEach(function (a) { if (a.weight >= full) df = Math.max(df, self.df.get(a.word) || 0); });
      c.idf = self.idfOf(df);
      c.alts.forEach(function (a) { a.idf = Math.min(c.idf, self.idf(a.word)); });
      var pieces = 0;
      (c.split || []).forEach(function (piece) {
        var pdf = 0;
        piece.alts.forEach(function (a) { if (a.weight >= WEIGHT.synonym) pdf = Math.max(pdf, self.df.get(a.word) || 0); });
        var pidf = self.idfOf(pdf);
        piece.alts.forEach(function (a) { a.idf = Math.min(pidf, self.idf(a.word)); });
        pieces += pidf;
      });
      /* a compound is worth no more than its words together (客户投诉 = 客户 + 投诉) */
      if (c.split) c.alts.forEach(function (a) { a.idf = Math.min(a.idf, pieces); });
    });
    function best(doc, alts, words) {
      var top = 0;
      alts.forEach(function (a) {
        if (!doc.terms.has(a.word)) return;
        var s = a.idf * a.weight * self.termScore(doc, a.word);
        if (s > 0 && a.word[0] !== CHAR) words.push(a.word);  /* words to highlight */
        if (s > top) top = s;
      });
      return top;
    }
    this.docs.forEach(function (doc, i) {
      var score = 0, matched = 0, words = [];
      q.concepts.forEach(function (c) {
        var top = best(doc, c.alts, words);
        if (c.split) {
          var sum = 0;
          c.split.forEach(function (piece) { sum += best(doc, piece.alts, words); });
          top = Math.max(top, WEIGHT.split * sum);
        }
        if (top > 0) { score += top; matched += c.importance; }
      });
      if (!matched) return;
      score *= Math.pow(matched / total, P.coverage) * (self.pages[i].w || 1);
      if (doc.questions.length) score *= 1 + P.question * Math.pow(questionMatch(doc.questions, q.concepts, total), 2);
      hits.push({ page: i, score: score, words: words });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { query: q, hits: hits.slice(0, MAX_PAGES) };
  };

  /* ---- Presentation: Material's result items ---- */

  function mark(text, words) {
    var escaped = escapeHTML(text);
    var list = words.filter(function (w) { return w.length > 1; })
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
      var parts = [{ anchor: "", title: page.t, text: page.x || "" }, { anchor: "", title: page.t, text: page.s || "" }]
        .concat((page.c || []).map(function (s) { return { anchor: s[0], title: s[1], text: s[2] }; }))
        .filter(function (p) { return p.text; });
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

  var api = { Analyzer: Analyzer, Index: Index, sentences: sentences, params: P };
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
    /* Material asks with the empty box as soon as the worker is ready: answer without the index */
    if (!message.data.trim()) { postMessage({ type: RESULT, data: { items: [] } }); return; }
    load().then(function (ix) {
      postMessage({ type: RESULT, data: ix.results(message.data) });
    }).catch(function (err) {
      console.warn("search failed", err);
      postMessage({ type: RESULT, data: { items: [] } });
    });
  });
})();
