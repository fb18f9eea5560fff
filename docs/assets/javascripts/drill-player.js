/* Role-play drill player.
 *
 * Reads the drill written by the build (JSON inside <template
 * class="drill__data">) and plays it.  The build has already walked the
 * drill's state machine: `nodes` is a finite graph (a step as met in one
 * state: which customer line, where each reply leads, which ending is told),
 * so the player holds no rules of its own, it only follows edges.
 *
 * Show, then tell: after a reply the customer reacts first.  In practice
 * mode the verdict and the reason follow, with "重选这一步"; in test mode
 * (?mode=test, what trainers assign) nothing is judged until the debrief.
 * The debrief walks through every decision, maps the path and reveals the
 * customer's type and the skills practised.
 *
 * Progress is kept in localStorage under the drill's stable ids; missing,
 * old or corrupt data is ignored.  A record carries the time of its last
 * change (`upd`): a tab whose record was changed elsewhere since it loaded
 * it (an older tab) saves nothing and says so, and a new attempt asks before
 * it replaces a finished result of the other mode.  A page may supply its
 * own store (window.AsaDrillStore: get/set/remove of the JSON text), as the
 * SCORM package does to keep records in the learning system.  No framework, nothing fetched; works with
 * Material's instant navigation (document$) and without it, and from file://.
 */
(function () {
  "use strict";

  var STORE = "asa.drill.";
  var POINTS = { good: 2, acceptable: 1, bad: 0 };
  var MOODS = { calm: "平静", worried: "担心", annoyed: "不太高兴", angry: "很生气", pleased: "很满意" };
  var MARKS = { good: "✓", acceptable: "～", bad: "✗" };
  var MODES = { practice: "练习模式", test: "测验模式" };

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
      var raw = window.AsaDrillStore ? window.AsaDrillStore.get(id) : window.localStorage.getItem(STORE + id);
      if (!raw) return null;
      var saved = JSON.parse(raw);
      if (!saved || saved.v !== 2 || typeof saved.seed !== "number" || !Array.isArray(saved.answers)) return null;
      return saved;
    } catch (e) {
      return null;
    }
  }

  function save(id, record) {
    try {
      if (window.AsaDrillStore) window.AsaDrillStore.set(id, JSON.stringify(record));
      else window.localStorage.setItem(STORE + id, JSON.stringify(record));
    } catch (e) { /* storage full or disabled */ }
  }

  function forget(id) {
    try {
      if (window.AsaDrillStore) window.AsaDrillStore.remove(id);
      else window.localStorage.removeItem(STORE + id);
    } catch (e) { /* ignore */ }
  }

  /* The assignment this drill was opened from (?assignment=<id>), as the learner's page recorded it. */
  function assignment() {
    var m = /[?&]assignment=([a-z0-9]{4,16})\b/.exec(window.location.search);
    if (!m) return null;
    try {
      var last = JSON.parse(window.localStorage.getItem("asa.assignment.last"));
      if (last && last.id === m[1] && typeof last.href === "string" && /^(https?|file):/.test(last.href)) return last;
    } catch (e) { /* ignore */ }
    return null;
  }

  function mode() {
    var m = /[?&]mode=(test|practice)\b/.exec(window.location.search);
    return m ? m[1] : null;
  }

  /* ---------- grading of the exercise steps ---------- */

  function grade(step, answer) {
    var right = 0, total = 0;
    if (step.kind === "order") {
      total = step.items.length;
      step.items.forEach(function (item, i) { if (answer[i] === item.id) right++; });
    } else if (step.kind === "spot") {
      step.lines.forEach(function (line) {
        if (!line.staff) return;
        total++;
        if ((answer.indexOf(line.id) >= 0) === line.faulty) right++;
      });
    } else if (step.kind === "match") {
      total = step.pairs.length;
      step.pairs.forEach(function (pair, i) { if (answer[i] === pair.id) right++; });
    }
    var verdict = right === total ? "good" : right * 2 >= total ? "acceptable" : "bad";
    return { verdict: verdict, right: right, total: total };
  }

  function validAnswer(step, answer) {
    if (step.kind === "choice") return step.choices.some(function (c) { return c.id === answer; });
    if (step.kind === "write") return typeof answer === "string";
    if (!Array.isArray(answer)) return false;
    var ids = (step.kind === "order" ? step.items : step.kind === "spot" ? step.lines : step.pairs).map(function (x) { return x.id; });
    if (step.kind !== "spot" && answer.length !== ids.length) return false;
    return answer.every(function (a) { return ids.indexOf(a) >= 0; });
  }

  /* ---------- the player ---------- */

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.stage = root.querySelector(".drill__stage");
    /* In a transcript only the staff's lines may be flagged (the customer's are context). */
    Object.keys(data.steps).forEach(function (k) {
      var step = data.steps[k];
      if (step.kind === "spot") step.lines.forEach(function (line) { line.staff = line.speaker !== data.persona.name; });
    });
  }

  /* Keyboard focus on the drill's first line (after a replay or a restart). */
  Player.prototype.focusStart = function () {
    var first = this.log.querySelector(".drill__turn");
    if (!first) first = this.panel.querySelector("button, input, textarea");
    if (!first) return;
    if (!first.matches("button, input, textarea")) first.setAttribute("tabindex", "-1");
    first.focus();
  };

  Player.prototype.start = function (fresh, wanted) {
    var stored = load(this.data.id);
    var saved = fresh ? null : stored;
    this.mode = wanted || mode() || (saved && MODES[saved.mode] && saved.mode) || "practice";
    this.stamp = stored ? stored.upd || 0 : null; /* the record as this tab knows it */
    this.replaces = saved && saved.mode !== this.mode && saved.done ? saved : null;
    if (saved && saved.mode !== this.mode) saved = null; /* a record of the other mode is not replayed */
    this.record = {
      v: 2, seed: saved ? saved.seed : Math.floor(Math.random() * 4294967296), mode: this.mode,
      answers: [], done: false, retries: saved ? saved.retries || 0 : 0,
      notes: saved && saved.notes && typeof saved.notes === "object" ? saved.notes : {},
    };
    this.root.setAttribute("data-mode", this.mode);
    this.root.removeAttribute("data-done");
    this.syncModeSwitch();
    this.results = [];
    this.stage.hidden = false;
    this.stage.textContent = "";
    this.log = el("ol", { class: "drill__log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "对话记录" });
    this.panel = el("div", { class: "drill__panel" });
    this.stage.appendChild(this.log);
    this.stage.appendChild(this.panel);
    this.at = this.data.start;
    this.ending = null;
    this.final = null;
    var replay = saved ? saved.answers : [];
    for (var i = 0; i < replay.length && this.at !== null; i++) {
      if (!this.answer(replay[i], true)) break;
    }
    if (this.at !== null) this.show(false);
    else this.finish(true);
  };

  Player.prototype.node = function (n) { return this.data.nodes[n]; };
  Player.prototype.step = function (n) { return this.data.steps[this.node(n).s]; };

  /* What the customer says at a node: its variant, or the step's default line. */
  Player.prototype.line = function (n) {
    var node = this.node(n), step = this.step(n);
    return node.v >= 0 && step.variants[node.v] ? step.variants[node.v] : step;
  };

  Player.prototype.say = function (cls, who, text, action, mood) {
    var item = el("li", { class: "drill__turn drill__turn--" + cls + (mood ? " drill__turn--" + mood : "") }, [
      el("span", { class: "drill__speaker", text: who + (mood && MOODS[mood] ? "（" + MOODS[mood] + "）" : "") }),
      el("p", { class: "drill__line" }, [
        text ? el("span", { text: text }) : null,
        action ? el("span", { class: "drill__action", text: "（" + action + "）" }) : null,
      ]),
    ]);
    this.log.appendChild(item);
    return item;
  };

  Player.prototype.show = function (focus) {
    var n = this.at, step = this.step(n), self = this;
    this.panel.textContent = "";
    if (step.kind === "choice" || step.kind === "write") {
      var said = this.line(n);
      this.say("customer", this.data.persona.name, said.customer, said.action, said.mood);
    }
    var question = el("fieldset", { class: "drill__question", "data-step": step.id }, [
      el("legend", { class: "drill__prompt", text: step.prompt }),
    ]);
    this.panel.appendChild(question);
    if (step.kind === "choice") {
      var offered = this.node(n).e.map(function (edge) { return edge[0]; });
      var choices = step.choices.filter(function (c) { return offered.indexOf(c.id) >= 0; });
      shuffled(choices, this.record.seed, step.id).forEach(function (choice, i) {
        var button = el("button", { type: "button", class: "drill__choice", "data-choice": choice.id }, [
          el("span", { class: "drill__key", "aria-hidden": "true", text: String(i + 1) }),
          el("span", { class: "drill__reply", text: choice.reply }),
        ]);
        button.addEventListener("click", function () { self.answer(choice.id, false); });
        question.appendChild(button);
      });
    } else {
      this["build_" + step.kind](step, question);
    }
    var first = question.querySelector("button, select, textarea");
    if (first && focus) first.focus();
  };

  Player.prototype.submitRow = function (box, label, collect) {
    var self = this;
    var note = el("p", { class: "drill__hint", role: "status" });
    var submit = el("button", { type: "button", class: "drill__submit", text: label });
    submit.addEventListener("click", function () {
      var got = collect();
      if (got.error) { note.textContent = got.error; return; }
      self.answer(got.answer, false);
    });
    box.appendChild(submit);
    box.appendChild(note);
  };

  Player.prototype.build_order = function (step, box) {
    var order = shuffled(step.items, this.record.seed, step.id);
    var list = el("ol", { class: "drill__order" });
    function render() {
      list.textContent = "";
      order.forEach(function (item, i) {
        var up = el("button", { type: "button", class: "drill__move", "aria-label": "上移：" + item.text, disabled: i === 0 ? "disabled" : null, text: "↑" });
        var down = el("button", { type: "button", class: "drill__move", "aria-label": "下移：" + item.text, disabled: i === order.length - 1 ? "disabled" : null, text: "↓" });
        up.addEventListener("click", function () { move(i, -1, 0); });
        down.addEventListener("click", function () { move(i, 1, 1); });
        list.appendChild(el("li", { class: "drill__order-item", "data-item": item.id }, [el("span", { text: item.text }), up, down]));
      });
    }
    function move(i, delta, which) {
      var t = order[i]; order[i] = order[i + delta]; order[i + delta] = t;
      render();
      var again = list.children[i + delta].querySelectorAll("button")[which];
      (again.disabled ? list.children[i + delta].querySelector("button:not([disabled])") : again).focus();
    }
    render();
    box.appendChild(list);
    this.submitRow(box, "提交顺序", function () { return { answer: order.map(function (x) { return x.id; }) }; });
  };

  Player.prototype.build_spot = function (step, box) {
    var list = el("ul", { class: "drill__spot" });
    box.appendChild(el("p", { class: "drill__hint drill__hint--lead", text: "只能标出" + this.data.role + "说的话；点一下标出，再点一下取消。" }));
    step.lines.forEach(function (line) {
      if (!line.staff) {
        list.appendChild(el("li", { class: "drill__spot-other" }, [
          el("span", { class: "drill__speaker", text: line.speaker }), el("span", { text: line.line }),
        ]));
        return;
      }
      var button = el("button", { type: "button", class: "drill__spot-line", "aria-pressed": "false", "data-line": line.id }, [
        el("span", { class: "drill__speaker", text: line.speaker }), el("span", { text: line.line }),
      ]);
      button.addEventListener("click", function () {
        button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
      });
      list.appendChild(el("li", {}, [button]));
    });
    box.appendChild(list);
    this.submitRow(box, "提交", function () {
      var flagged = [];
      list.querySelectorAll("[aria-pressed=true]").forEach(function (b) { flagged.push(b.getAttribute("data-line")); });
      return { answer: flagged };
    });
  };

  /* Matching as one radio list per item: every answer is shown whole (no
   * closed dropdown cuts it off), works by tap and by keyboard (arrow keys). */
  Player.prototype.build_match = function (step, box) {
    var self = this;
    var rights = shuffled(step.pairs, this.record.seed, step.id);
    var groups = [];
    var table = el("div", { class: "drill__match" });
    step.pairs.forEach(function (pair, i) {
      var name = "m-" + self.data.id + "-" + step.id + "-" + i;
      var group = el("div", { class: "drill__match-item", role: "radiogroup", "aria-labelledby": name + "-q", "data-pair": pair.id }, [
        el("p", { class: "drill__match-left", id: name + "-q" }, [el("span", { class: "drill__match-num", "aria-hidden": "true", text: String(i + 1) }), pair.left]),
      ]);
      rights.forEach(function (r, k) {
        var id = name + "-" + k;
        var input = el("input", { type: "radio", name: name, id: id, value: r.id });
        input.addEventListener("change", function () { group.setAttribute("data-chosen", r.id); });
        group.appendChild(el("div", { class: "drill__match-option" }, [input, el("label", { for: id, text: r.right })]));
      });
      groups.push(group);
      table.appendChild(group);
    });
    box.appendChild(table);
    this.submitRow(box, "提交配对", function () {
      var picked = groups.map(function (g) { var c = g.querySelector("input:checked"); return c ? c.value : ""; });
      var missing = picked.filter(function (v) { return !v; }).length;
      if (missing) return { error: "还有 " + missing + " 项没有配对。" };
      return { answer: picked };
    });
  };

  Player.prototype.build_write = function (step, box) {
    var id = "w-" + this.data.id + "-" + step.id;
    var area = el("textarea", { id: id, class: "drill__write", rows: "4", "aria-label": step.prompt });
    box.appendChild(area);
    this.submitRow(box, "写好了，对照示范", function () {
      var text = area.value.trim();
      if (text.length < 2) return { error: "先写下你会怎么说，再对照示范回答。" };
      return { answer: text.slice(0, 1000) };
    });
  };

  /* Take an answer at the current node; false when it does not fit (stale saved data). */
  Player.prototype.answer = function (answer, replay) {
    var n = this.at, node = this.node(n), step = this.step(n);
    if (!validAnswer(step, answer)) return false;
    var edge = step.kind === "choice"
      ? node.e.filter(function (e) { return e[0] === answer; })[0]
      : node.e[0];
    if (!edge) return false;
    var result = { node: n, step: step, answer: answer };
    if (step.kind === "choice") {
      var choice = step.choices.filter(function (c) { return c.id === answer; })[0];
      result.choice = choice;
      result.verdict = choice.verdict;
      this.say("staff", this.data.role, choice.reply);
      var r = choice.reaction;
      this.say("customer drill__turn--reaction", this.data.persona.name, r.line, r.action, r.mood);
    } else if (step.kind === "write") {
      this.say("staff", this.data.role + "（你写的）", answer);
      result.verdict = null;
    } else {
      var g = grade(step, answer);
      result.verdict = g.verdict; result.right = g.right; result.total = g.total;
    }
    this.results.push(result);
    this.record.answers.push(answer);
    if (typeof edge[1] === "number") { this.at = edge[1]; this.ending = null; }
    else { this.at = null; this.ending = edge[1]; this.final = edge[2] || null; }
    if (step.kind === "write") this.log.appendChild(this.compare(step, result));
    else if (this.mode === "practice") this.log.appendChild(this.feedback(result));
    if (!replay) {
      if (!this.persist()) return true;
      this.panel.textContent = "";
      this.continueButton(result);
    }
    return true;
  };

  /* Save the record unless that would overwrite a newer one; false when nothing was saved. */
  Player.prototype.persist = function () {
    var current = load(this.data.id);
    if ((current ? current.upd || 0 : null) !== this.stamp) { this.conflict(); return false; }
    if (this.replaces) {
      var old = this.replaces;
      if (!window.confirm("继续作答会替换你已完成的" + MODES[old.mode] + "结果（得分 " + old.score + " / " + old.max + "）。确定吗？")) {
        this.start(false, old.mode);
        return false;
      }
      this.replaces = null;
    }
    this.record.path = this.results.map(function (r) { return r.step.id; });
    this.record.upd = Math.max(Date.now(), (current && current.upd || 0) + 1);
    this.stamp = this.record.upd;
    save(this.data.id, this.record);
    return true;
  };

  /* Another tab or window saved this drill after this page loaded it: keep the newer record. */
  Player.prototype.conflict = function () {
    var self = this;
    this.stage.textContent = "";
    var reload = el("button", { type: "button", class: "drill__submit", text: "载入最新的进度" });
    reload.addEventListener("click", function () { self.start(false, null); });
    this.stage.appendChild(el("p", { class: "drill__conflict", role: "alert", text: "这个练习在另一个标签页或窗口里有更新的进度。为了不覆盖它，这一页刚才的作答没有保存。" }));
    this.stage.appendChild(el("p", {}, [reload]));
    reload.focus();
  };

  Player.prototype.citeList = function (cites, label) {
    var box = el("div", { class: "drill__cites" }, [el("span", { class: "drill__cites-label", text: label })]);
    var seen = {}, passages = this.data.passages;
    cites.forEach(function (k) {
      var c = passages[k];
      if (seen[c.href]) return;
      seen[c.href] = true;
      box.appendChild(el("blockquote", { class: "drill__passage" }, [
        el("p", { text: "“" + c.quote + "”" }),
        el("a", { href: c.href, text: "—— " + c.title }),
      ]));
    });
    return box;
  };

  Player.prototype.feedback = function (result) {
    var step = result.step;
    var card = el("li", { class: "drill__feedback drill__feedback--" + result.verdict, "data-verdict": result.verdict });
    card.appendChild(el("p", { class: "drill__verdict", text: this.data.verdicts[result.verdict] }));
    if (result.choice) {
      card.appendChild(el("p", { class: "drill__why", text: result.choice.feedback }));
      card.appendChild(this.citeList(result.choice.cites, "出处："));
    } else {
      card.appendChild(el("p", { class: "drill__score-line", text: "答对 " + result.right + " / " + result.total }));
      card.appendChild(this.solution(step, result.answer));
      card.appendChild(el("p", { class: "drill__why", text: step.feedback }));
      card.appendChild(this.citeList(step.cites, "出处："));
    }
    return card;
  };

  Player.prototype.compare = function (step, result) {
    var self = this;
    var card = el("li", { class: "drill__compare" });
    card.appendChild(el("p", { class: "drill__compare-title", text: "对照示范回答（自我评估，不计分）" }));
    var models = el("ul", { class: "drill__models" });
    step.models.forEach(function (m) { models.appendChild(el("li", { text: m })); });
    card.appendChild(models);
    card.appendChild(el("p", { class: "drill__compare-title", text: "你的回答做到了哪些？" }));
    var ticks = this.record.notes[step.id] || [];
    var list = el("ul", { class: "drill__checklist" });
    step.checklist.forEach(function (item, i) {
      var box = el("input", { type: "checkbox", id: "c-" + self.data.id + "-" + step.id + "-" + i, checked: ticks.indexOf(i) >= 0 ? "checked" : null });
      box.addEventListener("change", function () {
        var now = [];
        list.querySelectorAll("input").forEach(function (b, k) { if (b.checked) now.push(k); });
        self.record.notes[step.id] = now;
        self.persist();
      });
      list.appendChild(el("li", {}, [box, el("label", { for: box.id, text: item })]));
    });
    card.appendChild(list);
    card.appendChild(this.citeList(step.cites, "参考："));
    result.card = card;
    return card;
  };

  Player.prototype.solution = function (step, answer) {
    var list = el("ul", { class: "drill__solution" });
    if (step.kind === "order") {
      list = el("ol", { class: "drill__solution" });
      step.items.forEach(function (item, i) {
        var ok = answer[i] === item.id;
        list.appendChild(el("li", { class: ok ? "is-right" : "is-wrong", text: item.text + (ok ? "" : "（你放错了位置）") }));
      });
    } else if (step.kind === "spot") {
      step.lines.forEach(function (line) {
        if (!line.staff) return;
        var flagged = answer.indexOf(line.id) >= 0;
        var mine = flagged ? "你标出的：是" : "你标出的：否";
        var want = line.faulty ? "应该标出的：是" : "应该标出的：否";
        var ok = flagged === line.faulty;
        list.appendChild(el("li", { class: ok ? "is-right" : "is-wrong", "data-line": line.id }, [
          el("span", { class: "drill__line-mark", text: ok ? "判断正确" : "判断有误" }),
          el("span", { text: line.speaker + "：" + line.line }),
          el("span", { class: "drill__line-verdict", text: mine + " · " + want }),
          line.feedback ? el("span", { class: "drill__line-why", text: line.feedback }) : null,
        ]));
      });
    } else {
      step.pairs.forEach(function (pair, i) {
        var ok = answer[i] === pair.id;
        list.appendChild(el("li", { class: ok ? "is-right" : "is-wrong", text: pair.left + " → " + pair.right + (ok ? "" : "（你配错了）") }));
      });
    }
    return list;
  };

  Player.prototype.continueButton = function (result) {
    var self = this;
    var row = el("p", { class: "drill__actions" });
    var button = el("button", { type: "button", class: "drill__continue", text: this.at !== null ? "继续" : "看结局和讲评" });
    button.addEventListener("click", function () {
      if (self.at !== null) self.show(true);
      else self.finish(false);
    });
    row.appendChild(button);
    if (this.mode === "practice" && result.choice) {
      var again = el("button", { type: "button", class: "drill__retry", text: "重选这一步" });
      again.addEventListener("click", function () { self.rewind(self.results.length - 1); });
      row.appendChild(document.createTextNode(" "));
      row.appendChild(again);
    }
    this.panel.appendChild(row);
    button.focus();
  };

  /* Practice mode: go back to decision k (0-based) and choose again. */
  Player.prototype.rewind = function (k) {
    var keep = this.record.answers.slice(0, k);
    this.record.answers = keep;
    this.record.done = false;
    this.record.retries = (this.record.retries || 0) + 1;
    delete this.record.score; delete this.record.max; delete this.record.ending;
    this.persist();
    this.start(false);
    var prompt = this.panel.querySelector(".drill__choice, button, textarea");
    if (prompt) prompt.focus();
  };

  Player.prototype.score = function () {
    var score = 0, max = 0;
    this.results.forEach(function (r) {
      if (!r.verdict) return;
      score += POINTS[r.verdict]; max += 2;
    });
    return { score: score, max: max };
  };

  Player.prototype.finish = function (replay) {
    var s = this.score();
    var ending = this.data.endings[this.ending] || { outcome: "mixed", title: "练习结束", text: "" };
    this.record.done = true;
    this.record.score = s.score;
    this.record.max = s.max;
    this.record.ending = this.ending;
    if (!replay) { this.record.at = Date.now(); this.persist(); }
    this.root.setAttribute("data-done", "1");
    var end = el("section", { class: "drill__end drill__end--" + ending.outcome, tabindex: "-1", "aria-labelledby": "end-" + this.data.id });
    end.appendChild(el("h2", { id: "end-" + this.data.id, class: "drill__end-title", text: "结局：" + ending.title }));
    if (ending.text) end.appendChild(el("p", { class: "drill__end-text", text: ending.text }));
    end.appendChild(el("p", { class: "drill__score", "data-score": s.score, "data-max": s.max, text: "得分：" + s.score + " / " + s.max + "（" + MODES[this.mode] + "）" }));
    end.appendChild(this.pathMap());
    end.appendChild(this.reveal());
    end.appendChild(this.debrief());
    end.appendChild(this.reflection());
    var self = this;
    var again = el("button", { type: "button", class: "drill__restart", text: "再练一次" });
    again.addEventListener("click", function () {
      if (!window.confirm("再练一次会清除这次的结果（得分 " + s.score + " / " + s.max + "）。确定吗？")) return;
      forget(self.data.id);
      self.start(true, self.mode);
      self.focusStart();
    });
    var back = this.mode === "test" ? assignment() : null;
    end.appendChild(el("p", { class: "drill__actions" }, [
      back ? el("a", { class: "drill__back", href: back.href, text: "返回作业：" + back.title }) : null, back ? " " : null,
      again, " ", el("a", { href: this.data.index, text: "返回练习列表" })]));
    this.panel.textContent = "";
    this.panel.appendChild(end);
    if (!replay) end.focus();
  };

  Player.prototype.pathMap = function () {
    var self = this;
    var box = el("div", { class: "drill__map" }, [el("h3", { text: "你走过的路线" })]);
    var list = el("ol", { class: "drill__path" });
    this.results.forEach(function (r, i) {
      var label = r.choice ? r.choice.strategy : r.step.kind === "write" ? "自己写回答" : r.step.prompt;
      var mark = r.verdict ? MARKS[r.verdict] : "✎";
      var state = self.stateText(self.node(r.node).st);
      list.appendChild(el("li", { class: "drill__path-node drill__path-node--" + (r.verdict || "write"), "data-verdict": r.verdict || "" }, [
        el("span", { class: "drill__path-mark", "aria-hidden": "true", text: mark }),
        el("span", { text: (i + 1) + ". " + label + (r.verdict ? "（" + self.data.verdicts[r.verdict] + "）" : "") }),
        state ? el("span", { class: "drill__path-state", text: "当时：" + state }) : null,
      ]));
    });
    var ending = this.data.endings[this.ending];
    var last = this.stateText(this.final);
    if (ending) list.appendChild(el("li", { class: "drill__path-node drill__path-node--end drill__path-node--" + ending.outcome }, [
      el("span", { class: "drill__path-mark", "aria-hidden": "true", text: "◆" }), el("span", { text: "结局：" + ending.title }),
      last ? el("span", { class: "drill__path-state", text: "最后：" + last }) : null,
    ]));
    box.appendChild(list);
    return box;
  };

  /* "耐心 1/3 · 信任 0/3": the drill's state as the learner met it. */
  Player.prototype.stateText = function (values) {
    var vars = this.data.vars;
    if (!vars.length || !values) return "";
    return vars.map(function (v, k) { return v.label + " " + values[k] + "/" + v.max; }).join(" · ");
  };

  Player.prototype.reveal = function () {
    var r = this.data.reveal;
    var box = el("div", { class: "drill__reveal" }, [el("h3", { text: "揭晓" })]);
    if (r.type) box.appendChild(el("p", { text: this.data.persona.name + "属于：" + r.type }));
    box.appendChild(el("p", { text: "这个练习练的是：" + r.skills.join("、") }));
    return box;
  };

  Player.prototype.debrief = function () {
    var self = this, verdicts = this.data.verdicts;
    var box = el("div", { class: "drill__debrief" }, [el("h3", { text: "逐步讲评" })]);
    var list = el("ol", { class: "drill__review" });
    this.results.forEach(function (r, k) {
      var item = el("li", { class: "drill__review-item drill__review-item--" + (r.verdict || "write") });
      var said = self.line(r.node);
      if (r.step.kind === "choice" || r.step.kind === "write") item.appendChild(el("p", { class: "drill__review-customer", text: self.data.persona.name + "：" + said.customer }));
      if (r.choice) {
        item.appendChild(el("p", { class: "drill__review-mine", text: "你的选择（" + r.choice.strategy + "）：" + r.choice.reply }));
        var re = r.choice.reaction;
        item.appendChild(el("p", { class: "drill__review-reaction", text: "客户的反应：" + [re.action, re.line].filter(Boolean).join("，") + "（" + MOODS[re.mood] + "）" }));
        item.appendChild(el("p", { class: "drill__review-verdict", text: MARKS[r.verdict] + " " + verdicts[r.verdict] + "：" + r.choice.feedback }));
        item.appendChild(self.citeList(r.choice.cites, "道理出自："));
        if (r.verdict !== "good") {
          var offered = self.node(r.node).e.map(function (e) { return e[0]; });
          r.step.choices.filter(function (c) { return c.verdict === "good" && offered.indexOf(c.id) >= 0; }).forEach(function (b) {
            item.appendChild(el("p", { class: "drill__review-better", text: "更好的做法（" + b.strategy + "）：" + b.reply }));
          });
        }
        if (self.mode === "practice") {
          var again = el("button", { type: "button", class: "drill__retry", text: "从这一步重新选择" });
          again.addEventListener("click", function () { self.rewind(k); });
          item.appendChild(el("p", {}, [again]));
        }
      } else if (r.step.kind === "write") {
        item.appendChild(el("p", { class: "drill__review-mine", text: "你写的：" + r.answer }));
        item.appendChild(el("p", { class: "drill__review-better", text: "示范：" + r.step.models[0] }));
      } else {
        item.appendChild(el("p", { class: "drill__review-mine", text: r.step.prompt + "（答对 " + r.right + " / " + r.total + "）" }));
        item.appendChild(self.solution(r.step, r.answer));
        item.appendChild(el("p", { class: "drill__review-why", text: r.step.feedback }));
        item.appendChild(self.citeList(r.step.cites, "道理出自："));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  };

  Player.prototype.reflection = function () {
    var self = this;
    var id = "r-" + this.data.id;
    var area = el("textarea", { id: id, class: "drill__write", rows: "3" });
    area.value = typeof this.record.notes.reflection === "string" ? this.record.notes.reflection : "";
    area.addEventListener("change", function () { self.record.notes.reflection = area.value.slice(0, 2000); self.persist(); });
    return el("div", { class: "drill__reflection" }, [
      el("h3", { text: "想一想" }), el("label", { for: id, text: this.data.reflection }), area,
      el("p", { class: "drill__hint", text: "只保存在这台设备的浏览器里。" }),
    ]);
  };

  Player.prototype.toolbar = function () {
    var self = this;
    var bar = el("div", { class: "drill__toolbar" });
    var group = el("div", { class: "drill__modes", role: "radiogroup", "aria-label": "模式" });
    this.modeButtons = {};
    Object.keys(MODES).forEach(function (m) {
      var b = el("button", { type: "button", class: "drill__mode", role: "radio", "data-mode": m, "aria-checked": "false", text: MODES[m] });
      b.addEventListener("click", function () { self.switchMode(m); });
      self.modeButtons[m] = b;
      group.appendChild(b);
    });
    var restart = el("button", { type: "button", class: "drill__restart drill__restart--top", text: "从头开始" });
    restart.addEventListener("click", function () {
      if (self.record.answers.length && !window.confirm("从头开始会清除这次的进度和结果。确定吗？")) return;
      forget(self.data.id);
      self.start(true, self.mode);
      self.focusStart();
    });
    bar.appendChild(group);
    bar.appendChild(restart);
    /* Below the conversation: on a phone the customer's first line and the
     * replies come first; the skip link leads straight to them. */
    this.modeNote = el("p", { class: "drill__mode-note" });
    this.root.appendChild(bar);
    this.root.appendChild(this.modeNote);
  };

  Player.prototype.syncModeSwitch = function () {
    var self = this;
    if (!this.modeButtons) return;
    Object.keys(this.modeButtons).forEach(function (m) { self.modeButtons[m].setAttribute("aria-checked", m === self.mode ? "true" : "false"); });
    this.modeNote.textContent = this.mode === "test"
      ? "测验模式：每一步只看到客户的反应，讲评和得分在结束后一起给出。"
      : "练习模式：每一步先看客户的反应，再看讲评；可以重选。";
  };

  Player.prototype.switchMode = function (m) {
    if (m === this.mode) return;
    if (this.record.answers.length && !window.confirm("切换模式会从头开始，并清除这次的进度。确定吗？")) return;
    forget(this.data.id);
    this.start(true, m);
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
      if (saved) id.textContent = saved.done ? "已完成 " + saved.score + " / " + saved.max : "进行中";
    });
  }

  function init() {
    document.querySelectorAll(".drill").forEach(function (root) {
      if (root.getAttribute("data-ready")) return;
      var holder = root.querySelector("template.drill__data");
      var data;
      try { data = JSON.parse(holder.content ? holder.content.textContent : holder.textContent); } catch (e) { return; }
      if (!data || data.v !== 2) return;
      root.setAttribute("data-ready", "1");
      var player = new Player(root, data);
      player.toolbar();
      player.start(false, null);
    });
    filters(document);
  }

  /* el is also the DOM helper of the site's later scripts (assignments, gradebook, progress):
     this file comes first on every page. */
  window.AsaDrillPlayer = { init: init, el: el };

  document.addEventListener("keydown", keys);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
