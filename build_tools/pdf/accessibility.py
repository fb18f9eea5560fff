"""Finish WeasyPrint's tagged PDF: give every table header cell its scope.

WeasyPrint (``pdf_variant="pdf/ua-1"``) tags tables and links each data cell
to its headers with ``/Headers``, but writes no ``/Scope`` on the ``/TH``
cells themselves, so a checker that looks at the header cells (PyPI
``pdfua``, rule UA-15-003) cannot tell what each header labels. Here every
``/TH`` in a ``/THead`` gets ``/Scope /Column`` and every other ``/TH`` (the
print templates use ``<th scope="row">`` in table bodies) ``/Scope /Row``,
in the standard ``/Table`` attribute owner.
"""

from __future__ import annotations

from pathlib import Path


def _role(node) -> str:
    import pikepdf

    s = node.get("/S") if isinstance(node, pikepdf.Dictionary) else None
    return str(s) if s is not None else ""


def _kids(node) -> list:
    import pikepdf

    kid = node.get("/K")
    if isinstance(kid, pikepdf.Array):
        return [k for k in kid if isinstance(k, pikepdf.Dictionary)]
    if isinstance(kid, pikepdf.Dictionary):
        return [kid]
    return []


def _set_scope(cell, scope: str) -> None:
    import pikepdf

    attrs = cell.get("/A")
    owners = list(attrs) if isinstance(attrs, pikepdf.Array) else ([attrs] if isinstance(attrs, pikepdf.Dictionary) else [])
    for owner in owners:
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/O") == pikepdf.Name.Table:
            owner.Scope = pikepdf.Name(scope)
            return
    table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name(scope))
    cell.A = pikepdf.Array(owners + [table]) if owners else table


def scope_table_headers(path: Path) -> int:
    """Add ``/Scope`` to every ``/TH`` of the PDF at ``path`` (rewritten in place); return how many."""
    import pikepdf

    count = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return 0
        stack = [(root, "")]
        seen: set[tuple[int, int]] = set()
        while stack:
            node, section = stack.pop()
            if node.is_indirect:
                key = node.objgen
                if key in seen:
                    continue
                seen.add(key)
            role = _role(node)
            if role in ("/THead", "/TBody", "/TFoot"):
                section = role
            if role == "/TH":
                _set_scope(node, "/Column" if section == "/THead" else "/Row")
                count += 1
            stack.extend((kid, section) for kid in _kids(node))
        if count:
            pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return count
