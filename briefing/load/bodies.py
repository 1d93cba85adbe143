"""Section bodies: Markdown rendered to blocks, links to other sections resolved, paste debris flagged."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from .. import urls
from ..errors import Problem, problem, warning
from ..importer.cleanup import find_wrap_space, make_chrome
from ..importer.furniture import furniture_reason, running_headers
from ..importer.joins import is_byline
from ..workers import run_all
from .markdown import (
    ANCHOR,
    Document,
    RawBlock,
    RenderEnv,
    make_markdown,
    parse_document,
    render_blocks,
)
from .pairing import Body, Head, Link
from .sources import FILE_NAME, SourceFile

if TYPE_CHECKING:
    from .briefing import ContentCache

_RESERVED_ANCHOR = re.compile(r"^(p|h)\d+$|^fn|^(main|header-q)$|^(notes|fig|tip)-")
"""Ids a section page gives its own elements: numbered blocks, footnotes, the main text, the search box,
the notes, figure marks and term explanations."""


_CHROME = make_chrome()
"""Lines of document-sharing web pages that are not part of a speech: the ones the importer drops."""


_SECTION_LINK = re.compile(r"^(?P<file>[^/:?#]+\.md)(?:#(?P<anchor>.*))?$")


def _leftovers(head: Head, body: Body) -> list[Problem]:
    """Debris of a paste the importer would have removed: wrap spaces, page chrome and furniture.

    The importer's own tests decide: a space is wrap debris when it would remove it (never the ideographic
    space of a byline, 县长　李某某), a block is furniture when it would drop it.
    """
    found = []
    # Headings are the editor's structure, and a report repeats 主要成效 in every part: never running headers.
    texts = [None if block.kind == "heading" else block.text.strip() for block in body.blocks]
    running = running_headers(texts, None, gap=2)
    for index, block in enumerate(body.blocks):
        reason = furniture_reason(block.text, _CHROME, last=index == len(body.blocks) - 1) or running.get(index)
        space = None if reason or is_byline(block.text) else find_wrap_space(block.text)
        if space:
            message = f"space between Chinese characters ('{space}'), left by a line wrap?"
            found.append(warning(head.path, block.line, message, "remove the space"))
        if reason:
            what = "web-page chrome" if reason == "web-page chrome" else f"page furniture ({reason})"
            message = f"'{block.text.strip()}' looks like {what}, not part of the text"
            found.append(warning(head.path, block.line, message, "delete the line"))
    return found


@dataclass
class BodyWork:
    """One briefing's bodies: those reused from the last build, and the files to render."""

    cache: ContentCache
    heads: list[Head]
    bodies: dict[Path, Body]
    todo: list[Head]
    id_map: str
    """Hash of every file's (stem, language, id): links name sections by file and render to their ids."""

    def in_order(self) -> dict[Path, Body]:
        """Every body of the briefing, in the order of its files."""
        return {head.path: self.bodies[head.path] for head in self.heads}


def plan_bodies(heads: list[Head], cache: ContentCache) -> BodyWork:
    """Which bodies can be reused: a cached body is reused while its file and every section id are unchanged."""
    ids = [(h.stem, h.lang, h.values["id"]) for h in heads]
    if ids != cache.ids[0]:
        # Links name other sections by file and render to their ids: a changed id renders every file again.
        cache.ids = (ids, hashlib.blake2b(repr(sorted(ids)).encode()).hexdigest())
    id_map = cache.ids[1]
    known = cache.bodies
    bodies: dict[Path, Body] = {}
    todo = []
    for head in heads:
        entry = known.get(head.path)
        if entry is not None and entry[0] == head.digest and entry[1] == id_map:
            bodies[head.path] = entry[2]
        else:
            todo.append(head)
    return BodyWork(cache, heads, bodies, todo, id_map)


def render_bodies(works: Sequence[BodyWork], sources: dict[Path, SourceFile], parallel: bool, source: str) -> int:
    """Render the bodies every briefing needs, all in one go (on every core when there are many); returns how many."""
    todo = [head for work in works for head in work.todo]
    if todo:
        by_file = {(h.path.parent, h.stem, h.lang): h for work in works for h in work.heads}
        rendered = iter(run_all(_render_file, (sources, by_file, source), todo, parallel))
        for work in works:
            for head in work.todo:
                body = dataclasses.replace(next(rendered), key=f"{head.digest}|{work.id_map}")
                work.bodies[head.path] = body
                work.cache.bodies[head.path] = (head.digest, work.id_map, body)
    for work in works:
        if len(work.cache.bodies) != len(work.bodies):
            work.cache.bodies = {path: work.cache.bodies[path] for path in work.bodies}
    return len(todo)


def _render_file(shared: tuple[dict[Path, SourceFile], dict[tuple[Path, str, str], Head], str], head: Head) -> Body:
    """Parse and render one file's Markdown (run in worker processes when there are many)."""
    sources, by_file, source = shared
    md = _markdown()
    body = _render_body(md, head, _parse(md, sources[head.path]), by_file)
    return dataclasses.replace(body, warnings=tuple(_leftovers(head, body))) if head.lang == source else body


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The Markdown parser, made once per process."""
    return make_markdown()


def _parse(md: MarkdownIt, src: SourceFile) -> Document:
    return parse_document(md, src.data.decode("utf-8").removeprefix("\ufeff"))


def _render_body(md: MarkdownIt, head: Head, document: Document, by_file: dict[tuple[Path, str, str], Head]) -> Body:
    """Render a file's blocks, resolving links to other sections and noting them for the anchor check."""
    links: list[Link] = []
    env = RenderEnv(doc_id=head.lang, resolve_link=lambda href, line: _resolve(href, line, head, by_file, links, env))
    blocks, notes = render_blocks(md, document.tokens, env)
    issues = [*document.issues, *env.issues]
    problems = [problem(head.path, line, message, hint) for line, message, hint in issues]
    problems += _block_problems(head, blocks)
    return Body(tuple(blocks), notes, tuple(links), tuple(problems))


def _resolve(
    href: str, line: int, head: Head, by_file: dict[tuple[Path, str, str], Head], links: list[Link], env: RenderEnv
) -> str:
    if href.startswith("#"):
        links.append(Link(head.path, line, head.values["id"], head.lang, href[1:]))
        return href
    match = _SECTION_LINK.match(href)
    if not match:
        if not re.match(r"^(https?:|mailto:|tel:)", href, re.IGNORECASE):
            hint = "link to another section as NN-slug.md#anchor, or give a full https:// URL"
            env.issues.append((line, f"link target {href!r} is not a section file", hint))
        return href
    name = match["file"]
    parts = FILE_NAME.match(name)
    stem, lang = (parts["stem"], parts["lang"]) if parts else (name[:-3], head.lang)
    target = by_file.get((head.path.parent, stem, lang))
    if target is None:
        env.issues.append((line, f"link to {name!r}: no such section file", None))
        return href
    anchor = match["anchor"] or None
    if anchor:
        links.append(Link(head.path, line, target.values["id"], lang, anchor))
    return urls.section_link(lang, target.values["id"], anchor)


def _block_problems(head: Head, blocks: Sequence[RawBlock]) -> list[Problem]:
    problems = []
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            hint = "the title comes from front matter; start subsections with '##'"
            problems.append(problem(head.path, block.line, "a '#' heading in section text", hint))
        anchor = block.explicit_anchor
        if anchor and (not ANCHOR.match(anchor) or _RESERVED_ANCHOR.match(anchor)):
            hint = (
                "start with a letter; p1, h1, fn…, main, header-q and names starting notes-, fig- or tip- are reserved"
            )
            problems.append(problem(head.path, block.line - 1, f"anchor {anchor!r} is not allowed", hint))
    if not blocks:
        hint = "write the section's paragraphs after the front matter"
        problems.append(problem(head.path, head.body_line, "section has no text", hint))
    return problems
