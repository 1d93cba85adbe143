"""Punctuation of imported text: mixed bracket pairs matched by default, ASCII made full-width on request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .cleanup import is_text_cjk, to_full_width
from .model import Change, Paragraph

PUNCTUATION = ("brackets", "keep", "full")
"""`brackets` (the default) makes a pair of one half-width and one full-width bracket full-width, `(一）` ->
`（一）`; `keep` leaves every character as in the source; `full` also makes ASCII , : ; ! ? ( ) next to
Chinese text full-width."""

_OPEN = {"(": "\uff08", "\uff08": "\uff08"}
_CLOSE = {")": "\uff09", "\uff09": "\uff09"}


def match_brackets(text: str) -> str:
    """The text with every mixed bracket pair, one half- and one full-width, made full-width; the rest kept."""
    chars = list(text)
    opened: list[int] = []
    for index, char in enumerate(chars):
        if char in _OPEN:
            opened.append(index)
        elif char in _CLOSE and opened:
            start = opened.pop()
            mixed = (chars[start] == "(") != (char == ")")
            inside = chars[max(start - 1, 0) : index + 2]
            if mixed and any(is_text_cjk(item) for item in inside):
                chars[start], chars[index] = _OPEN[chars[start]], _CLOSE[char]
    return "".join(chars)


def fix_punctuation(paragraphs: Sequence[Paragraph], mode: str) -> tuple[list[Paragraph], list[Change]]:
    """Paragraphs with their punctuation made as `mode` says, and a Change naming the characters changed in each."""
    if mode == "keep":
        return list(paragraphs), []
    fixed: list[Paragraph] = []
    changes: list[Change] = []
    for paragraph in paragraphs:
        text = match_brackets(paragraph.text)
        if mode == "full":
            text = to_full_width(text)
        if text != paragraph.text:
            changes.append(Change("changed", paragraph.line, _what_changed(paragraph.text, text), _why(mode)))
        fixed.append(Paragraph(text, paragraph.line, paragraph.role))
    return fixed, changes


def _what_changed(before: str, after: str) -> str:
    """The characters changed, counted: `( → （ ×2, ) → ） ×1`."""
    counts = Counter((old, new) for old, new in zip(before, after, strict=True) if old != new)
    return ", ".join(f"{old} → {new} ×{count}" for (old, new), count in sorted(counts.items()))


def _why(mode: str) -> str:
    if mode == "full":
        return "punctuation next to Chinese made full-width (--punctuation full)"
    return "a bracket pair of mixed widths made full-width; --punctuation keep keeps it"
