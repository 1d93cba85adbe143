"""The head of a speech: its byline and date line are the briefing's metadata, not paragraphs of the opening."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cleanup import PARAGRAPH_END, display_width, strip_closers
from .conventions import SALUTATION
from .joins import DATE_LINE, is_byline, is_date_line
from .model import Change, SourceLine

HEAD_LINES = 8
"""The byline and date line are looked for among this many lines of text at the top."""

_HEAD_WIDTH = 80

OCCASION = re.compile(r"[—\-－–]{1,4}\s*在(?P<event>[^,，。;；]+?)上的(?:讲话|报告|致辞|发言|主持词|总结讲话)")
"""An occasion line under a title: ——在全市优化营商环境大会上的讲话."""


def take_about(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[tuple[str, str]], list[Change]]:
    """The lines without the head's byline and date line; what they say (speaker, date, event); a Change each.

    The head is the short lines at the top before the salutation or the first line that ends a sentence.
    """
    about: list[tuple[str, str]] = []
    changes: list[Change] = []
    moved: set[int] = set()
    for index in _head(lines):
        text = lines[index].text.strip()
        found = _speaker(text) or _dated(text) or _occasion(text)
        if found and not any(key == found[0][0] for key, _ in about):
            about += found
            moved.add(index)
            what = {"speaker": "byline: the speaker", "date": "date line: the date"}.get(found[0][0], "occasion line")
            changes.append(Change("moved", lines[index].line, text, f"{what}, for briefing.yaml"))
    return [line for index, line in enumerate(lines) if index not in moved], about, changes


def _head(lines: Sequence[SourceLine]) -> list[int]:
    """Indexes of the head's lines, the title's included."""
    head: list[int] = []
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if len(head) == HEAD_LINES or line.role not in (None, "title") or SALUTATION.match(text):
            break
        if display_width(text) > _HEAD_WIDTH or strip_closers(text)[-1:] in tuple(PARAGRAPH_END):
            break
        head.append(index)
    return head[1:]


def _speaker(text: str) -> list[tuple[str, str]] | None:
    """('speaker', the byline as written) for a byline such as 市长　王某某."""
    return [("speaker", text)] if is_byline(text) else None


def _occasion(text: str) -> list[tuple[str, str]] | None:
    """('event', …) of an occasion line under a title: ——在全市优化营商环境大会上的讲话."""
    match = OCCASION.fullmatch(text)
    return [("event", match["event"].strip())] if match else None


def _dated(text: str) -> list[tuple[str, str]] | None:
    """('date', YYYY-MM-DD) and ('event', …) of a date line such as ——2025年1月20日在全市经济工作会议上."""
    if not is_date_line(text):
        return None
    match = DATE_LINE.fullmatch(text)
    assert match is not None
    found = [("date", f"{int(match['year']):04d}-{int(match['month']):02d}-{int(match['day']):02d}")]
    if match["event"]:
        found.append(("event", match["event"].strip()))
    return found
