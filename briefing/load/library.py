"""content/ -> the Library: every briefing read, checked, rendered and paired; unchanged files reused."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import BriefingError, Problem, note, raise_if_errors
from ..files import read_limited
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


class BriefingStore(Protocol):
    """Briefings loaded by earlier builds, kept between processes: a briefing whose files are unchanged (by `key`)
    need not be read, rendered and paired again."""

    def get(self, slug: str, key: str) -> Briefing | None:
        """The briefing stored under `slug` if it was stored with `key`."""

    def put(self, slug: str, key: str, briefing: Briefing) -> None:
        """Keep `briefing` under `slug` with `key`."""


def load_library(
    config: Config,
    cache: LibraryCache | None = None,
    parallel: bool = True,
    only: str | None = None,
    store: BriefingStore | None = None,
) -> tuple[Library, LoadStats]:
    """Read every briefing (or only the one in folder `only`), validate it, render its Markdown, pair languages.

    With a `store`, briefings whose files have not changed since it kept them are taken from it.
    """
    cache = cache if cache is not None else LibraryCache()
    layout, problems = find_layout(config.content)
    raise_if_errors(problems)
    places = _chosen(layout, only, config)
    codes = [lang.code for lang in config.languages]
    glossary = config.content / GLOSSARY_FILE
    shared_key = _files_key([config.path, glossary]) if store is not None else ""
    abouts: dict[str, About] = {}
    sources: dict[Path, SourceFile] = {}
    works: list[tuple[Place, BodyWork, str]] = []
    stored: dict[str, Briefing] = {}
    notes: list[Problem] = []
    started = time.perf_counter()
    for place in places:
        briefing_cache = cache.of(place.slug)
        about, found = single_about(config) if layout.single else read_about(place, config, briefing_cache.about)
        problems += [p for p in found if p.severity == "error"]
        notes += [p for p in found if p.severity != "error"]
        key = ""
        if store is not None and about is not None and not found:
            key = f"{shared_key}:{place.folder}:{_files_key(_briefing_files(place))}"
            known = store.get(place.slug, key)
            if known is not None:
                stored[place.slug] = dataclasses.replace(known, config=config, about=about)
                continue
        files, found = read_sources(place.folder, codes, briefing_cache.files)
        problems += found
        heads, found = read_heads(files, briefing_cache)
        problems += found
        if about is not None:
            abouts[place.slug] = about
        sources.update((src.path, src) for src in files)
        works.append((place, plan_bodies(heads, briefing_cache), key))
    for slug in set(cache.briefings) - {p.slug for p in places}:
        del cache.briefings[slug]
    raise_if_errors(problems)
    parsed = render_bodies([work for _, work, _ in works], sources, parallel, config.source_language.code)
    markdown_seconds = time.perf_counter() - started
    shared, lines, problems = read_terms(glossary, codes, cache.glossary)
    # Stored briefings share the library's terms as one object again, as loaded ones do (caches tell them by identity).
    briefings = [dataclasses.replace(b, glossary=shared) if b.glossary == shared else b for b in stored.values()]
    for place, work, key in works:
        own = not layout.single
        briefing, found = make_briefing(
            config, abouts[place.slug], place.folder, work, shared, cache.of(place.slug), own, cache.glossary.ignored
        )
        problems += found
        if briefing is not None:
            briefings.append(briefing)
            if store is not None and key:
                store.put(place.slug, key, briefing)
    raise_if_errors(problems)
    if not layout.single and config.base_url is None:
        hint = "set base_url in config.yaml to the address the site is published at"
        notes.append(
            note(config.path, None, "the feeds link with relative addresses, which feed readers may not follow", hint)
        )
    # A library's term is worth keeping while any briefing uses it (so this is known only when all are loaded).
    if only is None or layout.single:
        notes += unused_terms(shared, lines, glossary, (s for b in briefings for s in b.sections), codes)
    notes += [w for b in briefings for w in b.warnings]
    briefings.sort(key=_newest_first)
    library = Library(config, tuple(briefings), layout.single, shared, tuple(sorted(notes, key=Problem.place)))
    return library, LoadStats(len(sources), parsed, markdown_seconds)


def _briefing_files(place: Place) -> list[Path]:
    """Every file a briefing is made of: its folder's files (content/'s, for sections directly in it)."""
    with os.scandir(place.folder) as listing:
        return sorted(Path(e.path) for e in listing if not e.name.startswith(".") and e.is_file())


def _files_key(paths: list[Path]) -> str:
    """Hash of the names and bytes of `paths` (a missing file counts as empty)."""
    parts: list[str | bytes] = []
    for path in paths:
        data, _ = read_limited(path)
        data = data or b""
        parts += [path.name, data]
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


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
