"""Proofreading: the reviewed conversion list, the house terminology and repairs by kind.

The located messages of each proofreading rule are pinned by the broken
fixtures (tests/fixtures/broken/proof-*); these tests measure the rules and the
lists on the real course.
"""

from __future__ import annotations

from collections import Counter

import opencc

from build_tools.models.base import EDIT_KINDS
from build_tools.proofing import _spoken, located_texts
from build_tools.render.script import conversion, stray_zhu, to_hans
from build_tools.stats import course_stats


def _all_texts(course):
    for _, item in course.items():
        for _, text in located_texts(item):
            yield text
    for drill in course.drills:
        for _, text in located_texts(drill):
            yield text


def _stray(course, convert) -> int:
    return sum(len(stray_zhu(convert(text))) for text in _all_texts(course) if "著" in text)


def test_plain_t2s_leaves_particles_that_the_reviewed_list_fixes(course) -> None:
    """Measured over the whole course: t2s keeps the particle 著; t2s plus the list leaves none."""
    t2s = opencc.OpenCC("t2s")
    assert _stray(course, t2s.convert) > 0
    assert _stray(course, to_hans) == 0


def test_every_override_is_needed_and_right() -> None:
    """Each override starts from what t2s really produces, and t2s does not already fix it."""
    t2s = opencc.OpenCC("t2s")
    for override in conversion().overrides:
        assert t2s.convert(override.opencc) == override.opencc, override
        assert to_hans(override.opencc) == override.hans
        assert "著" not in override.hans or not stray_zhu(override.hans)


def test_conversion_keeps_words_where_zhu_is_right() -> None:
    for word in conversion().keep:
        assert to_hans(word) == word
        assert stray_zhu(word) == []
    assert stray_zhu("高昂著头") == [2]


def test_the_taiwan_variant_is_not_a_drop_in_replacement(course) -> None:
    """tw2s fixes the particles but turns the standalone 么 of the Traditional sources into 幺."""
    tw2s = opencc.OpenCC("tw2s")
    assert _stray(course, tw2s.convert) == 0
    assert any("幺" in tw2s.convert(text) and "幺" not in to_hans(text) for text in _all_texts(course))


def test_house_terms_are_used_in_the_courses_own_words(course) -> None:
    assert course.terminology is not None
    preferred = {term.preferred for term in course.terminology.terms}
    assert {"服务热线", "后备箱"} <= preferred
    own = "\n".join(to_hans(text) for drill in course.drills for _, text in located_texts(drill))
    for term in course.terminology.terms:
        for variant in term.variants:
            assert variant not in own, variant


def test_spoken_lines_are_found_in_every_kind_of_step(course) -> None:
    fields = Counter(loc[-1] if isinstance(loc[-1], str) else loc[-2] for d in course.drills for loc, _ in _spoken(d))
    assert {"customer", "reply"} <= set(fields)


def test_stats_count_repairs_by_kind(course) -> None:
    stats = course_stats(course)
    by_kind = {kind: stats.get(f"repairs: {kind}", 0) for kind in EDIT_KINDS}
    assert sum(by_kind.values()) == stats["repairs"]
    edits = Counter(edit.kind for _, item in course.items() for edit in getattr(item, "edits", []))
    assert by_kind == {kind: edits.get(kind, 0) for kind in EDIT_KINDS}
    assert by_kind["typo"] > 0 and by_kind["figure"] > 0


def test_source_readings_with_private_use_characters_are_shown_by_code_point(course) -> None:
    """The handbook keeps two private-use characters of the source in a repair's `before`;
    no font draws them, so pages show their code points instead."""
    from build_tools.render.env import source_reading
    from build_tools.render.pages import render_site

    befores = [e.before for _, item in course.items() for e in getattr(item, "edits", []) if any("\ue000" <= ch <= "\uf8ff" for ch in e.before)]
    assert befores
    shown = source_reading(befores[0])
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in shown) and "〔U+" in shown
    pages = render_site(course).pages
    assert not any("\ue000" <= ch <= "\uf8ff" for page in pages for ch in page.markdown)


def test_a_broken_conversion_list_falls_back_to_plain_t2s(tmp_path, monkeypatch) -> None:
    """A broken list never raises inside a renderer or a rule: `check` reports it
    (the house-lists fixture) and conversion falls back to plain t2s meanwhile."""
    from build_tools.render import script

    bad = tmp_path / "docs" / "conversion.yaml"
    bad.parent.mkdir()
    bad.write_text("keep: [著名]\noverrides:\n  - {opencc: 坐著, hans: 坐著}\n", encoding="utf-8")
    caches = (script.conversion, script._overrides, script._keep)
    monkeypatch.setattr(script, "CONVERSION_FILE", bad)
    for cached in caches:
        cached.cache_clear()
    try:
        assert script.conversion() is None
        assert script.to_hans("坐著等") == opencc.OpenCC("t2s").convert("坐著等")
    finally:
        monkeypatch.undo()
        for cached in caches:
            cached.cache_clear()
    assert script.to_hans("坐著等") == "坐着等"
