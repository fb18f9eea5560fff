"""Schema validation of one parsed file, with errors mapped back to lines.

Pydantic's errors are rewritten as short rules (``must be one of …``,
``is required``) and located with the line marks the YAML loader kept.
"""

from __future__ import annotations

import re
import typing
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, format_loc, show
from .yamlload import Document

M = TypeVar("M", bound=BaseModel)

_KINDS = {
    "string_type": "text",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "float_type": "a number",
}


# Tags of the cause-entry union (models.pages.CauseEntry): pydantic puts them
# into error locations, though they name no field.
ENTRY_TAGS = {"paragraph", "example"}


def _strip_tags(loc: tuple, data: object) -> tuple:
    """Drop discriminator tags that pydantic inserts into error locations."""
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and (
            node.get("type") == part or node.get("kind", "choice") == part  # drill steps default to `choice`
        ):
            continue
        if part in ENTRY_TAGS and not (isinstance(node, dict) and part in node):
            continue
        out.append(part)
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def _unwrap(annotation: object, node: object) -> object:
    """Reduce ``list[Block]``/``X | None``/discriminated unions to one model class."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0], node)
    if origin is list:
        return _unwrap(args[0], None)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return models[0]
        return _UnionRef(models)
    return annotation


class _UnionRef:
    def __init__(self, models: list[type[BaseModel]]) -> None:
        self.models = models


def _pick(current: object, node: object) -> object:
    """Choose the member of a discriminated union that matches the data's ``type``."""
    if not isinstance(current, _UnionRef) or not isinstance(node, dict):
        return current
    tag = node.get("type")
    return next((m for m in current.models if tag in typing.get_args(m.model_fields["type"].annotation)), None)


def _resolve(model: type[BaseModel], loc: tuple, data: object) -> type[BaseModel] | None:
    """Walk ``loc`` through the models, choosing union members by the data's ``type``."""
    current: object = model
    node = data
    for part in loc:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            current = _pick(current, node)
            continue
        current = _pick(current, node)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        node = node.get(part) if isinstance(node, dict) else None
        current = _pick(_unwrap(field.annotation, node), node)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _at_loc(data: object, loc: tuple) -> object:
    for part in loc:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _quote_list(expected: str) -> str:
    """``"'a', 'b' or 'c'"`` -> ``"a, b, c"``."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _message(err: dict, model: type[BaseModel], loc: tuple, data: object) -> tuple[tuple, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return loc, "is required"
    if kind == "extra_forbidden":
        parent = _resolve(model, loc[:-1], data)
        allowed = ", ".join(parent.model_fields) if parent else ""
        return loc, f"unknown field (allowed: {allowed})" if allowed else "unknown field"
    if kind == "literal_error":
        return loc, f"must be one of {_quote_list(ctx['expected'])} (got {show(value)})"
    if kind == "union_tag_invalid":
        field = ctx.get("discriminator", "'type'").strip("'")
        return loc + (field,), f"must be one of {_quote_list(ctx['expected_tags'])} (got {show(ctx['tag'])})"
    if kind == "union_tag_not_found":
        field = ctx.get("discriminator", "'type'").strip("'")
        return loc + (field,), f"is required (it names the kind of {'step' if field == 'kind' else 'block'})"
    if kind == "step_kind":
        node = _at_loc(data, loc)
        return loc + ("kind",), f"must be one of choice, order, spot, match (got {show(node.get('kind') if isinstance(node, dict) else node)})"
    if kind in _KINDS:
        return loc, f"must be {_KINDS[kind]} (got {show(value)})"
    if kind == "string_too_short":
        return loc, "must not be empty"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return loc, f"must have at least {n} item{'s' if n != 1 else ''}"
    if kind == "string_pattern_mismatch":
        return loc, f"must match the pattern {ctx['pattern']} (got {show(value)})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return loc, f"must be {sign} {bound} (got {show(value)})"
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        # A model validator may name the sub-field it is about: "rows[1]: must …"
        m = re.match(r"^([a-z_]+)(?:\[(\d+)\])?: (.*)$", message, re.S)
        if m:
            sub = (m.group(1),) + ((int(m.group(2)),) if m.group(2) else ())
            return loc + sub, m.group(3)
        return loc, message
    return loc, err["msg"]


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document against ``model``; return the object or the problems."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _strip_tags(err["loc"], doc.data)
            loc, message = _message(err, model, loc, doc.data)
            line = doc.line_of(loc)
            problems.append(Problem(doc.path, line, format_loc(loc), message))
        return None, problems
