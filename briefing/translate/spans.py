"""Where each translatable span of a section file is, and how to write new text into it without touching the rest.

A span is the inline text of a heading, a paragraph, a list item's paragraph, a quote's paragraph or a table
cell, exactly as written (emphasis, links and footnote marks in Markdown). Its id joins the section id and the
block's shared anchor, with the span's number when a block has several: `review-2023#p3`, `review-2023#p5.2`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from ..load.markdown import make_markdown, parse_document, top_level
from ..model import Translation

_MD = make_markdown()
_SKIPPED = {"fence", "code_block", "hr"}


@dataclass(frozen=True)
class Span:
    """One translatable span of a file."""

    id: str
    """'section#anchor', or 'section#anchor.N' for the Nth span of a block with several."""
    anchor: str
    """The block's shared anchor."""
    text: str
    """The span's Markdown inline source, lines joined by newlines."""
    pieces: tuple[tuple[int, int, int], ...]
    """(0-based line, start column, end column) of each of its lines in the file."""
    block_line: int
    """0-based first line of its block."""
    one_line: bool
    """A heading or a table cell: its text cannot hold a line break."""


class SpanError(Exception):
    """New text that cannot go into a span: the span's id and why."""

    def __init__(self, span_id: str, message: str) -> None:
        super().__init__(f"{span_id}: {message}")
        self.span_id = span_id
        self.message = message


def read_spans(text: str, translation: Translation) -> list[Span]:
    """The spans of a file, with ids from the translation's blocks (the file's blocks in the same order)."""
    lines = text.replace("\r\n", "\n").split("\n")
    groups = [g for g in top_level(parse_document(_MD, text).tokens) if g[0].type != "footnote_block_open"]
    if len(groups) != len(translation.blocks):
        raise SpanError(translation.id, f"the file has {len(groups)} blocks, not {len(translation.blocks)}")
    spans: list[Span] = []
    for group, block in zip(groups, translation.blocks, strict=True):
        first = group[0]
        if first.type in _SKIPPED or not first.map:
            continue
        inlines = [t for t in group if t.type == "inline" and t.map is not None]
        one_line = first.type in ("heading_open", "table_open")
        for number, token in enumerate(inlines, start=1):
            span_id = f"{translation.id}#{block.anchor}" + (f".{number}" if len(inlines) > 1 else "")
            pieces = _locate(token, lines, spans)
            spans.append(Span(span_id, block.anchor, token.content, pieces, first.map[0], one_line))
    return spans


def _locate(token: Token, lines: Sequence[str], before: Sequence[Span]) -> tuple[tuple[int, int, int], ...]:
    """Where each line of an inline token's text stands in the file (after any span already found on a line)."""
    assert token.map is not None
    pieces = []
    for offset, part in enumerate(token.content.split("\n")):
        number = token.map[0] + offset
        taken = max((end for s in before for line, _, end in s.pieces if line == number), default=0)
        start = lines[number].find(part, taken)
        if start < 0:
            raise SpanError(token.content[:20], f"cannot find its text on line {number + 1}")
        pieces.append((number, start, start + len(part)))
    return tuple(pieces)


def write_spans(text: str, translation: Translation, changes: Mapping[str, str], marks: Mapping[str, bool]) -> str:
    """The file with new text in the changed spans; `marks` adds (True) or removes (False) a block's from=memory.

    The result is read again: every span must hold exactly its new text and every other span its old one,
    or SpanError names the first span that would not (a blank line or a leading '#' in a translation, say).
    """
    spans = read_spans(text, translation)
    known = {s.id: s for s in spans}
    for span_id, new in changes.items():
        _check_text(known.get(span_id), span_id, new)
    lines = text.split("\n")
    by_block: dict[int, list[Span]] = {}
    for span in spans:
        by_block.setdefault(span.block_line, []).append(span)
    for block_line in sorted(by_block, reverse=True):
        for span in reversed(by_block[block_line]):
            if span.id in changes and changes[span.id] != span.text:
                _replace(lines, span, changes[span.id])
        anchor = by_block[block_line][0].anchor
        if anchor in marks:
            _set_memory_mark(lines, block_line, marks[anchor])
    result = "\n".join(lines)
    _verify(result, translation, spans, changes)
    return result


def _check_text(span: Span | None, span_id: str, new: str) -> None:
    if span is None:
        raise SpanError(span_id, "no such span in the file")
    if not new.strip():
        raise SpanError(span_id, "the new text is empty")
    if span.one_line and "\n" in new:
        raise SpanError(span_id, "a heading or table cell must stay on one line")
    if re.search(r"\n[ \t]*\n", new):
        raise SpanError(span_id, "a blank line would split the block in two; break lines with a backslash instead")


def _replace(lines: list[str], span: Span, new: str) -> None:
    """Put `new` where the span's lines are: its first line after the block's marker, the rest indented alike."""
    first_line, start, _ = span.pieces[0]
    last_line, _, end = span.pieces[-1]
    head, tail = lines[first_line][:start], lines[last_line][end:]
    follow = lines[span.pieces[1][0]][: span.pieces[1][1]] if len(span.pieces) > 1 else _continuation(head)
    parts = new.split("\n")
    replaced = [head + parts[0]] + [follow + part for part in parts[1:]]
    replaced[-1] += tail
    lines[first_line : last_line + 1] = replaced


def _continuation(prefix: str) -> str:
    """What a new line of a span must start with to stay in its block: '> ' in a quote, spaces in a list item."""
    return re.sub(r"[^>\s]", " ", prefix).replace(">  ", "> ") if prefix.strip() else prefix


_MEMORY = re.compile(r"\s*\bfrom=memory\b")


def _set_memory_mark(lines: list[str], block_line: int, on: bool) -> None:
    """Add or remove from=memory on the block's attribute line (a line `{…}` just above it)."""
    above = block_line - 1
    has_attrs = above >= 0 and re.fullmatch(r"\{[^{}]*\}\s*", lines[above]) is not None
    if on:
        if not has_attrs:
            lines.insert(block_line, "{from=memory}")
        elif not _MEMORY.search(lines[above]):
            lines[above] = lines[above].rstrip()[:-1].rstrip() + " from=memory}"
        return
    if has_attrs and _MEMORY.search(lines[above]):
        lines[above] = _MEMORY.sub("", lines[above]).replace("{ ", "{")
        if re.fullmatch(r"\{\s*\}\s*", lines[above]):
            del lines[above]


def _verify(result: str, translation: Translation, spans: Sequence[Span], changes: Mapping[str, str]) -> None:
    """Every span of the written text holds what it should, and no span came or went."""
    try:
        after = {s.id: s.text for s in read_spans(result, translation)}
    except SpanError:
        after = {}
    for span in spans:
        wanted = changes.get(span.id, span.text)
        if after.get(span.id) != wanted:
            culprit = span.id if span.id in changes else next(iter(changes), span.id)
            raise SpanError(
                culprit, "the text would not stay one span of its block (a leading '#', '-', '>' or number?)"
            )
    if len(after) != len(spans):
        raise SpanError(next(iter(changes), translation.id), "the new text would change the file's blocks")
