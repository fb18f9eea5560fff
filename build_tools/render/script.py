"""Script conversion between Traditional and Simplified Chinese (OpenCC).

Text stays in its source's script in the YAML; an edition converts it when
rendering.  The plain `t2s`/`s2t` configurations are used, not the regional
ones that would also change vocabulary.  After `t2s`, the reviewed fixes in
`docs/conversion.yaml` are applied: `t2s` keeps 著 where Simplified writes the
particle 着, and the list names each such phrase (the `check` rule
``particle_zhu_in_simplified`` finds any that is not listed yet).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CONVERSION_FILE = Path(__file__).resolve().parents[2] / "docs" / "conversion.yaml"


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def conversion():
    """The reviewed conversion list, or None when `docs/conversion.yaml` is missing or
    invalid (`check` reports its problems; conversion then falls back to plain `t2s`)."""
    from ..models.house import Conversion
    from ..validate import validate
    from ..yamlload import load

    if not CONVERSION_FILE.is_file():
        return None
    doc, problems = load(CONVERSION_FILE, CONVERSION_FILE.parents[1])
    if doc is None or problems:
        return None
    obj, problems = validate(doc, Conversion)
    return None if problems else obj


@lru_cache(maxsize=1)
def _overrides() -> tuple[re.Pattern[str], dict[str, str]] | None:
    listed = conversion()
    table = {o.opencc: o.hans for o in listed.overrides} if listed is not None else {}
    if not table:
        return None
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return pattern, table


def to_hans(text: str) -> str:
    """Traditional → Simplified (OpenCC `t2s`, then the reviewed overrides)."""
    out = _converter("t2s").convert(text)
    fixes = _overrides()
    if fixes is not None:
        pattern, table = fixes
        out = pattern.sub(lambda m: table[m.group(0)], out)
    return out


def to_hant(text: str) -> str:
    """Simplified → Traditional."""
    return _converter("s2t").convert(text)


@lru_cache(maxsize=1)
def _keep() -> re.Pattern[str]:
    listed = conversion()
    words = listed.keep if listed is not None else ["著名"]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def stray_zhu(hans: str) -> list[int]:
    """Positions of 著 in Simplified text that are not inside a word where 著 is right."""
    covered = {i for m in _keep().finditer(hans) for i in range(m.start(), m.end())}
    return [i for i, ch in enumerate(hans) if ch == "著" and i not in covered]
