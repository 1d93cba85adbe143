"""The build as a list of timed stages: config -> load -> plan -> make -> verify -> write."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..config import load_config
from ..errors import display_path, raise_if_errors
from ..load.labels import load_strings
from ..load.site import ContentCache, load_site
from ..model import Config, OutputFile, Site
from ..outputs.assets import read_static
from ..outputs.pages.plan import PageSpec, PlanMemo, digest, plan_pages
from ..outputs.pages.render import Rendered, make_environment, render_checked
from ..outputs.pdf.plan import (
    PdfStats,
    cache_names,
    check_fonts,
    font_fingerprint,
    pdf_paths,
    plan_pdfs,
    print_options,
    render_pdfs,
)
from ..outputs.search import VERSION as SEARCH_VERSION
from ..outputs.search import index_site
from ..outputs.verify import Checker, finish_checks, page_ids
from ..urls import PDF as PDF_FOLDER
from ..urls import SEARCH_BUNDLE
from .write import (
    MARKER,
    Finish,
    Manifest,
    is_intact,
    read_inputs,
    read_manifest,
    remove_stale_temps,
    staging,
    update_site,
    write_site,
)


@dataclass
class Timings:
    """Seconds spent per stage, in the order they ran."""

    stages: list[tuple[str, float]] = field(default_factory=list)
    parts: list[tuple[str, float]] = field(default_factory=list)
    """CPU seconds of the work inside a stage, summed over every process that did it."""
    notes: list[str] = field(default_factory=list)
    """Figures worth reporting besides times (index size, PDFs rendered)."""

    def run(self, name: str, step: Callable[[], Any]) -> Any:
        """Run one stage and record its wall time."""
        start = time.perf_counter()
        try:
            return step()
        finally:
            self.stages.append((name, time.perf_counter() - start))

    def exclude(self, outer: str, inner: str) -> None:
        """Stage `inner` ran inside `outer`: count its time once, under its own name."""
        inside = sum(s for n, s in self.stages if n == inner)
        self.stages = [(n, s - inside if n == outer else s) for n, s in self.stages]

    def split(self, name: str, part: str, seconds: float) -> None:
        """Report `seconds` of stage `name` as a stage of its own."""
        self.stages = [(n, s - seconds if n == name else s) for n, s in self.stages] + [(part, seconds)]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and how much work it took."""

    site: Site | None
    """The loaded content (None when nothing had changed and nothing was loaded)."""
    timings: Timings
    """Seconds per stage."""
    pages: int
    """HTML pages in the site."""
    rendered: int
    """Pages rendered this time."""
    written: tuple[str, ...]
    """Output paths written this time; empty when nothing changed."""
    config: Config
    """The configuration the build ran with."""

    @property
    def content(self) -> Site:
        """The loaded site; a build that found nothing changed loaded none."""
        if self.site is None:
            raise RuntimeError("the site was up to date, so nothing was loaded")
        return self.site


class Builder:
    """Builds one project again and again; later builds render and write only what changed.

    `in_place` updates changed files inside the output folder (for `serve`); otherwise every build
    writes a complete new folder beside the old one and swaps it in. `search` and `pdf` override
    config.yaml's choices (None keeps them); `parallel` lets large builds use every core.
    """

    def __init__(
        self,
        config_path: Path,
        output: Path | None = None,
        in_place: bool = False,
        search: bool | None = None,
        pdf: bool | None = None,
        parallel: bool = True,
    ) -> None:
        self.config_path = config_path
        self.parallel = parallel
        self.output = output
        self.in_place = in_place
        self.search = search
        self.pdf = pdf
        self.content_cache = ContentCache()
        self.plans = PlanMemo()
        self.written: Manifest | None = None
        """The manifest this builder last wrote in place, trusted while its file is untouched."""
        self.written_stamp: tuple[int, int] | None = None
        self.ids: dict[str, tuple[int, frozenset[str]]] = {}
        """Element ids of the pages this builder made in place, with the size they were made at."""
        self.environment: tuple[str, jinja2.Environment] | None = None
        """Compiled templates, kept while the templates do not change."""

    def build(self, write: bool = True, extras: bool = True) -> BuildResult:
        """Run every stage; nothing is written unless all of them succeed.

        Without `extras`, PDFs and the search index are left as the last build made them (serve
        refreshes them in the background); pages still link to them.
        """
        with _fewer_collections():
            return self._build(write, extras)

    def _build(self, write: bool, extras: bool) -> BuildResult:
        timings = Timings()
        config = timings.run("config", lambda: load_config(self.config_path, self.output))
        if write:
            # A build killed mid-swap may have left the old site aside: put it back before anything else.
            remove_stale_temps(config.output)
        pdf = config.pdf if self.pdf is None else self.pdf
        search = config.search if self.search is None else self.search
        # Serve updates its folder in place and never skips a build: it needs no digest of the inputs.
        inputs = "" if self.in_place else timings.run("inputs", lambda: _inputs_digest(config, pdf, search and extras))
        if write and extras and not self.in_place and _current(config.output, inputs):
            return BuildResult(None, timings, 0, 0, (), config)
        work = self._plan(config, pdf, search and extras, extras, write, timings)
        if write and not self.in_place and (work.todo or work.assets or work.pdfs):
            rendered, written = self._staged(work, inputs, timings)
        else:
            rendered, written = self._direct(work, write, inputs, timings)
        global _FROZEN
        if self.in_place and not _FROZEN:
            # What serve's first build loaded mostly stays for the whole session: keeping it out of the garbage
            # collector's full passes spares later rebuilds pauses of up to a tenth of a second on large sites.
            gc.freeze()
            _FROZEN = True
        return BuildResult(work.site, timings, len(work.specs), rendered, tuple(written), config)

    def _plan(self, config: Config, pdf: bool, index: bool, extras: bool, write: bool, timings: Timings) -> _Work:
        """Load the content, plan every page, print changed PDFs, and pick what must be made again."""
        strings = timings.run("strings", lambda: load_strings(config))
        site, stats = timings.run("load", lambda: load_site(config, self.content_cache, self.parallel))
        timings.split("load", "markdown", stats.markdown_seconds)
        inputs_key = timings.run("templates", lambda: fingerprint_folder(config.templates) + _CODE_KEY)
        specs = timings.run("plan", lambda: plan_pages(site, strings, inputs_key, pdf, self.plans))
        out = config.output
        previous = self._previous(out) if write else {}
        extra: dict[str, tuple[str, int]] = {}
        if not extras:
            extra.update({p: r for p, r in previous.items() if p.startswith((PDF_FOLDER + "/", SEARCH_BUNDLE + "/"))})
        pdfs = _print(site, strings, previous, extra, timings) if pdf and extras else []
        static = read_static(config)
        # Pages may link to PDFs still to be printed in the background (a section just added, say).
        coming = pdf_paths(site) if pdf and not extras else set()
        checker = Checker({s.path for s in specs} | {a.path for a in static} | set(extra) | coming)
        trusted = previous is self.written
        todo = [s for s in specs if not _unchanged(out, s.path, s.key, previous, trusted)]
        if self.environment is None or self.environment[0] != inputs_key:
            self.environment = (inputs_key, make_environment(config.templates))
        assets = [a for a in static if not _unchanged(out, a.path, digest(a.data), previous, trusted)]
        return _Work(
            site, strings, specs, todo, static, assets, pdfs, previous, extra, index, checker, self.environment[1]
        )

    def _staged(self, work: _Work, inputs: str, timings: Timings) -> tuple[int, list[str]]:
        """Assemble a new site beside the old one as pages are made; it goes live only if all is well."""
        out = work.site.config.output
        with staging(out) as stage:
            done = self._make(work, timings, stage.folder)
            manifest = _manifest(work.specs, work.static, done, work.previous) | work.extra
            index = _search_plan(work.specs, work.previous, out, manifest, timings) if work.index else None
            for file in work.assets + work.pdfs:
                stage.write(file)
            fresh = {page.path for page in done} | {f.path for f in work.assets + work.pdfs}
            timings.run("write", lambda: stage.commit([p for p in manifest if p not in fresh], manifest, index, inputs))
            timings.exclude("write", "search")
        return len(done), sorted(fresh)

    def _direct(self, work: _Work, write: bool, inputs: str, timings: Timings) -> tuple[int, list[str]]:
        """Make the pages in memory and write only those that changed (serve, and builds with little to do)."""
        out = work.site.config.output
        done = self._make(work, timings, None)
        pages = [OutputFile(page.path, page.data) for page in done if page.data is not None]
        previous = work.previous
        manifest = _manifest(work.specs, work.static, done, previous) | work.extra
        changed = pages + work.assets + work.pdfs
        index = _search_plan(work.specs, previous, out, manifest, timings) if work.index else None
        written: list[str] = []
        if write and (changed or set(previous) != set(manifest) or index):
            written = timings.run("write", lambda: self._write(out, changed, previous, manifest, index, inputs))
            timings.exclude("write", "search")
        elif write and not self.in_place and read_inputs(out) != inputs:
            # Same files, new inputs (say, a comment in config.yaml): record them, so the next build is instant.
            written = timings.run("write", lambda: self._write(out, [], previous, manifest, None, inputs))
        return len(done), written

    def _make(self, work: _Work, timings: Timings, folder: Path | None) -> list[Rendered]:
        """Render and check the pages to make (into `folder` when given); raise if the output would be wrong."""
        out = work.site.config.output
        done: list[Rendered] = timings.run(
            "render",
            lambda: render_checked(work.env, work.todo, work.site, work.strings, work.checker, self.parallel, folder),
        )
        for position, part in enumerate(RENDER_PARTS):
            timings.parts.append((part, sum(page.seconds[position] for page in done)))
        checks = {page.path: page.check for page in done} | {a.path: work.checker.check_file(a) for a in work.assets}
        problems = timings.run("verify", lambda: finish_checks(checks, self._kept_ids(out, work), display_path(out)))
        raise_if_errors(problems)
        if self.in_place:
            self.ids.update({page.path: (page.size, page.check.ids) for page in done})
        return done

    def _kept_ids(self, out: Path, work: _Work) -> Callable[[str], frozenset[str]]:
        """Ids of pages kept from the last build: from memory when serve made them, else read from disk."""

        def ids(path: str) -> frozenset[str]:
            known = self.ids.get(path)
            size = work.previous[path][1] if path in work.previous else None
            if known is not None and known[0] == size and work.previous is self.written:
                return known[1]
            return page_ids((out / path).read_bytes())

        return ids

    def _previous(self, out: Path) -> Manifest:
        """What the output folder holds: as this builder last wrote it (serve), else read from disk."""
        if self.in_place and self.written is not None and self.written_stamp == _stamp(out):
            return self.written
        return read_manifest(out)

    def _write(
        self,
        out: Path,
        changed: list[OutputFile],
        previous: Manifest,
        manifest: Manifest,
        finish: Finish | None,
        inputs: str = "",
    ) -> list[str]:
        if self.in_place and previous:
            written = update_site(out, changed, set(previous) - set(manifest), manifest, finish)
            self.written, self.written_stamp = dict(manifest), _stamp(out)
            return written
        fresh = {f.path for f in changed}
        write_site(out, changed, [p for p in manifest if p not in fresh], manifest, finish, inputs)
        return sorted(fresh)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage after every 50,000 new objects during a build, not every 700 (Python's default), and
    the older generations more rarely still (20 and 100 young collections, not 10 and 10): in practice no
    full collection during a build.

    A build makes millions of small objects and keeps most of them: the default schedule spends a good
    part of a large build looking for garbage, for a saving of some 16 MB. Workers forked meanwhile inherit it.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


RENDER_PARTS = ("render: page data and templates", "render: page checks", "render: writing pages")
"""What the render stage's CPU time went on, in the order of `Rendered.seconds`."""


_FROZEN = False
"""Whether this process has set an in-place build's memory aside from garbage collection (once is enough)."""


CACHE_FOLDER = ".briefing-cache"
"""Folder in the project where printed PDFs are kept between builds (safe to delete)."""


def _code_key() -> str:
    """Hash of Briefing's own code: a new version renders every page again."""
    package = Path(__file__).parents[1]
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


_CODE_KEY = _code_key()


def _unchanged(out: Path, path: str, key: str, previous: Manifest, trusted: bool = False) -> bool:
    """The file at `path` was built from the same inputs and is still there (not looked at when `trusted`)."""
    record = previous.get(path)
    return record is not None and record[0] == key and (trusted or is_intact(out, path, record))


def _inputs_digest(config: Config, pdf: bool, search: bool) -> str:
    """Hash of everything a build reads: Briefing's code, config.yaml, content/, templates/, and the choices made.

    When it matches the one recorded in the output folder (and the folder is intact), nothing needs doing.
    """
    hasher = hashlib.blake2b(digest_size=16)
    for part in (
        _CODE_KEY,
        f"pdf={pdf} search={search}",
        fingerprint_folder(config.content),
        fingerprint_folder(config.templates),
    ):
        hasher.update(part.encode() + b"\0")
    hasher.update(config.path.read_bytes())
    if pdf:
        settings = config.print
        hasher.update(font_fingerprint(settings.font, settings.heading_font, settings.latin_font).encode())
    return hasher.hexdigest()


def _current(out: Path, inputs: str) -> bool:
    """The output folder was built from exactly these inputs and every file it lists is still there."""
    if read_inputs(out) != inputs:
        return False
    manifest = read_manifest(out)
    return all(is_intact(out, path, record) for path, record in manifest.items())


def _stamp(out: Path) -> tuple[int, int]:
    """Modification time and size of the output's manifest: changes when anyone else rewrites it."""
    try:
        stat = (out / MARKER).stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class _Work:
    """What a build has decided to make, handed from planning to rendering and writing."""

    site: Site
    strings: dict[str, dict[str, str]]
    specs: list[PageSpec]
    """Every page of the site."""
    todo: list[PageSpec]
    """The pages to render: new, or changed since the last build."""
    static: list[OutputFile]
    assets: list[OutputFile]
    """Static files that changed."""
    pdfs: list[OutputFile]
    """PDFs printed this time."""
    previous: Manifest
    extra: dict[str, tuple[str, int]]
    """PDFs and search files of the site, kept as they are or recorded after printing."""
    index: bool
    """Whether the search index is to be brought up to date."""
    checker: Checker
    env: jinja2.Environment


def _manifest(
    specs: list[PageSpec], static: list[OutputFile], pages: list[Rendered], previous: Manifest
) -> dict[str, tuple[str, int]]:
    """Key and size of every file of the new site (pages not rendered again keep their old size)."""
    sizes = {page.path: page.size for page in pages}
    manifest = {s.path: (s.key, sizes[s.path] if s.path in sizes else previous[s.path][1]) for s in specs}
    manifest.update({a.path: (digest(a.data), len(a.data)) for a in static})
    return manifest


def _print(
    site: Site,
    strings: dict[str, dict[str, str]],
    previous: Manifest,
    manifest: dict[str, tuple[str, int]],
    timings: Timings,
) -> list[OutputFile]:
    """PDFs whose inputs changed since the last build (from the cache when it has them)."""
    config = site.config
    options = print_options(config)
    timings.run("fonts", lambda: check_fonts(options))
    jobs = timings.run("print-plan", lambda: plan_pdfs(site, strings, options))
    names = cache_names(jobs)
    todo = [
        job for job, name in zip(jobs, names, strict=True) if not _unchanged(config.output, job.path, name, previous)
    ]
    cache = config.root / CACHE_FOLDER / "pdf"
    printed: tuple[list[OutputFile], PdfStats] = timings.run(
        "pdf", lambda: render_pdfs(todo, cache, os.cpu_count() or 1, progress=True)
    )
    files, stats = printed
    sizes = {f.path: len(f.data) for f in files}
    for job, name in zip(jobs, names, strict=True):
        manifest[job.path] = (name, sizes[job.path] if job.path in sizes else previous[job.path][1])
    if todo:
        timings.notes.append(
            f"PDF: {stats.rendered} printed, {stats.cached} from the cache, {len(jobs) - len(todo)} unchanged"
        )
    return files


def _search_plan(
    specs: list[PageSpec], previous: Manifest, out: Path, manifest: dict[str, tuple[str, int]], timings: Timings
) -> Finish | None:
    """Keep the old index when no indexed page changed; otherwise a step that indexes the new site."""
    key = digest(SEARCH_VERSION, *(s.key for s in specs if s.searchable))
    old = {p: r for p, r in previous.items() if p.startswith(SEARCH_BUNDLE + "/")}
    if old and all(_unchanged(out, p, key, previous) for p in old):
        manifest.update(old)
        return None

    def finish(folder: Path) -> Manifest:
        stats = timings.run("search", lambda: index_site(folder))
        timings.notes.append(f"search index: {stats.files} files, {stats.bytes / 1024:.0f} KB")
        bundle = folder / SEARCH_BUNDLE
        return {p.relative_to(folder).as_posix(): (key, p.stat().st_size) for p in bundle.rglob("*") if p.is_file()}

    return finish


def fingerprint_folder(folder: Path) -> str:
    """Hash of every file under a folder (templates, static assets)."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def build(config_path: Path, output: Path | None = None, write: bool = True) -> BuildResult:
    """Build once."""
    return Builder(config_path, output).build(write)
