"""A corpus of hostile and damaged result codes and assignment links.

Each case is pasted into the trainer's gradebook next to a sound code: the
case gets its own line of explanation, and the sound learner's row still
shows.  Codes are made here, in Python, independently of the page's encoder.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from build_tools.render.assign import catalogue_entry

pytestmark = pytest.mark.browser

ASSIGNMENT = "corpus01"


def checksum(body: str) -> str:
    h = 2166136261
    for ch in body:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        h, r = divmod(h, 36)
        out = digits[r] + out
        if not h:
            break
    return out.rjust(7, "0")


def encode(obj: object) -> str:
    body = base64.urlsafe_b64encode(json.dumps(obj, ensure_ascii=False).encode()).decode().rstrip("=")
    return f"ASA2.{body}.{checksum(body)}"


@pytest.fixture(scope="module")
def drills(course):
    """Two drills of the assignment, with what the catalogue says of them."""
    chosen = sorted(course.drills, key=lambda d: d.id)[:2]
    return [catalogue_entry(d) for d in chosen]


def result(drills, name: str = "李明", **changes) -> dict:
    d0, d1 = drills
    q = d0["decisions"][0]
    good = next(c[0] for c in q["choices"] if c[1] == "g")
    code = {
        "v": 2, "a": ASSIGNMENT, "t": "语料作业", "n": name, "at": "2026-11-20T08:30:00.000Z", "c": 1,
        "r": [[d0["id"], 2, 2 * len(d0["decisions"]), 1, 29000000, [[q["id"], good]]], [d1["id"], 0, 0, 0, 0, []]],
    }
    code.update(changes)
    return code


def row_change(drills, index: int, value) -> dict:
    code = result(drills, name="坏码")
    code["r"][index] = value
    return code


def score(drills, s: int, m: int) -> dict:
    code = result(drills, name="坏码")
    code["r"][0][1] = s
    code["r"][0][2] = m
    return code


CASES = {
    # id: (make the pasted text from (drills, sound code), expected message)
    "null row": (lambda d, ok: encode(row_change(d, 0, None)), "第 1 个练习的成绩格式不对（收到 null）"),
    "title is an object": (lambda d, ok: encode(result(d, name="坏码", t={"x": 1})), "作业名称必须是文字（收到 对象）"),
    "name is a list": (lambda d, ok: encode(result(d, n=["a"])), "姓名必须是文字（收到 列表）"),
    "no name": (lambda d, ok: encode(result(d, n="   ")), "没有姓名"),
    "code is null": (lambda d, ok: encode(None), "内容不是一份成绩（收到 null）"),
    "__proto__ drill": (lambda d, ok: encode(row_change(d, 0, ["__proto__", 0, 0, 0, 0, []])), "不是有效的练习编号（收到 “__proto__”）"),
    "constructor drill": (lambda d, ok: encode(row_change(d, 0, ["constructor", 0, 0, 0, 0, []])), "不是有效的练习编号（收到 “constructor”）"),
    "unknown drill": (lambda d, ok: encode(row_change(d, 1, ["no-such-drill", 0, 0, 0, 0, []])), "“no-such-drill”在本站找不到"),
    "huge score": (lambda d, ok: encode(score(d, 999, 4)), "的得分 999 不在 0 到 4 之间"),
    "huge max": (lambda d, ok: encode(score(d, 2, 9999)), "的满分不可能是 9999"),
    "negative score": (lambda d, ok: encode(score(d, -100, 4)), "的得分 -100 不在 0 到 4 之间"),
    "fractional score": (lambda d, ok: encode(score(d, 1.5, 4)), "的得分 1.5 不在 0 到 4 之间"),
    "count does not match": (lambda d, ok: encode(result(d, name="坏码", c=2)), "完成数 2 与各练习的记录（1）不符"),
    "bad time": (lambda d, ok: encode(result(d, name="坏码", at="yesterday")), "生成时间无效（收到 “yesterday”）"),
    "unknown reply": (
        lambda d, ok: encode(row_change(d, 0, [d[0]["id"], 2, 2, 1, 0, [[d[0]["decisions"][0]["id"], "zz"]]])),
        "不认识的回应（收到 “zz”）",
    ),
    "prototype step": (
        lambda d, ok: encode(row_change(d, 0, [d[0]["id"], 2, 2, 1, 0, [["__proto__", "a"]]])),
        "作答记录里有不认识的决定",
    ),
    "drill twice": (lambda d, ok: encode(row_change(d, 1, list(result(d)["r"][0]))), "出现了两次"),
    "unfinished with a score": (lambda d, ok: encode(row_change(d, 1, [d[1]["id"], 3, 4, 0, 0, []])), "未完成，却有得分"),
    "cut short": (lambda d, ok: encode(result(d, name="坏码"))[:-30], "代码不完整（结尾缺了一段）"),
    "last characters lost": (lambda d, ok: encode(result(d, name="坏码"))[:-3], "代码不完整或被改动过"),
    "one character changed": (lambda d, ok: (lambda c: c[:20] + ("A" if c[20] != "A" else "B") + c[21:])(encode(result(d, name="坏码"))), "代码不完整或被改动过"),
    "old version": (lambda d, ok: "ASA1.eyJ2IjoxfQ.abc", "旧版的代码"),
    "not json": (lambda d, ok: (lambda b: f"ASA2.{b}.{checksum(b)}")("bm90IGpzb24"), "代码内容无法解读"),
    "duplicate": (lambda d, ok: ok, "与第 1 个完全相同"),
    "another assignment": (lambda d, ok: encode(result(d, name="别的班", a="other999", t="别的作业")), "（别的班）属于另一份作业“别的作业”"),
    "same learner again, older": (
        lambda d, ok: encode(result(d, at="2026-11-01T08:00:00.000Z")),
        "同一位学员（李明）的成绩码，采用生成时间较晚的第 1 个",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_code_gets_its_own_line_and_the_others_still_show(page, server, drills, case: str) -> None:
    make, message = CASES[case]
    ok = encode(result(drills))
    link = f"{server}/drills/assignment.html#" + encode({"v": 2, "id": ASSIGNMENT, "t": "语料作业", "d": [d["id"] for d in drills], "p": 60})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/assign.html")
    page.fill("#assign-ref", link)
    page.fill("#assign-codes", f"李明：{ok}\n\n王芳：{make(drills, ok)}")
    page.click(".assign__collect button[type=submit]")
    problems = page.locator(".assign__problems li")
    texts = problems.all_inner_texts()
    assert len(texts) == 1 and message in texts[0] and texts[0].startswith("第 2 个代码"), texts
    rows = page.locator(".assign__table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("th").inner_text() == "李明"
    assert rows.first.locator('[data-col="completed"]').inner_text() == "1 / 2"
    assert errors == []


FORMULAS = ['=HYPERLINK("http://example.com","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\r=1", "＝1"]


def test_formula_names_are_text_in_the_table_and_the_csv(page, server, drills) -> None:
    codes = [encode(result(drills, name=name)) for name in FORMULAS]
    page.goto(f"{server}/drills/assign.html")
    page.fill("#assign-ref", "")
    page.fill("#assign-codes", "\n".join(codes))
    page.click(".assign__collect button[type=submit]")
    shown = page.locator(".assign__table tbody th").all_text_contents()
    assert sorted(shown) == sorted(n.strip() for n in FORMULAS)
    with page.expect_download() as download:
        page.click(".assign__csv")
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    cells = [line.split(",")[0] for line in text.lstrip("\ufeff").split("\r\n")[1:] if line]
    assert len(cells) == len(FORMULAS)
    for name in FORMULAS:
        shown_name = name.strip()
        cell = next(c for c in cells if c.lstrip('"').lstrip("'").startswith(shown_name.replace('"', '""')[:5]))
        if shown_name[0] in "=+-@＝":
            assert cell.startswith("\"'"), f"a text cell a spreadsheet would run is neutralised: {cell!r}"
        else:
            assert cell == f'"{shown_name}"'



@pytest.mark.parametrize(
    "assignment, message",
    [
        ({"v": 2, "id": ASSIGNMENT, "t": "x", "d": ["__proto__"], "p": 60}, "练习编号无效"),
        ({"v": 2, "id": ASSIGNMENT, "t": "x", "d": ["constructor", "toString"], "p": 60}, "练习编号无效"),
        ({"v": 2, "id": ASSIGNMENT, "t": {"a": 1}, "d": ["x"], "p": 60}, "作业名称必须是文字"),
        ({"v": 2, "id": ASSIGNMENT, "t": "x", "d": [], "p": 60}, "练习列表无效"),
        ({"v": 2, "id": ASSIGNMENT, "t": "x", "d": ["a"], "p": 900}, "及格线必须是 0–100 的整数"),
        ({"v": 2, "id": "<b>", "t": "x", "d": ["a"]}, "作业编号无效"),
        (None, "内容不是一份作业"),
    ],
)
def test_a_hostile_assignment_link_is_refused_with_a_reason(page, server, assignment, message: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/assignment.html#" + encode(assignment))
    text = page.locator(".assignment__body .assign__error").inner_text()
    assert "无法打开" in text and message in text
    assert page.locator(".assignment__list").count() == 0
    assert errors == []


def test_an_unknown_drill_in_a_link_is_reported_and_the_rest_listed(page, server, drills) -> None:
    ids = [drills[0]["id"], "retired-drill", drills[0]["id"]]
    page.goto(f"{server}/drills/assignment.html#" + encode({"v": 2, "id": ASSIGNMENT, "t": "x", "d": ids, "p": 60}))
    assert page.locator(".assignment__list li").count() == 1, "listed once, the unknown one left out"
    assert "有 1 个练习在本站找不到" in page.locator(".assignment__body").inner_text()
