/* Assignments without a server: the trainer's page and the learner's page.
 *
 * A trainer ticks drills on drills/assign.html and gets a link (and its QR
 * code); the assignment travels in the link's #fragment, never sent to any
 * server.  A learner opens it, plays the drills in test mode (records stay in
 * this browser's localStorage) and copies a result code; the trainer pastes
 * the codes back and gets the gradebook (gradebook.js).  The same page
 * downloads the ticked drills for a learning system: a SCORM 1.2 package
 * (scorm-package.js) and the Moodle XML / GIFT question banks.
 *
 * Codes and links: assign-codes.js (window.AsaCodes).
 */
(function () {
  "use strict";

  var C = window.AsaCodes;
  var LEARNER = "asa.learner";
  var LAST_ASSIGNMENT = "asa.assignment.last";
  var TRAINER_LINK = "asa.trainer.link";

  var el = window.AsaDrillPlayer.el;

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* storage disabled */ }
  }

  /* Everything this device keeps for the learner (name, drills, lessons read, last page),
     not the trainer's own settings nor the link back to the assignment. */
  function learnerKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf("asa.") === 0 && key.indexOf("asa.trainer.") !== 0 && key !== "asa.assignment.last") keys.push(key);
      }
    } catch (e) { /* storage disabled */ }
    return keys;
  }

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  /* A test-mode record of a drill (only those count for an assignment). */
  function progress(id) {
    try {
      var saved = JSON.parse(stored("asa.drill." + id));
      if (!saved || saved.v !== 2 || !Array.isArray(saved.answers) || saved.mode !== "test") return null;
      return saved;
    } catch (e) {
      return null;
    }
  }

  function catalogue(root) {
    var holder = root.querySelector("template.drill-catalogue");
    var list = JSON.parse(holder.content ? holder.content.textContent : holder.textContent);
    return { list: list, byId: C.index(list) };
  }

  function copyButton(input) {
    var button = el("button", { type: "button", class: "assign__copy", text: "复制" });
    button.addEventListener("click", function () {
      input.select();
      var done = function () { button.textContent = "已复制"; };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
    return button;
  }

  function fileWarning() {
    if (window.location.protocol !== "file:") return null;
    return el("p", { class: "assign__warning", role: "alert", text:
      "注意：本页是从这台电脑上的文件打开的（file://）。这样生成的链接指向本机的文件，学员在自己的手机或电脑上打不开。" +
      "请把网站放到学员能访问的网址（公司内网或网站服务器）上，再从那里打开本页生成链接。" });
  }

  function qr(url) {
    if (typeof window.qrcode !== "function") return null;
    try {
      var code = window.qrcode(0, "M");
      code.addData(url);
      code.make();
      return el("figure", { class: "assign__qr" }, [
        el("img", { src: code.createDataURL(4, 16), alt: "作业链接的二维码", width: String((code.getModuleCount() + 8) * 4) }),
        el("figcaption", { text: "学员用手机扫码即可打开作业" }),
      ]);
    } catch (e) {
      return el("p", { class: "assign__note", text: "作业链接太长，无法生成二维码；请少选几个练习，或直接发送链接。" });
    }
  }

  /* ---------- trainer ---------- */

  function ticked(form) {
    var ids = [];
    form.querySelectorAll("input[name=drill]:checked").forEach(function (box) { ids.push(box.value); });
    return ids;
  }

  function trainer(root) {
    var cat = catalogue(root);
    var form = root.querySelector(".assign__form");
    var out = root.querySelector(".assign__link");
    var warning = fileWarning();
    if (warning) form.parentNode.insertBefore(warning, form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ids = ticked(form);
      var title = form.querySelector("input[name=title]").value.trim() || "售后服务情景演练";
      var pass = parseInt(form.querySelector("input[name=pass]").value, 10);
      out.textContent = "";
      if (!ids.length) {
        out.appendChild(el("p", { class: "assign__error", role: "alert", text: "请至少选择一个练习。" }));
        return;
      }
      if (!(pass >= 0 && pass <= 100)) {
        out.appendChild(el("p", { class: "assign__error", role: "alert", text: "及格线请填 0 到 100 之间的整数。" }));
        return;
      }
      var assignment = { v: 2, id: Math.random().toString(36).slice(2, 10).padEnd(8, "0"), t: title.slice(0, 100), d: ids, p: pass };
      var url = new URL("assignment.html#" + C.encode(assignment), window.location.href).href;
      store(TRAINER_LINK, url);
      var linkInput = root.querySelector("#assign-ref");
      if (linkInput) linkInput.value = url;
      var input = el("input", { type: "text", readonly: "readonly", class: "assign__url", value: url, "aria-label": "作业链接" });
      out.appendChild(el("p", { text: "把这个链接发给学员（" + ids.length + " 个练习，及格线 " + pass + "%）：" }));
      out.appendChild(el("p", { class: "assign__row" }, [input, copyButton(input)]));
      var w = fileWarning();
      if (w) out.appendChild(w);
      out.appendChild(qr(url));
      out.appendChild(el("p", {}, [el("a", { href: url, text: "打开作业页面预览" })]));
    });

    var exports = root.querySelector(".assign__exports");
    if (exports && window.AsaExports) window.AsaExports.attach(root, exports, function () { return ticked(form); },
      function () { return form.querySelector("input[name=title]").value.trim() || "售后服务情景演练"; },
      function () { return parseInt(form.querySelector("input[name=pass]").value, 10); });

    var collect = root.querySelector(".assign__collect");
    var report = root.querySelector(".assign__report");
    var ref = root.querySelector("#assign-ref");
    if (ref && !ref.value) ref.value = stored(TRAINER_LINK) || "";
    collect.addEventListener("submit", function (event) {
      event.preventDefault();
      window.AsaGradebook.collect(report, collect.querySelector("textarea").value, cat.list, ref ? ref.value.trim() : "");
    });
  }

  /* ---------- learner ---------- */

  function answersOf(saved, drill) {
    var steps = Object.create(null);
    drill.decisions.forEach(function (q) { steps[q.id] = q; });
    var path = Array.isArray(saved.path) ? saved.path : [];
    var out = [];
    path.forEach(function (step, i) {
      var a = saved.answers[i];
      if (typeof step === "string" && C.own(steps, step) && steps[step].choices.some(function (c) { return c[0] === a; })) out.push([step, a]);
    });
    return out;
  }

  function learner(root) {
    var cat = catalogue(root);
    var box = root.querySelector(".assignment__body");
    box.textContent = "";
    var assignment;
    try {
      var found = C.find(decodeURIComponent(window.location.hash.slice(1)))[0];
      if (!found) throw new Error("链接里没有作业");
      assignment = C.checkAssignment(C.decode(found), cat.byId);
    } catch (e) {
      box.appendChild(el("p", { class: "assign__error", role: "alert", text: "这个作业链接无法打开（" + e.message + "）。请向培训师重新索取链接。" }));
      return;
    }
    store(LAST_ASSIGNMENT, JSON.stringify({ id: assignment.id, title: assignment.title, href: window.location.href }));
    box.appendChild(el("h2", { text: assignment.title }));
    box.appendChild(el("p", { class: "assignment__pass", text: "共 " + assignment.drills.length + " 个练习，以测验模式进行；总分达到 " + assignment.pass + "% 为合格。" }));
    var list = el("ol", { class: "assignment__list" });
    assignment.drills.forEach(function (id) {
      var d = cat.byId[id];
      var saved = progress(id);
      var status = !saved ? "未开始" : saved.done ? "已完成，得分 " + saved.score + " / " + saved.max : "进行中";
      list.appendChild(el("li", { "data-drill": id }, [
        el("a", { href: id + ".html?mode=test&assignment=" + assignment.id, text: d.title }), " ",
        el("span", { class: "assignment__status" + (saved && saved.done ? " is-done" : ""), text: status }),
      ]));
    });
    box.appendChild(list);
    if (assignment.missing.length) {
      box.appendChild(el("p", { class: "assign__error", text: "有 " + assignment.missing.length + " 个练习在本站找不到，可能已被更换；请告诉培训师。" }));
    }
    var name = el("input", { type: "text", name: "learner", id: "learner-name", autocomplete: "name", maxlength: "60" });
    name.value = stored(LEARNER) || "";
    var make = el("button", { type: "submit", class: "drill__submit", text: "生成成绩码" });
    var swap = el("button", { type: "button", class: "assignment__swap", text: "换人" });
    var result = el("div", { class: "assignment__result", "aria-live": "polite" });
    var form = el("form", { class: "assignment__form" }, [el("label", { for: "learner-name", text: "你的姓名：" }), name, " ", make, " ", swap]);
    swap.addEventListener("click", function () {
      var keys = learnerKeys();
      var n = keys.filter(function (k) { return k.indexOf("asa.drill.") === 0; }).length;
      if (!window.confirm("换人会清除这台设备上保存的姓名和学习记录（读过的课、上次学到哪里" +
        (n ? "、" + n + " 个练习的进度与成绩" : "") + "），下一位学员从头开始。确定吗？")) return;
      keys.forEach(function (k) { store(k, null); });
      learner(root);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      result.textContent = "";
      var who = name.value.trim();
      if (!who) { result.appendChild(el("p", { class: "assign__error", role: "alert", text: "请先填写姓名。" })); return; }
      store(LEARNER, who);
      var rows = assignment.drills.map(function (id) {
        var saved = progress(id);
        var done = !!(saved && saved.done && typeof saved.score === "number" && typeof saved.max === "number");
        return [id, done ? saved.score : 0, done ? saved.max : 0, done ? 1 : 0,
          done && typeof saved.at === "number" ? Math.floor(saved.at / 60000) : 0, /* minutes */
          done ? answersOf(saved, cat.byId[id]) : []];
      });
      var completed = rows.filter(function (r) { return r[3]; }).length;
      var code = C.encode({ v: 2, a: assignment.id, t: assignment.title, n: who.slice(0, 60), at: new Date().toISOString(), c: completed, r: rows });
      var input = el("textarea", { readonly: "readonly", class: "assign__code", rows: "4", "aria-label": "成绩码" });
      input.value = code;
      result.appendChild(el("p", { text: "已完成 " + completed + " / " + rows.length + " 个练习。把下面的成绩码（整段）发给培训师：" }));
      result.appendChild(input);
      result.appendChild(copyButton(input));
    });
    box.appendChild(form);
    box.appendChild(result);
  }

  function init() {
    document.querySelectorAll(".assign:not([data-ready])").forEach(function (root) {
      root.setAttribute("data-ready", "1");
      trainer(root);
    });
    document.querySelectorAll(".assignment:not([data-ready])").forEach(function (root) {
      root.setAttribute("data-ready", "1");
      learner(root);
    });
  }

  window.addEventListener("hashchange", function () {
    document.querySelectorAll(".assignment").forEach(learner);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
