/* The trainer's gradebook: pasted result codes -> a table, an item analysis, CSV files, a print view.
 *
 * Every code found in the pasted text is read on its own: a code that is
 * damaged, forged, repeated or from another assignment gets one line saying
 * so, and all the others still show.  The assignment the table is about is
 * the link given on the page (or pasted with the codes); without one, the
 * assignment of the first readable code.
 *
 * window.AsaGradebook.collect(root, text, catalogue, link) renders into root.
 */
(function () {
  "use strict";

  var C = window.AsaCodes;
  var POINTS = { g: 2, a: 1, b: 0 };
  var VERDICT = { g: "好", a: "可", b: "差" };

  var el = window.AsaDrillPlayer.el;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function when(value) {
    var d = new Date(value);
    if (isNaN(d.getTime())) return "";
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function percent(score, max) {
    return max ? Math.round((score / max) * 1000) / 10 : 0;
  }

  /* Read every code in the text: results (checked) and problems (one line each). */
  function read(text, byId, link) {
    var problems = [], results = [], reference = null, firstAt = Object.create(null);
    function problem(k, msg) { problems.push({ k: k, text: (k ? "第 " + k + " 个代码：" : "") + msg }); }
    if (link) {
      try {
        var found = C.find(link)[0];
        if (!found) throw new Error("这不是作业链接");
        reference = C.checkAssignment(C.decode(found), byId);
      } catch (e) {
        problem(0, "上面填的作业链接无法读取（" + e.message + "），按成绩码里的作业汇总。");
      }
    }
    var codes = C.find(text);
    codes.forEach(function (code, i) {
      var k = i + 1;
      if (firstAt[code]) { problem(k, "与第 " + firstAt[code] + " 个完全相同，已忽略重复的一份。"); return; }
      firstAt[code] = k;
      var data;
      try { data = C.decode(code); } catch (e) { problem(k, e.message + "。"); return; }
      if (data && typeof data === "object" && !Array.isArray(data) && "d" in data && !("r" in data)) {
        try {
          var a = C.checkAssignment(data, byId);
          if (!reference) reference = a;
          else if (reference.id !== a.id) problem(k, "这是另一份作业（" + a.title + "）的链接，已忽略。");
        } catch (e) { problem(k, "这是一个作业链接，但无法读取（" + e.message + "）。"); }
        return;
      }
      try { results.push({ k: k, r: C.checkResult(data, byId) }); } catch (e) { problem(k, "无法计入：" + e.message + "。"); }
    });
    if (!codes.length) problem(0, "没有找到成绩码：成绩码以 ASA2. 开头，请把学员发来的整段文字粘贴进来。");
    if (!reference && results.length) {
      var first = results[0].r;
      reference = { id: first.assignment, title: first.title, drills: first.rows.map(function (x) { return x.id; }), missing: [], pass: 60, guessed: true };
    }
    var rows = [], byName = Object.create(null);
    results.forEach(function (item) {
      var r = item.r;
      if (r.assignment !== reference.id) { problem(item.k, "（" + r.name + "）属于另一份作业“" + r.title + "”，没有计入本表。"); return; }
      var extra = r.rows.filter(function (x) { return reference.drills.indexOf(x.id) < 0; });
      if (extra.length) { problem(item.k, "（" + r.name + "）含有本作业没有的练习“" + byId[extra[0].id].title + "”，没有计入本表。"); return; }
      var before = byName[r.name];
      if (before) {
        var newer = Date.parse(r.at) >= Date.parse(before.r.at) ? item : before;
        problem(item.k, "与第 " + before.k + " 个是同一位学员（" + r.name + "）的成绩码，采用生成时间较晚的第 " + newer.k + " 个。");
        rows[rows.indexOf(before)] = newer;
        byName[r.name] = newer;
        return;
      }
      byName[r.name] = item;
      rows.push(item);
    });
    return { problems: problems, rows: rows, reference: reference };
  }

  /* Per learner: completed, score, max (unfinished drills count their good path), percent, pass. */
  function grade(item, reference, byId) {
    var r = item.r, score = 0, max = 0, completed = 0, cells = [], last = 0;
    reference.drills.forEach(function (id) {
      var x = r.rows.filter(function (y) { return y.id === id; })[0];
      if (x && x.done) {
        completed++; score += x.score; max += x.max; last = Math.max(last, x.finished);
        cells.push({ id: id, done: true, score: x.score, max: x.max });
      } else {
        max += byId[id].nominal;
        cells.push({ id: id, done: false });
      }
    });
    var pct = percent(score, max);
    var n = reference.drills.length;
    return {
      name: r.name, completed: completed, n: n, score: score, max: max, pct: pct,
      passed: completed === n && pct >= reference.pass, at: r.at, cells: cells,
    };
  }

  /* The share of learners choosing each reply at every decision, hardest decisions first. */
  function items(rows, reference, byId) {
    var out = [];
    reference.drills.forEach(function (id) {
      var d = byId[id];
      d.decisions.forEach(function (q) {
        var counts = Object.create(null), n = 0;
        rows.forEach(function (item) {
          item.r.rows.forEach(function (x) {
            if (x.id !== id) return;
            x.answers.forEach(function (pair) {
              if (pair[0] !== q.id) return;
              counts[pair[1]] = (counts[pair[1]] || 0) + 1; n++;
            });
          });
        });
        if (!n) return;
        var points = 0;
        var choices = q.choices.map(function (c) {
          var k = counts[c[0]] || 0;
          points += k * POINTS[c[1]];
          return { id: c[0], verdict: c[1], strategy: c[2], count: k, share: Math.round((k / n) * 100) };
        });
        var good = choices.filter(function (c) { return c.verdict === "g"; }).reduce(function (s, c) { return s + c.count; }, 0);
        out.push({ drill: d, q: q, n: n, good: Math.round((good / n) * 100), mean: points / (2 * n), choices: choices });
      });
    });
    out.sort(function (a, b) { return a.mean - b.mean || a.good - b.good || b.n - a.n; });
    return out;
  }

  function download(name, text, label, cls) {
    return el("a", { class: cls, download: name, href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })), text: label });
  }

  function collect(root, text, list, link) {
    var byId = C.index(list);
    root.textContent = "";
    var got = read(text, byId, link);
    if (got.problems.length) {
      var box = el("ul", { class: "assign__problems", role: "alert" });
      got.problems.forEach(function (p) { box.appendChild(el("li", { class: "assign__error", "data-code": p.k, text: p.text })); });
      root.appendChild(box);
    }
    if (!got.reference || !got.rows.length) return null;
    var ref = got.reference;
    var graded = got.rows.map(function (item) { return grade(item, ref, byId); });
    root.appendChild(el("h3", { class: "assign__report-title", text: "成绩表：" + ref.title }));
    root.appendChild(el("p", { class: "assign__summary", text:
      graded.length + " 位学员 · " + ref.drills.length + " 个练习 · 及格线 " + ref.pass + "%" +
      (ref.guessed ? "（没有作业链接，按第一个成绩码的作业汇总，及格线按默认值）" : "") }));

    var head = ["学员", "完成", "得分", "满分", "百分比", "结果", "生成时间"];
    var tr = el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }));
    ref.drills.forEach(function (id) { tr.appendChild(el("th", { scope: "col", "data-drill": id, text: byId[id].title })); });
    var body = el("tbody");
    var csvLines = [["学员", "作业", "完成练习数", "练习总数", "得分", "满分", "百分比", "结果", "生成时间"].concat(ref.drills.map(function (id) { return byId[id].title; }))];
    graded.forEach(function (g) {
      var result = g.passed ? "合格" : g.completed < g.n ? "不合格（未做完）" : "不合格";
      var row = el("tr", { "data-learner": g.name }, [
        el("th", { scope: "row", text: g.name }),
        el("td", { "data-col": "completed", "data-label": "完成", text: g.completed + " / " + g.n }),
        el("td", { "data-col": "score", "data-label": "得分", class: "is-number", text: String(g.score) }),
        el("td", { "data-col": "max", "data-label": "满分", class: "is-number", text: String(g.max) }),
        el("td", { "data-col": "percent", "data-label": "百分比", class: "is-number", text: g.pct + "%" }),
        el("td", { "data-col": "result", "data-label": "结果", class: g.passed ? "is-pass" : "is-fail", text: result }),
        el("td", { "data-col": "at", "data-label": "生成时间", text: when(g.at) }),
      ]);
      var line = [g.name, ref.title, g.completed, g.n, g.score, g.max, g.pct, result, when(g.at)];
      g.cells.forEach(function (c) {
        row.appendChild(el("td", { "data-drill": c.id, "data-label": byId[c.id].title, class: "is-number", text: c.done ? c.score + " / " + c.max : "未完成" }));
        line.push(c.done ? c.score : "未完成");
      });
      body.appendChild(row);
      csvLines.push(line);
    });
    root.appendChild(el("div", { class: "table-wrap" }, [el("table", { class: "assign__table content-table" }, [el("thead", {}, [tr]), body])]));
    root.appendChild(el("p", { class: "assign__note", text: "未完成的练习按满分计入“满分”，所以没做完的学员百分比会偏低。导出的 CSV 中各练习一栏是得分（数字）。" }));

    var analysis = items(got.rows, ref, byId);
    var itemLines = [["练习", "决定", "客户说", "作答人数", "选好回应的比例(%)", "回应", "评价", "选择人数", "比例(%)"]];
    var section = el("section", { class: "assign__items" }, [el("h3", { text: "逐题分析（最难的在前）" }),
      el("p", { class: "assign__note", text: "每个决定下，各回应被选的比例。选“好”的人越少，越值得在下一次培训里讲。" })]);
    var olist = el("ol", { class: "assign__item-list" });
    analysis.forEach(function (a) {
      var li = el("li", { class: "assign__item", "data-drill": a.drill.id, "data-step": a.q.id, "data-good": a.good }, [
        el("p", { class: "assign__item-head" }, [el("strong", { text: a.drill.title }), " · 客户说：“" + a.q.line + "”"]),
        el("p", { class: "assign__item-meta", text: a.n + " 人作答，" + a.good + "% 选了好的回应" }),
      ]);
      var ul = el("ul", { class: "assign__shares" });
      a.choices.forEach(function (c) {
        ul.appendChild(el("li", { "data-choice": c.id, "data-share": c.share, class: "is-" + c.verdict }, [
          el("span", { class: "assign__bar", style: "width:" + c.share + "%" }),
          el("span", { text: c.strategy + "（" + VERDICT[c.verdict] + "）：" + c.share + "%（" + c.count + " 人）" }),
        ]));
        itemLines.push([a.drill.title, a.q.id, a.q.line, a.n, a.good, c.strategy, VERDICT[c.verdict], c.count, c.share]);
      });
      li.appendChild(ul);
      olist.appendChild(li);
    });
    if (!analysis.length) section.appendChild(el("p", { text: "这些成绩码里还没有作答记录。" }));
    section.appendChild(olist);
    root.appendChild(section);

    var printButton = el("button", { type: "button", class: "assign__print", text: "打印成绩表" });
    printButton.addEventListener("click", function () {
      document.documentElement.classList.add("asa-print");
      window.addEventListener("afterprint", function done() {
        document.documentElement.classList.remove("asa-print");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    root.appendChild(el("p", { class: "assign__downloads" }, [
      download("成绩表.csv", C.csv(csvLines), "下载成绩表 CSV（可用 Excel 打开）", "assign__csv"), " ",
      download("逐题分析.csv", C.csv(itemLines), "下载逐题分析 CSV", "assign__items-csv"), " ",
      printButton,
    ]));
    return { graded: graded, items: analysis, csv: C.csv(csvLines) };
  }

  window.AsaGradebook = { collect: collect, read: read };
})();
