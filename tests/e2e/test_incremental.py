"""A site rebuilt after edits is byte for byte the site a fresh build of the same content makes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.build.builder import Builder
from tests.conftest import ROOT, snapshot


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The bundled speech (with figures and glossary) in a temporary folder, HTML only."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, target / name)
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    (target / "config.yaml").write_text(
        config.replace("search: true", "search: false").replace("pdf: true", "pdf: false")
    )
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder).items() if not path.startswith(".briefing")}


def fresh_build(project: Path, tmp: Path) -> dict[str, bytes]:
    """A build from nothing: no output folder, and no briefings kept by earlier builds."""
    out = tmp / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(project / ".briefing-cache", ignore_errors=True)
    Builder(project / "config.yaml", out, parallel=False).build()
    return pages(out)


def new_section(content: Path) -> None:
    (content / "06-extra.zh.md").write_text(
        "---\nid: extra\norder: 6\ntitle: 补充\n---\n补充一段。\n", encoding="utf-8"
    )
    (content / "06-extra.en.md").write_text(
        "---\nid: extra\norder: 6\ntitle: Addendum\n---\nOne more paragraph.\n", encoding="utf-8"
    )


def drop_section(content: Path) -> None:
    for path in content.glob("06-extra.*.md"):
        path.unlink()


BUNDLED = "2024-provincial-civil-affairs-conference"


def another_briefing(library: Path) -> None:
    """A second briefing: the bundled one's sections under another folder, title and date."""
    shutil.copytree(library / BUNDLED, library / "2025-midyear")
    about = library / "2025-midyear" / "briefing.yaml"
    text = about.read_text(encoding="utf-8").replace("date: 2024", "date: 2025-07-01")
    about.write_text(text.replace("在2024年", "在2025年年中"), encoding="utf-8")


def edits(project: Path) -> list[tuple[str, Callable[[], None]]]:
    library = project / "content"
    content = library / BUNDLED
    glossary = (library / "glossary.yaml").read_text(encoding="utf-8")
    return [
        (
            "a glossary term used in another section",
            lambda: edit(content / "01-opening.zh.md", "同志们:", "同志们:“一老一小”"),
        ),
        (
            "a heading renamed",
            lambda: edit(content / "04-part-1.zh.md", "## 一要把思想和行动", "## 一要把思想与行动"),
        ),
        ("the glossary removed", lambda: (library / "glossary.yaml").unlink()),
        ("the glossary restored", lambda: (library / "glossary.yaml").write_text(glossary, encoding="utf-8")),
        ("a summary added", lambda: edit(content / "02-review-2023.zh.md", "\ntitle:", "\nsummary: 回顾。\ntitle:")),
        (
            "a section title changed",
            lambda: edit(content / "01-opening.en.md", "title: Opening", "title: Opening Words"),
        ),
        ("a section added", lambda: new_section(content)),
        ("a section removed", lambda: drop_section(content)),
        ("a briefing added", lambda: another_briefing(library)),
        ("a briefing's title changed", lambda: edit(library / "2025-midyear" / "briefing.yaml", "年中", "年中工作")),
        (
            "a section of one briefing edited",
            lambda: edit(library / "2025-midyear" / "01-opening.zh.md", "同志们", "各位"),
        ),
        ("a briefing removed", lambda: shutil.rmtree(library / "2025-midyear")),
    ]


@pytest.mark.parametrize("in_place", [False, True], ids=["build", "serve"])
def test_rebuilds_after_each_edit_match_a_fresh_build(project: Path, tmp_path: Path, in_place: bool) -> None:
    builder = Builder(project / "config.yaml", in_place=in_place, parallel=False)
    builder.build()
    for name, change in edits(project):
        change()
        builder.build()
        built, fresh = pages(project / "site"), fresh_build(project, tmp_path)
        assert sorted(built) == sorted(fresh), name
        differ = [path for path in fresh if built[path] != fresh[path]]
        assert differ == [], f"after {name}, these pages are out of date: {differ}"


def test_the_manifest_is_the_same_wherever_the_project_lives(project: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "a" / "longer" / "path"
    shutil.copytree(project, moved)
    Builder(project / "config.yaml").build()
    Builder(moved / "config.yaml").build()
    assert (moved / "site" / ".briefing-site").read_bytes() == (project / "site" / ".briefing-site").read_bytes()


def test_a_moved_project_renders_no_page_again(project: Path, tmp_path: Path) -> None:
    Builder(project / "config.yaml").build()
    moved = Path(shutil.move(project, tmp_path / "moved"))
    with (moved / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("# moved to another folder\n")  # the inputs changed: the build looks at every page
    result = Builder(moved / "config.yaml").build()
    assert result.pages > 0 and result.rendered == 0
