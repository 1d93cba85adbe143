"""The one error type for everything a user can get wrong, with its location."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    return _display(str(path), os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display(path: str, cwd: str) -> str:
    absolute = os.path.normpath(os.path.join(cwd, path))
    relative = os.path.relpath(absolute, cwd)
    return absolute if relative.startswith("..") else relative


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as it can be."""

    path: str
    """File the problem is in, as shown to the user."""
    line: int | None
    """1-based line, or None when the problem concerns the whole file."""
    message: str
    """What is wrong, in plain words."""
    hint: str | None = None
    """How to fix it, when there is something useful to say."""
    severity: str = "error"
    """'error' fails the build; 'warning' fails only `--strict`; 'note' is advice that never fails."""
    column: int | None = None
    """1-based column, when known."""

    def place(self) -> tuple[str, int, str]:
        """Sort key: by file, then line (whole-file problems first), then message."""
        return (self.path, self.line or 0, self.message)

    @property
    def location(self) -> str:
        """`path:line:column`, as far as known."""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{self.location}: {prefix}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


def problem(path: Path | str, line: int | None, message: str, hint: str | None = None) -> Problem:
    """Build an error `Problem` for a file path given in any form."""
    return Problem(display_path(path), line, message, hint)


class BriefingError(Exception):
    """Input the user has to fix; carries every problem found, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=Problem.place))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[BriefingError], tuple[tuple[Problem, ...]]]:
        """Pickle by problems, so an error raised in a worker process arrives whole."""
        return (BriefingError, (self.problems,))

    @classmethod
    def at(cls, path: Path | str, line: int | None, message: str, hint: str | None = None) -> BriefingError:
        """An error with a single problem."""
        return cls([problem(path, line, message, hint)])


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise a BriefingError if any of `problems` is an error (warnings pass)."""
    found = list(problems)
    if any(p.severity == "error" for p in found):
        raise BriefingError(found)


def warning(path: Path | str, line: int | None, message: str, hint: str | None = None) -> Problem:
    """A `Problem` that is reported but does not stop the command."""
    return Problem(display_path(path), line, message, hint, "warning")


def note(path: Path | str, line: int | None, message: str, hint: str | None = None) -> Problem:
    """Advice that is reported but never fails, not even `--strict`."""
    return Problem(display_path(path), line, message, hint, "note")
