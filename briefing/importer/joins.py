"""Broken lines joined again: a line that stops mid-sentence runs on into the next; a lone placeholder joins both.

Text laid out one paragraph per line still arrives with hard breaks: after a comma (`刚才,`),
in mid-phrase, or around an anonymising placeholder alone on a line (`XX`, `××`, `某某`). A
line ending in a comma, 、 or no mark at all joins the next line when that continues the
sentence; headings, the salutation, bylines, date lines and the title stay on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cleanup import PARAGRAPH_END, is_text_cjk, join_wrapped, strip_closers
from .conventions import NUMERALS, SALUTATION, part_heading, point_marker, starts_block
from .model import Change, Paragraph

PLACEHOLDER = re.compile(r"[Xx×╳＊*○〇]{1,4}|[XＸ]{1,4}|某{1,3}")
"""An anonymising placeholder standing for a name or a number: XX, X, ××, 某某, ○○."""

BYLINE = re.compile(
    r"(?P<role>[\u4e00-\u9fff、（）()]{2,24}?)[ \u3000]+(?P<name>[\u4e00-\u9fffXx×＊*○]{2,5}(?:[ \u3000][\u4e00-\u9fff]{1,2})?)"
)
"""A byline: the speaker's office and name separated by a (full-width) space, 市长　王某某."""

DATE_LINE = re.compile(
    r"(?:[—\-－–]{1,4}|[（(])?\s*(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"(?:\s*在(?P<event>[^,，。;；]+?)上(?:的(?:讲话|报告|致辞|发言|主持词))?)?\s*[)）]?"
)
"""A date line under a title: ——2025年1月20日在全市经济工作会议上, (2025年1月20日) or the date alone."""

_PAUSES = (",", "\uff0c", "、", ";", "\uff1b")
_MARKER = re.compile(rf"[{NUMERALS}]+[、是要]|[(\uff08][{NUMERALS}]+[)\uff09]|第[{NUMERALS}]+[,\uff0c、:\uff1a]?")


def is_byline(text: str) -> bool:
    """True for a line that is an office and a name, 市长　王某某 (no punctuation, at most 30 characters, no
    heading marker: 一、总体要求 当前形势 is a flattened heading)."""
    text = text.strip()
    return len(text) <= 30 and BYLINE.fullmatch(text) is not None and not starts_block(text)


def is_date_line(text: str) -> bool:
    """True for a date line such as ——2025年1月20日在……会议上 or (2025年1月20日)."""
    return DATE_LINE.fullmatch(text.strip()) is not None


def join_broken(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Change]]:
    """Join lines broken mid-sentence and lone placeholders to their neighbours; a Change per join."""
    joined: list[Paragraph] = []
    changes: list[Change] = []
    glue = after_placeholder = False
    for index, paragraph in enumerate(paragraphs):
        previous = joined[-1] if joined else None
        placeholder = _is_placeholder(paragraph) and previous is not None and previous.role is None
        placeholder = placeholder and index + 1 < len(paragraphs)
        if previous is not None and (placeholder or (glue and _continues(paragraph))):
            reason = "a placeholder alone on a line" if placeholder else _why(previous.text, after_placeholder)
            changes.append(Change("joined", paragraph.line, paragraph.text[:12], reason))
            joined[-1] = Paragraph(join_wrapped(previous.text, paragraph.text), previous.line)
            glue, after_placeholder = placeholder or _breaks_off(joined[-1].text), placeholder
            continue
        joined.append(paragraph)
        glue = index > 0 and paragraph.role is None and _breaks_off(paragraph.text) and not _stands_alone(paragraph)
    return joined, changes


def _is_placeholder(paragraph: Paragraph) -> bool:
    return paragraph.role is None and PLACEHOLDER.fullmatch(paragraph.text.strip()) is not None


def _breaks_off(text: str) -> bool:
    """True when a line stops mid-sentence: after a comma or 、, or with no mark after Chinese text."""
    core = strip_closers(text.rstrip())
    if not core:
        return False
    if core[-1] in _PAUSES or PLACEHOLDER.fullmatch(core[-1]):
        return True
    return core[-1] not in PARAGRAPH_END and is_text_cjk(core[-1])


def _stands_alone(paragraph: Paragraph) -> bool:
    """Headings, salutations, bylines and date lines keep their own line even without a final mark."""
    text = paragraph.text.strip()
    if SALUTATION.fullmatch(text) or is_byline(text) or is_date_line(text):
        return True
    # A heading (一、提高站位，深刻认识…) stands alone; a point that runs on past a sentence into its text may
    # break off like any line (一是抓项目。全年计划实施重点项目 / 86个，).
    rest = _MARKER.sub("", text, count=1)
    heading = bool(part_heading(text) or point_marker(text))
    return heading and not any(mark in rest for mark in PARAGRAPH_END) and not text.endswith(_PAUSES)


def _continues(paragraph: Paragraph) -> bool:
    """True when a line can continue the sentence before it: plain text, no marker, byline or date line."""
    text = paragraph.text.strip()
    return paragraph.role is None and not (starts_block(text) or is_byline(text) or is_date_line(text))


def _why(text: str, after_placeholder: bool) -> str:
    if after_placeholder:
        return "continues the sentence after a placeholder"
    core = strip_closers(text.rstrip())
    if core and core[-1] in _PAUSES:
        return f"the line before ends in ‘{core[-1]}’"
    return "the line before ends without a sentence mark"
