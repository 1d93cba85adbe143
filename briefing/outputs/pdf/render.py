"""Print jobs -> PDF bytes with WeasyPrint: cached by a hash of their inputs, cold ones in parallel."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ...errors import BriefingError, Problem, problem
from ...files import read_limited
from ...model import OutputFile
from ...workers import follow_parent
from .fonts import find_font_files, fingerprint_files

CACHE_FORMAT = "briefing-pdf-1"
CACHE_BYTES = 512 * 1024 * 1024
"""Size the PDF cache may grow to with entries the latest build did not use; those used are always kept."""
"""Bumped whenever the way a PDF is made from its HTML changes, so old cache entries stop matching."""
ALLOWED_SCHEMES = ("file:", "data:")
"""What print templates and content may load: local files and inline data, never the network."""


@dataclass(frozen=True)
class FontNeeds:
    """The font families a PDF is set in; they must be installed for it to be made."""

    cjk: tuple[str, ...]
    """Families that must cover Chinese."""
    other: tuple[str, ...]
    """Families that only need to be installed (Latin text)."""
    origin: str
    """Where the families were configured, for error messages."""


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it goes and the self-contained HTML it is printed from."""

    path: str
    """Output path relative to the site folder, from `urls`."""
    html: str
    """The whole document, styles inline; nothing else is read while printing."""
    key: str
    """Hash of everything in the HTML (content, print templates, options); fonts are added when rendering."""
    fonts: FontNeeds
    """Families the document is set in."""
    source: str
    """The template the HTML comes from, named when printing fails."""
    inputs: tuple[Path, ...] = ()
    """The files whose text the document shows, searched for a character the fonts lack when printing fails."""


@dataclass(frozen=True)
class PdfStats:
    """What making the PDFs took."""

    rendered: int
    """PDFs printed by WeasyPrint."""
    cached: int
    """PDFs taken unchanged from the cache."""
    seconds: float
    """Wall time of the whole step."""


def render_pdfs(
    jobs: Sequence[PdfJob], cache_dir: Path | None, workers: int, progress: bool
) -> tuple[list[OutputFile], PdfStats]:
    """PDF bytes for every job, from the cache when its inputs are unchanged; cold ones on `workers` processes.

    `cache_dir` (None for no cache) keeps PDFs by key, the least recently used dropped first once it is over
    its size (`CACHE_BYTES`); `workers` <= 1 prints in this process. Raises a BriefingError when a font is
    missing or a document cannot be printed.
    """
    start = time.perf_counter()
    if not jobs:
        return [], PdfStats(0, 0, 0.0)
    names = cache_names(jobs)
    found = {name: data for name in set(names) if (data := _read_cache(cache_dir, name)) is not None}
    cold: dict[str, PdfJob] = {}
    for job, name in zip(jobs, names, strict=True):
        if name not in found:
            cold.setdefault(name, job)
    bar = ProgressBar(len(jobs), sys.stderr if progress and sys.stderr.isatty() else None)
    bar.advance(len(jobs) - sum(1 for name in names if name in cold))
    made = _render_all(cold, workers, bar)
    bar.close()
    if cache_dir is not None:
        _update_cache(cache_dir, made, set(names))
    files = [OutputFile(job.path, found.get(name) or made[name]) for job, name in zip(jobs, names, strict=True)]
    rendered = sum(1 for name in names if name in cold)
    return files, PdfStats(rendered, len(jobs) - rendered, time.perf_counter() - start)


def cache_names(jobs: Sequence[PdfJob]) -> list[str]:
    """Each job's cache entry: its key, the font files it is set in and the WeasyPrint version."""
    # Imported here: only builds that print need it, and it costs every start about 10 ms.
    import importlib.metadata

    weasyprint = importlib.metadata.version("weasyprint")
    fingerprints = {
        needs: fingerprint_files(find_font_files(needs.cjk, needs.other, needs.origin))
        for needs in sorted({job.fonts for job in jobs}, key=repr)
    }
    return [
        hashlib.sha256(f"{CACHE_FORMAT}\0{weasyprint}\0{fingerprints[job.fonts]}\0{job.key}".encode()).hexdigest()
        for job in jobs
    ]


def _read_cache(cache_dir: Path | None, name: str) -> bytes | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"{name}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # An entry is written whole or not at all, but a file someone truncated is simply made again.
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be dropped
    return data


def _update_cache(cache_dir: Path, made: dict[str, bytes], used: set[str]) -> None:
    """Store new PDFs atomically; when the folder is over its size, drop the least recently used entries this
    build does not use, so switching an option back takes the earlier PDFs from the cache."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, data in made.items():
        temp = cache_dir / f".{name}.{os.getpid()}.tmp"
        temp.write_bytes(data)
        os.replace(temp, cache_dir / f"{name}.pdf")
    entries = []
    for entry in cache_dir.glob("*.pdf"):
        with contextlib.suppress(OSError):
            stat = entry.stat()
            entries.append((stat.st_mtime_ns, entry.stem, stat.st_size, entry))
    total = sum(size for _, _, size, _ in entries)
    for _, name, size, entry in sorted(entries):
        if total <= CACHE_BYTES:
            break
        if len(name) == 64 and name not in used:
            entry.unlink(missing_ok=True)
            total -= size


def _render_all(cold: dict[str, PdfJob], workers: int, bar: ProgressBar) -> dict[str, bytes]:
    """Print the jobs not in the cache, in this process or on a pool; fail on the first broken one."""
    made: dict[str, bytes] = {}
    if workers <= 1 or len(cold) <= 1:
        for name, job in cold.items():
            made[name] = _checked(job, print_html(job.html, job.key))
            bar.advance(1)
        return made
    # forkserver: workers start clean (no inherited threads or locks) from a process that has WeasyPrint loaded.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "weasyprint"])
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(cold)), mp_context=context, initializer=follow_parent, initargs=(os.getpid(),)
    )
    try:
        # Longest first, so a booklet does not start last and keep one core busy alone.
        ordered = sorted(cold.items(), key=lambda item: (-len(item[1].html), item[0]))
        futures: dict[Future[tuple[bytes | None, str | None]], tuple[str, PdfJob]] = {
            pool.submit(print_html, job.html, job.key): (name, job) for name, job in ordered
        }
        for future in as_completed(futures):
            name, job = futures[future]
            made[name] = _checked(job, future.result())
            bar.advance(1)
    finally:
        # On failure, jobs not started yet are dropped rather than printed for nothing.
        pool.shutdown(wait=True, cancel_futures=True)
    return made


def _checked(job: PdfJob, outcome: tuple[bytes | None, str | None]) -> bytes:
    data, failure = outcome
    if data is None:
        unprintable = {chr(int(code, 16)) for code in _NO_GLYPH.findall(failure or "")}
        located = locate_characters(unprintable, job.inputs)
        if located:
            raise BriefingError(located)
        raise BriefingError.at(
            job.source, None, f"could not print {job.path}: {failure}", "fix the print template or the section it shows"
        )
    return data


_NO_GLYPH = re.compile(r"unsupported by fonts: .*?\(U\+([0-9A-F]{4,6})\)")
"""WeasyPrint's warning about a character no configured font can show."""


def locate_characters(characters: set[str], paths: Sequence[Path]) -> list[Problem]:
    """Where each of `characters` stands in `paths`: the first line of each file that holds it."""
    found = []
    for path in paths:
        data, _ = read_limited(path)
        text = data.decode("utf-8", "replace") if data else ""
        for char in sorted(characters):
            # As written, or as a YAML escape in quotes ("\u2028").
            spellings = (
                char,
                f"\\u{ord(char):04x}",
                f"\\u{ord(char):04X}",
                f"\\U{ord(char):08x}",
                f"\\U{ord(char):08X}",
            )
            at = min((i for i in map(text.find, spellings) if i >= 0), default=-1)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                message = f"U+{ord(char):04X} cannot be printed: the print fonts have no glyph for it"
                found.append(
                    problem(path, line, message, "remove the character, or configure a print font that has it")
                )
    return found


def print_html(html: str, key: str) -> tuple[bytes | None, str | None]:
    """Print one HTML document to PDF bytes, or say why not; WeasyPrint's warnings count as failures.

    The PDF's file identifier comes from `key`, the hash of the document's inputs, so it is stable.
    WeasyPrint is imported here, not at the top, so building a site without PDFs never loads it.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    records = _WarningRecorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(records)
    try:
        document = HTML(string=html, url_fetcher=_offline_fetcher())
        # Tagged for screen readers and reflow; it costs no measurable time.
        data = document.write_pdf(font_config=_font_config(), pdf_identifier=key[:32].encode("ascii"), pdf_tags=True)
    except FatalURLFetchingError as exc:
        return None, str(exc)
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(records)
    if records.messages:
        return None, "; ".join(records.messages)
    return data, None


@functools.cache
def _font_config() -> Any:
    """One FontConfiguration per process: sharing it keeps memory flat across documents (~250 MB, not ~650)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that loads local files and inline data, and stops the print on anything else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith(ALLOWED_SCHEMES):
                raise FatalURLFetchingError(f"refused to fetch {url}: PDFs are printed offline, from local files only")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("file", "data"))


class _WarningRecorder(logging.Handler):
    """Collects WeasyPrint's warnings and errors (ignored CSS, duplicate anchors, unreadable images)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class ProgressBar:
    """A one-line bar on a terminal; writes nothing when given no stream."""

    WIDTH = 30

    def __init__(self, total: int, stream: IO[str] | None) -> None:
        self.total, self.done, self.stream = total, 0, stream

    def advance(self, count: int) -> None:
        """Count `count` more PDFs as done and redraw."""
        self.done += count
        if self.stream is None or self.total == 0:
            return
        filled = self.WIDTH * self.done // self.total
        self.stream.write(f"\rPDF [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.stream is not None and self.total:
            self.stream.write("\n")
            self.stream.flush()
