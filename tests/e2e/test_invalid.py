"""Each folder under fixtures/invalid breaks the mini site one way; the build says where and keeps the old site."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, Run, snapshot

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
MEMORY = 1 << 30
"""Address space a build of a broken mini site may use: a blow-up fails the test, not the machine."""
SECONDS = 30
"""Time a build of a broken mini site may take: a hang fails the test."""


def run_limited(project: Path, *args: str) -> Run:
    """build.py run in `project` as a child process with at most MEMORY bytes and SECONDS seconds."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    command = [sys.executable, str(ROOT / "build.py"), *args]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=SECONDS, preexec_fn=limit)
    return Run(done.returncode, done.stdout, done.stderr)


def apply_case(case: Path, project: Path) -> None:
    """Overlay the case's files on the project and delete those listed in remove.txt."""
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if path.is_file() and relative.name not in ("expected.txt", "remove.txt"):
            target = project / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text(encoding="utf-8").split():
            (project / line).unlink()
    specials = case / "special.txt"
    if specials.exists():
        for line in specials.read_text(encoding="utf-8").splitlines():
            make_special(project, *line.split())


def make_special(project: Path, kind: str, name: str, *rest: str) -> None:
    """What a folder of fixture files cannot hold: a pipe, a link, an unreadable, huge or badly named file."""
    path = project / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to(rest[0])
    elif kind == "unreadable":
        path.chmod(0)
    elif kind == "large":
        with path.open("wb") as stream:
            stream.truncate(int(rest[0]))
    elif kind == "badname":
        (project / name / os.fsdecode(b"03-\xff.en.md")).write_bytes((project / name / "01-intro.en.md").read_bytes())
    else:
        raise ValueError(f"unknown special file kind {kind!r}")


@pytest.mark.timeout(2 * SECONDS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_location_and_the_old_site_survives(
    case: Path, mini: Path, run_cli: Callable[..., Run]
) -> None:
    if (case / "special.txt").exists() and "unreadable" in (case / "special.txt").read_text() and os.geteuid() == 0:
        pytest.skip("permissions do not stop the superuser from reading")
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    content_before = snapshot(mini / "content")
    apply_case(case, mini)
    content_after_edit = snapshot(mini / "content") if (mini / "content").exists() else {}

    for result in (run_limited(mini, "build"), run_cli(mini, "check")):
        assert result.code == 1, result.err
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            assert line in result.err, f"expected {line!r} in:\n{result.err}"
        assert "Traceback" not in result.err
    assert snapshot(mini / "site") == before
    assert (snapshot(mini / "content") if (mini / "content").exists() else {}) == content_after_edit
    assert content_before  # the fixture had content to begin with


def test_check_reports_the_same_problems_without_writing(mini: Path, run_cli: Callable[..., Run]) -> None:
    apply_case(FIXTURES / "invalid" / "unknown-key", mini)
    result = run_cli(mini, "check")
    assert result.code == 1
    assert "content/01-intro.en.md:4: unknown front-matter key 'titel' (did you mean 'title'?)" in result.err
    assert not (mini / "site").exists()
