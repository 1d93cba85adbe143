"""content/ -> the Site: every file read, checked, rendered and paired; unchanged files reused from the last build."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, raise_if_errors
from ..model import Config, Site, View
from .bodies import render_bodies
from .drift import LOCK_NAME, DriftMemo, apply_drift, read_lock
from .figures import FILE_NAME as FIGURES_FILE
from .figures import load_figures
from .glossary import FILE_NAME as GLOSSARY_FILE
from .glossary import GlossaryMemo, load_glossary, unexplained_shorthand
from .pairing import Body, Head, SectionMemo, pair_sections
from .sources import SourceFile, read_head, read_sources


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
            head, found = read_head(src)
            entry = (src, head, tuple(found))
        new_heads[src.path] = entry
        if entry[2]:
            problems += entry[2]
        if entry[1]:
            heads.append(entry[1])
    cache.heads = new_heads
    raise_if_errors(problems)
    bodies, parsed = render_bodies(files, heads, cache, parallel, config.source_language.code)
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


def make_views(config: Config) -> tuple[View, ...]:
    """One view per language, then the source language beside each translation."""
    single = [View(lang.code, (lang,)) for lang in config.languages]
    source = config.source_language
    parallel = [View(f"{source.code}-{lang.code}", (source, lang)) for lang in config.languages[1:]]
    return tuple(single + parallel)
