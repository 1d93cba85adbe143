"""Full-text search: Pagefind indexes the written site, one index per language, Chinese segmented."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..errors import BriefingError
from ..model import Config
from ..urls import SEARCH_BUNDLE as BUNDLE
from .base import Basic, Job, Made, Plan, Run, digest
from .pages.plan import PageSpec
from .verify import Checker

VERSION = "1.5.2"
"""Pagefind release the index is built with (pinned in pyproject.toml)."""
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces: the site brings its own, so these are not published."""


class SearchOutput(Basic):
    """The search index over the finished site's pages (config.yaml's `search`)."""

    name: ClassVar[str] = "search"
    title: ClassVar[str] = "the search index"
    optional: ClassVar[bool] = True
    background: ClassVar[bool] = True
    """Slow: serve indexes after the reload, not before it."""

    def wanted(self, config: Config) -> bool:
        return config.search

    def plan(self, run: Run) -> Plan:
        """No files of its own to plan: the index is made over the finished folder, keyed on the pages it reads."""
        pages = run.plans["pages"].jobs
        return Plan(
            [], finish_key=digest(VERSION, *(job.key for job in pages if isinstance(job, PageSpec) and job.searchable))
        )

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        return []

    def finish(self, run: Run, folder: Path) -> dict[str, int]:
        stats = index_site(folder)
        run.notes.append(f"search index: {stats.files} files, {stats.bytes / 1024:.0f} KB")
        bundle = folder / BUNDLE
        return {p.relative_to(folder).as_posix(): p.stat().st_size for p in bundle.rglob("*") if p.is_file()}


@dataclass(frozen=True)
class SearchStats:
    """What indexing produced."""

    seconds: float
    files: int
    bytes: int


def index_site(folder: Path) -> SearchStats:
    """Index the pages marked data-pagefind-body under `folder` into `folder/pagefind/`."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        BUNDLE,
        "--keep-index-url",
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"Pagefind did not run: {exc}") from exc
    if result.returncode != 0:
        if "No module named pagefind" in result.stderr or "binary" in result.stderr.lower():
            hint = "install the pinned packages again: make site"
            raise BriefingError.at(folder, None, "the search index needs Pagefind, which is not installed", hint)
        raise RuntimeError(f"Pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    bundle = folder / BUNDLE
    for name in _UNUSED:
        (bundle / name).unlink(missing_ok=True)
    _sort_entry(bundle / "pagefind-entry.json")
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchStats(time.perf_counter() - started, len(files), sum(p.stat().st_size for p in files))


def _sort_entry(path: Path) -> None:
    """Pagefind lists languages in no fixed order; sort them so equal inputs give equal files."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
