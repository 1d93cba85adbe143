"""The build as a literal list of timed stages: load -> plan every output -> refuse a path planned twice ->
drop unchanged jobs -> make -> verify -> write (and finish)."""

from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import load_config
from ..errors import Problem, display_path, problem, raise_if_errors
from ..load.labels import load_strings
from ..load.library import LibraryCache, load_library
from ..model import Config, Library, OutputFile
from ..outputs import OUTPUTS
from ..outputs.base import Made, Manifest, Output, Plan, Run
from ..outputs.verify import Checker, finish_checks, page_ids
from .incremental import (
    CODE_KEY,
    DiskStore,
    fingerprint_folder,
    finished,
    inputs_digest,
    is_current,
    new_manifest,
    read_inputs,
    read_manifest,
    stamp,
    unchanged,
)
from .write import Finish, remove_stale_temps, staging, update_site, write_site


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

    def exclude(self, outer: str, *inner: str) -> None:
        """Stages `inner` ran inside `outer`: count their time once, under their own names."""
        inside = sum(s for n, s in self.stages if n in inner)
        self.stages = [(n, s - inside if n == outer else s) for n, s in self.stages]

    def split(self, name: str, part: str, seconds: float) -> None:
        """Report `seconds` of stage `name` as a stage of its own."""
        self.stages = [(n, s - seconds if n == name else s) for n, s in self.stages] + [(part, seconds)]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and how much work it took."""

    library: Library | None
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
    def content(self) -> Library:
        """The loaded library; a build that found nothing changed loaded none."""
        if self.library is None:
            raise RuntimeError("the site was up to date, so nothing was loaded")
        return self.library


class Builder:
    """Builds one project again and again; later builds make and write only what changed.

    `in_place` updates changed files inside the output folder (for `serve`); otherwise every build
    writes a complete new folder beside the old one and swaps it in. `switches` turn outputs on or off
    by name ({"pdf": False}), over config.yaml's choice; `parallel` lets large builds use every core; `only`
    keeps to one briefing of a library.
    """

    def __init__(
        self,
        config_path: Path,
        output: Path | None = None,
        in_place: bool = False,
        switches: Mapping[str, bool] | None = None,
        parallel: bool = True,
        only: str | None = None,
    ) -> None:
        self.config_path = config_path
        self.output = output
        self.in_place = in_place
        self.switches = dict(switches or {})
        self.parallel = parallel
        self.only = only
        """The folder name of the one briefing to build (check, serve and translated can keep to one)."""
        self.outputs: list[Output] = [kind() for kind in OUTPUTS]
        self.cache = LibraryCache()
        self.written: Manifest | None = None
        """The manifest this builder last wrote in place, trusted while its file is untouched."""
        self.written_stamp: tuple[int, int] | None = None
        self.ids: dict[str, tuple[int, frozenset[str]]] = {}
        """Element ids of the pages this builder made in place, with the size they were made at."""

    def renewed(self) -> Builder:
        """A builder for the same project that remembers nothing: its first build trusts only the files on disk."""
        return Builder(self.config_path, self.output, self.in_place, self.switches, self.parallel, self.only)

    def build(self, write: bool = True, later: Collection[str] = ()) -> BuildResult:
        """Run every stage; nothing is written unless all of them succeed.

        Outputs named in `later` (serve's slow ones) are not made: their files stay as the last build left
        them, and pages may link to them.
        """
        with _fewer_collections():
            return self._build(write, later)

    def _build(self, write: bool, later: Collection[str]) -> BuildResult:
        timings = Timings()
        config = timings.run("config", lambda: load_config(self.config_path, self.output))
        out = config.output
        if write:
            # A build killed mid-swap may have left the old site aside: put it back before anything else.
            remove_stale_temps(out)
        wanted = [o for o in self.outputs if self.switches.get(o.name, o.wanted(config))]
        making = [o for o in wanted if o.name not in later]
        # Serve updates its folder in place and never skips a build: it needs no digest of the inputs.
        inputs = "" if self.in_place else timings.run("inputs", lambda: _inputs(config, making))
        if write and not later and not self.in_place and is_current(out, inputs):
            return BuildResult(None, timings, 0, 0, (), config)
        strings = timings.run("strings", lambda: load_strings(config))
        # A build in a new process takes unchanged briefings from the disk; serve keeps them in memory, check writes none.
        store = DiskStore(config.cache / "briefings") if write and not self.in_place else None
        library, stats = timings.run("load", lambda: load_library(config, self.cache, self.parallel, self.only, store))
        timings.split("load", "markdown", stats.markdown_seconds)
        templates_key = timings.run("templates", lambda: fingerprint_folder(config.templates) + CODE_KEY)
        previous = self._previous(out) if write else {}
        run = Run(library, strings, frozenset(o.name for o in wanted), templates_key, previous, self.parallel)
        for output in making:
            run.plans[output.name] = timings.run(f"plan {output.name}", functools.partial(output.plan, run))
        raise_if_errors(collisions(run.plans))
        deferred = [o for o in wanted if o.name in later]
        kept = {o.name for o in deferred}
        known = {job.path for plan in run.plans.values() for job in plan.jobs}
        known |= {path for path, record in previous.items() if record[2] in kept}
        for output in deferred:
            known |= set(output.paths(run))
        trusted = previous is self.written
        # A build that writes nothing (check) plans every output, which renders and checks its templates, but
        # makes no slow file: its links are known from the plan, and printing is what builds are for.
        slow = set() if write else {o.name for o in making if o.background}
        todo = {
            name: [job for job in plan.jobs if name not in slow and not unchanged(out, job, previous, trusted)]
            for name, plan in run.plans.items()
        }
        to_finish = [
            o for o in making if run.plans[o.name].finish_key and not finished(out, o.name, run.plans[o.name], previous)
        ]
        kept |= {o.name for o in making if run.plans[o.name].finish_key and o not in to_finish}
        work = _Work(run, todo, Checker(known), kept, to_finish, inputs)
        if write and not self.in_place and any(todo.values()):
            written = self._staged(work, timings)
        else:
            written = self._direct(work, write, timings)
        global _FROZEN
        if self.in_place and not _FROZEN:
            # What serve's first build loaded mostly stays for the whole session: keeping it out of the garbage
            # collector's full passes spares later rebuilds pauses of up to a tenth of a second on large sites.
            gc.freeze()
            _FROZEN = True
        pages = run.plans.get("pages", Plan(()))
        rendered = len(todo.get("pages", ()))
        timings.notes += run.notes
        return BuildResult(library, timings, len(pages.jobs), rendered, tuple(written), config)

    def _staged(self, work: _Work, timings: Timings) -> list[str]:
        """Assemble a new site beside the old one as files are made; it goes live only if all is well."""
        out = work.run.config.output
        with staging(out) as stage:
            made = self._make(work, timings, stage.folder)
            for file in made:
                if file.data is not None:
                    stage.write(OutputFile(file.path, file.data))
            manifest = self._manifest(work, made)
            fresh = {file.path for file in made}
            finish = self._finisher(work, timings)
            keep = [path for path in manifest if path not in fresh]
            timings.run("write", lambda: stage.commit(keep, manifest, finish, work.inputs))
            timings.exclude("write", *(f"finish {o.name}" for o in work.to_finish))
        timings.notes += stage.left
        return sorted(fresh)

    def _direct(self, work: _Work, write: bool, timings: Timings) -> list[str]:
        """Make the files in memory and write only those that changed (serve, and builds with little to do)."""
        out, previous = work.run.config.output, work.run.previous
        made = self._make(work, timings, None)
        if not write:
            return []
        changed = [OutputFile(file.path, file.data) for file in made if file.data is not None]
        manifest = self._manifest(work, made)
        finish = self._finisher(work, timings)
        written: list[str] = []
        if changed or set(previous) != set(manifest) or finish:
            written = timings.run(
                "write", lambda: self._write(out, changed, previous, manifest, finish, work.inputs, timings.notes)
            )
            timings.exclude("write", *(f"finish {o.name}" for o in work.to_finish))
        elif not self.in_place and read_inputs(out) != work.inputs:
            # Same files, new inputs (say, a comment in config.yaml): record them, so the next build is instant.
            written = timings.run(
                "write", lambda: self._write(out, [], previous, manifest, None, work.inputs, timings.notes)
            )
        return written

    def _make(self, work: _Work, timings: Timings, folder: Path | None) -> list[Made]:
        """Make and check the changed files of every output (into `folder` when given); raise if any is wrong."""
        run = work.run
        made: list[Made] = []
        for output in self.outputs:
            if output.name not in run.plans:
                continue
            jobs = work.todo[output.name]
            done = timings.run(f"make {output.name}", functools.partial(output.make, jobs, run, work.checker, folder))
            for position, part in enumerate(output.parts):
                timings.parts.append((f"{output.name}: {part}", sum(file.seconds[position] for file in done)))
            made += done
        out = run.config.output
        checks = {file.path: file.check for file in made if file.check is not None}
        problems = timings.run("verify", lambda: finish_checks(checks, self._kept_ids(out, run), display_path(out)))
        raise_if_errors(problems)
        if self.in_place:
            self.ids.update({file.path: (file.size, file.check.ids) for file in made if file.check is not None})
        return made

    def _manifest(self, work: _Work, made: Sequence[Made]) -> Manifest:
        return new_manifest(work.run.plans, {file.path: file.size for file in made}, work.run.previous, work.kept)

    def _finisher(self, work: _Work, timings: Timings) -> Finish | None:
        """The finishing work of outputs whose key changed (the search index), over the complete new folder."""
        if not work.to_finish:
            return None
        run = work.run

        def finish(folder: Path) -> Manifest:
            added = {}
            for output in work.to_finish:
                key = run.plans[output.name].finish_key or ""
                sizes = timings.run(f"finish {output.name}", functools.partial(output.finish, run, folder))
                added.update({path: (key, size, output.name) for path, size in sizes.items()})
            return added

        return finish

    def _kept_ids(self, out: Path, run: Run) -> Callable[[str], frozenset[str]]:
        """Ids of pages kept from the last build: from memory when serve made them, else read from disk."""

        def ids(path: str) -> frozenset[str]:
            known = self.ids.get(path)
            size = run.previous[path][1] if path in run.previous else None
            if known is not None and known[0] == size and run.previous is self.written:
                return known[1]
            return page_ids((out / path).read_bytes())

        return ids

    def _previous(self, out: Path) -> Manifest:
        """What the output folder holds: as this builder last wrote it (serve), else read from disk."""
        if self.in_place and self.written is not None and self.written_stamp == stamp(out):
            return self.written
        return read_manifest(out)

    def _write(
        self,
        out: Path,
        changed: list[OutputFile],
        previous: Manifest,
        manifest: Manifest,
        finish: Finish | None,
        inputs: str,
        notes: list[str],
    ) -> list[str]:
        if self.in_place and previous:
            written = update_site(out, changed, set(previous) - set(manifest), manifest, finish)
            self.written, self.written_stamp = dict(manifest), stamp(out)
            return written
        fresh = {f.path for f in changed}
        notes += write_site(out, changed, [p for p in manifest if p not in fresh], manifest, finish, inputs)
        return sorted(fresh)


def collisions(plans: Mapping[str, Plan]) -> list[Problem]:
    """Two jobs claiming one path: each named with what asked for it (a section's id line, say)."""
    first: dict[str, Any] = {}
    problems = []
    for plan in plans.values():
        for job in plan.jobs:
            other = first.setdefault(job.path, job)
            if other is not job:
                a, b = sorted((other.origin, job.origin), key=lambda o: o.path is None)
                where = f" ({display_path(b.path)})" if b.path else ""
                message = f"{a.what} and {b.what}{where} would both be written to {job.path}"
                hint = "give the section another id" if a.path or b.path else None
                problems.append(problem(a.path or "config.yaml", a.line, message, hint))
    return problems


def _inputs(config: Config, making: Sequence[Output]) -> str:
    return inputs_digest(config, [o.name for o in making], [o.fingerprint(config) for o in making])


@dataclass(frozen=True)
class _Work:
    """What a build has decided to make, handed from planning to making and writing."""

    run: Run
    todo: Mapping[str, list[Any]]
    """The jobs to make, by output: new, or changed since the last build."""
    checker: Checker
    kept: set[str]
    """Outputs whose files stay as they are (left for later, or finished before with the same key)."""
    to_finish: list[Output]
    """Outputs whose finishing work runs over the new folder."""
    inputs: str
    """Hash of every input, recorded for the next build's no-change check."""


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


_FROZEN = False
"""Whether this process has set an in-place build's memory aside from garbage collection (once is enough)."""


def build(config_path: Path, output: Path | None = None, write: bool = True) -> BuildResult:
    """Build once."""
    return Builder(config_path, output).build(write)
