"""Shared fixtures: fixture projects in temporary folders, and builds of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Run:
    """Outcome of one `build.py` invocation."""

    code: int
    out: str
    err: str


def copy_project(source: Path, target: Path) -> Path:
    """A fixture site with the bundled templates, in a folder of its own."""
    shutil.copytree(source, target)
    if not (target / "templates").exists():
        shutil.copytree(ROOT / "templates", target / "templates")
    return target


def switch_on(project: Path, key: str) -> Path:
    """Turn on a feature (`search`, `pdf`) that the project's config.yaml has off."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert f"{key}: false" in text
    config.write_text(text.replace(f"{key}: false", f"{key}: true"), encoding="utf-8")
    return project


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small two-section fixture site, copied to a temporary folder."""
    return copy_project(FIXTURES / "sites" / "mini", tmp_path / "project")


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run build.py's main() inside `project`, as a user would from that folder."""

    def run(project: Path, *args: str) -> Run:
        monkeypatch.chdir(project)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled speech built once into a temporary folder (content/ is only read)."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    assert main(["build", "--config", str(ROOT / "config.yaml"), "--out", str(out)]) == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, for before/after comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
