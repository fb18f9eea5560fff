"""The MkDocs hook: a thin adapter between MkDocs events and build_tools.

It loads and validates the course (failing the build with every problem),
adds the generated pages, and applies the search fixes after the build.
Nothing here renders content; see :mod:`build_tools.render`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from build_tools import csp, search
from build_tools.build import PDF_ENV, pdf_links
from build_tools.content import load_course
from build_tools.errors import ContentError
from build_tools.exports.site import asset_files
from build_tools.render import render_site
from build_tools.render.pages import html_nav, with_title

SHIM_URL = "assets/javascripts/iframe-worker-shim.js"  # the offline search shim (csp.py reads it)
# Browser code from pinned npm packages (package.json), copied into the site as it is:
# source -> (path in the site, what it is, for the message when it is missing).
VENDOR = {
    Path("node_modules/iframe-worker/shim/index.js"): (SHIM_URL, "the offline search shim"),
    Path("node_modules/qrcode-generator/dist/qrcode.js"): ("assets/javascripts/vendor/qrcode.js", "the site's browser libraries"),
    Path("node_modules/fflate/umd/index.js"): ("assets/javascripts/vendor/fflate.js", "the site's browser libraries"),
}

# Scripts that only the trainer's and the learner's assignment pages use: every
# other page leaves them out, so that a lesson's first load stays light.
TRAINER = "drills/assign.html"
LEARNER = "drills/assignment.html"
PAGE_SCRIPTS = {
    "assets/javascripts/vendor/qrcode.js": {TRAINER},
    "assets/javascripts/vendor/fflate.js": {TRAINER},
    "assets/javascripts/export-downloads.js": {TRAINER},
    "assets/javascripts/gradebook.js": {TRAINER},
    "assets/javascripts/assign-codes.js": {TRAINER, LEARNER},
    "assets/javascripts/assignments.js": {TRAINER, LEARNER},
}
_PAGE_SCRIPT = re.compile(r'<script src="[^"]*?(' + "|".join(map(re.escape, PAGE_SCRIPTS)) + r')"[^>]*></script>\n?')

_state: dict = {}


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def _root(config: MkDocsConfig) -> Path:
    """The project folder: the one holding docs/ (and drills/)."""
    return Path(config.docs_dir).resolve().parent


@event_priority(100)  # before the search plugin reads its configuration
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    course, problems = load_course(root)
    if course is None:
        raise PluginError("the course content does not validate:\n" + ContentError(problems).report())
    site = render_site(course, pdf_links=pdf_links(os.environ.get(PDF_ENV)))
    _state.update(course=course, site=site, root=root)
    config.nav = html_nav(site.nav)
    search.load_terms(search.dictionary_terms(course))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _state["site"].pages:
        files.append(File.generated(config, page.path, content=with_title(page)))
    for source, (url, what) in VENDOR.items():
        path = _state["root"] / source
        if not path.is_file():
            raise PluginError(f"{source} is missing: run `make deps` (npm ci) to install {what}")
        files.append(File.generated(config, url, abs_src_path=str(path)))
    for path, text in asset_files(_state["course"]).items():
        files.append(File.generated(config, path, content=text))
    return files


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Drop the assignment pages' scripts from every other page."""
    here = page.file.dest_uri
    return _PAGE_SCRIPT.sub(lambda m: m.group(0) if here in PAGE_SCRIPTS[m.group(1)] else "", output)


@event_priority(-50)  # after the search plugin writes its index, before `offline` inlines it
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    try:
        search.build_index(site_dir, _state["course"])
        search.install_worker(site_dir)
        search.patch_bundle(site_dir)
    except (search.SearchPatchError, search.SearchIndexError) as exc:
        raise PluginError(str(exc)) from exc
    if _state.get("command") == "serve":
        return  # the preview server injects its live-reload script, which a policy would block
    try:
        csp.protect_site(Path(config.site_dir), Path(config.site_dir, SHIM_URL))
    except csp.PolicyError as exc:
        raise PluginError(f"Content-Security-Policy: {exc}; review build_tools/csp.py") from exc
