"""One briefing's files -> a Briefing: sections paired, translation lock applied, key figures and own terms."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, problem
from ..files import read_limited
from ..model import About, Briefing, Config, Figures, Section, Term, View
from .bodies import BodyWork
from .consistency import inconsistent_terms
from .drift import LOCK_NAME, DriftMemo, apply_drift, read_lock
from .figures import FILE_NAME as FIGURES_FILE
from .figures import load_figures
from .glossary import FILE_NAME as GLOSSARY_FILE
from .glossary import GlossaryMemo, read_terms, unexplained_shorthand, unused_terms
from .pairing import Body, Head, SectionMemo, pair_sections
from .sources import SourceFile, read_head


@dataclass
class ContentCache:
    """What the last load of one briefing can lend the next: front matter and bodies by path and content hash."""

    heads: dict[Path, tuple[SourceFile, Head | None, tuple[Problem, ...]]] = field(default_factory=dict)
    """Checked front matter by path, with the file it was read from."""
    bodies: dict[Path, tuple[str, str, Body]] = field(default_factory=dict)
    """Rendered bodies by path, with the file's hash and the section ids they were rendered against."""
    ids: tuple[list[tuple[str, str, Any]], str] = field(default_factory=lambda: ([], ""))
    """Every file's (stem, language, section id) at the last build, and their hash."""
    sections: SectionMemo = field(default_factory=dict)
    drift: DriftMemo = field(default_factory=dict)
    shorthand: dict[str, Any] = field(default_factory=dict)
    consistency: dict[str, Any] = field(default_factory=dict)
    """Per section: the glossary-consistency warnings last found, with the section and terms they were found for."""
    lock: dict[str, Any] = field(default_factory=dict)
    glossary: GlossaryMemo = field(default_factory=GlossaryMemo)
    """The briefing's own glossary.yaml."""
    terms: tuple[tuple[Term, ...], tuple[Term, ...], tuple[Term, ...]] = ((), (), ())
    """The library's terms and the briefing's own as last combined, with the combination (kept as one object)."""
    figures: tuple[bytes | None, tuple[Section, ...], Figures | None, tuple[Problem, ...]] | None = None
    """figures.yaml's bytes and the sections it was checked against, with what came of it."""
    files: dict[str, tuple[int, int, SourceFile]] = field(default_factory=dict)
    """Files as last read, by modification time and size: unchanged ones are not read again."""
    about: dict[str, Any] = field(default_factory=dict)
    """briefing.yaml as last read."""


def read_heads(files: list[SourceFile], cache: ContentCache) -> tuple[list[Head], list[Problem]]:
    """Checked front matter of every file; unchanged files are the very objects read before, so most need no hashing."""
    heads: list[Head] = []
    problems: list[Problem] = []
    known, new_heads = cache.heads, {}
    for src in files:
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
    return heads, problems


def make_briefing(
    config: Config,
    about: About,
    folder: Path,
    work: BodyWork,
    shared: tuple[Term, ...],
    cache: ContentCache,
    own_glossary: bool,
    not_terms: frozenset[str] = frozenset(),
) -> tuple[Briefing | None, list[Problem]]:
    """Pair the rendered files into sections and add what the briefing's folder says about them; or the errors
    that keep it from being made.

    `shared` are the library's terms; with `own_glossary`, the folder's glossary.yaml adds the briefing's own.
    `not_terms` are the library glossary's phrases that are no terms (its own add to them).
    """
    source = config.source_language.code
    codes = [lang.code for lang in config.languages]
    bodies = work.in_order()
    problems = [p for body in bodies.values() for p in body.problems]
    sections = pair_sections([(h, bodies[h.path]) for h in work.heads], config, problems, cache.sections)
    lock, found = read_lock(folder / LOCK_NAME, cache.lock)
    problems += found
    if _errors(problems):
        return None, problems
    sections, warnings = apply_drift(sections, lock, config.languages, cache.drift)
    warnings += [w for body in bodies.values() for w in body.warnings]
    figures, found = _figures(folder / FIGURES_FILE, sections, codes, cache)
    terms, more = _terms(folder / GLOSSARY_FILE, shared, sections, codes, cache) if own_glossary else (shared, [])
    not_terms |= cache.glossary.ignored if own_glossary else frozenset()
    found += more + unexplained_shorthand(terms, sections, source, cache.shorthand, not_terms)
    found += inconsistent_terms(terms, sections, config.languages, cache.consistency)
    if _errors(found):
        return None, found
    warnings += found
    return Briefing(
        config,
        about,
        tuple(sections),
        make_views(config),
        tuple(sorted(warnings, key=Problem.place)),
        figures,
        terms,
    ), []


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _figures(
    path: Path, sections: list[Section], codes: list[str], cache: ContentCache
) -> tuple[Figures | None, list[Problem]]:
    """figures.yaml checked against the text, again only when either changed (serve loads after every edit)."""
    raw, _ = read_limited(path)
    known = cache.figures
    if known and known[0] == raw and len(known[1]) == len(sections) and all(map(operator.is_, known[1], sections)):
        return known[2], list(known[3])
    figures, found = load_figures(path, sections, codes)
    cache.figures = (raw, tuple(sections), figures, tuple(found))
    return figures, found


def _terms(
    path: Path, shared: tuple[Term, ...], sections: list[Section], codes: list[str], cache: ContentCache
) -> tuple[tuple[Term, ...], list[Problem]]:
    """The library's terms and the briefing's own (its glossary.yaml), which must not reuse a library term's id."""
    own, lines, problems = read_terms(path, codes, cache.glossary)
    shared_ids = {term.id for term in shared}
    for term, line in zip(own, lines, strict=True):
        if term.id in shared_ids:
            hint = "the library's content/glossary.yaml has it already: remove it here or give it another id"
            problems.append(problem(path, line, f"term id '{term.id}' is also in the library's glossary", hint))
    problems += unused_terms(own, lines, path, sections, codes)
    if cache.terms[0] is not shared or cache.terms[1] is not own:
        cache.terms = (shared, own, shared + own if own else shared)
    return cache.terms[2], problems


def make_views(config: Config) -> tuple[View, ...]:
    """One view per language, then the source language beside each translation."""
    single = [View(lang.code, (lang,)) for lang in config.languages]
    source = config.source_language
    parallel = [View(f"{source.code}-{lang.code}", (source, lang)) for lang in config.languages[1:]]
    return tuple(single + parallel)
