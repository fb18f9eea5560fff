"""Which files the build may read: regular files inside the project, of a sane size.

Content is written by many hands and copied around; a folder can end up
holding a symbolic link to a file outside the project (which MkDocs would
publish), a link to ``/dev/zero`` (which never ends), a named pipe (which
blocks forever) or a link that points at itself.  Every such entry is
reported as a located problem instead of being read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Problem

MAX_FILE_BYTES = 128 * 1024
"""The largest content file read (the largest real one is about 20 KB; PyYAML reads about 250 KB a second)."""

PUBLISHED = ("docs", "drills")
"""Folders whose every entry is read or published by the build."""

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def entry_problem(path: Path, root: Path, *, want_file: bool = True) -> str | None:
    """Why ``path`` must not be read (or published), or None when it is fine.

    A symbolic link is followed only when it stays inside ``root``; the entry
    it leads to must be a regular file (or, with ``want_file=False``, a folder).
    """
    root = root.resolve()
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "file is missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        link = os.readlink(path)
        try:
            target = Path(path).resolve(strict=True)
        except RuntimeError:
            return "symbolic link loop: the link leads back to itself"
        except FileNotFoundError:
            return f"symbolic link to a missing file ({link})"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symbolic link loop: the link leads back to itself"
            return f"symbolic link cannot be followed ({exc.strerror})"
        st = os.stat(target)
        kind = stat.S_IFMT(st.st_mode)
        if kind not in (stat.S_IFREG, stat.S_IFDIR):
            return f"symbolic link to {link}, which is {_KINDS.get(kind, 'not a regular file')}, not a content file"
        if target != root and root not in target.parents:
            return f"symbolic link to {link}, outside the project; copy the file in instead"
    kind = stat.S_IFMT(st.st_mode)
    if kind == stat.S_IFREG:
        if want_file and st.st_size > MAX_FILE_BYTES:
            return f"file is too large ({st.st_size:,} bytes; at most {MAX_FILE_BYTES:,})"
        return None
    if kind == stat.S_IFDIR and not want_file:
        return None
    return f"is {_KINDS.get(kind, 'not a regular file')}, not a content file"


def read_bytes(path: Path, root: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one content file, or the located reason it cannot be read."""
    why = entry_problem(path, root)
    if why is not None:
        return None, [Problem(_rel(path, root), 1, "", why)]
    with open(path, "rb") as f:  # a regular file inside the project, checked above
        raw = f.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # grew since it was checked
        return None, [Problem(_rel(path, root), 1, "", f"file is too large (more than {MAX_FILE_BYTES:,} bytes)")]
    return raw, []


def tree_problems(root: Path) -> list[Problem]:
    """Every entry of the published folders that is not a regular file or folder inside the project."""
    root = Path(root)
    problems: list[Problem] = []
    for top in PUBLISHED:
        base = root / top
        if base.is_symlink() or not base.is_dir():
            continue
        for folder, dirs, files in os.walk(base, followlinks=False):
            for name in sorted(dirs + files):
                path = Path(folder, name)
                if name in dirs and not path.is_symlink():
                    continue  # a real folder: walked into
                why = entry_problem(path, root, want_file=False)
                if why is not None:
                    problems.append(Problem(_rel(path, root), 1, "", why))
    return problems
