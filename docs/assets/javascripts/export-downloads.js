/* The trainer page's downloads for learning systems, built in the browser from the ticked drills:
 * a SCORM 1.2 package (zipped with fflate) and the Moodle XML and GIFT question banks.
 *
 * Everything is rendered by the build: drills/exports/kit.js holds the
 * package's fixed files and the banks' headers, drills/exports/<id>.js each
 * drill's questions and player data.  They are loaded with <script> (which,
 * unlike fetch, works from file://) only when a download is asked for; this
 * file only joins the parts, as `python -m build_tools export` does.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  var loaded = Object.create(null);

  function load(src) {
    if (!loaded[src]) {
      loaded[src] = new Promise(function (resolve, reject) {
        var s = el("script", { src: src });
        s.onload = resolve;
        s.onerror = function () { delete loaded[src]; reject(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return loaded[src];
  }

  function parts(dir, ids) {
    return Promise.all([load(dir + "/kit.js")].concat(ids.map(function (id) { return load(dir + "/" + id + ".js"); }))).then(function () {
      return { kit: window.AsaExportKit, drills: ids.map(function (id) { return window.AsaExportData[id]; }) };
    });
  }

  /* The same escaping as the build's script_json. */
  function json(value) {
    return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")
      .replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/\u00a0/g, "\\u00a0");
  }

  function xmlEscape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function scorm(p, ids, title, pass) {
    var kit = p.kit.scorm;
    var files = {};
    files["imsmanifest.xml"] = kit.manifest.split("__TITLE__").join(xmlEscape(title))
      .split("__IDENT__").join(("asa-" + ids.join("-")).slice(0, 64)).split("__PASS__").join(String(pass));
    Object.keys(kit.files).forEach(function (name) { files[name] = kit.files[name]; });
    files["data.js"] = "window.ASA_SCORM = " + json({ title: title, pass: pass, drills: p.drills.map(function (d) { return d.scorm; }) }) + ";\n";
    var input = {};
    Object.keys(files).forEach(function (name) { input[name] = [window.fflate.strToU8(files[name]), { mtime: new Date(2020, 0, 1) }]; });
    return new Blob([window.fflate.zipSync(input, { level: 9 })], { type: "application/zip" });
  }

  function bank(p, format) {
    var frame = p.kit[format];
    var text = frame.header + p.drills.map(function (d) { return d[format]; }).join("") + frame.footer;
    return new Blob([text], { type: format === "xml" ? "application/xml;charset=utf-8" : "text/plain;charset=utf-8" });
  }

  function attach(root, box, getIds, getTitle, getPass) {
    var dir = box.getAttribute("data-dir") || "exports";
    var out = el("div", { class: "assign__export-result", "aria-live": "polite" });
    var buttons = [
      ["scorm", "下载 SCORM 课件包", "课件包.zip"],
      ["xml", "下载 Moodle XML 题库", "题库.xml"],
      ["gift", "下载 GIFT 题库", "题库.gift.txt"],
    ];
    var row = el("p", { class: "assign__export-buttons" });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button", "data-export": b[0] }, b[1]);
      button.addEventListener("click", function () {
        out.textContent = "";
        var ids = getIds();
        if (!ids.length) { out.appendChild(el("p", { class: "assign__error", role: "alert" }, "请先在上面勾选练习。")); return; }
        var pass = getPass();
        if (!(pass >= 0 && pass <= 100)) { out.appendChild(el("p", { class: "assign__error", role: "alert" }, "及格线请填 0 到 100 之间的整数。")); return; }
        if (b[0] === "scorm" && !window.fflate) { out.appendChild(el("p", { class: "assign__error", role: "alert" }, "压缩组件没有载入，无法生成课件包。")); return; }
        parts(dir, ids).then(function (p) {
          var blob = b[0] === "scorm" ? scorm(p, ids, getTitle(), pass) : bank(p, b[0]);
          var questions = p.drills.reduce(function (n, d) { return n + d.questions; }, 0);
          var link = el("a", { class: "assign__export-link", "data-export": b[0], download: b[2], href: URL.createObjectURL(blob) },
            "保存" + b[2] + "（" + ids.length + " 个练习" + (b[0] === "scorm" ? "" : "，" + questions + " 道题") + "）");
          out.appendChild(el("p", {}, "")).appendChild(link);
          link.click();
        }, function (e) {
          out.appendChild(el("p", { class: "assign__error", role: "alert" }, "练习数据没有找到（" + e.message + "），请确认网站文件完整。"));
        });
      });
      row.appendChild(button);
    });
    box.appendChild(row);
    box.appendChild(out);
  }

  window.AsaExports = { attach: attach };
})();
