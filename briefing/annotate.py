"""Marks in rendered text: a figure's number where the speech states it, a glossary term where it first occurs."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml

_PIECES = re.compile(r"<[^>]*>|[^<]+")


@dataclass(frozen=True)
class FigureMark:
    """Mark `value` where it stands inside `quote`; `mark_id` makes it a link target."""

    quote: str
    value: str
    mark_id: str | None


@dataclass(frozen=True)
class TermMark:
    """Link the first occurrence of any of `forms` to `href`, opening tip `tip_id`."""

    term_id: str
    forms: tuple[str, ...]
    href: str
    tip_id: str


def mark_figures(html: str, marks: Sequence[FigureMark]) -> str:
    """Wrap each figure's value, inside its quote, in <mark>."""
    for mark in marks:
        quote, value = escapeHtml(mark.quote), escapeHtml(mark.value)
        start = _text_find(html, quote) if quote in html else -1
        if start < 0:
            continue
        at = start + quote.index(value)
        ident = f' id="{mark.mark_id}"' if mark.mark_id else ""
        html = f'{html[:at]}<mark class="figure"{ident}>{value}</mark>{html[at + len(value) :]}'
    return html


def mark_terms(html: str, marks: Sequence[TermMark], used: set[str]) -> str:
    """Link the first occurrence on the page of each term not in `used` (which is updated)."""
    for mark in marks:
        if mark.term_id in used:
            continue
        # A plain substring test first: most blocks contain most terms nowhere at all.
        candidates = [form for form in map(_escaped, mark.forms) if form in html]
        found = [(at, -len(form), form) for form in candidates if (at := _text_find(html, form)) >= 0]
        if not found:
            continue
        at, _, text = min(found)
        link = f'<a class="term" href="{mark.href}" data-tip="{mark.tip_id}">{text}</a>'
        html = html[:at] + link + html[at + len(text) :]
        used.add(mark.term_id)
    return html


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """A term as it appears in rendered HTML."""
    return escapeHtml(text)


def _text_find(html: str, needle: str) -> int:
    """Offset of `needle` in the text of `html`, outside tags and outside links and marks; -1 if absent."""
    inside = 0
    for piece in _PIECES.finditer(html):
        chunk = piece.group()
        if chunk.startswith("<"):
            if re.match(r"<(a|mark)[\s>]", chunk):
                inside += 1
            elif re.match(r"</(a|mark)>", chunk):
                inside -= 1
            continue
        if not inside and (found := chunk.find(needle)) >= 0:
            return piece.start() + found
    return -1
