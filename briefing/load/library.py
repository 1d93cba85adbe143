"""content/ -> the Library: every briefing read, checked, rendered and paired; unchanged files reused."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefingError, Problem, note, raise_if_errors
from ..model import About, Briefing, Config, Library
from .about import Layout, Place, find_layout, read_about, single_about
from .bodies import BodyWork, plan_bodies, render_bodies
from .briefing import ContentCache, make_briefing, read_heads
from .glossary import FILE_NAME as GLOSSARY_FILE
from .glossary import GlossaryMemo, read_terms, unused_terms
from .sources import SourceFile, read_sources


@dataclass
class LibraryCache:
    """What the last load can lend the next (serve loads after every edit): one ContentCache per briefing."""

    briefings: dict[str, ContentCache] = field(default_factory=dict)
    glossary: GlossaryMemo = field(default_factory=GlossaryMemo)
    """The library's content/glossary.yaml."""

    def of(self, slug: str) -> ContentCache:
        """The cache of one briefing."""
        if slug not in self.briefings:
            self.briefings[slug] = ContentCache()
        return self.briefings[slug]


@dataclass(frozen=True)
class LoadStats:
    """What loading did: files seen, files parsed anew, seconds spent in Markdown."""

    files: int
    parsed: int
    markdown_seconds: float


def load_library(
    config: Config, cache: LibraryCache | None = None, parallel: bool = True, only: str | None = None
) -> tuple[Library, LoadStats]:
    """Read every briefing (or only the one in folder `only`), validate it, render its Markdown, pair languages."""
    cache = cache if cache is not None else LibraryCache()
    layout, problems = find_layout(config.content)
    raise_if_errors(problems)
    places = _chosen(layout, only, config)
    codes = [lang.code for lang in config.languages]
    abouts: dict[str, About] = {}
    sources: dict[Path, SourceFile] = {}
    works: list[BodyWork] = []
    notes: list[Problem] = []
    started = time.perf_counter()
    for place in places:
        briefing_cache = cache.of(place.slug)
        about, found = single_about(config) if layout.single else read_about(place, config, briefing_cache.about)
        problems += [p for p in found if p.severity == "error"]
        notes += [p for p in found if p.severity != "error"]
        files, found = read_sources(place.folder, codes, briefing_cache.files)
        problems += found
        heads, found = read_heads(files, briefing_cache)
        problems += found
        if about is not None:
            abouts[place.slug] = about
        sources.update((src.path, src) for src in files)
        works.append(plan_bodies(heads, briefing_cache))
    for slug in set(cache.briefings) - {p.slug for p in places}:
        del cache.briefings[slug]
    raise_if_errors(problems)
    parsed = render_bodies(works, sources, parallel, config.source_language.code)
    markdown_seconds = time.perf_counter() - started
    glossary = config.content / GLOSSARY_FILE
    shared, lines, problems = read_terms(glossary, codes, cache.glossary)
    briefings = []
    for place, work in zip(places, works, strict=True):
        own = not layout.single
        briefing, found = make_briefing(
            config, abouts[place.slug], place.folder, work, shared, cache.of(place.slug), own
        )
        problems += found
        if briefing is not None:
            briefings.append(briefing)
    raise_if_errors(problems)
    if not layout.single and config.base_url is None:
        hint = "set base_url in config.yaml to the address the site is published at"
        notes.append(
            note(config.path, None, "the feeds link with relative addresses, which feed readers may not follow", hint)
        )
    # A library's term is worth keeping while any briefing uses it.
    notes += unused_terms(shared, lines, glossary, (s for b in briefings for s in b.sections), codes)
    notes += [w for b in briefings for w in b.warnings]
    briefings.sort(key=_newest_first)
    library = Library(config, tuple(briefings), layout.single, shared, tuple(sorted(notes, key=Problem.place)))
    return library, LoadStats(len(sources), parsed, markdown_seconds)


def _chosen(layout: Layout, only: str | None, config: Config) -> tuple[Place, ...]:
    """The briefings to load: all, or the one named (an error listing the known ones if there is none)."""
    if only is None or layout.single:
        return layout.places
    chosen = tuple(p for p in layout.places if p.slug == only)
    if not chosen:
        known = ", ".join(p.slug for p in layout.places) or "none"
        raise BriefingError.at(config.content / only, None, f"no briefing '{only}'", f"briefings: {known}")
    return chosen


def _newest_first(briefing: Briefing) -> tuple[int, int, int, str]:
    """Sort key: the latest date first (a date known to the year only counts as its start), then by folder name."""
    year, month, day = ([int(part) for part in (briefing.about.date or "0").split("-")] + [0, 0])[:3]
    return (-year, -month, -day, briefing.about.slug)
