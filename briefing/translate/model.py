"""What the translation formats exchange: one unit per translatable span of a block, and errors in their files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATES = ("new", "needs-review-translation", "translated")
"""A unit's state, as XLIFF 1.2 names it: no translation yet, translated but not reviewed, reviewed and current."""


@dataclass(frozen=True)
class Unit:
    """A translatable span of a block (a heading, a paragraph, a list item, a table cell) in two languages."""

    id: str
    """Stable id from the section id and the shared anchor: 'review-2023#p3', 'review-2023#p5.2' for a list item."""
    source: str
    """The span's Markdown inline source in the source language (emphasis, links, footnote refs as written)."""
    target: str
    """The span's Markdown inline source in the translation; '' when there is none yet."""
    state: str = "new"
    """One of STATES."""
    note: str = ""
    """A remark for the translator (filled from memory, source changed since review), or ''."""
    line: int | None = None
    """Line of the unit in the file it was read from, for messages; None for units about to be written."""


@dataclass(frozen=True)
class Pair:
    """A source/target pair of a translation memory, with where it came from."""

    source: str
    """Source-language text (plain or Markdown inline source)."""
    target: str
    """Target-language text."""
    origin: str = ""
    """Where the pair came from: 'slug/section#anchor', a TMX file name, or ''."""


class FormatError(Exception):
    """A translator's file that cannot be read: names the file and the line, says what is wrong."""

    def __init__(self, path: Path | str, line: int | None, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path)
        self.line = line
        self.message = message
        self.hint = hint
