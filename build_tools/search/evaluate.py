"""The search evaluation: new hires' questions typed into the real search box.

``eval/search-questions.yaml`` holds questions in a new hire's words, each with
the pages that answer it, in two halves: ``tuning`` (the thesaurus and the
ranking may be adjusted against it) and ``held_out`` (never tuned on).
:func:`run` types every question into the built site's search box in Chromium
and :func:`figures` reports recall@1, recall@5 over distinct pages and the
mean reciprocal rank for each half.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from pydantic import Field

from ..content import Course
from ..errors import ContentError, Problem
from ..models.base import Strict, Text
from ..validate import validate
from ..yamlload import load

QUESTIONS = "eval/search-questions.yaml"


class Question(Strict):
    """One question and the pages that answer it."""

    q: Text = Field(description="The question as a new hire would type it.")
    pages: list[Text] = Field(min_length=1, description="Content paths of the pages that answer it (any one counts).")


class EvalSet(Strict):
    """The evaluation set: a tuning half and a held-out half."""

    tuning: list[Question] = Field(min_length=1, description="Questions the search may be tuned against.")
    held_out: list[Question] = Field(min_length=1, description="Questions never used for tuning.")


def page_ref(url: str, root: str = "/") -> str:
    """A result link → content path: `<root>lessons/303.html#x` → `lessons/303`, `<root>causes/index.html` → `causes`.

    ``root`` is the path of the site's root folder in the URL (``/`` when served at the top)."""
    path = unquote(urlparse(url).path)
    path = path[len(root) :] if path.startswith(root) else path.lstrip("/")
    path = path[: -len(".html")] if path.endswith(".html") else path
    return path[: -len("/index")] if path.endswith("/index") else path


def load_questions(root: Path, course: Course) -> EvalSet:
    """Read and check the evaluation set; every page must exist (located problems otherwise)."""
    doc, problems = load(Path(root, QUESTIONS), Path(root))
    evalset = None
    if doc is not None and not problems:
        evalset, problems = validate(doc, EvalSet)
    if evalset is not None:
        known = set(course.refs()) | {f"drills/{d.id}" for d in course.drills}
        seen: dict[str, str] = {}
        for half in ("tuning", "held_out"):
            for i, question in enumerate(getattr(evalset, half)):
                for j, ref in enumerate(question.pages):
                    if ref not in known:
                        loc = (half, i, "pages", j)
                        problems.append(Problem(doc.path, doc.line_of(loc), f"{half}[{i}].pages[{j}]", f"must be a page of the course (got {ref!r})"))
                if question.q in seen:
                    loc = (half, i, "q")
                    problems.append(Problem(doc.path, doc.line_of(loc), f"{half}[{i}].q", f"duplicate question (already in {seen[question.q]})"))
                seen[question.q] = f"{half}[{i}]"
    if problems:
        raise ContentError(problems)
    return evalset  # type: ignore[return-value]


def open_search(page) -> None:
    """Open Material's search (the header button on narrow screens)."""
    if page.viewport_size["width"] < 960:
        page.locator("label.md-header__button[for=__search]").first.click()
    page.locator("input.md-search__input").click()


def site_root(page) -> str:
    """The URL path of the site's root folder, from a page of the site."""
    base = page.evaluate("() => new URL(JSON.parse(document.getElementById('__config').textContent).base + '/', location.href).pathname")
    return unquote(base)


def ask(page, query: str) -> list[str]:
    """Put ``query`` into the open search box as a paste or a voice entry does (an input event,
    no key presses); return the result pages in order, one per page."""
    box = page.locator("input.md-search__input")
    page.evaluate(
        """() => { const list = document.querySelector('.md-search-result__list');
                   const li = document.createElement('li'); li.id = 'search-pending'; list.appendChild(li); }"""
    )
    box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new Event('input', {bubbles: true})); }", query)
    page.wait_for_function("() => !document.getElementById('search-pending')")
    links = page.locator(".md-search-result__list > li.md-search-result__item > a.md-search-result__link:first-child")
    root = site_root(page)
    return [page_ref(href, root) for href in links.evaluate_all("els => els.map(e => e.href)")]


@dataclass(frozen=True)
class Figures:
    n: int
    recall1: float
    recall5: float
    mrr: float
    misses: tuple[tuple[str, tuple[str, ...]], ...]

    def line(self, name: str) -> str:
        return f"{name:9} {self.n:3} questions   recall@1 {self.recall1:6.1%}   recall@5 {self.recall5:6.1%}   MRR {self.mrr:.3f}"


def figures(questions: list[Question], answers: list[list[str]]) -> Figures:
    r1 = r5 = rr = 0.0
    misses = []
    for question, got in zip(questions, answers):
        ranks = [i for i, ref in enumerate(got) if ref in question.pages]
        if ranks:
            r1 += ranks[0] == 0
            r5 += ranks[0] < 5
            rr += 1 / (ranks[0] + 1)
        if not ranks or ranks[0] >= 5:
            misses.append((question.q, tuple(got[:5])))
    n = len(questions)
    return Figures(n, r1 / n, r5 / n, rr / n, tuple(misses))


def run(page, base_url: str, questions: list[Question]) -> list[list[str]]:
    """Ask every question on the site at ``base_url``; one list of result pages per question."""
    page.goto(f"{base_url}/index.html")
    open_search(page)
    return [ask(page, question.q) for question in questions]
