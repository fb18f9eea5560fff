/* SCORM 1.2 runtime of the drill package: the drills play offline, in test
 * mode, and report to the learning system (LMS) that launched the package.
 *
 * - finds the LMS's `API` object in a parent frame (or the opener) and
 *   initialises it; without one the drills still play and nothing is reported;
 * - keeps the drill records (what drill-player.js would keep in localStorage)
 *   in `cmi.suspend_data`, compactly, within SCORM 1.2's 4,096 characters,
 *   so a learner can leave and resume;
 * - reports `cmi.core.lesson_status` (incomplete until every drill is done,
 *   then passed or failed against the mastery score), `cmi.core.score.raw`
 *   (percent of the points, min 0, max 100) and one interaction per choice
 *   decision (id "<drill>__<step>", the reply's id as the response, correct /
 *   neutral / wrong for a good / acceptable / bad reply);
 * - commits when the page is hidden and finishes when it is left.
 *
 * Nothing is fetched: the drills come from data.js (window.ASA_SCORM).
 */
(function () {
  "use strict";

  var DATA = window.ASA_SCORM;
  var LIMIT = 4096;
  var RESULT = { good: "correct", acceptable: "neutral", bad: "wrong" };
  var api = null, finished = false, started = Date.now();
  var records = Object.create(null); /* drill id -> record (as drill-player.js keeps it) */
  var reported = Object.create(null); /* drill id -> answers already sent as interactions */
  var byId = Object.create(null);
  DATA.drills.forEach(function (d) { byId[d.id] = d; });

  function findAPI(win) {
    for (var n = 0; win && n < 12; n++) {
      try { if (win.API) return win.API; } catch (e) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function get(key) { return api ? String(api.LMSGetValue(key)) : ""; }
  function set(key, value) { if (api) api.LMSSetValue(key, String(value)); }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function timespan(ms) {
    var s = Math.floor(ms / 1000);
    return pad(Math.min(9999, Math.floor(s / 3600))) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }
  function clock() { var d = new Date(); return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); }

  /* ---------- suspend_data ----------
   * "2|" then one entry per drill, joined by "|":
   *   index:seed:answers:reported:retries:score:max
   * index is the drill's place in the package, seed in base 36, answers joined
   * by ",": a reply's id, an exercise as the base-36 places of its items
   * (order and match in the learner's order, spot the lines flagged), a
   * written reply as nothing (it is self-assessed and long).  score and max
   * are empty while the drill is unfinished.  When it would not fit into
   * `limit`, the answers of finished drills go first (their scores stay),
   * then those of unfinished ones.
   */

  var B36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  function exerciseList(step) {
    return step.kind === "order" ? step.items : step.kind === "spot" ? step.lines : step.pairs;
  }

  /* Walk the drill's graph along the answers: the step met at each (stops where an answer does not fit). */
  function walk(d, answers, decode) {
    var at = d.start, out = [], steps = [];
    for (var i = 0; i < answers.length && at !== null && at !== undefined; i++) {
      var node = d.nodes[at], step = d.steps[node.s], a = answers[i];
      if (decode) {
        if (step.kind === "write") a = "";
        else if (step.kind !== "choice") {
          var list = exerciseList(step);
          a = String(a).split("").map(function (ch) { var x = list[B36.indexOf(ch)]; return x ? x.id : null; });
          if (a.indexOf(null) >= 0) break;
        }
      }
      var edge = step.kind === "choice" ? node.e.filter(function (e) { return e[0] === a; })[0] : node.e[0];
      if (!edge) break;
      out.push(a);
      steps.push(step);
      at = typeof edge[1] === "number" ? edge[1] : null;
    }
    return { answers: out, steps: steps };
  }

  function encodeAnswers(d, answers) {
    var w = walk(d, answers, false);
    return w.answers.map(function (a, i) {
      var step = w.steps[i];
      if (step.kind === "choice") return a;
      if (step.kind === "write") return "";
      var list = exerciseList(step).map(function (x) { return x.id; });
      return a.map(function (id) { return B36.charAt(list.indexOf(id)); }).join("");
    }).join(",");
  }

  function compactWithin(limit) {
    var entries = [];
    DATA.drills.forEach(function (d, k) {
      var r = records[d.id];
      if (!r) return;
      entries.push({ r: r, k: k, d: d, answers: encodeAnswers(d, r.answers) });
    });
    function text() {
      return "2|" + entries.map(function (e) {
        var r = e.r;
        return [e.k, r.seed.toString(36), e.answers, reported[e.d.id] || 0, r.retries || 0, r.done ? r.score : "", r.done ? r.max : ""].join(":");
      }).join("|");
    }
    var out = text();
    [true, false].forEach(function (finished) {
      entries.filter(function (e) { return !!e.r.done === finished; })
        .sort(function (x, y) { return (x.r.upd || 0) - (y.r.upd || 0); })
        .forEach(function (e) {
          if (out.length <= limit) return;
          e.answers = "";
          out = text();
        });
    });
    return out;
  }

  function restore(text) {
    var parts = String(text || "").split("|");
    if (parts.shift() !== "2") return;
    parts.forEach(function (entry) {
      var x = entry.split(":");
      var d = DATA.drills[parseInt(x[0], 10)];
      var seed = parseInt(x[1], 36);
      if (x.length !== 7 || !d || !(seed >= 0)) return;
      var w = walk(d, x[2] ? x[2].split(",") : [], true);
      var r = { v: 2, seed: seed, mode: "test", answers: w.answers, path: w.steps.map(function (s) { return s.id; }),
        done: x[5] !== "", retries: parseInt(x[4], 10) || 0, notes: {}, upd: 1 };
      if (r.done) { r.score = parseInt(x[5], 10) || 0; r.max = parseInt(x[6], 10) || 0; }
      records[d.id] = r;
      reported[d.id] = Math.min(parseInt(x[3], 10) || 0, r.answers.length);
    });
  }

  /* ---------- the store drill-player.js uses instead of localStorage ---------- */

  window.AsaDrillStore = {
    get: function (id) {
      if (!records[id]) records[id] = { v: 2, seed: Math.floor(Math.random() * 4294967296), mode: "test", answers: [], done: false, retries: 0, notes: {}, upd: 1 };
      return JSON.stringify(records[id]);
    },
    set: function (id, text) {
      var r = JSON.parse(text);
      r.mode = "test";
      if (records[id] && r.answers.length < (reported[id] || 0)) reported[id] = 0; /* a new attempt */
      records[id] = r;
      sync(id);
    },
    remove: function (id) {
      delete records[id];
      reported[id] = 0;
      sync(null);
    },
  };

  /* ---------- reporting ---------- */

  function totals() {
    var score = 0, max = 0, done = 0;
    DATA.drills.forEach(function (d) {
      var r = records[d.id];
      if (r && r.done && typeof r.score === "number") { score += r.score; max += r.max; done++; }
      else max += d.nominal;
    });
    return { score: score, max: max, done: done, pct: max ? Math.round((score / max) * 100) : 0 };
  }

  function report(id) {
    var r = records[id], d = byId[id];
    if (!r || !Array.isArray(r.path)) return;
    var from = reported[id] || 0;
    for (var i = from; i < r.answers.length && i < r.path.length; i++) {
      var step = d.steps[r.path[i]];
      if (!step || step.kind !== "choice") continue;
      var choice = step.choices.filter(function (c) { return c.id === r.answers[i]; })[0];
      if (!choice) continue;
      var good = step.choices.filter(function (c) { return c.verdict === "good"; })[0];
      var n = parseInt(get("cmi.interactions._count"), 10) || 0;
      var key = "cmi.interactions." + n + ".";
      set(key + "id", (id + "__" + step.id).slice(0, 255));
      set(key + "type", "choice");
      set(key + "time", clock());
      set(key + "weighting", "1");
      if (good) set(key + "correct_responses.0.pattern", good.id);
      set(key + "student_response", choice.id);
      set(key + "result", RESULT[choice.verdict]);
    }
    reported[id] = r.answers.length;
  }

  function status() {
    var t = totals();
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", String(t.pct));
    if (t.done < DATA.drills.length) set("cmi.core.lesson_status", "incomplete");
    else {
      var mastery = parseFloat(get("cmi.student_data.mastery_score"));
      var pass = isNaN(mastery) ? DATA.pass : mastery;
      set("cmi.core.lesson_status", t.pct >= pass ? "passed" : "failed");
    }
    return t;
  }

  function sync(id) {
    if (id) report(id);
    var t = status();
    set("cmi.suspend_data", compactWithin(LIMIT));
    if (api) api.LMSCommit("");
    menu(t);
  }

  function leave() {
    if (!api || finished) return;
    finished = true;
    var t = totals();
    set("cmi.core.session_time", timespan(Date.now() - started));
    set("cmi.core.exit", t.done < DATA.drills.length ? "suspend" : "");
    api.LMSCommit("");
    api.LMSFinish("");
  }

  /* ---------- the page: a menu of drills, one drill at a time ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function menu(t) {
    var list = document.querySelector(".pkg__list");
    if (!list) return;
    t = t || totals();
    list.textContent = "";
    DATA.drills.forEach(function (d) {
      var r = records[d.id];
      var state = !r || !r.answers.length ? "未开始" : r.done ? "已完成，得分 " + r.score + " / " + r.max : "进行中";
      list.appendChild(el("li", { "data-drill": d.id }, [
        el("a", { href: "#d=" + d.id, text: d.title }), " ",
        el("span", { class: "pkg__status" + (r && r.done ? " is-done" : ""), text: state }),
      ]));
    });
    document.querySelector(".pkg__total").textContent =
      "已完成 " + t.done + " / " + DATA.drills.length + " 个练习，总分 " + t.pct + "%（合格线 " + DATA.pass + "%）";
  }

  function play(id) {
    var d = byId[id];
    var box = document.querySelector(".pkg__drill");
    box.textContent = "";
    var holder = el("template", { class: "drill__data" });
    holder.content.appendChild(document.createTextNode(JSON.stringify(d)));
    box.appendChild(el("div", { class: "drill", "data-drill": d.id }, [
      el("h2", { class: "pkg__drill-title", text: d.title }),
      el("div", { class: "drill__persona" }, [
        el("p", { class: "drill__persona-name", text: d.persona.name }),
        el("p", { class: "drill__persona-desc", text: d.persona.description }),
      ]),
      el("p", { class: "drill__intro", text: d.intro }),
      el("div", { class: "drill__stage", hidden: "hidden" }),
      holder,
    ]));
    document.querySelector(".pkg__menu").hidden = true;
    document.querySelector(".pkg__play").hidden = false;
    window.AsaDrillPlayer.init();
    var title = box.querySelector(".pkg__drill-title");
    title.setAttribute("tabindex", "-1");
    title.focus();
  }

  function route() {
    var m = /^#d=([a-z0-9-]+)$/.exec(window.location.hash);
    if (m && byId[m[1]]) { play(m[1]); return; }
    if (window.location.hash === "#menu" || !window.location.hash) {
      document.querySelector(".pkg__drill").textContent = "";
      document.querySelector(".pkg__play").hidden = true;
      document.querySelector(".pkg__menu").hidden = false;
      menu();
    }
  }

  function start() {
    document.title = DATA.title;
    document.querySelector(".pkg__title").textContent = DATA.title;
    api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
    var note = document.querySelector(".pkg__lms");
    if (api && String(api.LMSInitialize("")) === "true") {
      restore(get("cmi.suspend_data"));
      var was = get("cmi.core.lesson_status");
      if (!was || was === "not attempted") set("cmi.core.lesson_status", "incomplete");
      api.LMSCommit("");
      note.textContent = "成绩会自动保存到学习平台。";
    } else {
      api = null;
      note.textContent = "没有连接到学习平台：可以练习，但成绩不会保存。";
    }
    window.addEventListener("hashchange", route);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && api && !finished) { set("cmi.core.session_time", timespan(Date.now() - started)); api.LMSCommit(""); }
    });
    window.addEventListener("pagehide", leave);
    window.addEventListener("beforeunload", leave);
    route();
  }

  window.AsaScorm = { start: start, totals: totals, compactWithin: compactWithin };
})();
