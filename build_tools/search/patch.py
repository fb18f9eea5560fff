"""Build-time changes to Material's search, applied to the built site.

Material's theme files are never copied into the project.  After each build:

* ``install_worker`` puts the course's search worker (``worker.js`` next to
  this module) in place of Material's Lunr worker, under the file name the
  theme's pages already point at.  Material's worker protocol (SETUP → READY,
  QUERY → RESULT) is kept, so the search box and result list stay Material's.
* ``patch_bundle`` makes the search box react to every ``input`` event, not
  only to key releases: text pasted with a long press, committed by an input
  method or dictated by voice starts a search too.

Each change first checks that the theme's code is what it was written for and
raises :class:`SearchPatchError` otherwise, so a theme upgrade fails the build
instead of silently losing a fix.
"""

from __future__ import annotations

from pathlib import Path

WORKER_SOURCE = Path(__file__).with_name("worker.js")

# Strings that identify Material 9.x's Lunr search worker.
_MATERIAL_WORKER_MARKS = ("lunr", "Invalid query: ")

# Material's query observable: a search runs on keyup (and focus) only.
_KEYUP = 'L(t.pipe(Re(zt)),h(e,"keyup"),o).pipe(m(()=>e.value),Y())'
_KEYUP_FIXED = 'L(t.pipe(Re(zt)),h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value),Y())'


class SearchPatchError(RuntimeError):
    """The installed theme's search code is not the code these patches know."""


def _one(site_dir: Path, folder: str, pattern: str) -> Path:
    found = sorted(Path(site_dir, folder).glob(pattern))
    if len(found) != 1:
        raise SearchPatchError(f"expected one {pattern} in {site_dir}/{folder}, found {len(found)}")
    return found[0]


def install_worker(site_dir: Path) -> Path:
    """Replace Material's search worker with the course's; return the worker's path."""
    worker = _one(site_dir, "assets/javascripts/workers", "search.*.min.js")
    ours = WORKER_SOURCE.read_text(encoding="utf-8")
    code = worker.read_text(encoding="utf-8")
    if code == ours:
        return worker
    if not all(mark in code for mark in _MATERIAL_WORKER_MARKS):
        raise SearchPatchError(
            f"{worker.name} is not Material's Lunr search worker; review build_tools/search/patch.py before upgrading the theme"
        )
    worker.write_text(ours, encoding="utf-8")
    worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    return worker


def patch_bundle(site_dir: Path) -> Path:
    """Search on every input event; return the patched bundle."""
    bundle = _one(site_dir, "assets/javascripts", "bundle.*.min.js")
    code = bundle.read_text(encoding="utf-8")
    if _KEYUP_FIXED in code and _KEYUP not in code:
        return bundle
    if code.count(_KEYUP) != 1:
        raise SearchPatchError(
            f"{bundle.name}: Material's search query code changed; review build_tools/search/patch.py before upgrading the theme"
        )
    bundle.write_text(code.replace(_KEYUP, _KEYUP_FIXED), encoding="utf-8")
    return bundle
