"""The MkDocs hook for the installable, offline site: a thin adapter to :mod:`build_tools.webapp`.

A hook module of its own (listed after ``mkdocs_hook.py`` in mkdocs.yml), so
that each event here has one handler and the content hook stays as it is.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from build_tools import webapp


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    try:
        return webapp.patch_page(output, page.url)
    except webapp.WebAppError as exc:
        raise PluginError(str(exc)) from exc


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    try:
        return webapp.patch_page(output_content, template_name)
    except webapp.WebAppError as exc:
        raise PluginError(str(exc)) from exc


@event_priority(-200)  # last: after `offline`, so the service worker lists the finished files
def on_post_build(config: MkDocsConfig) -> None:
    try:
        webapp.write_webapp(Path(config.site_dir), Path(__file__).parent / "templates")
    except webapp.WebAppError as exc:
        raise PluginError(str(exc)) from exc
