"""Renderers: pure functions from the validated course to output text."""

from .pages import Page, render_site

__all__ = ["Page", "render_site"]
