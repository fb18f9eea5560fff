"""Script conversion between Traditional and Simplified Chinese (OpenCC).

Text stays in its source's script in the YAML; an edition converts it when
rendering.  The plain `t2s`/`s2t` configurations are used, not the regional
ones that would also change vocabulary.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_hans(text: str) -> str:
    """Traditional → Simplified."""
    return _converter("t2s").convert(text)


def to_hant(text: str) -> str:
    """Simplified → Traditional."""
    return _converter("s2t").convert(text)
