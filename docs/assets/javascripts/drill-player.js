/* Role-play drill player.
 *
 * Reads the drill written by the build (JSON inside <template
 * class="drill__data">) and plays it: the customer speaks, the learner picks a
 * reply, feedback explains the choice, branches are followed, and the end
 * shows the score and a review.  Progress is kept in localStorage under the
 * drill's stable ids; missing or corrupt data is ignored.
 *
 * No framework and nothing fetched.  Works with Material's instant navigation
 * (document$) and without it, and from file://.
 */
(function () {
  "use strict";

  var STORE = "asa.drill.";
  var POINTS = { good: 2, acceptable: 1, bad: 0 };
  var MOODS = { calm: "", worried: "有些担心", annoyed: "不太高兴", angry: "很生气", pleased: "很满意" };

  /* ---------- small helpers ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A small seeded PRNG (mulberry32) so a shuffle can be replayed exactly. */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  }

  function shuffled(list, seed, salt) {
    var out = list.slice();
    var random = rng(seed ^ hash(salt));
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }

  function load(id) {
    try {
      var raw = window.localStorage.getItem(STORE + id);
      if (!raw) return null;
      var saved = JSON.parse(raw);
      if (!saved || saved.v !== 1 || typeof saved.seed !== "number" || !Array.isArray(saved.answers)) return null;
      return saved;
    } catch (e) {
      return null;
    }
  }

  function save(id, state) {
    try {
      var record = { v: 1, seed: state.seed, answers: state.answers, done: state.done };
      if (state.done) { record.score = state.score; record.max = state.max; }
      window.localStorage.setItem(STORE + id, JSON.stringify(record));
    } catch (e) { /* storage full or disabled: play on without saving */ }
  }

  function forget(id) {
    try { window.localStorage.removeItem(STORE + id); } catch (e) { /* ignore */ }
  }

  /* ---------- grading of the non-choice items ---------- */

  function grade(step, answer) {
    var right = 0, total = 0;
    if (step.kind === "order") {
      total = step.items.length;
      step.items.forEach(function (item, i) { if (answer[i] === item.id) right++; });
    } else if (step.kind === "spot") {
      total = step.lines.length;
      step.lines.forEach(function (line) { if ((answer.indexOf(line.id) >= 0) === line.faulty) right++; });
    } else if (step.kind === "match") {
      total = step.pairs.length;
      step.pairs.forEach(function (pair, i) { if (answer[i] === pair.id) right++; });
    }
    var verdict = right === total ? "good" : right * 2 >= total ? "acceptable" : "bad";
    return { verdict: verdict, right: right, total: total };
  }

  function validAnswer(step, answer) {
    if (step.kind === "choice") return step.choices.some(function (c) { return c.id === answer; });
    if (!Array.isArray(answer)) return false;
    var ids = step.kind === "order" ? step.items : step.kind === "spot" ? step.lines : step.pairs;
    var known = ids.map(function (x) { return x.id; });
    return answer.every(function (a) { return known.indexOf(a) >= 0; });
  }

  /* ---------- the player ---------- */

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.steps = {};
    var self = this;
    data.steps.forEach(function (s) { self.steps[s.id] = s; });
    this.endings = {};
    data.endings.forEach(function (e) { self.endings[e.id] = e; });
    this.stage = root.querySelector(".drill__stage");
  }

  Player.prototype.start = function (fresh) {
    var saved = fresh ? null : load(this.data.id);
    this.state = { seed: saved ? saved.seed : Math.floor(Math.random() * 4294967296), answers: [], done: false, results: [] };
    this.stage.hidden = false;
    this.stage.textContent = "";
    this.log = el("ol", { class: "drill__log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "对话记录" });
    this.panel = el("div", { class: "drill__panel" });
    this.stage.appendChild(this.log);
    this.stage.appendChild(this.panel);
    this.current = this.data.start;
    /* Replay saved answers; stop at the first one that no longer fits the drill. */
    var replaying = saved ? saved.answers : [];
    for (var i = 0; i < replaying.length && this.current; i++) {
      var entry = replaying[i];
      var step = this.steps[this.current];
      if (!entry || entry.step !== this.current || !validAnswer(step, entry.answer)) break;
      this.answer(entry.answer, true);
    }
    if (this.current) this.show(this.current, false);
    else this.finish(true);
  };

  Player.prototype.say = function (cls, who, text, extra) {
    var item = el("li", { class: "drill__turn drill__turn--" + cls }, [
      who ? el("span", { class: "drill__speaker", text: who }) : null,
      el("p", { class: "drill__line", text: text }, extra ? [el("span", { class: "drill__action", text: extra })] : []),
    ]);
    this.log.appendChild(item);
    return item;
  };

  Player.prototype.show = function (stepId, focus) {
    var step = this.steps[stepId];
    var self = this;
    this.panel.textContent = "";
    if (step.kind === "choice") {
      var mood = MOODS[step.mood] ? "（" + MOODS[step.mood] + "）" : "";
      var action = step.action ? "（" + step.action + "）" : "";
      this.say("customer drill__turn--" + step.mood, this.data.persona.name + mood, step.customer, action);
    }
    var question = el("fieldset", { class: "drill__question" }, [el("legend", { class: "drill__prompt", text: step.prompt })]);
    this.panel.appendChild(question);
    if (step.kind === "choice") {
      shuffled(step.choices, this.state.seed, step.id).forEach(function (choice, i) {
        var button = el("button", { type: "button", class: "drill__choice", "data-choice": choice.id }, [
          el("span", { class: "drill__key", "aria-hidden": "true", text: String(i + 1) }),
          el("span", { class: "drill__reply", text: choice.reply }),
        ]);
        button.addEventListener("click", function () { self.answer(choice.id); });
        question.appendChild(button);
      });
    } else {
      this["build_" + step.kind](step, question);
    }
    var first = question.querySelector("button, select");
    if (first && focus) first.focus();
  };

  Player.prototype.build_order = function (step, box) {
    var self = this;
    var order = shuffled(step.items, this.state.seed, step.id);
    var list = el("ol", { class: "drill__order" });
    function render() {
      list.textContent = "";
      order.forEach(function (item, i) {
        var up = el("button", { type: "button", class: "drill__move", "aria-label": "上移：" + item.text, disabled: i === 0 ? "disabled" : null, text: "↑" });
        var down = el("button", { type: "button", class: "drill__move", "aria-label": "下移：" + item.text, disabled: i === order.length - 1 ? "disabled" : null, text: "↓" });
        up.addEventListener("click", function () { move(i, -1, "up"); });
        down.addEventListener("click", function () { move(i, 1, "down"); });
        list.appendChild(el("li", { class: "drill__order-item", "data-item": item.id }, [el("span", { text: item.text }), up, down]));
      });
    }
    function move(i, delta, which) {
      var t = order[i]; order[i] = order[i + delta]; order[i + delta] = t;
      render();
      var again = list.children[i + delta].querySelectorAll("button")[which === "up" ? 0 : 1];
      (again.disabled ? list.children[i + delta].querySelector("button:not([disabled])") : again).focus();
    }
    render();
    box.appendChild(list);
    var submit = el("button", { type: "button", class: "drill__submit", text: "提交顺序" });
    submit.addEventListener("click", function () { self.answer(order.map(function (x) { return x.id; })); });
    box.appendChild(submit);
  };

  Player.prototype.build_spot = function (step, box) {
    var self = this;
    var list = el("ul", { class: "drill__spot" });
    step.lines.forEach(function (line) {
      var button = el("button", { type: "button", class: "drill__spot-line", "aria-pressed": "false", "data-line": line.id }, [
        el("span", { class: "drill__speaker", text: line.speaker }), el("span", { text: line.line }),
      ]);
      button.addEventListener("click", function () {
        button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
      });
      list.appendChild(el("li", {}, [button]));
    });
    box.appendChild(list);
    var submit = el("button", { type: "button", class: "drill__submit", text: "提交" });
    submit.addEventListener("click", function () {
      var flagged = [];
      list.querySelectorAll("[aria-pressed=true]").forEach(function (b) { flagged.push(b.getAttribute("data-line")); });
      self.answer(flagged);
    });
    box.appendChild(submit);
  };

  Player.prototype.build_match = function (step, box) {
    var self = this;
    var rights = shuffled(step.pairs, this.state.seed, step.id);
    var selects = [];
    var table = el("div", { class: "drill__match" });
    step.pairs.forEach(function (pair, i) {
      var id = "m-" + self.data.id + "-" + step.id + "-" + i;
      var select = el("select", { id: id, "data-pair": pair.id }, [el("option", { value: "", text: "请选择…" })]);
      rights.forEach(function (r) { select.appendChild(el("option", { value: r.id, text: r.right })); });
      selects.push(select);
      table.appendChild(el("div", { class: "drill__match-row" }, [el("label", { for: id, text: pair.left }), select]));
    });
    box.appendChild(table);
    var submit = el("button", { type: "button", class: "drill__submit", text: "提交配对" });
    submit.addEventListener("click", function () { self.answer(selects.map(function (s) { return s.value; })); });
    box.appendChild(submit);
  };

  Player.prototype.answer = function (answer, replay) {
    var step = this.steps[this.current];
    var result, next, feedback, cites;
    if (step.kind === "choice") {
      var choice = step.choices.filter(function (c) { return c.id === answer; })[0];
      this.say("staff", this.data.role, choice.reply);
      result = { step: step, verdict: choice.verdict, choice: choice };
      next = choice.next; feedback = choice.feedback; cites = choice.cites;
    } else {
      var g = grade(step, answer);
      result = { step: step, verdict: g.verdict, answer: answer, right: g.right, total: g.total };
      next = step.next; feedback = step.feedback; cites = step.cites;
    }
    this.state.results.push(result);
    this.state.answers.push({ step: step.id, answer: answer });
    this.feedback(result, feedback, cites);
    this.current = next.step || null;
    this.ending = next.step ? null : next.end;
    if (!replay) {
      save(this.data.id, this.state);
      this.continueButton();
    }
  };

  Player.prototype.feedback = function (result, text, cites) {
    var step = result.step;
    var card = el("li", { class: "drill__feedback drill__feedback--" + result.verdict, "data-verdict": result.verdict });
    card.appendChild(el("p", { class: "drill__verdict", text: this.data.verdicts[result.verdict] }));
    if (step.kind !== "choice") {
      card.appendChild(el("p", { class: "drill__score-line", text: "答对 " + result.right + " / " + result.total }));
      card.appendChild(this.solution(step, result.answer));
    }
    card.appendChild(el("p", { class: "drill__why", text: text }));
    var links = el("p", { class: "drill__cites" }, [document.createTextNode("参考：")]);
    cites.forEach(function (c, i) {
      if (i) links.appendChild(document.createTextNode("、"));
      links.appendChild(el("a", { href: c.href, text: c.title }));
    });
    card.appendChild(links);
    this.log.appendChild(card);
    this.panel.textContent = "";
  };

  Player.prototype.solution = function (step, answer) {
    var list = el("ol", { class: "drill__solution" });
    if (step.kind === "order") {
      step.items.forEach(function (item, i) {
        list.appendChild(el("li", { class: answer[i] === item.id ? "is-right" : "is-wrong", text: item.text }));
      });
    } else if (step.kind === "spot") {
      list = el("ul", { class: "drill__solution" });
      step.lines.forEach(function (line) {
        var flagged = answer.indexOf(line.id) >= 0;
        var ok = flagged === line.faulty;
        list.appendChild(el("li", { class: ok ? "is-right" : "is-wrong" }, [
          el("span", { text: (line.faulty ? "✗ " : "✓ ") + line.speaker + "：" + line.line }),
          line.feedback ? el("span", { class: "drill__line-why", text: line.feedback }) : null,
        ]));
      });
    } else {
      list = el("ul", { class: "drill__solution" });
      step.pairs.forEach(function (pair, i) {
        list.appendChild(el("li", { class: answer[i] === pair.id ? "is-right" : "is-wrong", text: pair.left + " → " + pair.right }));
      });
    }
    return list;
  };

  Player.prototype.continueButton = function () {
    var self = this;
    var label = this.current ? "继续" : "查看结果";
    var button = el("button", { type: "button", class: "drill__continue", text: label });
    button.addEventListener("click", function () {
      if (self.current) self.show(self.current, true);
      else self.finish(false);
    });
    this.panel.appendChild(button);
    button.focus();
  };

  Player.prototype.finish = function (replay) {
    this.state.done = true;
    var results = this.state.results;
    var score = 0, max = 0;
    results.forEach(function (r) { score += POINTS[r.verdict]; max += 2; });
    this.state.score = score;
    this.state.max = max;
    if (!replay) save(this.data.id, this.state);
    var ending = this.endings[this.ending] || null;
    var outcome = ending ? ending.outcome : score * 2 >= max ? "good" : "bad";
    var summary = el("section", { class: "drill__end drill__end--" + outcome, tabindex: "-1", "aria-labelledby": "end-" + this.data.id });
    summary.appendChild(el("h2", { id: "end-" + this.data.id, class: "drill__end-title", text: ending ? ending.title : "练习结束" }));
    if (ending) summary.appendChild(el("p", { text: ending.text }));
    summary.appendChild(el("p", { class: "drill__score", "data-score": score, "data-max": max, text: "得分：" + score + " / " + max }));
    var good = results.filter(function (r) { return r.verdict === "good"; });
    var poor = results.filter(function (r) { return r.verdict !== "good"; });
    if (good.length) {
      summary.appendChild(el("h3", { text: "做得好的地方" }));
      var ul = el("ul", { class: "drill__good" });
      good.forEach(function (r) {
        ul.appendChild(el("li", { text: r.choice ? r.choice.reply : r.step.prompt }));
      });
      summary.appendChild(ul);
    }
    if (poor.length) {
      summary.appendChild(el("h3", { text: "可以做得更好" }));
      var review = el("ol", { class: "drill__review" });
      var verdicts = this.data.verdicts;
      poor.forEach(function (r) {
        var item = el("li", { class: "drill__review-item" });
        if (r.choice) {
          item.appendChild(el("p", { class: "drill__review-customer", text: "客户：" + r.step.customer }));
          item.appendChild(el("p", { class: "drill__review-mine", text: "你的回应（" + verdicts[r.verdict] + "）：" + r.choice.reply }));
          item.appendChild(el("p", { class: "drill__review-why", text: r.choice.feedback }));
          var best = r.step.choices.filter(function (c) { return c.verdict === "good"; });
          best.forEach(function (b) { item.appendChild(el("p", { class: "drill__review-better", text: "更好的回应：" + b.reply })); });
          var cites = r.choice.cites.concat(best.length ? best[0].cites : []);
        } else {
          item.appendChild(el("p", { class: "drill__review-mine", text: r.step.prompt + "（答对 " + r.right + " / " + r.total + "）" }));
          item.appendChild(el("p", { class: "drill__review-why", text: r.step.feedback }));
          cites = r.step.cites;
        }
        var seen = {};
        var links = el("p", { class: "drill__cites" }, [document.createTextNode("复习：")]);
        cites.forEach(function (c) {
          if (seen[c.href]) return;
          if (Object.keys(seen).length) links.appendChild(document.createTextNode("、"));
          seen[c.href] = true;
          links.appendChild(el("a", { href: c.href, text: c.title }));
        });
        item.appendChild(links);
        review.appendChild(item);
      });
      summary.appendChild(review);
    }
    var self = this;
    var again = el("button", { type: "button", class: "drill__restart", text: "再练一次" });
    again.addEventListener("click", function () { forget(self.data.id); self.start(true); });
    summary.appendChild(el("p", { class: "drill__actions" }, [again, " ", el("a", { href: this.data.index, text: "返回练习列表" })]));
    this.panel.textContent = "";
    this.panel.appendChild(summary);
    if (!replay) summary.focus();
  };

  Player.prototype.restartButton = function () {
    var self = this;
    var bar = el("p", { class: "drill__toolbar" });
    var restart = el("button", { type: "button", class: "drill__restart drill__restart--top", text: "从头开始" });
    restart.addEventListener("click", function () { forget(self.data.id); self.start(true); });
    bar.appendChild(restart);
    this.root.insertBefore(bar, this.stage);
  };

  /* Number keys 1–4 pick a reply when the drill has the focus or nothing else does. */
  function keys(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var n = parseInt(event.key, 10);
    if (!(n >= 1 && n <= 4)) return;
    var drills = document.querySelectorAll(".drill[data-ready]");
    if (drills.length !== 1) return;
    var button = drills[0].querySelectorAll(".drill__choice")[n - 1];
    if (button) { event.preventDefault(); button.click(); }
  }

  /* ---------- drill list filters ---------- */

  function filters(root) {
    var box = root.querySelector(".drill-filters");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    box.hidden = false;
    var cards = root.querySelectorAll(".drill-card");
    var count = box.querySelector(".drill-filters__count");
    function apply() {
      var shown = 0;
      var wanted = {};
      box.querySelectorAll("select").forEach(function (s) { wanted[s.getAttribute("data-filter")] = s.value; });
      cards.forEach(function (card) {
        var ok = Object.keys(wanted).every(function (key) {
          var value = wanted[key];
          if (!value) return true;
          var have = card.getAttribute("data-" + key) || "";
          return key === "topic" || key === "lesson" ? have.indexOf(" " + value + " ") >= 0 : have === value;
        });
        card.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "显示 " + shown + " / " + cards.length + " 个练习";
    }
    box.addEventListener("change", apply);
    apply();
    cards.forEach(function (card) {
      var id = card.querySelector("[data-progress]");
      var saved = id && load(id.getAttribute("data-progress"));
      if (saved) id.textContent = saved.done ? "已完成" : "进行中";
    });
  }

  function init() {
    document.querySelectorAll(".drill").forEach(function (root) {
      if (root.getAttribute("data-ready")) return;
      var holder = root.querySelector("template.drill__data");
      var data;
      try { data = JSON.parse(holder.content ? holder.content.textContent : holder.textContent); } catch (e) { return; }
      root.setAttribute("data-ready", "1");
      var player = new Player(root, data);
      player.restartButton();
      player.start(false);
    });
    filters(document);
  }

  document.addEventListener("keydown", keys);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
