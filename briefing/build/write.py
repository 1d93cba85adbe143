"""Output: swap a complete new site in atomically, or update changed files in place while serving."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import BriefingError, problem
from ..files import shown
from ..model import OutputFile
from ..outputs.base import Manifest
from ..workers import is_alive
from .incremental import MARKER, manifest_bytes, read_manifest

_TEMP_PREFIX = ".briefing-tmp-"
_OLD = "-old-"
"""Marks the temporary name of a site being replaced."""

Finish = Callable[[Path], Manifest]
"""Work on the complete new folder before it goes live (the search index); returns files it added."""


class Staging:
    """A new site assembled in a folder beside the old one; it replaces the old one only on `commit`."""

    def __init__(self, out: Path, folder: Path) -> None:
        self.out, self.folder = out, folder
        self.left: list[str] = []
        """What could not be removed afterwards (an old site made read-only), to tell the user."""

    def write(self, file: OutputFile) -> None:
        """Add a file to the new site."""
        _refuse_unsafe_paths([file.path])
        _write(self.folder / file.path, file.data)

    def commit(self, keep: Iterable[str], manifest: Manifest, finish: Finish | None = None, inputs: str = "") -> None:
        """Bring over the unchanged files `keep` of the old site, finish, and swap the new site in."""
        for path in keep:
            _link_or_copy(self.out / path, self.folder / path)
        added = finish(self.folder) if finish else {}
        _write(self.folder / MARKER, manifest_bytes({**manifest, **added}, inputs))
        self.folder.chmod(0o755)
        _swap(self.folder, self.out)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Staging]:
    """A Staging for `out`; whatever happens, its folder (the new site, or the old one after a swap) is removed."""
    refuse_foreign(out)
    refuse_unlisted(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    # Named here and created inside the try, so an interrupt at any moment leaves nothing behind.
    folder = out.parent / f"{_TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
    stage = Staging(out, folder)
    try:
        folder.mkdir(mode=0o700)
        yield stage
    finally:
        failure = remove_tree(folder)
        if failure:
            stage.left.append(f"warning: the old site is left at {folder} ({failure}); delete it by hand")


def write_site(
    out: Path,
    files: Sequence[OutputFile],
    keep: Iterable[str],
    manifest: Manifest,
    finish: Finish | None = None,
    inputs: str = "",
) -> list[str]:
    """Replace `out` with `files` plus the unchanged files `keep` of the old site, all or nothing.

    Returns warnings about what could not be cleared away afterwards.
    """
    _refuse_unsafe_paths([f.path for f in files])
    with staging(out) as stage:
        for file in files:
            stage.write(file)
        stage.commit(keep, manifest, finish, inputs)
    return stage.left


def update_site(
    out: Path,
    files: Sequence[OutputFile],
    removed: Iterable[str],
    manifest: Manifest,
    finish: Finish | None = None,
) -> list[str]:
    """Write only files whose bytes changed, each atomically; returns the paths written."""
    _refuse_unsafe_paths([f.path for f in files])
    refuse_foreign(out)
    written = []
    for file in files:
        target = out / file.path
        try:
            if target.read_bytes() == file.data:
                continue
        except OSError:
            pass
        _write_atomic(target, file.data)
        written.append(file.path)
    for path in removed:
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out / path, out)
    added = finish(out) if finish else {}
    _write_atomic(out / MARKER, manifest_bytes({**manifest, **added}))
    return written


def _remove_empty_parents(path: Path, root: Path) -> None:
    for parent in path.parents:
        if parent == root or not parent.is_relative_to(root) or any(parent.iterdir()):
            return
        parent.rmdir()


def refuse_foreign(out: Path) -> None:
    """Never delete or write into a folder we did not build."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        hint = "empty it, remove it, or choose another output folder"
        raise BriefingError.at(out, None, "output folder exists and was not made by Briefing", hint)


LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files a desktop puts into any folder it shows: a build may replace them without asking."""


def refuse_unlisted(out: Path) -> None:
    """Never delete a file someone put into the site: a build replaces the whole folder, so it refuses instead."""
    if not (out / MARKER).exists():
        return
    listed = set(read_manifest(out))
    found = []
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder, name).relative_to(out).as_posix()
            if path not in listed and path != MARKER and name not in LITTER:
                found.append(path)
    if found:
        hint = "move it out of the site (files to publish belong in templates/static/) or delete it"
        raise BriefingError(
            [
                problem(shown(out / path), None, "was not made by Briefing; a build would delete it", hint)
                for path in sorted(found)
            ]
        )


def remove_tree(folder: Path) -> str | None:
    """Delete a folder of ours, making read-only parts writable first; None when done, else why not."""

    def writable_then_again(function: Callable[..., object], path: str, _: object) -> None:
        for part in (Path(path).parent, Path(path)):
            with contextlib.suppress(OSError):
                part.chmod(0o700)
        function(path)

    try:
        shutil.rmtree(folder, onerror=writable_then_again)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()
    return None


def _refuse_unsafe_paths(paths: list[str]) -> None:
    if len(set(paths)) != len(paths):
        raise RuntimeError("two outputs for the same path")
    for path in paths:
        if path.startswith("/") or ".." in path.split("/") or path == MARKER:
            raise RuntimeError(f"output path escapes the site: {path}")


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{target.name}")
    temp.write_bytes(data)
    temp.replace(target)


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard links keep unchanged files as they were (same bytes, same modification time)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(temp: Path, out: Path) -> None:
    """Put `temp` at `out`; the old site ends up in `temp` to be removed."""
    if not out.exists():
        temp.rename(out)
        return
    if _exchange(temp, out):
        return
    # Without an atomic exchange there is a moment with no site at `out`, never a mixed one.
    # Should the build be killed in that moment, the next one puts the old site back (remove_stale_temps).
    old = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}{_OLD}{out.name}-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    temp.rename(out)
    old.rename(temp)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def remove_stale_temps(out: Path) -> None:
    """Clear up after builds that were killed (their process is gone) beside the output folder `out`.

    Their temporary folders are deleted, except an old site caught mid-swap with no site in its place:
    that one is put back.
    """
    for path in sorted(out.parent.glob(f"{_TEMP_PREFIX}*")):
        pid, _, rest = path.name[len(_TEMP_PREFIX) :].partition("-")
        if not pid.isdigit() or is_alive(int(pid)):
            continue
        if re.fullmatch(rf"{re.escape(_OLD + out.name)}-[a-z0-9_]{{8}}", f"-{rest}") and not out.exists():
            path.rename(out)
        else:
            remove_tree(path)
