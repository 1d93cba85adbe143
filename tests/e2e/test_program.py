"""`python build.py` as a program: it ends without freeing its memory piece by piece, and loses no output doing so."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, snapshot, switch_on

ENV = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
"""As a user's shell has it: output to a pipe or file is buffered, so what is left at the end must be flushed."""


def run_program(project: Path, *args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` in `project`, its output captured (or sent to `stdout`)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=project,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        env=ENV,
    )


@pytest.mark.pdf
def test_a_build_with_pdfs_prints_everything_and_leaves_nothing_behind(mini: Path) -> None:
    switch_on(mini, "pdf")
    done = run_program(mini, "build")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("rendered 10 of 10 pages")
    assert lines[-1] == "open site/index.html"
    assert done.stderr.endswith("2 warnings, 1 note\n")
    # The PDF workers' locks and queues are released before the process ends: nothing reported as leaked.
    for word in ("leaked", "resource_tracker", "Traceback", "Exception"):
        assert word not in done.stderr
    assert len(list((mini / "site" / "pdf").rglob("*.pdf"))) == 8


def test_a_failed_build_says_where_and_exits_with_status_1(mini: Path) -> None:
    assert run_program(mini, "build", "--no-pdf").returncode == 0
    before = snapshot(mini / "site")
    page = mini / "content" / "01-intro.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("order:", "order: [", 1), encoding="utf-8")
    done = run_program(mini, "build")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("content/01-intro.en.md:4: invalid YAML")
    assert done.stderr.endswith("1 error; nothing was written\n")
    assert snapshot(mini / "site") == before


def test_output_with_no_reader_left_ends_quietly(mini: Path) -> None:
    """`build.py check --format json | true`: the report has nowhere to go, and that is no error."""
    read, write = os.pipe()
    os.close(read)
    try:
        program = run_program(mini, "check", "--format", "json", stdout=write)
    finally:
        os.close(write)
    assert (program.returncode, program.stderr) == (0, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_reported(mini: Path) -> None:
    """`build.py check --format json > report.json` on a full disk: the report is lost, and the status says so."""
    with open("/dev/full", "w") as full:
        program = run_program(mini, "check", "--format", "json", stdout=full)
    assert program.returncode == 2
    assert program.stderr.strip() == "cannot write the output: [Errno 28] No space left on device"


def test_a_disk_that_takes_no_more_is_named_plainly_and_the_site_survives(mini: Path) -> None:
    """A full disk, a quota or a file-size limit: the machine's problem, reported without asking for a bug report."""
    assert run_program(mini, "build").returncode == 0
    before = snapshot(mini / "site")
    section = mini / "content" / "01-intro.en.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Comrades", "Friends"), encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    program = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build"],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
        preexec_fn=small_files,
    )
    assert program.returncode == 2
    assert ": cannot be written: file too large" in program.stderr
    assert "please report" not in program.stderr
    assert snapshot(mini / "site") == before
