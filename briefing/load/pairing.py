"""Files -> sections: translations paired by id, aligned block for block, with shared anchors."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, display_path, problem
from ..model import Block, Cell, Config, Language, Row, Section, Translation
from .markdown import RawBlock


@dataclass(frozen=True)
class Head:
    """A file's checked front matter."""

    path: Path
    lang: str
    stem: str
    values: dict[str, Any]
    lines: dict[str, int]
    body_line: int
    digest: str = ""
    """Hash of the file's bytes."""


@dataclass(frozen=True)
class Link:
    """An internal link found in content, checked once every section is known."""

    path: Path
    line: int
    section_id: str
    lang: str
    anchor: str


@dataclass(frozen=True, eq=False)
class Body:
    """A file's rendered blocks, footnotes, internal links and problems; equal only to itself (bodies are
    reused whole, so telling them apart needs no look inside)."""

    blocks: tuple[RawBlock, ...]
    notes: str
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]
    key: str = ""
    """What the rendering depended on: the file's hash and every section id (links name them)."""
    warnings: tuple[Problem, ...] = ()
    """Debris of a paste found in the text (source language only)."""


SectionMemo = dict[str, tuple[list[tuple[Head, Body]], Section, list[Problem]]]
"""Sections of an earlier build with the (head, body) pairs they were made from."""


def pair_sections(
    items: list[tuple[Head, Body]], config: Config, problems: list[Problem], memo: SectionMemo | None = None
) -> list[Section]:
    """Group translations by id, check they align with the source language, assign shared anchors.

    With `memo`, a section whose files were not read again is reused as it was.
    """
    by_id: dict[str, dict[str, tuple[Head, Body]]] = defaultdict(dict)
    for head, body in items:
        other = by_id[head.values["id"]].get(head.lang)
        if other:
            message = f"id {head.values['id']!r} is also used by {display_path(other[0].path)}"
            problems.append(problem(head.path, head.lines["id"], message, "give each section its own id"))
            continue
        by_id[head.values["id"]][head.lang] = (head, body)
    codes = [lang.code for lang in config.languages]
    sections, firsts = [], []
    for section_id, group in by_id.items():
        parts = [group[code] for code in codes if code in group]
        first = parts[0][0]
        firsts.append(first)
        if len(parts) != len(codes):
            for code in codes:
                if code not in group:
                    message = f"section {section_id!r} has no '{code}' translation"
                    problems.append(problem(first.path, None, message, f"add {first.stem}.{code}.md"))
        order = first.values["order"]
        for head, _ in parts:
            if head.values["order"] != order:
                orders = sorted({h.values["order"] for h, _ in parts})
                message = f"section {section_id!r} has different 'order' values across languages: {orders}"
                problems.append(problem(first.path, first.lines["order"], message))
                break
        if len(parts) == len(codes):
            known = memo.get(section_id) if memo is not None else None
            # Equal parts make the same section: the same bodies (files not read again) with equal front matter.
            if known is not None and known[0] == parts:
                section, found = known[1], known[2]
            else:
                found = []
                section = _make_section(section_id, parts, found)
                if memo is not None:
                    memo[section_id] = (parts, section, found)
            problems += found
            sections.append(section)
    if memo is not None:
        for gone in set(memo) - set(by_id):
            del memo[gone]
    _check_orders(firsts, problems)
    problems += _check_links([link for _, body in items for link in body.links], sections)
    return sorted(sections, key=lambda s: s.order)


def pair_rows(
    translations: Sequence[Translation],
    languages: Sequence[Language],
    html: Callable[[str, Block], str] | None = None,
) -> list[Row]:
    """A section's blocks paired across languages, one row per anchor, in the languages' order.

    `html(lang, block)` gives a block's HTML as shown (marked for a page, say); by default the block's own.
    """
    rows = []
    for blocks in zip(*(tr.blocks for tr in translations), strict=True):
        cells = tuple(
            Cell(
                lang.tag,
                lang.code,
                html(lang.code, block) if html else block.html,
                block.anchor in tr.untranslated,
                block.anchor in tr.stale,
                block.anchor in tr.unreviewed and block.mark("from") == "memory",
            )
            for lang, block, tr in zip(languages, blocks, translations, strict=True)
        )
        rows.append(Row(blocks[0].anchor, blocks[0].kind, cells))
    return rows


def _make_section(section_id: str, items: list[tuple[Head, Body]], problems: list[Problem]) -> Section:
    source_head, source_body = items[0]
    if source_head.values["status"] == "pending":
        message = "the source language cannot be awaiting translation"
        problems.append(problem(source_head.path, source_head.lines["status"], message, "remove 'status: pending'"))
    for head, body in items[1:]:
        problems += _alignment_problems(source_head, source_body.blocks, head, body.blocks)
        if "title_by" in head.lines and head.values["title_by"] != source_head.values["title_by"]:
            message = f"title_by: {head.values['title_by']} disagrees with the source file's"
            hint = f"who made a title is said in {display_path(source_head.path)}; remove title_by here"
            problems.append(problem(head.path, head.lines["title_by"], message, hint))
    anchors = _shared_anchors([body.blocks for _, body in items], [head for head, _ in items], problems)
    translations = {}
    for head, body in items:
        # Lengths differ only when an alignment problem was already reported.
        blocks = tuple(
            Block(b.kind, b.level, a, b.html, b.text, b.line, b.marks, b.spans)
            for b, a in zip(body.blocks, anchors, strict=False)
        )
        v = head.values
        translations[head.lang] = Translation(
            digest=hashlib.blake2b(f"{body.key}|{'|'.join(anchors)}".encode(), digest_size=16).hexdigest(),
            lang=head.lang,
            path=head.path,
            id=v["id"],
            order=v["order"],
            title=v["title"],
            part=v["part"],
            summary=v["summary"],
            truncated=v["truncated"],
            # A translation of an editor's title is the editors' too.
            editorial_title=source_head.values["title_by"] == "editor",
            pending=v["status"] == "pending",
            blocks=blocks,
            notes_html=body.notes,
            id_line=head.lines.get("id"),
        )
    return Section(section_id, source_head.values["order"], translations)


def _alignment_problems(
    source: Head, source_blocks: tuple[RawBlock, ...], head: Head, blocks: tuple[RawBlock, ...]
) -> list[Problem]:
    """A translation must have the same blocks, of the same kinds, in the same order."""
    hint = "translate block for block: one paragraph, heading or list for each one in the source"
    for index, (a, b) in enumerate(zip(source_blocks, blocks, strict=False), start=1):
        if (a.kind, a.level) != (b.kind, b.level):
            where = f"{display_path(source.path)}:{a.line}"
            return [problem(head.path, b.line, f"block {index} is {_describe(b)} but {_describe(a)} in {where}", hint)]
    if len(source_blocks) != len(blocks):
        message = f"has {len(blocks)} blocks but {display_path(source.path)} has {len(source_blocks)}"
        return [problem(head.path, None, message, hint)]
    return []


def _describe(block: RawBlock) -> str:
    return f"a heading ({'#' * block.level})" if block.kind == "heading" else f"a {block.kind}"


def _shared_anchors(versions: list[tuple[RawBlock, ...]], heads: list[Head], problems: list[Problem]) -> list[str]:
    """Anchor per block position: an explicit {#id} from any language, else h1…/p1… by position."""
    anchors: list[str] = []
    counts = {"heading": 0, "other": 0}
    for blocks in zip(*versions, strict=False):
        group = "heading" if blocks[0].kind == "heading" else "other"
        counts[group] += 1
        explicit = {b.explicit_anchor for b in blocks if b.explicit_anchor}
        if len(explicit) > 1:
            message = f"anchor differs from the source's: {sorted(explicit)}"
            problems.append(problem(heads[1].path, blocks[1].line, message, "use the same {#anchor} in every language"))
        anchor = min(explicit) if explicit else f"{'h' if group == 'heading' else 'p'}{counts[group]}"
        if anchor in anchors:
            problems.append(problem(heads[0].path, blocks[0].line, f"anchor {anchor!r} is used twice in this section"))
        anchors.append(anchor)
    return anchors


def _check_orders(heads: list[Head], problems: list[Problem]) -> None:
    seen: dict[int, Head] = {}
    for head in sorted(heads, key=lambda h: (h.values["order"], h.path)):
        other = seen.get(head.values["order"])
        if other:
            message = f"order {head.values['order']} is also used by {display_path(other.path)}"
            problems.append(problem(head.path, head.lines["order"], message, "give each section its own order"))
        seen[head.values["order"]] = head


def _check_links(links: list[Link], sections: list[Section]) -> list[Problem]:
    by_id = {s.id: s for s in sections}
    problems = []
    for link in links:
        section = by_id.get(link.section_id)
        translation = section.translations.get(link.lang) if section else None
        if translation is None:
            continue
        anchors = {b.anchor for b in translation.blocks}
        if link.anchor not in anchors:
            message = f"link to #{link.anchor}: no such anchor in section {link.section_id!r}"
            problems.append(problem(link.path, link.line, message, f"anchors there: {', '.join(sorted(anchors))}"))
    return problems
