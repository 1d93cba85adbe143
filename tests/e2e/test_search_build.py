"""The search index is built with the site, reported, reused while no page changes, and skippable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot, switch_on


@pytest.fixture
def searchable(mini: Path) -> Path:
    return switch_on(mini, "search")


def test_build_writes_and_reports_a_search_index(searchable: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(searchable, "build")
    assert result.code == 0, result.err
    assert "search index:" in result.out and "KB" in result.out
    assert "search " in result.out.split("(")[1]
    bundle = searchable / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert sorted(p.name for p in bundle.glob("*.pf_meta"))[0].startswith("pagefind.en_")
    assert any(p.name.startswith("pagefind.zh-hans_") for p in bundle.glob("*.pf_meta"))
    assert not (bundle / "pagefind-ui.js").exists()


def test_an_unchanged_site_keeps_its_index(searchable: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(searchable, "build")
    before = snapshot(searchable / "site")
    result = run_cli(searchable, "build")
    assert "up to date" in result.out and "search index" not in result.out
    assert snapshot(searchable / "site") == before


def test_search_index_is_deterministic(searchable: Path, run_cli: Callable[..., Run], tmp_path: Path) -> None:
    run_cli(searchable, "build", "--out", str(tmp_path / "a"))
    run_cli(searchable, "build", "--out", str(tmp_path / "b"))
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_no_search_skips_the_index(searchable: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(searchable, "build", "--no-search")
    assert result.code == 0 and "search index" not in result.out
    assert not (searchable / "site" / "pagefind").exists()
    assert (searchable / "site" / "zh" / "search" / "index.html").is_file()


def test_only_reading_text_is_indexed(searchable: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(searchable, "build")
    section = (searchable / "site" / "zh" / "work" / "index.html").read_text(encoding="utf-8")
    assert section.count("data-pagefind-body") == 1
    for page in ("index.html", "zh/index.html", "zh-en/work/index.html", "zh/search/index.html"):
        assert "data-pagefind-body" not in (searchable / "site" / page).read_text(encoding="utf-8")
