/* Assignments without a server.
 *
 * A trainer picks drills on drills/assign.html and gets a link; the
 * assignment travels in the link's #fragment (never sent to any server).
 * A learner opens it, plays the drills (progress stays in this browser's
 * localStorage) and copies a result code; the trainer pastes the codes back
 * into drills/assign.html and gets a table and a CSV file.
 *
 * Codes are "ASA1.<base64url JSON>.<checksum>": the checksum catches a code
 * that was cut or mistyped; it is not a protection against cheating.
 */
(function () {
  "use strict";

  var PREFIX = "ASA1";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function checksum(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return (h >>> 0).toString(36);
  }

  function encode(obj) {
    var bytes = new TextEncoder().encode(JSON.stringify(obj));
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    var body = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return PREFIX + "." + body + "." + checksum(body);
  }

  function decode(code) {
    var parts = String(code).trim().split(".");
    if (parts.length !== 3 || parts[0] !== PREFIX) throw new Error("不是本站生成的代码");
    if (checksum(parts[1]) !== parts[2]) throw new Error("代码不完整或被改动过");
    var b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    var bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function progress(id) {
    try {
      var saved = JSON.parse(window.localStorage.getItem("asa.drill." + id));
      /* an assignment counts only attempts made in test mode (judged at the end) */
      if (!saved || saved.v !== 2 || !Array.isArray(saved.answers) || saved.mode !== "test") return null;
      return saved;
    } catch (e) {
      return null;
    }
  }

  function catalogue(root) {
    var holder = root.querySelector("template.drill-catalogue");
    var list = JSON.parse(holder.content ? holder.content.textContent : holder.textContent);
    var byId = {};
    list.forEach(function (d) { byId[d.id] = d; });
    return { list: list, byId: byId };
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

  /* ---------- trainer: make an assignment, collect results ---------- */

  function trainer(root) {
    var cat = catalogue(root);
    var form = root.querySelector(".assign__form");
    var out = root.querySelector(".assign__link");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ids = [];
      form.querySelectorAll("input[name=drill]:checked").forEach(function (box) { ids.push(box.value); });
      var title = form.querySelector("input[name=title]").value.trim() || "售后服务情景演练";
      out.textContent = "";
      if (!ids.length) {
        out.appendChild(el("p", { class: "assign__error", role: "alert", text: "请至少选择一个练习。" }));
        return;
      }
      var assignment = { v: 1, id: Math.random().toString(36).slice(2, 10), t: title, d: ids };
      var url = new URL("assignment.html#" + encode(assignment), window.location.href).href;
      var input = el("input", { type: "text", readonly: "readonly", class: "assign__url", value: url, "aria-label": "作业链接" });
      out.appendChild(el("p", { text: "把这个链接发给学员（" + ids.length + " 个练习）：" }));
      out.appendChild(el("p", { class: "assign__row" }, [input, copyButton(input)]));
      out.appendChild(el("p", {}, [el("a", { href: url, text: "打开作业页面预览" })]));
    });

    var collect = root.querySelector(".assign__collect");
    var report = root.querySelector(".assign__report");
    collect.addEventListener("submit", function (event) {
      event.preventDefault();
      report.textContent = "";
      var rows = [], errors = [];
      collect.querySelector("textarea").value.split(/\s+/).filter(Boolean).forEach(function (code, i) {
        try {
          var r = decode(code);
          if (!r || r.v !== 1 || !Array.isArray(r.r) || typeof r.n !== "string") throw new Error("内容不完整");
          rows.push(r);
        } catch (e) {
          errors.push("第 " + (i + 1) + " 个代码无法读取：" + e.message);
        }
      });
      errors.forEach(function (msg) { report.appendChild(el("p", { class: "assign__error", role: "alert", text: msg })); });
      if (!rows.length) return;
      var ids = [];
      rows.forEach(function (r) { r.r.forEach(function (x) { if (ids.indexOf(x[0]) < 0) ids.push(x[0]); }); });
      var head = el("tr", {}, [el("th", { scope: "col", text: "学员" }), el("th", { scope: "col", text: "作业" })]);
      ids.forEach(function (id) { head.appendChild(el("th", { scope: "col", text: (cat.byId[id] || { title: id }).title })); });
      head.appendChild(el("th", { scope: "col", text: "合计" }));
      var body = el("tbody");
      var csv = [["学员", "作业"].concat(ids.map(function (id) { return (cat.byId[id] || { title: id }).title; })).concat(["合计"])];
      rows.forEach(function (r) {
        var tr = el("tr", {}, [el("th", { scope: "row", text: r.n }), el("td", { text: r.t || "" })]);
        var line = [r.n, r.t || ""], sum = 0, max = 0;
        ids.forEach(function (id) {
          var x = r.r.filter(function (y) { return y[0] === id; })[0];
          var text = !x ? "—" : x[3] ? x[1] + " / " + x[2] : "未完成";
          if (x && x[3]) { sum += x[1]; max += x[2]; }
          tr.appendChild(el("td", { text: text, "data-drill": id }));
          line.push(text);
        });
        tr.appendChild(el("td", { text: sum + " / " + max }));
        line.push(sum + " / " + max);
        body.appendChild(tr);
        csv.push(line);
      });
      var table = el("table", { class: "assign__table content-table" }, [el("thead", {}, [head]), body]);
      report.appendChild(el("div", { class: "table-wrap" }, [table]));
      var text = "\ufeff" + csv.map(function (line) {
        return line.map(function (cell) { return '"' + String(cell).replace(/"/g, '""') + '"'; }).join(",");
      }).join("\r\n");
      var link = el("a", { class: "assign__csv", download: "results.csv", href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), text: "下载 CSV（可用 Excel 打开）" });
      report.appendChild(el("p", {}, [link]));
    });
  }

  /* ---------- learner: the assignment page ---------- */

  function learner(root) {
    var cat = catalogue(root);
    var box = root.querySelector(".assignment__body");
    box.textContent = "";
    var assignment;
    try {
      assignment = decode(decodeURIComponent(window.location.hash.slice(1)));
      if (!assignment || assignment.v !== 1 || !Array.isArray(assignment.d)) throw new Error("内容不完整");
    } catch (e) {
      box.appendChild(el("p", { class: "assign__error", role: "alert", text: "这个作业链接无法打开（" + e.message + "）。请向培训师重新索取链接。" }));
      return;
    }
    box.appendChild(el("h2", { text: assignment.t }));
    var list = el("ol", { class: "assignment__list" });
    var known = assignment.d.filter(function (id) { return cat.byId[id]; });
    known.forEach(function (id) {
      var d = cat.byId[id];
      var saved = progress(id);
      var status = !saved ? "未开始" : saved.done ? "已完成，得分 " + saved.score + " / " + saved.max : "进行中";
      list.appendChild(el("li", { "data-drill": id }, [
        el("a", { href: id + ".html?mode=test", text: d.title }), " ",
        el("span", { class: "assignment__status" + (saved && saved.done ? " is-done" : ""), text: status }),
      ]));
    });
    box.appendChild(list);
    if (known.length < assignment.d.length) {
      box.appendChild(el("p", { class: "assign__error", text: "有 " + (assignment.d.length - known.length) + " 个练习在本站找不到，可能已被更换。" }));
    }
    var name = el("input", { type: "text", name: "learner", id: "learner-name", autocomplete: "name" });
    try { name.value = window.localStorage.getItem("asa.learner") || ""; } catch (e) { /* ignore */ }
    var make = el("button", { type: "submit", class: "drill__submit", text: "生成成绩码" });
    var result = el("div", { class: "assignment__result", "aria-live": "polite" });
    var form = el("form", { class: "assignment__form" }, [el("label", { for: "learner-name", text: "你的姓名：" }), name, " ", make]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      result.textContent = "";
      var who = name.value.trim();
      if (!who) { result.appendChild(el("p", { class: "assign__error", role: "alert", text: "请先填写姓名。" })); return; }
      try { window.localStorage.setItem("asa.learner", who); } catch (e) { /* ignore */ }
      var rows = known.map(function (id) {
        var saved = progress(id);
        return [id, saved && saved.done ? saved.score : 0, saved && saved.done ? saved.max : 0, saved && saved.done ? 1 : 0];
      });
      var code = encode({ v: 1, a: assignment.id, t: assignment.t, n: who, r: rows, at: new Date().toISOString().slice(0, 16) });
      var input = el("textarea", { readonly: "readonly", class: "assign__code", rows: "3", "aria-label": "成绩码" });
      input.value = code;
      var done = rows.filter(function (r) { return r[3]; }).length;
      result.appendChild(el("p", { text: "已完成 " + done + " / " + rows.length + " 个练习。把下面的成绩码发给培训师：" }));
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
