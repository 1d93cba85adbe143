"""Marks in rendered text: a figure's number where the speech states it, a glossary term where it first occurs."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml


@dataclass(frozen=True)
class FigureMark:
    """Mark `value` where it stands inside `quote`; `mark_id` makes it a link target."""

    quote: str
    value: str
    mark_id: str | None
    figure_id: str = ""
    """The figure's id in figures.yaml, for reports."""


@dataclass(frozen=True)
class TermMark:
    """Link the first occurrence of any of `forms` to `href`, opening tip `tip_id`."""

    term_id: str
    forms: tuple[str, ...]
    href: str
    tip_id: str


def mark_figures(html: str, marks: Sequence[FigureMark]) -> str:
    """Wrap each figure's value, inside its quote, in <mark>."""
    return place_figures(html, marks)[0]


def place_figures(html: str, marks: Sequence[FigureMark]) -> tuple[str, list[bool]]:
    """`html` with each figure's value marked in turn, and which of `marks` found their quote.

    A quote must lie in one run of text: not split by bold or a link, nor by the mark of a figure before it.
    """
    placed = []
    for mark in marks:
        quote, value = escapeHtml(mark.quote), escapeHtml(mark.value)
        start = _text_find(html, quote) if quote in html else -1
        placed.append(start >= 0 and value in quote)
        if not placed[-1]:
            continue
        at = start + quote.index(value)
        ident = f' id="{escapeHtml(mark.mark_id)}"' if mark.mark_id else ""
        html = f'{html[:at]}<mark class="figure"{ident}>{value}</mark>{html[at + len(value) :]}'
    return html, placed


class TermMarker:
    """Links each term's first use on a page; made once per page, applied block by block."""

    def __init__(self, marks: Sequence[TermMark]) -> None:
        self.by_form: dict[str, TermMark] = {}
        for mark in marks:
            for form in mark.forms:
                self.by_form.setdefault(_escaped(form), mark)
        self.pattern = _pattern(tuple(self.by_form))

    def mark(self, html: str, used: set[str]) -> str:
        """Link the first occurrence on the page of each term not in `used` (which is updated)."""
        if self.pattern is None:
            return html
        # One scan for every form at once; most blocks hold few terms or none.
        for form in _forms_in(self.pattern, html):
            mark = self.by_form[form]
            if mark.term_id in used or (at := _text_find(html, form)) < 0:
                continue
            link = f'<a class="term" href="{escapeHtml(mark.href)}" data-tip="{escapeHtml(mark.tip_id)}">{form}</a>'
            html = html[:at] + link + html[at + len(form) :]
            used.add(mark.term_id)
        return html


@functools.lru_cache(maxsize=1 << 16)
def _forms_in(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The forms `pattern` finds in `text`, first occurrences in order; a block shown in two views is scanned once."""
    return tuple(dict.fromkeys(pattern.findall(text)))


@functools.lru_cache(maxsize=64)
def _pattern(escaped_forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """A regular expression matching any of the forms (as they appear in HTML), longest first."""
    ordered = sorted({form for form in escaped_forms if form}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """A term as it appears in rendered HTML."""
    return escapeHtml(text)


def _text_find(html: str, needle: str) -> int:
    """Offset of `needle` in the text of `html`, outside tags, links, marks and character references; -1 if absent."""
    opened = closed = counted = 0
    at = html.find(needle)
    while at >= 0:
        # Outside every tag (`counted` is too), and as many links and marks closed before it as opened.
        if html.rfind("<", counted, at) <= html.rfind(">", counted, at):
            opened += len(_OPENS.findall(html, counted, at))
            closed += len(_CLOSES.findall(html, counted, at))
            counted = at
            if opened == closed and not _splits_reference(html, at, at + len(needle)):
                return at
        at = html.find(needle, at + 1)
    return -1


_OPENS = re.compile(r"<(?:a|mark)[\s>]")
_CLOSES = re.compile(r"</(?:a|mark)>")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
"""A character reference such as &amp; or &#39;: one character of text, never cut in two."""


def _splits_reference(html: str, start: int, end: int) -> bool:
    """Whether html[start:end] begins or ends inside a character reference (a term 'amp' in '&amp;')."""
    for reference in _REFERENCE.finditer(html, max(0, start - 40), min(len(html), end + 40)):
        if reference.start() < start < reference.end() or reference.start() < end < reference.end():
            return True
    return False
