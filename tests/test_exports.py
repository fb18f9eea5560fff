"""Question banks for Moodle: GIFT parsed back with an independent parser (npm gift-pegjs),
Moodle XML parsed back with ElementTree; the export command line."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from build_tools.exports import gift, moodle
from build_tools.exports.questions import FRACTIONS, ROOT_CATEGORY, Answer, Question, drill_questions, questions
from build_tools.models.drill import ChoiceStep
from build_tools.render.drills import SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def parse_gift(text: str) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: run `make deps`")
    script = "const g=require(process.argv[1]);let s='';process.stdin.setEncoding('utf8');process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.stringify(g.parse(s))));"
    out = subprocess.run(
        [node, "-e", script, str(ROOT / "node_modules" / "gift-pegjs")], input=text, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def bank(course):
    return questions(sorted(course.drills, key=lambda d: d.id))


def test_every_choice_decision_becomes_one_question(course, bank) -> None:
    for drill in course.drills:
        n = sum(1 for s in drill.steps if isinstance(s, ChoiceStep))
        assert len(drill_questions(drill)) == n, drill.id
    assert len(bank) == sum(1 for d in course.drills for s in d.steps if isinstance(s, ChoiceStep))


def test_gift_parses_back_with_gift_pegjs(course, bank) -> None:
    parsed = parse_gift(gift.render(bank))
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    mc = [q for q in parsed if q["type"] == "MC"]
    assert len(mc) == len(bank)
    assert len(categories) == len(course.drills), "one category per drill"
    for d in course.drills:
        assert f"$course$/{ROOT_CATEGORY}/{SETTINGS[d.setting]}/{d.title}" in categories
    for q, back in zip(bank, mc):
        assert back["title"] == q.name
        assert back["stem"]["text"] == q.stem, "the stem survives escaping, line breaks included"
        assert len(back["choices"]) == len(q.answers)
        assert sum(1 for c in back["choices"] if c["isCorrect"]) == 1, q.ident
        for a, c in zip(q.answers, back["choices"]):
            assert c["text"]["text"] == a.text
            assert c["feedback"]["text"] == a.feedback, "feedback on every answer"
            assert c["isCorrect"] == (a.fraction == 100)
            assert (c["weight"] or 0) == (a.fraction if 0 < a.fraction < 100 else 0)


def test_gift_escapes_every_special_character() -> None:
    nasty = 'a ~ b = c # d { e } f : g \\ h\n第二行 ::x:: =y ~%50%z'
    q = Question("d/s", "题::名{}", ("根/目录", "门店 ~ 柜台", "练习=#"), nasty, (
        Answer(nasty, 100, nasty), Answer("可以 " + nasty, 50, "#" + nasty), Answer("不好 " + nasty, 0, nasty + "}"),
    ))
    back = [x for x in parse_gift(gift.render([q])) if x["type"] == "MC"]
    assert len(back) == 1
    assert back[0]["title"] == "题::名{}"
    assert back[0]["stem"]["text"] == nasty
    assert [c["text"]["text"] for c in back[0]["choices"]] == [a.text for a in q.answers]
    assert [c["feedback"]["text"] for c in back[0]["choices"]] == [a.feedback for a in q.answers]
    assert "$course$/根//目录/" in gift.render([q]), "a slash inside a category name is doubled"


def test_moodle_xml_parses_back(course, bank) -> None:
    root = ET.fromstring(moodle.render(bank).encode("utf-8"))
    assert root.tag == "quiz"
    cats = [q.find("category/text").text for q in root if q.get("type") == "category"]
    assert len(cats) == len(course.drills)
    assert all(c.startswith(f"$course$/{ROOT_CATEGORY}/") for c in cats)
    mcs = [q for q in root if q.get("type") == "multichoice"]
    assert len(mcs) == len(bank)
    for q, node in zip(bank, mcs):
        assert node.find("name/text").text == q.name
        assert node.find("idnumber").text == q.ident
        assert node.find("shuffleanswers").text == "1" and node.find("single").text == "true"
        stem = html.unescape(re.sub(r"</p><p>", "\n", node.find("questiontext/text").text)[3:-4])
        assert stem == q.stem
        answers = node.findall("answer")
        fractions = [int(a.get("fraction")) for a in answers]
        assert fractions.count(100) == 1, f"{q.ident}: exactly one full-credit answer"
        assert set(fractions) <= set(FRACTIONS.values())
        for a, want in zip(answers, q.answers):
            assert html.unescape(a.find("text").text[3:-4]) == want.text
            feedback = a.find("feedback/text").text
            assert feedback and html.unescape(feedback[3:-4]) == want.feedback, "feedback on every answer"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_tools", "export", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_command_line_exports_chosen_drills(tmp_path: Path, course) -> None:
    ids = sorted(d.id for d in course.drills)[:2]
    out = tmp_path / "bank.xml"
    done = run_cli("--format", "moodle-xml", "--drills", *ids, "-o", str(out))
    assert done.returncode == 0, done.stderr
    n = sum(len(drill_questions(d)) for d in course.drills if d.id in ids)
    assert f"{n} questions from 2 drills" in done.stdout
    assert len([q for q in ET.parse(out).getroot() if q.get("type") == "multichoice"]) == n
    out = tmp_path / "bank.gift"
    assert run_cli("--format", "gift", "--drills", ids[0], "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("// 售后服务训练营")
    pkg = tmp_path / "pkg.zip"
    done = run_cli("--format", "scorm12", "--drills", *ids, "--title", "第一周", "--pass-mark", "70", "-o", str(pkg))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(pkg) as zf:
        assert sorted(zf.namelist()) == ["data.js", "drill-player.js", "imsmanifest.xml", "index.html", "package.css", "runtime.js"]
        manifest = zf.read("imsmanifest.xml").decode()
        data = zf.read("data.js").decode()
    assert "<title>第一周</title>" in manifest and "<adlcp:masteryscore>70</adlcp:masteryscore>" in manifest
    assert "<schemaversion>1.2</schemaversion>" in manifest
    assert not re.search(r"https?://(?!www\.(imsproject|adlnet|imsglobal|w3)\.org)", data + manifest), "nothing leaves the package"


def test_the_command_line_refuses_unknown_drills_and_marks(tmp_path: Path) -> None:
    done = run_cli("--format", "gift", "--drills", "no-such-drill", "-o", str(tmp_path / "x"))
    assert done.returncode == 2 and "unknown drill: no-such-drill" in done.stderr
    assert not (tmp_path / "x").exists()
    done = run_cli("--format", "scorm12", "--pass-mark", "101", "-o", str(tmp_path / "y.zip"))
    assert done.returncode == 2 and "--pass-mark: must be between 0 and 100 (got 101)" in done.stderr
