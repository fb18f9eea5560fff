/* My progress, install and offline.
 *
 * - Served over http(s), registers the service worker (sw.js, written by the
 *   build) and links the web app manifest; from file:// it does neither.
 * - Remembers, in this browser only: the lessons marked as read
 *   (`asa.read` = {v:1, lessons: {id: time}}) and the last page studied
 *   (`asa.last` = {v:1, path, title, at}); the drills keep their own records
 *   (`asa.drill.<id>`, written by the drill player).
 * - The home page offers "继续上次的学习"; the 我的进度 page lists lessons
 *   read, drills done with scores, the decisions worth practising again, and
 *   exports or imports everything as one JSON file.
 * Missing, old or corrupt stored data is ignored, never trusted.
 */
(function () {
  "use strict";

  var READ = "asa.read", LAST = "asa.last", DRILL = "asa.drill.";
  var VERDICT = { g: "好的服务", a: "还可以", b: "不好的服务" };

  var el = window.AsaDrillPlayer.el;

  function get(key) {
    try { var raw = window.localStorage.getItem(key); return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
  }

  function put(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function isObject(x) { return !!x && typeof x === "object" && !Array.isArray(x); }

  function readMarks() {
    var saved = get(READ);
    var out = {};
    if (!isObject(saved) || saved.v !== 1 || !isObject(saved.lessons)) return out;
    Object.keys(saved.lessons).forEach(function (id) {
      if (/^\d{1,4}$/.test(id) && typeof saved.lessons[id] === "number") out[id] = saved.lessons[id];
    });
    return out;
  }

  function lastPage() {
    var saved = get(LAST);
    if (!isObject(saved) || saved.v !== 1 || typeof saved.path !== "string" || typeof saved.title !== "string") return null;
    if (!/^[a-z0-9][a-z0-9/_.-]*\.html$/.test(saved.path) || saved.path.indexOf("..") >= 0) return null;
    return saved;
  }

  function drillRecord(id) {
    var saved = get(DRILL + id);
    if (!isObject(saved) || saved.v !== 2 || !Array.isArray(saved.answers)) return null;
    return saved;
  }

  /* The site's root URL, from Material's page configuration (works from file:// too). */
  function root() {
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function sitePath() {
    var r = root().href, here = window.location.href.split(/[?#]/)[0];
    if (here.indexOf(r) !== 0) return null;
    var path = here.slice(r.length);
    return path === "" || /\/$/.test(path) ? path + "index.html" : path;
  }

  /* ---------- install and offline (http and https only) ---------- */

  function webapp() {
    if (!/^https?:$/.test(window.location.protocol)) return;
    var r = root();
    if (!document.querySelector('link[rel="manifest"]')) {
      document.head.appendChild(el("link", { rel: "manifest", href: new URL("manifest.webmanifest", r).href }));
      document.head.appendChild(el("meta", { name: "theme-color", content: "#00796b" }));
      document.head.appendChild(el("link", { rel: "apple-touch-icon", href: new URL("assets/images/icon-192.png", r).href }));
    }
    if (!("serviceWorker" in navigator)) return;
    var register = function () {
      navigator.serviceWorker.register(new URL("sw.js", r).href, { scope: r.href }).catch(function () { /* offline use is a bonus */ });
    };
    if (document.readyState === "complete") window.setTimeout(register, 1000);
    else window.addEventListener("load", function () { window.setTimeout(register, 1000); });
  }

  /* ---------- remembering ---------- */

  function remember() {
    var path = sitePath();
    var h1 = document.querySelector(".md-content h1");
    if (!path || !h1 || path === "index.html" || path === "progress.html" || path === "404.html") return;
    if (!/^(lessons|causes|handbook|articles|drills)\//.test(path) || /^drills\/(index|assign|assignment)\.html$/.test(path)) return;
    put(LAST, { v: 1, path: path, title: h1.textContent.trim(), at: Date.now() });
  }

  function readButton(box) {
    var id = box.getAttribute("data-lesson");
    var button = el("button", { type: "button", class: "read-mark__button" });
    function sync() {
      var read = !!readMarks()[id];
      button.setAttribute("aria-pressed", read ? "true" : "false");
      button.textContent = read ? "✓ 已读（点一下取消）" : "读完了，标记为已读";
    }
    button.addEventListener("click", function () {
      var marks = readMarks();
      if (marks[id]) delete marks[id]; else marks[id] = Date.now();
      put(READ, { v: 1, lessons: marks });
      sync();
    });
    sync();
    box.textContent = "";
    box.appendChild(button);
    box.hidden = false;
  }

  function continueBox(box) {
    var last = lastPage();
    box.textContent = "";
    if (!last) { box.hidden = true; return; }
    box.appendChild(el("p", {}, [
      el("span", { class: "continue-box__label", text: "继续上次的学习：" }),
      el("a", { href: new URL(last.path, root()).href, class: "continue-box__link", text: last.title }),
    ]));
    var n = Object.keys(readMarks()).length;
    box.appendChild(el("p", { class: "continue-box__more" }, [
      (n ? "已读 " + n + " 课 · " : ""), el("a", { href: new URL("progress.html", root()).href, text: "我的进度" }),
    ]));
    box.hidden = false;
  }

  /* ---------- the 我的进度 page ---------- */

  /* The decisions of a saved drill record that were not the best, walked through the drill's graph. */
  function weakDecisions(map, record) {
    var out = [];
    if (!map || !record) return out;
    var at = map[0], nodes = map[1], steps = map[2];
    for (var i = 0; i < record.answers.length && at >= 0 && at < nodes.length; i++) {
      var node = nodes[at], step = steps[node[0]], answer = record.answers[i], edge = null;
      if (!step) break;
      if (Object.keys(step[2]).length) {
        edge = node[1].filter(function (e) { return e[0] === answer; })[0];
        if (!edge) break;
        if (step[2][answer] !== "g") out.push({ step: step[0], line: step[1], verdict: step[2][answer] });
      } else {
        edge = node[1][0];
        if (!edge) break;
      }
      at = edge[1];
    }
    return out;
  }

  function progressPage(page) {
    var data = {};
    try {
      var holder = page.querySelector("template.progress__data");
      data = JSON.parse(holder.content ? holder.content.textContent : holder.textContent);
    } catch (e) { data = {}; }
    var marks = readMarks();
    var read = 0;
    page.querySelectorAll("[data-lesson]").forEach(function (li) {
      var on = !!marks[li.getAttribute("data-lesson")];
      var state = li.querySelector(".progress-state");
      state.setAttribute("data-state", on ? "read" : "unread");
      state.textContent = on ? "✓ 已读" : "未读";
      if (on) read++;
    });
    var done = 0, retryList = page.querySelector(".progress-retry"), retries = 0;
    retryList.textContent = "";
    page.querySelectorAll("[data-drill]").forEach(function (li) {
      var id = li.getAttribute("data-drill"), record = drillRecord(id), state = li.querySelector(".progress-state");
      li.hidden = !record;
      if (!record) return;
      var finished = record.done && typeof record.score === "number" && typeof record.max === "number";
      state.textContent = finished ? "得分 " + record.score + " / " + record.max + (record.mode === "test" ? "（测验）" : "") : "进行中";
      if (finished) done++;
      weakDecisions(data[id], record).forEach(function (d) {
        retries++;
        var link = li.querySelector("a");
        retryList.appendChild(el("li", { "data-drill": id, "data-step": d.step }, [
          el("a", { href: link.getAttribute("href"), text: link.textContent }),
          "：客户说“" + d.line + "…”时，你的选择是", el("strong", { text: VERDICT[d.verdict] || "" }),
        ]));
      });
    });
    page.querySelector('[data-empty="drills"]').hidden = page.querySelectorAll("li[data-drill]:not([hidden])").length > 0;
    page.querySelector('[data-empty="retry"]').hidden = retries > 0;
    var summary = page.querySelector(".progress-page__summary");
    summary.textContent = "已读 " + read + " 课，做完 " + done + " 个情景演练，" + retries + " 个决定值得再练。";
    summary.hidden = false;
  }

  /* Everything this site keeps in the browser, as one file. */
  function exportAll() {
    var items = {};
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf("asa.") === 0) items[key] = window.localStorage.getItem(key);
    }
    return { format: "asa-progress", v: 1, at: new Date().toISOString(), items: items };
  }

  /* Import: only well-formed entries of this site; a newer record on this device is kept. */
  function importAll(file) {
    if (!isObject(file) || file.format !== "asa-progress" || file.v !== 1 || !isObject(file.items)) {
      return { error: "这不是本课程导出的进度文件。" };
    }
    var taken = 0, skipped = 0;
    Object.keys(file.items).forEach(function (key) {
      var raw = file.items[key], value;
      try { value = typeof raw === "string" && raw.length < 200000 ? JSON.parse(raw) : null; } catch (e) { value = null; }
      var ok = isObject(value) && (
        (key === READ && value.v === 1 && isObject(value.lessons)) ||
        (key === LAST && value.v === 1 && typeof value.path === "string") ||
        (/^asa\.drill\.[a-z0-9-]+$/.test(key) && value.v === 2 && Array.isArray(value.answers)) ||
        (/^asa\.[a-z0-9.-]+$/.test(key) && key !== READ && key !== LAST && key.indexOf(DRILL) !== 0)
      );
      if (!ok) { skipped++; return; }
      if (key === READ) {
        var mine = readMarks();
        Object.keys(value.lessons).forEach(function (id) {
          if (/^\d{1,4}$/.test(id) && typeof value.lessons[id] === "number") mine[id] = Math.max(mine[id] || 0, value.lessons[id]);
        });
        value = { v: 1, lessons: mine };
      } else {
        var here = get(key);
        if (isObject(here) && typeof here.at === "number" && typeof value.at === "number" && here.at > value.at) { skipped++; return; }
      }
      if (put(key, value)) taken++; else skipped++;
    });
    return { taken: taken, skipped: skipped };
  }

  function backup(page) {
    var status = page.querySelector(".progress-status");
    var exportButton = page.querySelector(".progress-export");
    var input = page.querySelector(".progress-import");
    if (exportButton.getAttribute("data-ready")) return;
    exportButton.setAttribute("data-ready", "1");
    exportButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(exportAll(), null, 1)], { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "售后服务训练营-我的进度-" + new Date().toISOString().slice(0, 10) + ".json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "已导出。把这个文件保存好，在另一台设备上用“导入进度文件”恢复。";
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var parsed = null;
        try { parsed = JSON.parse(String(reader.result)); } catch (e) { parsed = null; }
        var got = importAll(parsed);
        status.textContent = got.error || "已导入 " + got.taken + " 项" + (got.skipped ? "，跳过 " + got.skipped + " 项（格式不对，或这台设备上的更新）" : "") + "。";
        progressPage(page);
        input.value = "";
      };
      reader.readAsText(file);
    });
  }

  function init() {
    remember();
    document.querySelectorAll(".read-mark[data-lesson]").forEach(readButton);
    document.querySelectorAll(".continue-box").forEach(continueBox);
    var page = document.querySelector(".progress-page");
    if (page) { progressPage(page); backup(page); }
  }

  webapp();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
