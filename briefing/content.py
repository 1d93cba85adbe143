"""content/ -> sections: front matter and Markdown per file, translations paired by id."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from . import urls
from .errors import Problem, display_path, problem, raise_if_errors
from .markdown import ANCHOR, Document, RawBlock, RenderEnv, make_markdown, parse_document, render_blocks
from .model import Block, Config, Section, Site, Translation, View
from .schema import Field, boolean, check_mapping, choice, integer, optional_text, parse_yaml, text

FRONT_MATTER = [
    Field("id", text(), required=True),
    Field("order", integer(0), required=True),
    Field("title", text(), required=True),
    Field("part", optional_text()),
    Field("summary", optional_text()),
    Field("truncated", boolean(), default=False),
    Field("status", choice("done", "pending"), default="done"),
]
"""Front-matter keys of a section file; the README documents each one."""

FILE_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")
SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RESERVED_ANCHOR = re.compile(r"^(p|h)\d+$|^fn")
_SECTION_LINK = re.compile(r"^(?P<file>[^/:?#]+\.md)(?:#(?P<anchor>.*))?$")


@dataclass(frozen=True)
class _Head:
    """A file read and its front matter checked, before its body is rendered."""

    path: Path
    lang: str
    stem: str
    values: dict[str, Any]
    lines: dict[str, int]
    document: Document


@dataclass(frozen=True)
class _Link:
    """An internal link found in content, checked once every section is known."""

    path: Path
    line: int
    section_id: str
    lang: str
    anchor: str


def load_site(config: Config) -> Site:
    """Read every section file, validate it, render its Markdown and pair the languages."""
    md = make_markdown()
    codes = [lang.code for lang in config.languages]
    paths, problems = list_content(config.content, codes)
    heads = []
    for path, lang, stem in paths:
        head, found = _read_head(md, path, lang, stem)
        problems += found
        if head:
            heads.append(head)
    raise_if_errors(problems)
    links: list[_Link] = []
    by_file = {(h.stem, h.lang): h for h in heads}
    raw = {}
    for head in heads:
        blocks, notes, found = _render_body(md, head, by_file, links)
        problems += found
        raw[head.path] = (head, blocks, notes)
    sections = pair_sections(list(raw.values()), config, problems)
    problems += _check_links(links, sections)
    raise_if_errors(problems)
    return Site(config, tuple(sections), make_views(config))


def make_views(config: Config) -> tuple[View, ...]:
    """One view per language, then the source language beside each translation."""
    single = [View(lang.code, (lang,)) for lang in config.languages]
    source = config.source_language
    parallel = [View(f"{source.code}-{lang.code}", (source, lang)) for lang in config.languages[1:]]
    return tuple(single + parallel)


def list_content(folder: Path, codes: Sequence[str]) -> tuple[list[tuple[Path, str, str]], list[Problem]]:
    """Section files in content/, sorted, as (path, language, stem)."""
    if not folder.is_dir():
        return [], [problem(folder, None, "content folder not found", "create it or set 'content' in config.yaml")]
    found, problems = [], []
    root = folder.resolve()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix != ".md":
            continue
        match = FILE_NAME.match(path.name)
        if not match:
            problems.append(
                problem(path, None, "section file name must look like NN-slug.LANG.md", f"e.g. 03-study.{codes[0]}.md")
            )
        elif match["lang"] not in codes:
            problems.append(
                problem(
                    path,
                    None,
                    f"language '{match['lang']}' in the file name is not in config.yaml",
                    f"configured: {', '.join(codes)}",
                )
            )
        elif not path.resolve().is_relative_to(root):
            problems.append(
                problem(
                    path,
                    None,
                    "links to a file outside the content folder",
                    "copy the file into content/ instead of linking it",
                )
            )
        else:
            found.append((path, match["lang"], match["stem"]))
    if not found and not problems:
        problems.append(
            problem(folder, None, "no section files found", f"add files named like 01-opening.{codes[0]}.md")
        )
    return found, problems


def _read_head(md: MarkdownIt, path: Path, lang: str, stem: str) -> tuple[_Head | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [problem(path, None, f"cannot read file: {exc.strerror}")]
    try:
        source = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [problem(path, line, "not UTF-8 text", "save the file as UTF-8")]
    if not source.strip():
        return None, [problem(path, None, "file is empty", "start it with front matter: ---, id, order, title, ---")]
    document = parse_document(md, source)
    if document.front_matter is None:
        if source.startswith("---"):
            return None, [
                problem(path, 1, "front matter is not closed", "add a line '---' after the last front-matter key")
            ]
        return None, [
            problem(path, 1, "missing front matter", "start the file with ---, then id, order and title, then ---")
        ]
    node, problems = parse_yaml(document.front_matter, path, first_line=2)
    if problems:
        return None, problems
    checked, problems = check_mapping(node, FRONT_MATTER, path, "front-matter", first_line=2, node_line=1)
    section_id = checked.values.get("id")
    if isinstance(section_id, str) and not SECTION_ID.match(section_id):
        problems.append(
            problem(
                path,
                checked.lines.get("id"),
                f"id {section_id!r} may use only lowercase letters, digits and '-'",
                "it becomes part of the page's URL",
            )
        )
    if problems:
        return None, problems
    return _Head(path, lang, stem, dict(checked.values), dict(checked.lines), document), []


def _render_body(
    md: MarkdownIt, head: _Head, by_file: dict[tuple[str, str], _Head], links: list[_Link]
) -> tuple[list[RawBlock], str, list[Problem]]:
    section_id = head.values["id"]

    def resolve(href: str, line: int) -> str:
        if href.startswith("#"):
            links.append(_Link(head.path, line, section_id, head.lang, href[1:]))
            return href
        match = _SECTION_LINK.match(href)
        if not match:
            if re.match(r"^(https?:|mailto:|tel:)", href, re.IGNORECASE):
                return href
            env.issues.append(
                (
                    line,
                    f"link target {href!r} is not a section file",
                    "link to another section as NN-slug.md#anchor, or give a full https:// URL",
                )
            )
            return href
        name = match["file"]
        parts = FILE_NAME.match(name)
        stem, lang = (parts["stem"], parts["lang"]) if parts else (name[:-3], head.lang)
        target = by_file.get((stem, lang))
        if target is None:
            env.issues.append((line, f"link to {name!r}: no such section file", None))
            return href
        anchor = match["anchor"] or None
        if anchor:
            links.append(_Link(head.path, line, target.values["id"], lang, anchor))
        return urls.section_link(lang, target.values["id"], anchor)

    env = RenderEnv(doc_id=head.lang, resolve_link=resolve)
    blocks, notes = render_blocks(md, head.document.tokens, env)
    problems = [problem(head.path, line, message, hint) for line, message, hint in env.issues]
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            problems.append(
                problem(
                    head.path,
                    block.line,
                    "a '#' heading in section text",
                    "the title comes from front matter; start subsections with '##'",
                )
            )
        anchor = block.explicit_anchor
        if anchor and (not ANCHOR.match(anchor) or _RESERVED_ANCHOR.match(anchor)):
            problems.append(
                problem(
                    head.path,
                    block.line - 1,
                    f"anchor {anchor!r} is not allowed",
                    "start with a letter; p1, h1 and fn… are reserved",
                )
            )
    if not blocks:
        problems.append(
            problem(
                head.path,
                head.document.front_matter_lines[1] + 2,
                "section has no text",
                "write the section's paragraphs after the front matter",
            )
        )
    return blocks, notes, problems


def pair_sections(
    items: Iterable[tuple[_Head, list[RawBlock], str]], config: Config, problems: list[Problem]
) -> list[Section]:
    """Group translations by id, check they align with the source language, assign shared anchors."""
    by_id: dict[str, dict[str, tuple[_Head, list[RawBlock], str]]] = defaultdict(dict)
    for item in items:
        head = item[0]
        other = by_id[head.values["id"]].get(head.lang)
        if other:
            problems.append(
                problem(
                    head.path,
                    head.lines["id"],
                    f"id {head.values['id']!r} is also used by {display_path(other[0].path)}",
                    "give each section its own id",
                )
            )
            continue
        by_id[head.values["id"]][head.lang] = item
    sections = []
    codes = [lang.code for lang in config.languages]
    firsts = []
    for section_id, group in by_id.items():
        present = [code for code in codes if code in group]
        first = group[present[0]][0]
        firsts.append(first)
        for code in codes:
            if code not in group:
                problems.append(
                    problem(
                        first.path,
                        None,
                        f"section {section_id!r} has no '{code}' translation",
                        f"add {first.stem}.{code}.md",
                    )
                )
        orders = {group[code][0].values["order"] for code in present}
        if len(orders) > 1:
            problems.append(
                problem(
                    first.path,
                    first.lines["order"],
                    f"section {section_id!r} has different 'order' values across languages: {sorted(orders)}",
                )
            )
        if len(present) == len(codes):
            sections.append(_make_section(section_id, [group[c] for c in codes], problems))
    _check_orders(firsts, problems)
    return sorted(sections, key=lambda s: s.order)


def _make_section(section_id: str, items: list[tuple[_Head, list[RawBlock], str]], problems: list[Problem]) -> Section:
    source_head, source_blocks, _ = items[0]
    if source_head.values["status"] == "pending":
        message = "the source language cannot be awaiting translation"
        problems.append(problem(source_head.path, source_head.lines["status"], message, "remove 'status: pending'"))
    for head, blocks, _ in items[1:]:
        problems += _alignment_problems(source_head, source_blocks, head, blocks)
    anchors = _shared_anchors([blocks for _, blocks, _ in items], [head for head, _, _ in items], problems)
    translations = {}
    for head, blocks, notes in items:
        made = tuple(Block(b.kind, b.level, a, b.html, b.text, b.line) for b, a in zip(blocks, anchors, strict=False))
        v = head.values
        translations[head.lang] = Translation(
            lang=head.lang,
            path=head.path,
            id=v["id"],
            order=v["order"],
            title=v["title"],
            part=v["part"],
            summary=v["summary"],
            truncated=v["truncated"],
            pending=v["status"] == "pending",
            blocks=made,
            notes_html=notes,
        )
    return Section(section_id, source_head.values["order"], translations)


def _alignment_problems(
    source: _Head, source_blocks: list[RawBlock], head: _Head, blocks: list[RawBlock]
) -> list[Problem]:
    """A translation must have the same blocks, of the same kinds, in the same order."""
    hint = "translate block for block: one paragraph, heading or list for each one in the source"
    for index, (a, b) in enumerate(zip(source_blocks, blocks, strict=False), start=1):
        if (a.kind, a.level) != (b.kind, b.level):
            where = f"{display_path(source.path)}:{a.line}"
            return [problem(head.path, b.line, f"block {index} is {_describe(b)} but {_describe(a)} in {where}", hint)]
    if len(source_blocks) != len(blocks):
        return [
            problem(
                head.path,
                None,
                f"has {len(blocks)} blocks but {display_path(source.path)} has {len(source_blocks)}",
                hint,
            )
        ]
    return []


def _describe(block: RawBlock) -> str:
    return f"a heading ({'#' * block.level})" if block.kind == "heading" else f"a {block.kind}"


def _shared_anchors(versions: list[list[RawBlock]], heads: list[_Head], problems: list[Problem]) -> list[str]:
    """Anchor per block position: an explicit {#id} from any language, else h1…/p1… by position."""
    anchors: list[str] = []
    counts = {"heading": 0, "other": 0}
    # Lengths may differ only when an alignment problem was already reported.
    for blocks in zip(*versions, strict=False):
        group = "heading" if blocks[0].kind == "heading" else "other"
        counts[group] += 1
        explicit = {b.explicit_anchor for b in blocks if b.explicit_anchor}
        if len(explicit) > 1:
            problems.append(
                problem(
                    heads[1].path,
                    blocks[1].line,
                    f"anchor differs from the source's: {sorted(explicit)}",
                    "use the same {#anchor} in every language",
                )
            )
        anchor = min(explicit) if explicit else f"{'h' if group == 'heading' else 'p'}{counts[group]}"
        if anchor in anchors:
            problems.append(problem(heads[0].path, blocks[0].line, f"anchor {anchor!r} is used twice in this section"))
        anchors.append(anchor)
    return anchors


def _check_orders(heads: list[_Head], problems: list[Problem]) -> None:
    seen: dict[int, _Head] = {}
    for head in sorted(heads, key=lambda h: (h.values["order"], h.path)):
        other = seen.get(head.values["order"])
        if other:
            message = f"order {head.values['order']} is also used by {display_path(other.path)}"
            problems.append(problem(head.path, head.lines["order"], message, "give each section its own order"))
        seen[head.values["order"]] = head


def _check_links(links: list[_Link], sections: list[Section]) -> list[Problem]:
    by_id = {s.id: s for s in sections}
    problems = []
    for link in links:
        section = by_id.get(link.section_id)
        translation = section.translations.get(link.lang) if section else None
        if translation is None:
            continue
        anchors = {b.anchor for b in translation.blocks}
        if link.anchor not in anchors:
            problems.append(
                problem(
                    link.path,
                    link.line,
                    f"link to #{link.anchor}: no such anchor in section {link.section_id!r}",
                    f"anchors there: {', '.join(sorted(anchors))}",
                )
            )
    return problems
