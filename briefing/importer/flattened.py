"""Flattened pages: a whole page on one line, its paragraphs and headings separated only by spaces.

A web page copied without its line breaks arrives as one line: the title (often twice), 同志们:,
then ` 一、认清形势 当前…`, ` (一)…` with a space before each. A space before a marker that opens
a block (一、, (一), 一是, 一要, 第一, 同志们:, or a year after a sentence end) is a block boundary,
and so is, once the line is known to be flattened, a space after a sentence end; a heading
without a final mark ends at the first space after it. Removing those spaces as wrap debris
would glue a heading onto the next sentence.
"""

from __future__ import annotations

import re

from .cleanup import PARAGRAPH_END, display_width, ends_sentence
from .conventions import SALUTATION, YEAR, part_heading, point_marker

_GAP = re.compile(r"[ \t\u00a0\u3000]+")
_HEADING_WIDTH = 60


def split_flattened(text: str) -> list[str] | None:
    """The blocks of a line holding a flattened page, or None when the line is not one."""
    gaps = [gap for gap in _GAP.finditer(text) if text[: gap.start()].strip() and text[gap.end() :].strip()]
    marked = [gap for gap in gaps if _marker_after(text[: gap.start()], text[gap.end() :])]
    if not marked:
        return None
    cuts = [gap for gap in gaps if gap in marked or ends_sentence(text[: gap.start()])]
    pieces, start = [], 0
    for gap in cuts:
        pieces.append(text[start : gap.start()])
        start = gap.end()
    pieces.append(text[start:])
    blocks: list[str] = []
    for index, piece in enumerate(pieces):
        blocks += _split_head(piece, first=index == 0)
    return [block.strip() for block in blocks if block.strip()]


def _marker_after(before: str, after: str) -> bool:
    """True when `after` opens a block: a part, a point, the salutation, or a year after a sentence end."""
    if part_heading(after) or point_marker(after) or SALUTATION.match(after):
        return True
    return bool(YEAR.match(after)) and ends_sentence(before)


def _split_head(piece: str, first: bool) -> list[str]:
    """A heading without a final mark (一、认清形势 当前…) split from the text after it at the first space;
    in the line's first piece, a title (and a copy of it) split from each other the same way."""
    heading = first or bool(part_heading(piece) or point_marker(piece))
    gap = _GAP.search(piece)
    if not heading or gap is None:
        return [piece]
    head = piece[: gap.start()]
    if display_width(head) > _HEADING_WIDTH or any(char in PARAGRAPH_END + ",\uff0c;\uff1b" for char in head):
        return [piece]
    return [head, *_split_head(piece[gap.end() :], first)]
