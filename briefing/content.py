"""content/ -> checked front matter and rendered Markdown per file, reusing files that did not change."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from . import urls
from .drift import LOCK_NAME, DriftMemo, apply_drift, read_lock
from .errors import Problem, problem, raise_if_errors, warning
from .figures import FILE_NAME as FIGURES_FILE
from .figures import load_figures
from .glossary import FILE_NAME as GLOSSARY_FILE
from .glossary import GlossaryMemo, load_glossary, unexplained_shorthand
from .importer.cleanup import is_chrome, make_chrome
from .markdown import (
    ANCHOR,
    Document,
    RawBlock,
    RenderEnv,
    make_markdown,
    parse_document,
    render_blocks,
    split_front_matter,
)
from .model import Config, Site, View
from .schema import (
    Field,
    boolean,
    check_mapping,
    choice,
    decode_text,
    identifier,
    integer,
    optional_text,
    parse_yaml,
    text,
)
from .sections import Body, Head, Link, SectionMemo, pair_sections
from .workers import run_all

FRONT_MATTER = [
    Field("id", identifier(), required=True),
    Field("order", integer(0), required=True),
    Field("title", text(), required=True),
    Field("part", optional_text()),
    Field("summary", optional_text()),
    Field("truncated", boolean(), default=False),
    Field("status", choice("done", "pending"), default="done"),
]
"""Front-matter keys of a section file; the README documents each one."""

FILE_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")
_RESERVED_ANCHOR = re.compile(r"^(p|h)\d+$|^fn|^(main|header-q)$|^(notes|fig|tip)-")
"""Ids a section page gives its own elements: numbered blocks, footnotes, the main text, the search box,
the notes, figure marks and term explanations."""
_WRAP_SPACE = re.compile(
    r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]\s+[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
)
_CHROME = make_chrome()
"""Lines of document-sharing web pages that are not part of a speech: the ones the importer drops."""
_NAME = operator.attrgetter("name")
_SECTION_LINK = re.compile(r"^(?P<file>[^/:?#]+\.md)(?:#(?P<anchor>.*))?$")


@dataclass(frozen=True)
class SourceFile:
    """A section file as read from disk."""

    path: Path
    lang: str
    stem: str
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        """Content hash, the key of everything derived from this file."""
        return hashlib.blake2b(self.data, digest_size=16).hexdigest()


@dataclass
class ContentCache:
    """Front matter and rendered bodies of earlier builds, keyed by path and content hash."""

    heads: dict[Path, tuple[SourceFile, Head | None, tuple[Problem, ...]]] = field(default_factory=dict)
    """Checked front matter by path, with the file it was read from."""
    bodies: dict[Path, tuple[str, str, Body]] = field(default_factory=dict)
    """Rendered bodies by path, with the file's hash and the section ids they were rendered against."""
    ids: tuple[list[tuple[str, str, Any]], str] = field(default_factory=lambda: ([], ""))
    """Every file's (stem, language, section id) at the last build, and their hash."""
    sections: SectionMemo = field(default_factory=dict)
    drift: DriftMemo = field(default_factory=dict)
    shorthand: dict[str, Any] = field(default_factory=dict)
    lock: dict[str, Any] = field(default_factory=dict)
    glossary: GlossaryMemo = field(default_factory=GlossaryMemo)
    files: dict[str, tuple[int, int, SourceFile]] = field(default_factory=dict)
    """Files as last read, by modification time and size: unchanged ones are not read again."""


@dataclass(frozen=True)
class LoadStats:
    """What loading did: files seen, files parsed anew, seconds spent in Markdown."""

    files: int
    parsed: int
    markdown_seconds: float


def load_site(config: Config, cache: ContentCache | None = None, parallel: bool = True) -> tuple[Site, LoadStats]:
    """Read every section file, validate it, render its Markdown and pair the languages."""
    cache = cache if cache is not None else ContentCache()
    files, problems = read_sources(config.content, [lang.code for lang in config.languages], cache.files)
    heads: list[Head] = []
    started = time.perf_counter()
    known, new_heads = cache.heads, {}
    for src in files:
        # Unchanged files are the very objects read before (see read_sources): most need no hashing.
        entry = known.get(src.path)
        if entry is None or (entry[0] is not src and entry[0].digest != src.digest):
            head, found = _read_head(src)
            entry = (src, head, tuple(found))
        new_heads[src.path] = entry
        if entry[2]:
            problems += entry[2]
        if entry[1]:
            heads.append(entry[1])
    cache.heads = new_heads
    raise_if_errors(problems)
    bodies, parsed = _bodies(files, heads, cache, parallel, config.source_language.code)
    markdown_seconds = time.perf_counter() - started
    for body in bodies.values():
        problems += body.problems
    sections = pair_sections([(h, bodies[h.path]) for h in heads], config, problems, cache.sections)
    raise_if_errors(problems)
    lock, found = read_lock(config.content / LOCK_NAME, cache.lock)
    raise_if_errors(found)
    sections, warnings = apply_drift(sections, lock, config.source_language.code, cache.drift)
    warnings += [w for body in bodies.values() for w in body.warnings]
    source = config.source_language.code
    codes = [lang.code for lang in config.languages]
    figures, found = load_figures(config.content / FIGURES_FILE, sections, codes)
    terms, more = load_glossary(config.content / GLOSSARY_FILE, sections, codes, cache.glossary)
    found += more + unexplained_shorthand(terms, sections, source, cache.shorthand)
    raise_if_errors(found)
    warnings += found
    site = Site(config, tuple(sections), make_views(config), tuple(sorted(warnings, key=Problem.place)), figures, terms)
    return site, LoadStats(len(files), parsed, markdown_seconds)


def _leftovers(head: Head, body: Body) -> list[Problem]:
    """Debris of a paste from a PDF or web page: wrap spaces between Chinese characters, page chrome."""
    found = []
    for block in body.blocks:
        match = _WRAP_SPACE.search(block.text)
        if match:
            message = f"space between Chinese characters ('{match.group(0)}'), left by a line wrap?"
            found.append(warning(head.path, block.line, message, "remove the space"))
        if is_chrome(block.text, _CHROME):
            message = f"'{block.text.strip()}' looks like web-page chrome, not part of the text"
            found.append(warning(head.path, block.line, message, "delete the line"))
    return found


def _bodies(
    files: list[SourceFile], heads: list[Head], cache: ContentCache, parallel: bool, source: str
) -> tuple[dict[Path, Body], int]:
    """Rendered bodies; a cached body is reused while its file and every section id are unchanged."""
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
    if todo:
        sources = {src.path: src for src in files}
        by_file = {(h.stem, h.lang): h for h in heads}
        rendered = run_all(_render_file, (sources, by_file, source), todo, parallel)
        for head, body in zip(todo, rendered, strict=True):
            bodies[head.path] = body = dataclasses.replace(body, key=f"{head.digest}|{id_map}")
            known[head.path] = (head.digest, id_map, body)
    if len(known) != len(bodies):
        cache.bodies = {path: known[path] for path in bodies}
    # In file order, as the heads are.
    return ({head.path: bodies[head.path] for head in heads} if todo else bodies), len(todo)


def _render_file(shared: tuple[dict[Path, SourceFile], dict[tuple[str, str], Head], str], head: Head) -> Body:
    """Parse and render one file's Markdown (run in worker processes when there are many)."""
    sources, by_file, source = shared
    md = _markdown()
    body = _render_body(md, head, _parse(md, sources[head.path]), by_file)
    return dataclasses.replace(body, warnings=tuple(_leftovers(head, body))) if head.lang == source else body


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The Markdown parser, made once per process."""
    return make_markdown()


def make_views(config: Config) -> tuple[View, ...]:
    """One view per language, then the source language beside each translation."""
    single = [View(lang.code, (lang,)) for lang in config.languages]
    source = config.source_language
    parallel = [View(f"{source.code}-{lang.code}", (source, lang)) for lang in config.languages[1:]]
    return tuple(single + parallel)


def read_sources(
    folder: Path, codes: Sequence[str], known: dict[str, tuple[int, int, SourceFile]] | None = None
) -> tuple[list[SourceFile], list[Problem]]:
    """Section files in content/, sorted by name, with their bytes (from `known` when size and time match)."""
    known = known if known is not None else {}
    if not folder.is_dir():
        return [], [problem(folder, None, "content folder not found", "create it or set 'content' in config.yaml")]
    found, problems = [], []
    root = folder.resolve()
    with os.scandir(folder) as listing:
        entries = [e for e in listing if e.name.endswith(".md") and not e.name.startswith(".")]
    entries.sort(key=_NAME)
    for entry in entries:
        # An unchanged file keeps its SourceFile, Path included: no new objects for the files not edited.
        seen = known.get(entry.path)
        if seen is not None:
            stat = entry.stat()
            same = seen[0] == stat.st_mtime_ns and seen[1] == stat.st_size
            if same and not entry.is_symlink() and seen[2].lang in codes:
                found.append(seen[2])
                continue
        path = folder / entry.name
        match = FILE_NAME.match(entry.name)
        if not match:
            problems.append(
                problem(path, None, "section file name must look like NN-slug.LANG.md", f"e.g. 03-study.{codes[0]}.md")
            )
        elif match["lang"] not in codes:
            message = f"language '{match['lang']}' in the file name is not in config.yaml"
            problems.append(problem(path, None, message, f"configured: {', '.join(codes)}"))
        elif entry.is_symlink() and not path.resolve().is_relative_to(root):
            hint = "copy the file into content/ instead of linking it"
            problems.append(problem(path, None, "links to a file outside the content folder", hint))
        else:
            try:
                found.append(_read_source(entry.path, path, entry.stat(), match["lang"], match["stem"], known))
            except OSError as exc:
                problems.append(problem(path, None, f"cannot read file: {exc.strerror}"))
    if len(known) != len(found):
        # Every file found is in `known`: anything more there was deleted or renamed since.
        for gone in set(known) - {str(src.path) for src in found}:
            del known[gone]
    if not found and not problems:
        problems.append(
            problem(folder, None, "no section files found", f"add files named like 01-opening.{codes[0]}.md")
        )
    return found, problems


def _read_source(
    key: str, path: Path, stat: os.stat_result, lang: str, stem: str, known: dict[str, tuple[int, int, SourceFile]]
) -> SourceFile:
    src = SourceFile(path, lang, stem, path.read_bytes())
    known[key] = (stat.st_mtime_ns, stat.st_size, src)
    return src


def _parse(md: MarkdownIt, src: SourceFile) -> Document:
    return parse_document(md, src.data.decode("utf-8").removeprefix("\ufeff"))


def _read_head(src: SourceFile) -> tuple[Head | None, list[Problem]]:
    """Decode one file and check its front matter."""
    path = src.path
    source, problems = decode_text(src.data, path)
    if source is None:
        return None, problems
    if not source.strip():
        return None, [problem(path, None, "file is empty", "start it with front matter: ---, id, order, title, ---")]
    front = split_front_matter(source)
    if front is None:
        if source.startswith("---"):
            return None, [
                problem(path, 1, "front matter is not closed", "add a line '---' after the last front-matter key")
            ]
        return None, [
            problem(path, 1, "missing front matter", "start the file with ---, then id, order and title, then ---")
        ]
    node, problems = parse_yaml(front[0], path, first_line=2)
    if problems:
        return None, problems
    checked, problems = check_mapping(node, FRONT_MATTER, path, "front-matter", first_line=2, node_line=1)
    if problems:
        return None, problems
    head = Head(path, src.lang, src.stem, dict(checked.values), dict(checked.lines), front[1] + 2, src.digest)
    return head, []


def _render_body(md: MarkdownIt, head: Head, document: Document, by_file: dict[tuple[str, str], Head]) -> Body:
    """Render a file's blocks, resolving links to other sections and noting them for the anchor check."""
    links: list[Link] = []
    env = RenderEnv(doc_id=head.lang, resolve_link=lambda href, line: _resolve(href, line, head, by_file, links, env))
    blocks, notes = render_blocks(md, document.tokens, env)
    problems = [problem(head.path, line, message, hint) for line, message, hint in env.issues]
    problems += _block_problems(head, blocks)
    return Body(tuple(blocks), notes, tuple(links), tuple(problems))


def _resolve(
    href: str, line: int, head: Head, by_file: dict[tuple[str, str], Head], links: list[Link], env: RenderEnv
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
    target = by_file.get((stem, lang))
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
