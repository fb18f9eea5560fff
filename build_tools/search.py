"""Chinese search: the user dictionary and the build-time fixes to Material's search.

* ``dictionary_terms`` collects the course's own short terms (names, rules,
  tags) so jieba segments them as words, both in the index and, through the
  index's vocabulary, in the browser's query splitter.
* ``add_traditional_field`` lets a query typed in Traditional script find
  the (Simplified) pages: each index entry also carries its text converted
  with OpenCC, as an extra search field.
* ``patch_worker`` fixes Material's query splitter, which never tries a word
  that ends at the last character of the query, so the last word of a query
  was cut short (``二五十二法则`` → ``二五十二法``).  The patch is applied to
  the *built* copy of the installed theme and fails loudly when the theme's
  code no longer looks as expected.
"""

from __future__ import annotations

import re
from pathlib import Path

from .content import Course

# The loop in the minified worker, before and after the fix.
_SPLITTER = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_SPLITTER_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"

_MAX_TERM = 8


class SearchPatchError(RuntimeError):
    """The installed theme's search worker is not the code this patch knows."""


def dictionary_terms(course: Course) -> list[str]:
    """Short domain terms from the content, for the jieba user dictionary."""
    from .render.script import to_hans

    terms: set[str] = set()
    for topic in course.topics:
        terms.add(topic.name)
    for _, item in course.items():
        for word in [*getattr(item, "terms", []), *getattr(item, "tags", [])]:
            terms.add(to_hans(word))
    for cause in course.causes:
        terms.add(to_hans(cause.name))
    # Long phrases as one token hurt prefix matching; keep words short.
    return sorted(t for t in terms if 2 <= len(t) <= _MAX_TERM and not re.search(r"\s", t))


def load_terms(terms: list[str]) -> None:
    """Teach jieba the terms (jieba keeps one global dictionary per process)."""
    import jieba

    for term in terms:
        jieba.add_word(term)
        # Names written with a middle dot are also typed without it.
        if "·" in term:
            jieba.add_word(term.replace("·", ""))


def write_user_dictionary(terms: list[str], path: Path) -> None:
    """Write the terms in jieba's user-dictionary format (one per line)."""
    path.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")


ALT_FIELD = "alt"
"""Search field holding each section's text in Traditional script (queries in either script match)."""


def add_traditional_field(site_dir: Path) -> int:
    """Add the Traditional-script text of every index entry as the extra field `alt`.

    Runs after the search plugin wrote the index and before the offline plugin
    inlines it; `mkdocs.yml` declares the field so the browser indexes it.
    Returns the number of entries that gained the field.
    """
    import json

    from .render.script import to_hant

    path = Path(site_dir, "search", "search_index.json")
    if not path.is_file():
        raise SearchPatchError(f"{path} is missing: the search plugin must run before this step")
    index = json.loads(path.read_text(encoding="utf-8"))
    if ALT_FIELD not in index.get("config", {}).get("fields", {}):
        raise SearchPatchError(f"mkdocs.yml must declare the search field {ALT_FIELD!r} (plugins: search: fields)")
    added = 0
    for doc in index["docs"]:
        alt = to_hant(f"{doc.get('title', '')}\u200b{doc.get('text', '')}")
        if alt != f"{doc.get('title', '')}\u200b{doc.get('text', '')}":
            doc[ALT_FIELD] = alt
            added += 1
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return added


def patch_worker(site_dir: Path) -> Path:
    """Fix the last-word cut in the built search worker; return the patched file."""
    workers = sorted(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise SearchPatchError(f"expected one search worker in {site_dir}/assets/javascripts/workers, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if _SPLITTER_FIXED in code and _SPLITTER not in code:
        return worker  # already patched (e.g. by a previous live-reload build)
    if code.count(_SPLITTER) != 1:
        raise SearchPatchError(
            f"{worker.name}: Material's query splitter changed; review build_tools/search.py before upgrading the theme"
        )
    worker.write_text(code.replace(_SPLITTER, _SPLITTER_FIXED), encoding="utf-8")
    return worker
