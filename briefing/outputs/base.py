"""What every output is: it plans jobs (a path and a key), makes the changed ones, and may finish the folder."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from ..model import Config, Library, OutputFile
from .verify import Checker, FileCheck

Record = tuple[str, int, str]
"""What the site's manifest keeps of a file: the key it was made with, its size, and the output that made it."""
Manifest = Mapping[str, Record]


@dataclass(frozen=True)
class Origin:
    """What asked for a file, named when two jobs claim the same path."""

    what: str
    """In plain words: "section 'search'", "the search page"."""
    path: Path | None = None
    """The source file behind it, when there is one."""
    line: int | None = None
    """The line in that file."""


@dataclass(frozen=True)
class Job:
    """One file an output will make."""

    path: str
    """POSIX path in the site, from `urls`."""
    key: str
    """Changes whenever the file's bytes would: an unchanged key with the file in place means nothing to do."""
    origin: Origin
    """What asked for the file; an output adds what it needs to make it in a subclass."""


@dataclass(frozen=True)
class Made:
    """A file made and checked: written into the new site already (`data` None), or kept in memory to write."""

    path: str
    size: int
    data: bytes | None
    check: FileCheck | None = None
    """What checking the file found; None for files that are not checked (PDFs)."""
    seconds: tuple[float, ...] = ()
    """CPU seconds of the work, in the order of the output's `parts`."""


@dataclass(frozen=True)
class Plan:
    """An output's jobs, and the key of its finishing work over the complete folder (None when it has none)."""

    jobs: Sequence[Job]
    finish_key: str | None = None


@dataclass
class Run:
    """What one build hands every output: the content, the labels, what else is being made."""

    library: Library
    strings: Mapping[str, Mapping[str, str]]
    enabled: frozenset[str]
    """Names of the outputs this build makes or keeps: pages link to PDFs only when `pdf` is among them."""
    templates_key: str
    """Hash of the templates folder and Briefing's own code."""
    previous: Manifest
    """What the output folder holds from the last build."""
    parallel: bool = True
    """Whether large jobs may use every core."""
    notes: list[str] = field(default_factory=list)
    """Figures worth reporting (PDFs printed, index size)."""
    plans: dict[str, Plan] = field(default_factory=dict)
    """What the outputs planned so far, by name (the search index keys on the pages it will index)."""

    @property
    def config(self) -> Config:
        """The configuration of the build."""
        return self.library.config


class Output(Protocol):
    """One kind of file the build makes. Builders make one instance of each and keep it between builds, so an
    output may remember what it made (compiled templates, page plans)."""

    name: ClassVar[str]
    """Short name: in the manifest, in timings, in `--no-NAME`."""
    parts: ClassVar[tuple[str, ...]]
    """What the CPU time of `make` goes on, in the order of `Made.seconds`."""
    title: ClassVar[str]
    """What it makes, in a few words, for the command line's help."""
    optional: ClassVar[bool]
    """Can be switched off (`build --no-NAME`) and is off in `serve` unless asked for (`serve --NAME`)."""
    background: ClassVar[bool]
    """Slow enough that serve makes it after reloading the browser, not before."""

    def wanted(self, config: Config) -> bool:
        """Whether config.yaml asks for this output."""

    def fingerprint(self, config: Config) -> str:
        """Hash of what it reads besides config.yaml, content/ and templates/ (installed fonts); '' for nothing."""

    def plan(self, run: Run) -> Plan:
        """Every file this output makes for the site, with keys; nothing made yet."""

    def paths(self, run: Run) -> Collection[str]:
        """Where this output's files will be, cheaply: for links checked while it is left for later."""

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        """Make (and check) the files of `jobs`, writing them into `folder` when given."""

    def finish(self, run: Run, folder: Path) -> dict[str, int]:
        """Work over the complete new site (the search index): files added, with their sizes."""


class Basic:
    """What most outputs answer alike: always wanted, reading nothing beyond the project, nothing to find cheaply,
    nothing to finish. An output inherits these and says only what differs."""

    optional: ClassVar[bool] = False
    background: ClassVar[bool] = False
    parts: ClassVar[tuple[str, ...]] = ()

    def wanted(self, config: Config) -> bool:
        return True

    def fingerprint(self, config: Config) -> str:
        return ""

    def paths(self, run: Run) -> Collection[str]:
        return ()

    def finish(self, run: Run, folder: Path) -> dict[str, int]:
        return {}


def deliver(file: OutputFile, folder: Path | None, check: FileCheck | None = None) -> Made:
    """A file made in memory: written into `folder` when given, else kept to be written later."""
    if folder is None:
        return Made(file.path, len(file.data), file.data, check)
    target = folder / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(file.data)
    return Made(file.path, len(file.data), None, check)


def digest(*parts: str | bytes) -> str:
    """A short hash of texts or bytes, each part kept apart from the next."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()
