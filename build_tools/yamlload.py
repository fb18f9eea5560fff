"""Strict YAML loading with line numbers.

PyYAML is used to *compose* a node tree (which keeps line marks); the tree is
then turned into plain Python values here, so that duplicate keys are errors
instead of being silently overwritten, and every value's line is remembered
for error messages.

Content needs only mappings, lists, text and small numbers, so the loader
refuses what it never needs and what a hostile or careless file could use
against the build: anchors and aliases (a few hundred bytes of nested
aliases expand to gigabytes), explicit tags (``!!python/name:…``), nesting
deeper than :data:`MAX_DEPTH`, numbers longer than :data:`MAX_NUMBER_CHARS`
and invisible control characters, written raw or as YAML escapes.  Each is a
located problem; none is a traceback.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Problem
from .files import read_bytes

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (real content uses about 10)."""

MAX_NUMBER_CHARS = 20
"""Longest number written in a file, in characters."""

# Control characters (C0 but tab and line feed, DEL, C1), the line and paragraph
# separators YAML reads as line breaks, surrogates and Unicode noncharacters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def forbidden_character(text: str) -> str | None:
    """Describe the first character of ``text`` that content must not hold, or None."""
    m = _FORBIDDEN.search(text)
    if m is None:
        return None
    cp = ord(m.group(0))
    if cp in (0x2028, 0x2029):
        what = "line separator" if cp == 0x2028 else "paragraph separator"
        return f"invisible {what} U+{cp:04X} is not allowed; use a line break"
    if 0xD800 <= cp <= 0xDFFF:
        return f"lone surrogate U+{cp:04X} is not a character"
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return f"noncharacter U+{cp:04X} is not allowed"
    return f"control character U+{cp:04X} is not allowed (only text, line breaks and tabs)"

Loc = tuple  # a path into the document, e.g. ("body", 3, "text")


@dataclass
class Document:
    """A parsed YAML file: its data and the line of every value in it."""

    path: str
    data: object
    lines: dict[Loc, int]

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader that neutralises anchors, aliases and tags, and caps nesting.

    A refused construct is replaced (an alias by an empty value, a tag by the
    plain reading) and remembered on its node, so that the builder reports
    it with its field and every other problem is still found.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.alias_uses: dict[str, list] = {}

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            node = yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            # One problem per alias name, at its first use, however often it is used.
            uses = self.alias_uses.setdefault(event.anchor, [0, []])
            uses[0] += 1
            if uses[0] == 1:
                node.refused = uses[1]  # type: ignore[attr-defined]
            times = f" (used {uses[0]} times)" if uses[0] > 1 else ""
            uses[1][:] = [f"alias *{event.anchor} is not allowed{times}; write the value out"]
            return node
        event = self.peek_event()
        refused = []
        if event.anchor is not None:
            refused.append(f"anchor &{event.anchor} is not allowed; content needs no anchors or aliases")
            event.anchor = None
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            refused.append(f"explicit tag {tag} is not allowed; write plain values")
            event.tag = None
            if isinstance(event, yaml.ScalarEvent):
                event.implicit = (False, True)  # read as text
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if refused:
            node.refused = refused
        return node


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class _Builder:
    def __init__(self, path: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def problem(self, line: int, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.path, line, _loc_text(loc), message))

    def build(self, node: yaml.Node, loc: Loc, line: int | None = None) -> object:
        line = line if line is not None else node.start_mark.line + 1
        self.lines[loc] = line
        for message in getattr(node, "refused", ()):
            self.problem(node.start_mark.line + 1, loc, message)
        if isinstance(node, yaml.MappingNode):
            try:
                self.loader.flatten_mapping(node)
            except yaml.YAMLError as exc:
                self.problem(line, loc, f"cannot be read: {getattr(exc, 'problem', None) or exc}")
                return {}
            out: dict = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_line, loc, "keys must be text (got a " + ("mapping" if isinstance(key_node, yaml.MappingNode) else "list") + ")")
                    continue
                key = self.scalar(key_node, loc, key_line)
                if not isinstance(key, (str, int)):
                    self.problem(key_line, loc, f"keys must be text (got {type(key).__name__})")
                    continue
                if key in out:
                    first = self.lines.get(loc + (key,), "?")
                    self.problem(key_line, loc + (key,), f"duplicate key (first defined on line {first})")
                    continue
                out[key] = self.build(value_node, loc + (key,), key_line)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc, node.start_mark.line + 1)

    def scalar(self, node: yaml.ScalarNode, loc: Loc, line: int) -> object:
        """One scalar value, with numbers and characters checked."""
        if node.tag in (_INT, _FLOAT) and len(node.value) > MAX_NUMBER_CHARS:
            self.problem(line, loc, f"number is too long ({len(node.value)} characters; at most {MAX_NUMBER_CHARS})")
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problem(line, loc, f"cannot be read: {getattr(exc, 'problem', None) or exc}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(line, loc, f"must be a finite number (got {node.value})")
            return None
        if isinstance(value, str):
            why = forbidden_character(value)
            if why is not None:
                self.problem(line, loc, why)
                return None
        return value


def _loc_text(loc: Loc) -> str:
    from .errors import format_loc

    return format_loc(loc)


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(path, line, "", f"file must be UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start} is not)")
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def _raw_characters(text: str, path: str) -> list[Problem]:
    """The first forbidden character of every line, written raw in the file."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        why = forbidden_character(line.removesuffix("\r"))  # CR LF is a line break too
        if why is not None:
            problems.append(Problem(path, number, "", why))
    return problems


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes; return the document (or None) and every problem."""
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    problems = _raw_characters(text, path)
    if problems:
        return None, problems
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(path, 1, "", "file is empty; it must hold a YAML mapping")]
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    except _TooDeep as exc:
        return None, [Problem(path, exc.mark.line + 1, "", f"nested more than {MAX_DEPTH} levels deep")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # At the end of the file the useful place is where the construct began
        # (an unclosed quote or bracket), which PyYAML keeps as the context mark.
        if exc.context_mark is not None and exc.problem and "end of stream" in exc.problem:
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or str(exc)
        lines = text.splitlines()
        src = lines[line - 1] if 0 < line <= len(lines) else ""
        indent = src[: len(src) - len(src.lstrip())]
        if "'\\t'" in detail or "\t" in indent:
            message = "tab character in indentation; indent YAML with spaces"
        else:
            message = f"YAML syntax error: {detail}"
            if exc.context:
                message += f" {exc.context}"
                if exc.context_mark is not None and exc.context_mark.line + 1 != line:
                    message += f" started on line {exc.context_mark.line + 1}"
        return None, [Problem(path, line, "", message)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, "", f"YAML syntax error: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, 1, "", "file is empty; it must hold a YAML mapping")]
    builder = _Builder(path, yaml.SafeLoader(""))
    data = builder.build(node, ())
    if not isinstance(data, dict):
        builder.problems.append(Problem(path, 1, "", f"the file must hold a mapping of fields (got {type(data).__name__})"))
    return Document(path, data, builder.lines), builder.problems


def load(path: Path, root: Path) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file, naming it relative to ``root`` in problems."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    raw, problems = read_bytes(path, root)
    if raw is None:
        return None, problems
    return parse(raw, rel)
