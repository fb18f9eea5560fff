"""Hostile and careless text, in every text field of every content type.

The fields come from the models, not from a list here: every string in every
real content file is attacked at once, so a new field (or a new content
type) is covered as soon as a file uses it.  For each payload, each field is
either refused by `check` with a message located exactly at that field, or
built into the site, where Chromium must find the payload shown as text:
no injected element, attribute, link, comment or dialog, and no Markdown
structure made from its line breaks, on the page, in the navigation of every
other page, in search results and in the print HTML of the PDFs.
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
import yaml

from build_tools import models
from build_tools.content import load_course
from build_tools.errors import format_loc
from build_tools.mkdocs_hook import VENDOR
from build_tools.models.base import PLAIN, Strict
from build_tools.validate import validate
from build_tools.yamlload import Document, parse

from .conftest import ROOT

START, END = "注入起", "注入止"

# Each payload starts and ends with a marker; what lies between must reach the
# reader character for character.
PAYLOADS = {
    # HTML, script, event handlers, attribute break-outs, comments, Markdown
    # emphasis with attribute lists, links, images, Jinja syntax, entities.
    "markup": (
        f'{START}<img src=x data-inj onerror="alert(1)"><script data-inj>alert(2)</script>接待<VIP>客户'
        "\"'><svg data-inj onload=alert(3)></title></textarea></template></option><b data-inj>粗</b>"
        "&amp;&lt;i&gt;<!-- 注释 --> "
        "店员*！*{tabindex=0 autofocus onfocus=alert(4) data-inj=1} [点我](javascript:alert(5)) "
        "x){onmouseover=alert(6) data-inj=1}( ![图](x){: data-inj=1 onerror=alert(7)} `代码` __粗__ \\*转义\\* "
        f"{{{{ 7*7 }}}}{{% if true %}}模板{{% endif %}}{{# 注 #}} <https://example.com> *[HTML]: 缩写 {END}"
    ),
    # Line breaks that would start Markdown blocks, and a tab.
    "lines": (
        f"{START}第一行\n# 标题行\n- 列表行\n1. 编号行\n\n    代码行\n> 引用行\n!!! note \"提示行\"\n"
        f"=== \"页签行\"\n| 表 | 格 |\n|---|---|\n---\n<!--\n\t制表行\n{END}"
    ),
}
FRAGMENTS = ["标题行", "列表行", "编号行", "代码行", "引用行", "提示行", "页签行", "制表行"]


# --- the fields, from the models -------------------------------------------------


def content_models() -> list[type[Strict]]:
    """Every content model class (imported from build_tools.models.*)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(models.__path__):
        importlib.import_module(f"{models.__name__}.{info.name}")
    out, todo = [], [Strict]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return out


def is_plain(annotation: object) -> bool:
    """Does a field's type hold plain text (``Text``, ``list[Text]``, ``Text | None`` …)?"""
    if typing.get_origin(annotation) is typing.Annotated:
        if any(meta is PLAIN for meta in typing.get_args(annotation)[1:]):
            return True
    return any(is_plain(arg) for arg in typing.get_args(annotation))


def plain_fields() -> set[tuple[str, str]]:
    """(model, field) for every plain-text field of every model."""
    return {
        (cls.__name__, name)
        for cls in content_models()
        for name, info in cls.model_fields.items()
        if is_plain(info.annotation)
    }


def model_of(doc: Document) -> type[Strict]:
    """The top-level model a real file validates against."""
    fits = [cls for cls in content_models() if cls is not Strict and validate(doc, cls)[1] == []]
    assert fits, f"{doc.path} fits no model"
    return fits[0]


def strings(data: object, loc: tuple = ()) -> list[tuple]:
    """The location of every string value in a parsed file."""
    if isinstance(data, str):
        return [loc]
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in strings(v, loc + (k,))]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in strings(v, loc + (i,))]
    return []


def get(data: object, loc: tuple) -> object:
    for part in loc:
        data = data[part]  # type: ignore[index]
    return data


def put(data: object, loc: tuple, value: object) -> None:
    get(data, loc[:-1])[loc[-1]] = value  # type: ignore[index]


def field_of(model: type[Strict], data: object, loc: tuple) -> tuple[str, str] | None:
    """(model, field) that holds the string at ``loc``, walking the models by the data."""
    from build_tools.validate import _resolve

    names = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not names:
        return None
    last = names[-1]
    parent = _resolve(model, loc[:last], data)
    if parent is None or loc[last] not in parent.model_fields:
        return None
    return parent.__name__, loc[last]


# --- a project copy with every string attacked ----------------------------------------


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("docs", "build_tools", "drills"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    # the npm packages the build copies into the site (the search shim and the trainer page's libraries)
    for package in (Path(source).parts[1] for source in VENDOR):
        shutil.copytree(ROOT / "node_modules" / package, root / "node_modules" / package)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


class Attack:
    """Strings of every content file of a project, with the payload appended after a full stop.

    Every field of every file is attacked in its first ``per_field``
    occurrences (enough to reach every template path, few enough to keep
    files under the size limit).  The same original string gets the same new
    value everywhere in its file (so a speaker still matches its cast entry)
    and different strings different values (so tags stay unique).
    ``refuse`` puts fields back as they were once `check` has refused them.
    """

    def __init__(self, root: Path, payload: str, per_field: int = 2) -> None:
        self.root = root
        self.files: dict[str, tuple[dict, type[Strict], list[tuple]]] = {}
        self.original: dict[str, dict] = {}
        self.fields: dict[tuple[str, tuple], tuple[str, str] | None] = {}
        for path in sorted([*root.glob("docs/**/*.yaml"), *root.glob("drills/*.yaml")]):
            rel = path.relative_to(root).as_posix()
            doc, problems = parse(path.read_bytes(), rel)
            assert doc is not None and not problems, problems
            model = model_of(doc)
            original = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            chosen: dict[str, int] = {}  # attacked original values, numbered
            seen: dict[object, int] = {}  # occurrences attacked per field
            attacked = []
            for loc in strings(data):
                value = get(data, loc)
                field = field_of(model, original, loc) or tuple(p for p in loc if isinstance(p, str))
                if value not in chosen and seen.get(field, 0) >= per_field:
                    continue
                seen[field] = seen.get(field, 0) + 1
                n = chosen.setdefault(value, len(chosen))
                # After a full stop, so the original text's clauses stay whole (drills quote them).
                put(data, loc, f"{value}。{payload}{n}")
                self.fields[rel, loc] = field_of(model, original, loc)
                attacked.append(loc)
            self.files[rel] = (data, model, attacked)
            self.original[rel] = original
        self.refused: dict[tuple[str, tuple], str] = {}
        self.write()

    def write(self) -> None:
        for rel, (data, _, _) in self.files.items():
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
            (self.root / rel).write_text(text, encoding="utf-8")

    def refuse(self, problems: list) -> None:
        """Put back every attacked string a problem is located at (or inside)."""
        for problem in problems:
            assert problem.path in self.files and problem.line >= 1 and problem.field, (
                f"not located at a field: {problem}"
            )
            data, _, locs = self.files[problem.path]
            hit = [
                loc for loc in locs
                if (text := format_loc(loc)) == problem.field
                or text.startswith(problem.field + ".") or text.startswith(problem.field + "[")
                or problem.field.startswith(text + ".") or problem.field.startswith(text + "[")
            ]
            assert hit, f"refused at a field that holds no attacked text: {problem}"
            for loc in hit:
                if (problem.path, loc) not in self.refused:
                    put(data, loc, get(self.original[problem.path], loc))
                    self.refused[problem.path, loc] = str(problem)
        self.write()

    def settle(self) -> None:
        """Let `check` refuse what it refuses until the project passes."""
        for _ in range(8):
            course, problems = load_course(self.root)
            if course is not None:
                return
            self.refuse(problems)
        pytest.fail(f"check never passed; last problems: {problems[:5]}")

    def built_fields(self) -> set[tuple[str, str]]:
        return {f for key, f in self.fields.items() if f is not None and key not in self.refused}


# --- what Chromium counts -------------------------------------------------------------

INSPECT = """([start, end, fragments]) => {
  const plain = s => s.replace(/\\u200b/g, '');  // search results segment words with U+200B
  const inj = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.hasAttribute('data-inj')) inj.push('data-inj on <' + el.localName + '>');
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) inj.push(a.name + ' on <' + el.localName + '>');
      if (/^\\s*javascript:/i.test(a.value)) inj.push(a.name + '=javascript: on <' + el.localName + '>');
    }
    if (el.localName === 'vip') inj.push('<' + el.localName + '>');
  }
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) if (walker.currentNode.data.includes(start) || walker.currentNode.data.includes('注释')) inj.push('comment');
  const inline = new Set(['SPAN', 'MARK', 'A', 'STRONG', 'B', 'EM', 'I', 'SMALL', 'LABEL', 'ABBR', 'BR']);
  const split = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const node = texts.currentNode;
    if (!fragments.some(f => plain(node.data).includes(f)) || node.parentElement.closest('svg')) continue;
    let box = node.parentElement;
    while (inline.has(box.tagName) && box.parentElement) box = box.parentElement;
    if (!plain(box.textContent).includes(start)) split.push(box.tagName + ': ' + node.data.slice(0, 40));
  }
  const text = plain(document.documentElement.textContent);
  return {inj, split, text, title: document.title};
}"""


def inspect(page, payload: str) -> dict:
    found = page.evaluate(INSPECT, [START, END, FRAGMENTS])
    flat = re.sub(r"\s+", "", found["text"])
    found["ends"] = flat.count(END)
    found["whole"] = flat.count(re.sub(r"\s+", "", payload))
    return found


def assert_shown_as_text(found: dict, where: str, whole: bool = True) -> None:
    """``whole=False`` where the page shows excerpts (search snippets start at a sentence)."""
    assert found["inj"] == [], f"{where}: injected {found['inj'][:5]}"
    assert found["split"] == [], f"{where}: line breaks became structure: {found['split'][:5]}"
    if whole:
        assert found["whole"] == found["ends"], f"{where}: the payload is not shown whole ({found['whole']} of {found['ends']})"
    else:
        assert found["ends"] > 0, f"{where}: no attacked text shown"


PLAY = """async () => {
  // Click through a drill, if the page has one: a reply, else submit, else continue, until the end.
  const stage = document.querySelector('.drill__stage');
  if (!stage) return null;
  for (let wait = 0; wait < 100 && !stage.querySelector('button'); wait++) await new Promise(r => setTimeout(r, 50));
  const order = ['.drill__choice', '.drill__submit', '.drill__continue'];
  for (let clicks = 0; clicks < 200; clicks++) {
    for (const area of stage.querySelectorAll('textarea')) {
      if (!area.value) { area.value = '我先向您道歉，再说明处理办法。'; area.dispatchEvent(new Event('input', {bubbles: true})); }
    }
    let button = null;
    for (const selector of order) {
      button = [...document.querySelectorAll('.drill__stage ' + selector)].find(b => b.offsetParent !== null && !b.disabled);
      if (button) break;
    }
    if (!button) return clicks;
    button.click();
    await new Promise(resolve => setTimeout(resolve, 0));
  }
  return 200;
}"""


def play_drill(page) -> int | None:
    """Click through the page's drill so every kind of panel, the feedback and the end are drawn.

    Returns the number of clicks, or None when the page has no drill.
    """
    return page.evaluate(PLAY)


@pytest.fixture(scope="module", params=sorted(PAYLOADS))
def attacked(request, tmp_path_factory):
    """A copy of the project with a payload in every string, settled and built."""
    from build_tools.build import build_site

    payload = PAYLOADS[request.param]
    root = project_copy(tmp_path_factory.mktemp(f"hostile-{request.param}"))
    attack = Attack(root, payload)
    attack.settle()
    site = build_site(root, root / "site", quiet=True)
    return request.param, payload, attack, site


def test_every_plain_text_field_is_attacked_and_built(attacked) -> None:
    """No plain-text field escapes the attack by being refused: plain text takes anything printable."""
    _, _, attack, _ = attacked
    used = {f for f in attack.fields.values() if f is not None}
    declared = plain_fields()
    assert used & declared, "no plain-text field found in the content"
    refused_plain = {attack.fields[key]: msg for key, msg in attack.refused.items() if attack.fields[key] in declared}
    # A plain-text field may be refused only by a rule that relates it to other text.
    for field, message in refused_plain.items():
        assert "must occur in the text" in message, f"{field} refused: {message}"
    assert (used & declared) - set(refused_plain) - attack.built_fields() == set()


def test_hostile_text_is_shown_as_text_on_every_page(attacked, browser) -> None:
    from build_tools.static_server import serve

    name, payload, attack, site = attacked
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    dialogs: list[str] = []
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    try:
        with serve(site) as base:
            shown = 0
            pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
            assert len(pages) > 30
            for rel in pages:
                page.goto(f"{base}/{rel}")
                clicks = play_drill(page)
                assert clicks is None or clicks > 1, f"{rel}: the drill could not be played"
                found = inspect(page, payload)
                assert_shown_as_text(found, rel)
                shown += found["ends"]
                title = re.sub(r"\s+", "", found["title"])
                assert END not in title or re.sub(r"\s+", "", payload) in title, f"{rel}: <title> {found['title']!r}"
            assert shown > len(pages), "the payload must reach the pages"

            # Search results, with their titles and tags.
            page.goto(f"{base}/index.html")
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(END)
            box.press("End")
            results = page.locator(".md-search-result__item")
            results.first.wait_for(state="attached")
            page.locator(".md-search-result__more summary").evaluate_all("els => els.forEach(e => e.click())")
            found = inspect(page, payload)
            assert_shown_as_text(found, "search results", whole=False)  # results show excerpts, titles whole
            assert dialogs == []
    finally:
        context.close()


def test_hostile_text_is_shown_as_text_in_the_print_html(attacked, browser) -> None:
    from build_tools.content import load_or_raise
    from build_tools.pdf.build import DOCUMENTS, render_html

    _, payload, attack, _ = attacked
    course = load_or_raise(attack.root)
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name in DOCUMENTS:
            page.set_content(render_html(course, name))
            found = inspect(page, payload)
            assert_shown_as_text(found, f"print HTML {name}")
            assert found["ends"] > 0
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "char", ["\x07", "\r", "\x7f", "\x85", "\u2028", "\uffff", "\ud800"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_control_characters_in_any_field_are_refused_at_that_field(char: str, tmp_path: Path) -> None:
    """Written as YAML escapes into every string at once: one located problem per string."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("assets"))
    shutil.copytree(ROOT / "drills", root / "drills")
    expected = set()
    for path in sorted([*root.glob("docs/**/*.yaml"), *root.glob("drills/*.yaml")]):
        rel = path.relative_to(root).as_posix()
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        locs = strings(data)
        for loc in locs:
            put(data, loc, f"{get(data, loc)}{char}")
            expected.add((rel, format_loc(loc)))
        # allow_unicode=False writes every special character as an escape
        path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000), encoding="utf-8")
    course, problems = load_course(root)
    assert course is None
    got = {(p.path, p.field) for p in problems}
    assert got == expected
    assert all(f"U+{ord(char):04X}" in p.message and "not" in p.message for p in problems)
