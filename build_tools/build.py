"""Safe site builds: build into a temporary folder, swap into place on success.

A failed build (bad content, a broken link in strict mode, a missing shim)
leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class BuildError(RuntimeError):
    """The site could not be built; the previous site is untouched."""


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def build_site(root: Path, out: Path | None = None, *, quiet: bool = False, config_file: Path | None = None) -> Path:
    """Build the complete site into ``out`` (default ``root/site``) atomically."""
    root = Path(root).resolve()
    out = Path(out) if out else root / "site"
    out = out if out.is_absolute() else root / out
    tmp = out.parent / f".site-build-{os.getpid()}"
    old = out.parent / f".site-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file or root / "mkdocs.yml"), "--site-dir", str(tmp)]
    if quiet:
        cmd.append("--quiet")
    try:
        result = subprocess.run(cmd, cwd=root, env=mkdocs_env())
        if result.returncode != 0:
            raise BuildError(f"mkdocs build failed (exit {result.returncode}); {out} was left unchanged")
        if not (tmp / "index.html").is_file():
            raise BuildError(f"the build produced no index.html; {out} was left unchanged")
        if out.exists():
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out
