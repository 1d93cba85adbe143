"""Lines of pasted text -> paragraphs: undo the line wraps of a PDF copy, keep real paragraph breaks.

Text copied from a PDF viewer or a document-sharing page comes in one of three shapes:
one paragraph per line; paragraphs separated by blank lines; or the printed lines
themselves, each ending in a line break or (on web pages) in a single space, so that a
whole speech arrives as one long line. Printed lines are recognised by their regular
display width. Between two of them a paragraph ends when the first line is notably
shorter than a typical line and ends a sentence, or when the next line starts with a
marker that always opens a paragraph (一、, 一要, 一是, (一), 第一, a year, 同志们).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .cleanup import (
    PARAGRAPH_END,
    display_width,
    ends_sentence,
    is_punctuation,
    is_text_cjk,
    join_wrapped,
    remove_wrap_spaces,
    strip_closers,
)
from .conventions import starts_block
from .flattened import split_flattened
from .model import Paragraph, SourceLine

SHORT = 0.8
"""A printed line narrower than this share of a typical line can end a paragraph."""

_MIN_LINES = 6
_MIN_WIDTH = 24
_SPREAD = 0.15


@dataclass(frozen=True)
class _Piece:
    """A printed line (or a whole paragraph line) with the width of a typical line around it."""

    text: str
    line: int
    typical: float | None
    """Median width of the printed lines this piece belongs to; None when it is not a printed line."""


def find_paragraphs(lines: Sequence[SourceLine]) -> list[Paragraph]:
    """Paragraphs of cleaned lines: blank lines and heading roles always separate them."""
    blocks = _blocks(lines)
    typical = _typical_width([line for block in blocks for line in block[:-1]])
    paragraphs: list[Paragraph] = []
    for block in blocks:
        if len(block) == 1 and block[0].role:
            text = remove_wrap_spaces(block[0].text).strip()
            paragraphs.append(Paragraph(text, block[0].line, block[0].role))
            continue
        pieces = [piece for line in block for piece in _pieces(line, typical)]
        paragraphs += _join(pieces)
    return [p for p in paragraphs if p.text]


def _blocks(lines: Sequence[SourceLine]) -> list[list[SourceLine]]:
    """Runs of non-blank lines; a line with a heading role is a run of its own."""
    blocks: list[list[SourceLine]] = [[]]
    for line in lines:
        if not line.text.strip() or line.role:
            blocks.append([])
        if line.text.strip():
            blocks[-1].append(line)
        if line.role:
            blocks.append([])
    return [block for block in blocks if block]


def _typical_width(lines: Sequence[SourceLine]) -> float | None:
    """Median width of the lines followed by another line of their block, when they look printed."""
    texts = [_clean(line.text) for line in lines if not line.role and _split_spaces(line.text) is None]
    return _printed_width(texts)


def _printed_width(texts: Sequence[str]) -> float | None:
    """The typical width when these texts look like printed lines of one page width, else None.

    Printed lines are many, at least 12 Chinese characters wide, mostly within 15% of the
    typical width, and mostly end mid-sentence; a list of whole paragraphs fails at least
    one of these tests.
    """
    if len(texts) < _MIN_LINES:
        return None
    widths = [display_width(text) for text in texts]
    typical = statistics.median(widths)
    regular = sum(abs(width - typical) <= _SPREAD * typical for width in widths)
    sentence_ends = sum(ends_sentence(text) for text in texts)
    if typical < _MIN_WIDTH or regular < 0.6 * len(texts) or sentence_ends > 0.4 * len(texts):
        return None
    return float(typical)


def _split_spaces(text: str) -> list[str] | None:
    """The printed lines of a line whose wraps became single spaces, or None if it is not one.

    Only spaces next to Chinese text or punctuation can be wraps: a space between two Latin
    words is kept inside its printed line.
    """
    pieces: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char != " " or index == 0 or index + 1 == len(text):
            continue
        if any(is_text_cjk(char) or is_punctuation(char) for char in (text[index - 1], text[index + 1])):
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    texts = [_clean(piece) for piece in pieces if piece.strip()]
    return texts if len(texts) > 1 and _printed_width(texts) is not None else None


def _pieces(line: SourceLine, typical: float | None) -> list[_Piece]:
    """A line as pieces: its printed lines when it holds several, the blocks of a flattened page, else the line."""
    split = _split_spaces(line.text)
    if split is None:
        blocks = split_flattened(line.text)
        if blocks is not None:
            return [_Piece(_clean(block), line.line, None) for block in blocks]
        return [_Piece(_clean(line.text), line.line, typical)]
    width = _printed_width(split)
    return [_Piece(text, line.line, width) for text in split]


def _join(pieces: Sequence[_Piece]) -> list[Paragraph]:
    """Join pieces into paragraphs where no paragraph ends between them."""
    paragraphs: list[Paragraph] = []
    current: list[_Piece] = []
    for index, piece in enumerate(pieces):
        current.append(piece)
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if following is None or _ends_paragraph(piece, following, len(current) == 1):
            paragraphs.append(Paragraph(_joined([part.text for part in current]), current[0].line))
            current = []
    return paragraphs


def _joined(texts: Sequence[str]) -> str:
    """The texts joined as `join_wrapped` joins two, in one pass: a paragraph of a million printed lines stays linear."""
    parts: list[str] = []
    last = ""
    for text in texts:
        if text and last:
            parts.append(join_wrapped(last, text)[1 : -len(text)])  # the space between, or nothing
        parts.append(text)
        last = text[-1] if text else last
    return "".join(parts)


def _ends_paragraph(piece: _Piece, following: _Piece, starts_paragraph: bool) -> bool:
    """Whether a paragraph ends between two pieces of one block."""
    if piece.typical is None or following.typical is None:
        return True
    short = display_width(piece.text) < SHORT * piece.typical
    core = strip_closers(piece.text)
    if core and core[-1] in PARAGRAPH_END:
        return short or starts_block(following.text)
    if not starts_paragraph:
        return False
    # A first line without final punctuation that is short, or followed by a marker, is a title or heading.
    return short or starts_block(following.text)


def _clean(text: str) -> str:
    return remove_wrap_spaces(text).strip()
