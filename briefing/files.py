"""The project's files as the build may trust them: regular files inside the project, of bounded size, named in UTF-8."""

from __future__ import annotations

import errno
import operator
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import BriefingError, Problem, problem

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest file the build reads: a section of 32 MB would be some ten million characters."""

_SIZE_HINT = f"files the build reads may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB; split it or make it smaller"


def shown(path: Path | str) -> str:
    """A path as it can be printed, bytes that are not UTF-8 written as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_limited(path: Path) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes: (None, no problems) when it does not exist, a problem naming it when it cannot be used.

    The file is opened without blocking, so a named pipe in its place cannot stall the build.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [_unreadable(path, exc)]
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            return None, [problem(shown(path), None, "is a folder, not a file")]
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(path)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [problem(shown(path), None, f"is too large ({_megabytes(info.st_size)})", _SIZE_HINT)]
        data = _read_all(handle)
    except OSError as exc:
        return None, [_unreadable(path, exc)]
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        return None, [problem(shown(path), None, "is too large (it grew while being read)", _SIZE_HINT)]
    return data, []


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; BriefingError naming the file when it is missing or cannot be used."""
    data, problems = read_limited(path)
    if problems:
        raise BriefingError(problems)
    if data is None:
        raise BriefingError.at(shown(path), None, "cannot be read: the file was removed while the build ran")
    return data


def _read_all(handle: int) -> bytes:
    parts, size = [], 0
    while size <= MAX_FILE_BYTES:
        part = os.read(handle, 1 << 20)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


_NAME = operator.attrgetter("name")


def scan_folder(folder: Path, roots: Iterable[Path]) -> list[Problem]:
    """Every entry under `folder` that the build could not trust: names not in UTF-8, links leading outside
    `roots` or round in a loop, pipes and devices, files too large or unreadable. Folders linked to are scanned too."""
    roots = tuple(root.resolve() for root in roots)
    problems: list[Problem] = []
    pending, seen = [folder], {folder.resolve()}
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError as exc:
            problems.append(_unreadable(current, exc))
            continue
        for entry in entries:
            found = _check_entry(entry, roots)
            if isinstance(found, Problem):
                problems.append(found)
            elif found is not None and found not in seen:
                seen.add(found)
                pending.append(Path(entry.path))
            elif found is not None:
                problems.append(problem(shown(entry.path), None, "links to a folder that contains it (a loop)"))
    return sorted(problems, key=Problem.place)


def _check_entry(entry: os.DirEntry[str], roots: tuple[Path, ...]) -> Problem | Path | None:
    """A problem with one entry; else the resolved folder to scan when it is one, or None for a good file.

    Plain files and folders are judged from what the folder listing already knows, with one stat for the size:
    a project of thousands of files is scanned in a few milliseconds on every build.
    """
    if not _is_utf8(entry.name):
        hint = "rename it (names from another system's archive)"
        return problem(shown(entry.path), None, "file name is not UTF-8", hint)
    if entry.is_symlink():
        return _check_link(Path(entry.path), roots)
    try:
        if entry.is_dir(follow_symlinks=False):
            return Path(entry.path).resolve()
        info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return _unreadable(Path(entry.path), exc)
    return _check_file(entry.path, info)


def _check_link(path: Path, roots: tuple[Path, ...]) -> Problem | Path | None:
    """A link must lead to a file or folder inside the project."""
    try:
        target = path.resolve(strict=True)
        info = os.stat(path)
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
            return problem(shown(path), None, "is a link that leads round in a loop", "replace it with the file")
        if isinstance(exc, FileNotFoundError):
            return problem(shown(path), None, "is a link to nothing", "remove it or point it at a file")
        return _unreadable(path, exc)
    if not any(target.is_relative_to(root) for root in roots):
        return problem(shown(path), None, f"links to {shown(target)}, outside the project", "copy the file in instead")
    if stat.S_ISDIR(info.st_mode):
        return target.resolve()
    return _check_file(path, info)


def _check_file(path: Path | str, info: os.stat_result) -> Problem | None:
    """A regular, readable file of a size the build reads."""
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(Path(path))
    if info.st_size > MAX_FILE_BYTES:
        return problem(shown(path), None, f"is too large ({_megabytes(info.st_size)})", _SIZE_HINT)
    if not _plainly_readable(info) and not os.access(path, os.R_OK):
        return problem(shown(path), None, "cannot be read: permission denied", "make the file readable")
    return None


def _plainly_readable(info: os.stat_result) -> bool:
    """Readable by anyone, or by its owner when that is us: what most files say, known without asking the system."""
    return bool(info.st_mode & stat.S_IROTH) or (info.st_uid == os.geteuid() and bool(info.st_mode & stat.S_IRUSR))


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_regular(path: Path) -> Problem:
    return problem(shown(path), None, "is not a regular file (a pipe, device or socket)", "replace it with a file")


def _unreadable(path: Path, exc: OSError) -> Problem:
    if exc.errno == errno.ELOOP:
        return problem(shown(path), None, "is a link that leads round in a loop", "replace it with the file")
    return problem(shown(path), None, f"cannot be read: {(exc.strerror or str(exc)).lower()}")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
