"""Strict YAML loading with line numbers.

PyYAML is used to *compose* a node tree (which keeps line marks); the tree is
then turned into plain Python values here, so that duplicate keys are errors
instead of being silently overwritten, and every value's line is remembered
for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Problem

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


class _Builder:
    def __init__(self, path: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: Loc, line: int | None = None) -> object:
        self.lines[loc] = line if line is not None else node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, (str, int)):
                    self.problems.append(
                        Problem(self.path, key_line, _loc_text(loc), f"keys must be text (got {type(key).__name__})")
                    )
                    continue
                if key in out:
                    first = self.lines.get(loc + (key,), "?")
                    self.problems.append(
                        Problem(
                            self.path,
                            key_line,
                            _loc_text(loc + (key,)),
                            f"duplicate key (first defined on line {first})",
                        )
                    )
                    continue
                out[key] = self.build(value_node, loc + (key,), key_line)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


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


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes; return the document (or None) and every problem."""
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(path, 1, "", "file is empty; it must hold a YAML mapping")]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
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
    finally:
        loader.dispose()
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
    return parse(path.read_bytes(), rel)
