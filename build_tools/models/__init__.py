"""Typed models of the course content (pydantic v2).

The YAML files are validated into these models once; every renderer works
from them and never from raw dictionaries.
"""

from .base import Edit, Strict
from .lesson import (
    Block,
    CastMember,
    Dialogue,
    Lesson,
    Letter,
    Paragraph,
    PointItem,
    Points,
    Quote,
    SourceRef,
    Turn,
)
from .catalog import Sources, SourceDocument, Topic, Topics

__all__ = [
    "Block",
    "CastMember",
    "Dialogue",
    "Edit",
    "Lesson",
    "Letter",
    "Paragraph",
    "PointItem",
    "Points",
    "Quote",
    "SourceDocument",
    "SourceRef",
    "Sources",
    "Strict",
    "Topic",
    "Topics",
    "Turn",
]
