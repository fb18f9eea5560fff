/* Assignment links and result codes: encode, find, decode and validate.
 *
 * Both are "ASA2.<base64url JSON>.<checksum>" (seven base-36 digits of a
 * 32-bit FNV-1a hash of the body): the checksum catches a code that was cut
 * or mistyped; it does not stop a learner from forging one.
 *
 * A trainer pastes codes the way a chat app delivers them: after a name,
 * followed by Chinese punctuation, wrapped over lines.  `find` reads every
 * code out of such text; `checkResult` validates one decoded code field by
 * field against the site's catalogue and throws a message a trainer can act
 * on, so that one damaged code never hides the others.
 *
 * Pure functions, no DOM: window.AsaCodes.
 */
(function () {
  "use strict";

  var PREFIX = "ASA2";
  var ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
  var STEP = /^[a-z0-9][a-z0-9-]{0,79}$/;
  var ASSIGNMENT = /^[a-z0-9]{4,16}$/;
  var MAX_DRILLS = 60;
  var FORBIDDEN_NAMES = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf"];

  function checksum(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return ("000000" + (h >>> 0).toString(36)).slice(-7);
  }

  function encode(obj) {
    var bytes = new TextEncoder().encode(JSON.stringify(obj));
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    var body = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return PREFIX + "." + body + "." + checksum(body);
  }

  function decodeBody(body) {
    var b64 = body.replace(/-/g, "+").replace(/_/g, "/");
    var bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  }

  /* Decode one code (already without whitespace); throws a readable Error. */
  function decode(code) {
    var parts = String(code).split(".");
    if (parts[0] === "ASA1") throw new Error("这是旧版的代码，请学员重新打开作业链接，再生成一次");
    if (parts[0] !== PREFIX) throw new Error("不是本站生成的代码");
    if (parts.length !== 3) throw new Error("代码不完整（结尾缺了一段），请学员重新复制整段代码");
    if (checksum(parts[1]) !== parts[2]) throw new Error("代码不完整或被改动过（校验不符），请学员重新复制整段代码");
    try {
      return decodeBody(parts[1]);
    } catch (e) {
      throw new Error("代码内容无法解读");
    }
  }

  /* Every code in a pasted text, in order, with the text it was read from.
   * Whitespace (a chat app's line breaks) is dropped first; the code ends with
   * its seven-character checksum, so what follows it does not matter. */
  function find(text) {
    var flat = String(text || "").replace(/[\s\u200b\u200c\u200d\ufeff]+/g, "");
    var out = [];
    var re = /ASA[0-9]\.[A-Za-z0-9_-]*(?:\.[0-9a-z]{0,7})?/g;
    var m;
    while ((m = re.exec(flat))) out.push(m[0]);
    return out;
  }

  function own(map, key) {
    return typeof key === "string" && Object.prototype.hasOwnProperty.call(map, key);
  }

  function isInt(x, low, high) {
    return typeof x === "number" && Math.floor(x) === x && x >= low && x <= high;
  }

  function cleanText(x, field, max) {
    if (typeof x !== "string") throw new Error(field + "必须是文字（收到 " + kind(x) + "）");
    var s = x.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ").trim();
    if (s.length > max) throw new Error(field + "过长（" + s.length + " 个字符，最多 " + max + "）");
    return s;
  }

  function kind(x) {
    if (x === null) return "null";
    if (Array.isArray(x)) return "列表";
    if (typeof x === "object") return "对象";
    if (typeof x === "string") return "“" + x.slice(0, 20) + "”";
    return String(x);
  }

  /* The site's catalogue as a map without a prototype. */
  function index(list) {
    var byId = Object.create(null);
    list.forEach(function (d) { byId[d.id] = d; });
    return byId;
  }

  function drillId(x, byId, where) {
    if (typeof x !== "string" || !ID.test(x) || FORBIDDEN_NAMES.indexOf(x) >= 0) throw new Error(where + "不是有效的练习编号（收到 " + kind(x) + "）");
    if (!own(byId, x)) throw new Error(where + "“" + x + "”在本站找不到（可能已被更换）");
    return byId[x];
  }

  /* An assignment: {v:2, id, t, d:[drill ids], p: pass mark in percent}. */
  function checkAssignment(a, byId) {
    if (!a || typeof a !== "object" || Array.isArray(a)) throw new Error("内容不是一份作业");
    if (a.v !== 2) throw new Error("作业版本不对");
    if (typeof a.id !== "string" || !ASSIGNMENT.test(a.id)) throw new Error("作业编号无效");
    var title = cleanText(a.t, "作业名称", 100) || "售后服务情景演练";
    if (!Array.isArray(a.d) || !a.d.length || a.d.length > MAX_DRILLS) throw new Error("练习列表无效");
    var seen = Object.create(null), drills = [], missing = [];
    a.d.forEach(function (id, i) {
      if (typeof id !== "string" || !ID.test(id) || FORBIDDEN_NAMES.indexOf(id) >= 0) throw new Error("第 " + (i + 1) + " 个练习编号无效（收到 " + kind(id) + "）");
      if (seen[id]) return;
      seen[id] = true;
      if (own(byId, id)) drills.push(id); else missing.push(id);
    });
    var pass = a.p === undefined ? 60 : a.p;
    if (!isInt(pass, 0, 100)) throw new Error("及格线必须是 0–100 的整数（收到 " + kind(a.p) + "）");
    return { id: a.id, title: title, drills: drills, missing: missing, pass: pass };
  }

  /* A result code: {v:2, a, t, n, at, c, r:[[drill, score, max, done, finished, [[step, choice]…]]…]}.
   * Returns a clean copy; throws on the first field that is wrong. */
  function checkResult(r, byId) {
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new Error("内容不是一份成绩（收到 " + kind(r) + "）");
    if (r.v !== 2) throw new Error("成绩码版本不对");
    if (typeof r.a !== "string" || !ASSIGNMENT.test(r.a)) throw new Error("作业编号无效（收到 " + kind(r.a) + "）");
    var name = cleanText(r.n, "姓名", 60);
    if (!name) throw new Error("没有姓名");
    var title = cleanText(r.t, "作业名称", 100);
    if (typeof r.at !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(r.at) || isNaN(Date.parse(r.at))) throw new Error("生成时间无效（收到 " + kind(r.at) + "）");
    if (!Array.isArray(r.r) || !r.r.length || r.r.length > MAX_DRILLS) throw new Error("练习成绩列表无效（收到 " + kind(r.r) + "）");
    var seen = Object.create(null);
    var rows = r.r.map(function (row, i) {
      var where = "第 " + (i + 1) + " 个练习";
      if (!Array.isArray(row) || row.length !== 6) throw new Error(where + "的成绩格式不对（收到 " + kind(row) + "）");
      var d = drillId(row[0], byId, where + "的编号");
      if (seen[d.id]) throw new Error("练习“" + d.title + "”出现了两次");
      seen[d.id] = true;
      if (row[3] !== 0 && row[3] !== 1) throw new Error(where + "的完成标记无效（收到 " + kind(row[3]) + "）");
      var done = row[3] === 1;
      if (!isInt(row[2], 0, d.top)) throw new Error("练习“" + d.title + "”的满分不可能是 " + kind(row[2]) + "（这个练习最多 " + d.top + " 分）");
      if (!isInt(row[1], 0, row[2])) throw new Error("练习“" + d.title + "”的得分 " + kind(row[1]) + " 不在 0 到 " + row[2] + " 之间");
      if (done && row[2] === 0) throw new Error("练习“" + d.title + "”标为完成，却没有满分");
      if (!done && (row[1] !== 0 || row[2] !== 0)) throw new Error("练习“" + d.title + "”未完成，却有得分");
      if (!isInt(row[4], 0, 1e10)) throw new Error("练习“" + d.title + "”的完成时间无效（收到 " + kind(row[4]) + "）");
      if (!Array.isArray(row[5]) || row[5].length > 40) throw new Error("练习“" + d.title + "”的作答记录无效");
      var steps = Object.create(null);
      d.decisions.forEach(function (q) { steps[q.id] = q; });
      var answers = row[5].map(function (pair) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || !STEP.test(pair[0]) || !own(steps, pair[0])) {
          throw new Error("练习“" + d.title + "”的作答记录里有不认识的决定（收到 " + kind(pair) + "）");
        }
        var known = steps[pair[0]].choices.some(function (c) { return c[0] === pair[1]; });
        if (!known) throw new Error("练习“" + d.title + "”的作答记录里有不认识的回应（收到 " + kind(pair[1]) + "）");
        return [pair[0], pair[1]];
      });
      if (!done && answers.length) throw new Error("练习“" + d.title + "”未完成，却有作答记录");
      return { id: d.id, score: row[1], max: row[2], done: done, finished: row[4], answers: answers };
    });
    var completed = rows.filter(function (x) { return x.done; }).length;
    if (r.c !== completed) throw new Error("完成数 " + kind(r.c) + " 与各练习的记录（" + completed + "）不符");
    return { assignment: r.a, title: title, name: name, at: r.at, rows: rows, completed: completed };
  }

  /* ---------- spreadsheet ---------- */

  /* A text cell a spreadsheet would run as a formula gets a leading apostrophe. */
  function safeText(value) {
    var s = String(value);
    return /^[=+\-\u2212@\t\r\n\uff1d\uff0b\uff0d\uff20]/.test(s) ? "'" + s : s;
  }

  function csvCell(value) {
    if (typeof value === "number" && isFinite(value)) return String(value);
    return '"' + safeText(value === null || value === undefined ? "" : value).replace(/"/g, '""') + '"';
  }

  function csv(lines) {
    return "\ufeff" + lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  window.AsaCodes = {
    PREFIX: PREFIX, encode: encode, decode: decode, find: find, checksum: checksum, index: index, own: own,
    checkAssignment: checkAssignment, checkResult: checkResult, safeText: safeText, csv: csv,
  };
})();
