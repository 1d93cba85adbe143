"""Measurements: timed subprocesses with their peak memory, in-process builds, and one-section edits."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import urls
from briefing.build.builder import Builder, BuildResult

ROOT = Path(__file__).resolve().parents[1]
EDIT_MARK = "改"
"""Character appended to a paragraph by each one-section edit."""
_PLAIN_END = re.compile(r"[\u4e00-\u9fff]{3}。$")


@dataclass
class Measurement:
    """One quantity measured `len(values)` times; `feature` groups rows (html now, search index and pdf later)."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    feature: str = "html"

    @property
    def median(self) -> float:
        """Median of the runs."""
        return statistics.median(self.values)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: name, unit, feature, every run and min/median/max."""
        return {
            "name": self.name,
            "feature": self.feature,
            "unit": self.unit,
            "runs": [round(v, 6) for v in self.values],
            "min": round(min(self.values), 6),
            "median": round(self.median, 6),
            "max": round(max(self.values), 6),
        }


@dataclass(frozen=True)
class ProcessRun:
    """Wall time, CPU time and peak resident memory of one finished subprocess."""

    seconds: float
    cpu_seconds: float
    peak_mb: float


def run_process(args: Sequence[str], cwd: Path = ROOT) -> ProcessRun:
    """Run a command to completion; fails with its output if it exits non-zero.

    A small launcher process starts it: a process started straight from this one would report this one's
    peak memory as its own (Linux carries the peak over an exec), and this one holds a whole corpus.
    """
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, report.name, *args], cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
        if process.wait() != 0:
            output.seek(0)
            text = output.read().decode("utf-8", errors="replace")
            raise RuntimeError(f"{' '.join(args)} exited with {process.returncode}:\n{text}")
        measured = json.load(report)
    return ProcessRun(measured["seconds"], measured["cpu_seconds"], measured["peak_kb"] / 1024)


_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as error:
        print(f"cannot run {sys.argv[2]}: {error}", file=sys.stderr)
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}, report)
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Forks, then runs the command: its peak memory starts from this small process's, and wait4 reports it alone."""


def build_command(config: Path, out: Path) -> list[str]:
    """`python build.py build` of a project into `out`, as a user runs it."""
    return [sys.executable, str(ROOT / "build.py"), "build", "--config", str(config), "--out", str(out)]


def lower_bound_command(config: Path, out: Path) -> list[str]:
    """The minimal build of the same project, in a process of its own."""
    return [sys.executable, "-m", "bench.lower_bound", "--config", str(config), "--out", str(out)]


def measure_folder(folder: Path) -> dict[str, int]:
    """Number of files under `folder`, hidden ones included, and their total size in bytes."""
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    return {"files": len(sizes), "bytes": sum(sizes)}


def measure_cold_builds(config: Path, out: Path, runs: int) -> tuple[list[Measurement], BuildResult]:
    """In-process builds, each by a new Builder into an empty folder: total time and time per stage."""
    total = Measurement("in-process cold build", "s")
    stages: dict[str, Measurement] = {}
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(config.parent / ".briefing-cache", ignore_errors=True)
        builder = Builder(config, out)
        start = time.perf_counter()
        result = builder.build()
        total.values.append(time.perf_counter() - start)
        for name, seconds in result.timings.stages:
            stages.setdefault(name, Measurement(f"stage: {name}", "s")).values.append(seconds)
        for name, seconds in result.timings.parts:
            stages.setdefault(name, Measurement(f"CPU in stage {name}", "s")).values.append(seconds)
        report_progress(total.name, run, runs, total.values[-1])
    return [total, *stages.values()], result


def measure_page_bytes(projects: Sequence[tuple[Path, Path, int]], first: int) -> list[Measurement]:
    """The median size of the section pages of the first `first` briefings (oldest first) in each project's build,
    one row per project named by its number of briefings: a page must not grow with its library."""
    rows = []
    for config, out, count in projects:
        if not (out / ".briefing-site").exists():
            shutil.rmtree(out, ignore_errors=True)
            Builder(config, out).build()
        library = Builder(config, out).build(write=False).content
        oldest = sorted(library.briefings, key=lambda b: b.about.date or "")[:first]
        sizes = [
            (out / urls.section_path(view.code, section.id, briefing.base)).stat().st_size
            for briefing in oldest
            for view in briefing.views
            for section in briefing.sections
        ]
        rows.append(Measurement(f"section page bytes, {count} briefings", "B", [float(statistics.median(sizes))]))
    return rows


def find_edit_line(path: Path) -> int:
    """Index of the first paragraph line that ends in plain Chinese text, so its end shows up verbatim on the page."""
    lines = path.read_text(encoding="utf-8").split("\n")
    body_start = lines.index("---", 1) + 1
    for index in range(body_start, len(lines)):
        line = lines[index]
        if _PLAIN_END.search(line) and not line.startswith(("#", "-", "{", "[^", "**")):
            return index
    raise ValueError(f"{path} has no paragraph ending in plain Chinese text to edit")


def measure_edits(config: Path, out: Path, runs: int) -> list[Measurement]:
    """Append a character to one Chinese paragraph, rebuild as `serve` does, wait for the page to show it.

    `serve` keeps one Builder that updates the output folder in place, in this process; it is built once
    first, as serve does when it starts.
    """
    shutil.rmtree(out, ignore_errors=True)
    builder = Builder(config, out, in_place=True, parallel=False)
    result = builder.build()
    build = Measurement("one-section incremental build", "s")
    visible = Measurement("edit to page on disk", "s")
    briefings = result.content.briefings
    briefing = briefings[len(briefings) // 2]
    section = briefing.sections[len(briefing.sections) // 2]
    lang = result.config.source_language.code
    source = section.translations[lang].path
    page = result.config.output / urls.section_path(lang, section.id, briefing.base)
    index = find_edit_line(source)
    for run in range(runs):
        lines = source.read_text(encoding="utf-8").split("\n")
        lines[index] += EDIT_MARK
        # The marks appended so far after the paragraph's full stop: the text before it may carry term links.
        expected = ("。" + lines[index].rsplit("。", 1)[1] + "</p>").encode("utf-8")
        start = time.perf_counter()
        source.write_text("\n".join(lines), encoding="utf-8")
        build_start = time.perf_counter()
        builder.build()
        build.values.append(time.perf_counter() - build_start)
        wait_for_page(page, expected, timeout=60.0)
        visible.values.append(time.perf_counter() - start)
        report_progress(build.name, run, runs, build.values[-1])
    return [build, visible]


def wait_for_page(page: Path, expected: bytes, timeout: float) -> None:
    """Poll until `page` contains `expected`; a build that never shows the edit is an error."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            if expected in page.read_bytes():
                return
        except FileNotFoundError:
            pass
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{page} did not show the edit within {timeout:.0f} s")
        time.sleep(0.001)


def report_progress(name: str, run: int, runs: int, seconds: float) -> None:
    """One line on stderr per run, so a long benchmark shows it is alive."""
    print(f"  {name} {run + 1}/{runs}: {seconds:.3f} s", file=sys.stderr, flush=True)
