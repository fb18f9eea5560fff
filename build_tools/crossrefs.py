"""Cross-references between pages, indexed once for every renderer.

A page's 相关内容 are its declared `related` pages plus the pages that
declare it, lessons first; its 练一练 are the drills citing it.  The site and
the PDF both show them, so both ask this index instead of each scanning the
course again for every page.
"""

from __future__ import annotations

from collections import defaultdict

from .content import Course
from .models.drill import ChoiceStep, Drill


def cited(drill: Drill) -> list[str]:
    """Every page a drill cites, in first-cited order."""
    out: list[str] = []
    for step in drill.steps:
        cites = [r for c in step.choices for r in c.cites] if isinstance(step, ChoiceStep) else list(step.cites)
        for ref in (c.ref for c in cites):
            if ref not in out:
                out.append(ref)
    return out


class CrossRefs:
    """Related pages and practising drills of every page of a course."""

    def __init__(self, course: Course) -> None:
        self.refs = course.refs()
        self._declared: dict[str, list[str]] = {}
        self._reverse: dict[str, list[str]] = defaultdict(list)
        for key, item in course.items():
            self._declared[key] = list(getattr(item, "related", []))
            for ref in self._declared[key]:
                self._reverse[ref].append(key)
        self._drills: dict[str, list[Drill]] = defaultdict(list)
        for drill in course.drills:
            for ref in cited(drill):
                self._drills[ref].append(drill)

    def related(self, key: str) -> list[str]:
        """Refs of the pages related to ``key``: lessons first, then causes and handbook, then articles."""
        seen: list[str] = []
        for ref in self._declared.get(key, []) + self._reverse.get(key, []):
            if ref not in seen and ref != key and ref in self.refs:
                seen.append(ref)
        seen.sort(key=lambda r: (not r.startswith("lessons/"), r.startswith("articles/"), r))
        return seen

    def practising(self, key: str) -> list[Drill]:
        """Drills with at least one decision citing ``key``."""
        return list(self._drills.get(key, []))
