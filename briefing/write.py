"""Atomic output: write the whole site to a temporary folder, then swap it in."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import BriefingError
from .model import OutputFile

MARKER = ".briefing-site"
"""File in every built site; a folder without it is never replaced."""
_TEMP_PREFIX = ".briefing-tmp-"


def write_site(files: Iterable[OutputFile], out: Path) -> None:
    """Replace `out` with exactly `files`; on any failure the old folder stays as it was."""
    files = list(files)
    _refuse_duplicates(files)
    _refuse_foreign(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out.parent)
    temp = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", dir=out.parent))
    try:
        for file in files:
            target = temp / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        (temp / MARKER).write_text("Built by Briefing; this folder is replaced on every build.\n", encoding="utf-8")
        temp.chmod(0o755)
        _swap(temp, out)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _refuse_duplicates(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for file in files:
        if file.path in seen:
            raise RuntimeError(f"two outputs for {file.path}")
        if file.path.startswith(("/", "../")) or "/../" in file.path or file.path == MARKER:
            raise RuntimeError(f"output path escapes the site: {file.path}")
        seen.add(file.path)


def _refuse_foreign(out: Path) -> None:
    """Never delete a folder we did not build."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BriefingError.at(
            out,
            None,
            "output folder exists and was not made by Briefing",
            "empty it, remove it, or choose another output folder",
        )


def _swap(temp: Path, out: Path) -> None:
    """Put `temp` at `out`; the old site ends up in `temp` to be removed."""
    if not out.exists():
        temp.rename(out)
        return
    if _exchange(temp, out):
        return
    # Without an atomic exchange there is a moment with no site at `out`, never a mixed one.
    old = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    temp.rename(out)
    old.rename(temp)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary folders left by builds that were killed (their process is gone)."""
    for path in folder.glob(f"{_TEMP_PREFIX}*"):
        pid = path.name[len(_TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
