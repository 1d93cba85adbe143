"""Each folder under fixtures/invalid breaks the mini site one way; the build says where and keeps the old site."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run, snapshot

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_location_and_the_old_site_survives(
    case: Path, mini: Path, run_cli: Callable[..., Run]
) -> None:
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    content_before = snapshot(mini / "content")
    apply_case(case, mini)
    content_after_edit = snapshot(mini / "content") if (mini / "content").exists() else {}

    result = run_cli(mini, "build")

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
