"""Shared fixtures: fixture projects in temporary folders, and builds of them."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from briefing.load.library import load_library
from briefing.model import Briefing, Config

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = Path("content") / "2024-provincial-civil-affairs-conference"
"""The bundled briefing's folder, relative to the project."""
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


def load_briefing(config: Config) -> Briefing:
    """The first briefing of a project, newest first (the only one, in most fixtures)."""
    return load_library(config)[0].briefings[0]


def spawn(args: list[str], cwd: Path, **options: Any) -> subprocess.Popen[str]:
    """Start a child as a shell would in the foreground: Ctrl-C (SIGINT) interrupts it.

    A shell starts background jobs with SIGINT ignored, and children inherit that; the child's handling is set
    here, so a test that sends SIGINT means the same however the suite was started.
    """

    def default_interrupt() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(args, cwd=cwd, text=True, preexec_fn=default_interrupt, **options)


def switch_on(project: Path, key: str) -> Path:
    """Turn on a feature (`search`, `pdf`) that the project's config.yaml has off."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert f"{key}: false" in text
    config.write_text(text.replace(f"{key}: false", f"{key}: true"), encoding="utf-8")
    return project


def add_language(project: Path, code: str, tag: str, name: str, copy_of: str = "en") -> Path:
    """Add a configured language to a fixture project: its sections and labels copied from `copy_of`'s, each
    file's text marked with the new language's code, and a glossary in every language."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("content: content", f"  - code: {code}\n    tag: {tag}\n    name: {name}\ncontent: content")
    for key in ("title", "event"):
        text = text.replace(f"{key}:\n", f"{key}:\n  {code}: {name} {key}\n", 1)
    config.write_text(text, encoding="utf-8")
    for source in sorted((project / "content").glob(f"*.{copy_of}.md")):
        target = source.with_name(source.name.replace(f".{copy_of}.md", f".{code}.md"))
        target.write_text(source.read_text(encoding="utf-8").replace("A third", f"[{code}] A third"), encoding="utf-8")
    strings = project / "templates" / "strings.yaml"
    labels = strings.read_text(encoding="utf-8").split(f"\n{copy_of}:\n", 1)[1].split("\n\n", 1)[0]
    strings.write_text(strings.read_text(encoding="utf-8") + f"\n{code}:\n{labels}\n", encoding="utf-8")
    glossary = ["terms:", "  - id: care", "    zh: 养老服务", "    en: elderly care", f"    {code}: elderly care"]
    glossary += ["    explain:", "      zh: 为老年人提供的服务。", "      en: Services for older people."]
    glossary += [f"      {code}: Services pour les personnes âgées."]
    (project / "content" / "glossary.yaml").write_text("\n".join(glossary) + "\n", encoding="utf-8")
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


@pytest.fixture(scope="session")
def bundled_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled speech's pages only (no PDFs, no search index), built once into a temporary folder."""
    out = tmp_path_factory.mktemp("bundled-pages") / "site"
    assert main(["build", "--config", str(ROOT / "config.yaml"), "--out", str(out), "--no-pdf", "--no-search"]) == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, for before/after comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
