"""The SCORM 1.2 package in Chromium, with the npm `scorm-again` runtime acting as the LMS.

A small LMS page holds `window.API` (scorm-again's Scorm12API) and the
package in an iframe, and keeps what the package commits in its own
localStorage, as a learning system keeps it on its server, so a reload is a
learner coming back.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from build_tools.exports.scorm import package_files
from build_tools.models.drill import ChoiceStep
from build_tools.static_server import serve
from tests.test_browser_assignments import choice_only, points
from tests.test_browser_drills import follow, walk

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent

LMS = r"""<!doctype html>
<html><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.lmsErrors = [];
  window.lmsFinished = 0;
  var saved = JSON.parse(localStorage.getItem("lms.cmi") || "null");
  if (saved) window.API.loadFromJSON(saved);
  function keep() {
    var c = window.API.cmi;
    localStorage.setItem("lms.cmi", JSON.stringify({ suspend_data: c.suspend_data, core: { lesson_status: c.core.lesson_status } }));
  }
  window.API.on("LMSCommit", keep);
  window.API.on("LMSFinish", function () { window.lmsFinished++; keep(); });
  window.lmsInteractions = [];
  window.API.on("LMSSetValue.cmi.interactions.*", function (element, value) {
    var m = /^cmi\.interactions\.(\d+)\.(id|type|student_response|result)$/.exec(element);
    if (!m) return;
    var list = window.lmsInteractions, n = Number(m[1]);
    list[n] = list[n] || {};
    list[n][m[2]] = value;
  });
  window.API.on("LMSSetValue.cmi.*", function () {
    var code = String(window.API.LMSGetLastError());
    if (code !== "0") window.lmsErrors.push(code + " " + window.API.LMSGetErrorString(code) + " " + window.API.LMSGetDiagnostic(code));
  });
</script></head>
<body><iframe id="sco" src="pkg/index.html" style="width:100%;height:900px"></iframe></body></html>
"""


@pytest.fixture
def lms(tmp_path: Path, course):
    """An LMS serving a package of the given drills; yields a function that installs one."""
    shutil.copy(ROOT / "node_modules/scorm-again/dist/scorm12.js", tmp_path / "scorm12.js")
    (tmp_path / "index.html").write_text(LMS, encoding="utf-8")

    def install(drills, **kw) -> str:
        pkg = tmp_path / "pkg"
        shutil.rmtree(pkg, ignore_errors=True)
        pkg.mkdir()
        for name, text in package_files(course, drills, **kw).items():
            (pkg / name).write_text(text, encoding="utf-8")
        return f"{base}/index.html"

    with serve(tmp_path) as base:
        yield install


def cmi(page, key: str) -> str:
    return page.evaluate("key => String(window.API.LMSGetValue(key))", key)


def interactions(page) -> list[dict]:
    """As the LMS received them (SCORM 1.2 interaction fields are write-only for the content)."""
    got = page.evaluate("() => window.lmsInteractions.map(i => ({id: i.id, type: i.type, response: i.student_response, result: i.result}))")
    assert len(got) == int(cmi(page, "cmi.interactions._count"))
    return got


def test_a_drill_reports_status_score_and_one_interaction_per_decision(page, lms, course) -> None:
    drill = choice_only(course, 1)[0]
    url = lms([drill], title="第一周", pass_mark=60)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    sco = page.frame_locator("#sco")
    sco.locator(".pkg__list li a").first.click()
    sco.locator(".drill__panel fieldset").wait_for()
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    assert sco.locator(".drill").get_attribute("data-mode") == "test", "the package plays in test mode"
    path = walk(drill, "good")[1]
    follow(sco, drill, path)
    score, max_ = points(path)
    assert sco.locator(".drill__score").get_attribute("data-score") == str(score)
    assert cmi(page, "cmi.core.lesson_status") == "passed"
    assert cmi(page, "cmi.core.score.raw") == str(round(100 * score / max_))
    assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")
    got = interactions(page)
    steps = {s.id: s for s in drill.steps}
    want = [(f"{drill.id}__{s}", c) for s, c in zip(path.steps, path.choices) if isinstance(steps[s], ChoiceStep)]
    assert [(i["id"], i["response"]) for i in got] == want, "one interaction per decision, ASCII ids from drill and step"
    assert all(i["type"] == "choice" and i["result"] == "correct" for i in got)
    assert all(i["id"].isascii() and " " not in i["id"] and len(i["id"]) <= 255 for i in got)
    suspend = cmi(page, "cmi.suspend_data")
    assert 0 < len(suspend) <= 4096
    version, entry = suspend.split("|")
    assert version == "2" and entry.split(":")[2].split(",") == path.choices
    assert page.evaluate("window.lmsErrors") == []
    page.goto("about:blank")  # leaving the page finishes the session
    assert errors == []
    assert all(r.startswith(url.rsplit("/", 1)[0]) or r == "about:blank" for r in requests), "no request leaves the package"


def test_a_learner_resumes_after_a_reload(page, lms, course) -> None:
    first, second = choice_only(course, 2)
    url = lms([first, second], pass_mark=60)
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    sco = page.frame_locator("#sco")
    sco.locator(f'.pkg__list li[data-drill="{first.id}"] a').click()
    bad = walk(first, "bad")[1]
    follow(sco, first, bad)
    sco.locator(".pkg__back").click()
    sco.locator(f'.pkg__list li[data-drill="{second.id}"] a').click()
    good = walk(second, "good")[1]
    sco.locator(f'.drill__choice[data-choice="{good.choices[0]}"]').click()
    sco.locator(".drill__continue").click()
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    page.reload()  # the learner leaves and comes back: the LMS hands the suspend_data back
    assert page.evaluate("JSON.parse(localStorage.getItem('lms.cmi')).core.lesson_status") == "incomplete"
    sco = page.frame_locator("#sco")
    s1 = points(bad)
    status = sco.locator(f'.pkg__list li[data-drill="{first.id}"] .pkg__status')
    assert status.inner_text() == f"已完成，得分 {s1[0]} / {s1[1]}"
    sco.locator(f'.pkg__list li[data-drill="{second.id}"] a').click()
    sco.locator(".drill__panel fieldset").wait_for()
    assert sco.locator(".drill__turn--staff").count() == 1, "the second drill goes on where it stopped"
    rest = type(good)(steps=good.steps[1:], choices=good.choices[1:], verdicts=good.verdicts[1:], ending=good.ending, nodes=good.nodes[1:])
    follow(sco, second, rest)
    s2 = points(good)
    pct = round(100 * (s1[0] + s2[0]) / (s1[1] + s2[1]))
    assert cmi(page, "cmi.core.score.raw") == str(pct)
    assert cmi(page, "cmi.core.lesson_status") == ("passed" if pct >= 60 else "failed")
    ids = [i["id"] for i in interactions(page)]
    assert ids == [f"{second.id}__{s}" for s in good.steps[1:]], "after the reload only the new decisions are reported"
    assert len(cmi(page, "cmi.suspend_data")) <= 4096
    assert page.evaluate("window.lmsErrors") == []


def test_every_drill_finished_fits_in_suspend_data(page, lms, course) -> None:
    """The worst case: a package of every drill, each finished along its longest path."""
    drills = sorted(course.drills, key=lambda d: d.id)
    page.goto(lms(drills))
    sco = page.frame_locator("#sco")
    sco.locator(".pkg__list li").first.wait_for()
    frame = page.frame(url=lambda u: u.endswith("pkg/index.html"))
    for d in drills:
        path = max((walk(d, v)[1] for v in ("good", "acceptable", "bad")), key=lambda p: len(p.steps))
        steps = {s.id: s for s in d.steps}
        answers = []
        for sid, choice in zip(path.steps, path.choices):
            step = steps[sid]
            if choice is not None:
                answers.append(choice)
            elif step.kind == "write":
                answers.append("我会先向您道歉，再把处理的办法和时间跟您说清楚。")
            elif step.kind == "order":
                answers.append([i.id for i in step.items])
            elif step.kind == "spot":
                answers.append([ln.id for ln in step.lines if ln.faulty])
            else:
                answers.append([p.id for p in step.pairs])
        record = {"v": 2, "seed": 4294967295, "mode": "test", "answers": answers, "path": path.steps, "done": True,
                  "score": 0, "max": 2 * len(answers), "retries": 99, "notes": {}, "upd": 1}
        frame.evaluate("([id, r]) => window.AsaDrillStore.set(id, JSON.stringify(r))", [d.id, record])
    suspend = cmi(page, "cmi.suspend_data")
    assert 0 < len(suspend) <= 4096, f"suspend_data holds {len(suspend)} characters"
    assert all(entry.split(":")[2] for entry in suspend.split("|")[1:]), "every drill's answers are kept"
    assert page.evaluate("window.lmsErrors") == []
    # were the package larger still, the answers of finished drills would go first and their scores stay
    small = frame.evaluate("() => window.AsaScorm.compactWithin(1500)")
    entries = [e.split(":") for e in small.split("|")[1:]]
    assert len(small) <= 1500 and len(entries) == len(drills)
    assert all(e[5] == "0" and e[6] for e in entries), "every finished drill keeps its score"


def test_the_trainer_page_builds_the_same_package_as_the_command_line(page, server, course) -> None:
    drills = choice_only(course, 2)
    page.goto(f"{server}/drills/assign.html")
    page.fill("#assign-title", "第一周 <培训> & 考核")
    page.fill("#assign-pass", "70")
    for d in drills:
        page.check(f'input[name=drill][value="{d.id}"]')
    expected = package_files(course, drills, title="第一周 <培训> & 考核", pass_mark=70)
    with page.expect_download() as dl:
        page.click('.assign__exports button[data-export="scorm"]')
    with zipfile.ZipFile(io.BytesIO(Path(dl.value.path()).read_bytes())) as zf:
        got = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    assert got.keys() == expected.keys()
    for name in expected:
        assert got[name] == expected[name], name
    from build_tools.exports import gift, moodle
    from build_tools.exports.questions import questions

    for kind, module in (("gift", gift), ("xml", moodle)):
        with page.expect_download() as dl:
            page.click(f'.assign__exports button[data-export="{kind}"]')
        assert Path(dl.value.path()).read_text(encoding="utf-8") == module.render(questions(drills))
