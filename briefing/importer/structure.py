"""Paragraphs -> sections: title, salutation, review and outlook years, parts, points and sub-points.

Sections: the salutation and the paragraphs up to the first year or part are the opening
(`opening`, 开场); before the first part, a paragraph opening with a year starts a section,
`review-YYYY` (YYYY年工作回顾) for a year before the event's, `outlook-YYYY` (YYYY年形势与任务)
otherwise; each part 一、X is `part-N` titled X. Inside a section a point (一要…, 一是…,
(一)…, 第一,…) starts a `##` heading made of its lead sentence; inside a 一要 point a short
sentence 要…。 without commas is a `###` sub-point. Headings get positional anchors:
`point-N` for the N-th `##` of the section, `point-N-M` for the M-th `###` under it. The closing
salutation and final appeal after the last point are a section `closing` (结束语) of their own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import BriefingError, Problem, warning
from .cleanup import PARAGRAPH_END, display_width, ends_sentence, stops_mid_sentence
from .conventions import (
    SALUTATION,
    SUB_POINT,
    YEAR,
    opening_year,
    part_heading,
    point_marker,
    split_sentences,
)
from .model import Change, ImportPlan, Paragraph, PlanBlock, PlanSection

_WHOLE = "全文"
"""The title of a speech imported as one section when it has no title of its own."""

_CLOSING = "结束语"
"""The title of the closing salutation and appeal after the last point."""

CLOSING = re.compile(r"让我们|新的(?:一年|征程|起点|形势)|最后[,\uff0c]|谢谢")
"""The opening words of a final appeal: 让我们…, 新的一年…, 最后,…"""

CLOSING_WIDTH = 20
"""A paragraph this narrow at the end (谢谢大家！) belongs to the closing."""

TITLE_WIDTH = 100
"""A first paragraph wider than this is text, not the speech's title."""


@dataclass
class _Group:
    """Paragraphs gathered for one section while reading the speech."""

    kind: str
    """'opening', 'year', 'part', 'closing' or 'speech'."""
    id: str
    title: str
    part: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    line: int = 0
    """Line of a part's heading; 0 when the section starts at its first paragraph."""

    @property
    def editorial_title(self) -> bool:
        """Titles of openings and years are made up, and 全文 for a speech without a title; a part's is the speaker's."""
        return self.kind in ("opening", "year", "closing") or (self.kind == "speech" and self.title == _WHOLE)


@dataclass
class _Outline:
    """The points open while a section is read: family and number of the ## and ### point."""

    top: tuple[str, int] | None = None
    sub: tuple[str, int] | None = None


def plan_speech(paragraphs: Sequence[Paragraph], source: str) -> ImportPlan:
    """Split a speech's paragraphs into sections by the conventions of Chinese speeches."""
    if not paragraphs:
        raise BriefingError.at(source, None, "no text left after clean-up", "is this the right file?")
    title, page_heading, body = _take_title(list(paragraphs))
    body = _split_salutation(body)
    groups = _split_closing(_group(body, _event_year(title, body)))
    warnings: list[Problem] = []
    if all(group.kind == "opening" for group in groups):
        message = "found no parts (一、…) or year paragraphs to split at; imported as one section"
        warnings.append(warning(source, None, message, "split the section file by hand"))
        groups = [_Group("speech", "speech", title or _WHOLE, None, body)]
    breaks_off = stops_mid_sentence(body[-1].text)
    sections = []
    lead_sentences = False
    for order, group in enumerate(groups, start=1):
        found, split = _blocks(group.paragraphs)
        lead_sentences = lead_sentences or split
        blocks = _with_anchors(found)
        if not blocks:
            message = f"section {group.id!r} ({group.title}) has no text"
            warnings.append(warning(source, None, message, "write its text or merge it with the next section"))
        truncated = breaks_off and order == len(groups)
        line = group.line or (group.paragraphs[0].line if group.paragraphs else 0)
        values = (group.id, order, group.title, group.part, truncated, tuple(blocks), group.editorial_title)
        sections.append(PlanSection(*values, line=line))
    head = tuple(p.text for p in paragraphs[:6])
    changes = [_closing_change(group) for group in groups if group.kind == "closing"]
    plan = ImportPlan(title, page_heading, tuple(sections), tuple(warnings), head, lead_sentences)
    return dataclasses.replace(plan, changes=tuple(changes))


def _closing_change(group: _Group) -> Change:
    first = group.paragraphs[0]
    return Change("split", first.line, first.text[:12], "closing salutation and appeal: a section of their own")


def _take_title(paragraphs: list[Paragraph]) -> tuple[str | None, str | None, list[Paragraph]]:
    """The title, a page heading repeating it, and the paragraphs after them."""
    first = paragraphs[0]
    is_title = first.role == "title" or (
        first.role is None
        and len(paragraphs) > 1
        and display_width(first.text) <= TITLE_WIDTH
        and first.text[-1] not in PARAGRAPH_END
        and not (part_heading(first.text) or point_marker(first.text) or SALUTATION.match(first.text))
    )
    if not is_title or len(paragraphs) == 1:
        return None, None, paragraphs
    rest = paragraphs[1:]
    if len(rest) > 1 and rest[0].text == first.text:
        return first.text, first.text, rest[1:]
    return first.text, None, rest


def _split_salutation(body: list[Paragraph]) -> list[Paragraph]:
    """同志们: at the start of the first paragraph becomes a paragraph of its own."""
    match = SALUTATION.match(body[0].text) if body and body[0].role is None else None
    if not match or match.end() == len(body[0].text):
        return body
    first = body[0]
    rest = first.text[match.end() :].strip()
    return [Paragraph(match.group(), first.line), Paragraph(rest, first.line), *body[1:]]


def _event_year(title: str | None, body: Sequence[Paragraph]) -> int | None:
    """The year of the event: the first year in the title, else the latest year a paragraph opens with."""
    match = YEAR.search(title or "")
    if match:
        return int(match.group(1))
    years = [year for p in body if (year := opening_year(p.text))]
    return max(years) if years else None


def _group(body: Sequence[Paragraph], event_year: int | None) -> list[_Group]:
    """Gather paragraphs into sections: opening, years before the first part, then parts."""
    groups: list[_Group] = []
    parts = 0
    for paragraph in body:
        heading = part_heading(paragraph.text) if paragraph.role in (None, "part") else None
        year = opening_year(paragraph.text) if paragraph.role is None and not parts else None
        if paragraph.role == "part" or (heading and heading[1] == parts + 1):
            parts += 1
            groups.append(_part(parts, paragraph, heading))
        elif year and event_year and _year_id(year, event_year) not in {group.id for group in groups}:
            review = year < event_year
            title = f"{year}年{'工作回顾' if review else '形势与任务'}"
            groups.append(_Group("year", _year_id(year, event_year), title, None, [paragraph]))
        else:
            if not groups:
                groups.append(_Group("opening", "opening", "开场"))
            groups[-1].paragraphs.append(paragraph)
    return groups


def _split_closing(groups: list[_Group]) -> list[_Group]:
    """The closing salutation and final appeal after the last point: a section `closing` (结束语) of their own.

    Read back from the end, the closing is a run of paragraphs that open with a salutation or an appeal
    (同志们！ 让我们…, 新的一年…) or are a short thanks (谢谢大家！), starting at the first of them that opens so.
    """
    last = groups[-1] if groups else None
    if last is None or last.kind not in ("part", "year") or len(last.paragraphs) < 2:
        return groups
    start = None
    for index in range(len(last.paragraphs) - 1, 0, -1):
        text = last.paragraphs[index].text
        if last.paragraphs[index].role is not None or not (
            _opens_closing(text) or display_width(text) <= CLOSING_WIDTH
        ):
            break
        if _opens_closing(text):
            start = index
    if start is None:
        return groups
    closing = _Group("closing", "closing", _CLOSING, None, last.paragraphs[start:])
    return [*groups[:-1], dataclasses.replace(last, paragraphs=last.paragraphs[:start]), closing]


def _opens_closing(text: str) -> bool:
    return bool(SALUTATION.match(text) or CLOSING.match(text))


def _year_id(year: int, event_year: int) -> str:
    return f"{'review' if year < event_year else 'outlook'}-{year}"


def _part(number: int, paragraph: Paragraph, heading: tuple[str, int, str] | None) -> _Group:
    """The section a part heading opens; text after the heading's first sentence is its first paragraph."""
    label, text = (heading[0], heading[2]) if heading else (None, paragraph.text)
    sentences = split_sentences(text)
    title = sentences[0] if ends_sentence(sentences[0]) else text
    rest = text[len(title) :].strip()
    paragraphs = [Paragraph(rest, paragraph.line)] if rest else []
    return _Group("part", f"part-{number}", title, label, paragraphs, paragraph.line)


def _blocks(paragraphs: Sequence[Paragraph]) -> tuple[list[PlanBlock], bool]:
    """Paragraphs and point headings of one section, and whether a heading was split off a paragraph's text."""
    outline = _Outline()
    blocks: list[PlanBlock] = []
    split = False
    for paragraph in paragraphs:
        if paragraph.role in ("point", "subpoint", "title", "part"):
            styled = 3 if paragraph.role == "subpoint" else 2
            _open(outline, point_marker(paragraph.text) or ("styled", 0), styled)
            blocks.append(PlanBlock("heading", paragraph.text, styled, line=paragraph.line))
            continue
        body: list[str] = []
        headed = False
        for index, sentence in enumerate(split_sentences(paragraph.text)):
            level = _heading_level(sentence, outline, index == 0)
            if level is None:
                body.append(sentence)
                continue
            if body:
                blocks.append(PlanBlock("paragraph", "".join(body).strip(), line=paragraph.line))
                body = []
            blocks.append(PlanBlock("heading", sentence.strip(), level, line=paragraph.line))
            headed = True
        if body and "".join(body).strip():
            # The heading is a lead sentence: in the source, the paragraph runs on after it.
            split = split or headed
            blocks.append(PlanBlock("paragraph", "".join(body).strip(), line=paragraph.line))
    return blocks, split


def _heading_level(sentence: str, outline: _Outline, starts_paragraph: bool) -> int | None:
    """2 or 3 when the sentence opens a point or sub-point, else None; updates the outline."""
    marker = point_marker(sentence)
    if marker is None:
        if outline.top and outline.top[0] == "yao" and SUB_POINT.fullmatch(sentence.strip()):
            return _open(outline, ("sub", 0), 3)
        return None
    family, number = marker
    if outline.sub and outline.sub == (family, number - 1):
        return _open(outline, marker, 3)
    if outline.top and outline.top == (family, number - 1):
        return _open(outline, marker, 2)
    if number == 1:
        return _open(outline, marker, 3 if outline.top and outline.top[0] != family else 2)
    return _open(outline, marker, 2) if starts_paragraph else None


def _open(outline: _Outline, marker: tuple[str, int], level: int) -> int:
    """Record a point opened at `level` and return the level."""
    if level == 2:
        outline.top, outline.sub = marker, None
    else:
        outline.sub = marker
    return level


def _with_anchors(blocks: Sequence[PlanBlock]) -> list[PlanBlock]:
    """Give each heading its positional anchor: point-N for ##, point-N-M for ### under it."""
    top = sub = 0
    anchored = []
    for block in blocks:
        if block.kind == "heading" and block.level == 2:
            top, sub = top + 1, 0
            block = dataclasses.replace(block, anchor=f"point-{top}")
        elif block.kind == "heading":
            sub += 1
            block = dataclasses.replace(block, anchor=f"point-{top}-{sub}")
        anchored.append(block)
    return anchored
