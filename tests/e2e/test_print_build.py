"""PDFs are part of the build: linked from the pages, printed only when their inputs change, skippable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot, switch_on

pytestmark = pytest.mark.pdf


@pytest.fixture
def printing(mini: Path) -> Path:
    return switch_on(mini, "pdf")


def test_build_prints_handouts_and_booklets_and_links_them(printing: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(printing, "build")
    assert result.code == 0, result.err
    assert "PDF: 8 printed" in result.out
    site = printing / "site"
    for path in (
        "pdf/zh/intro.pdf",
        "pdf/en/work.pdf",
        "pdf/zh-en/work.pdf",
        "pdf/booklet.zh.pdf",
        "pdf/booklet.en.pdf",
    ):
        assert (site / path).read_bytes().startswith(b"%PDF-"), path
    zh = (site / "zh" / "work" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../pdf/zh/work.pdf" type="application/pdf">打印讲义 (PDF)</a>' in zh
    assert 'href="../../pdf/booklet.zh.pdf"' in zh
    landing = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="pdf/booklet.zh.pdf"' in landing and 'href="pdf/booklet.en.pdf"' in landing


def test_unchanged_pdfs_are_not_printed_again(printing: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(printing, "build")
    before = snapshot(printing / "site")
    assert "up to date" in run_cli(printing, "build").out
    assert snapshot(printing / "site") == before
    path = printing / "content" / "02-work.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("elderly care.", "care for older people."), encoding="utf-8"
    )
    result = run_cli(printing, "build")
    assert "PDF: 3 printed, 0 from the cache, 5 unchanged" in result.out
    after = snapshot(printing / "site")
    changed = {p for p in after if after[p] != before.get(p) and p.endswith(".pdf")}
    assert changed == {"pdf/en/work.pdf", "pdf/zh-en/work.pdf", "pdf/booklet.en.pdf"}


def test_no_pdf_builds_pages_without_print_links(printing: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(printing, "build", "--no-pdf")
    assert result.code == 0 and "PDF" not in result.out
    assert not (printing / "site" / "pdf").exists()
    assert "打印讲义" not in (printing / "site" / "zh" / "work" / "index.html").read_text(encoding="utf-8")


def test_a_missing_font_stops_the_build_and_names_it(printing: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(printing, "build", "--no-pdf").code == 0
    before = snapshot(printing / "site")
    config = printing / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "print:\n  font: Imaginary Song\n", encoding="utf-8")
    result = run_cli(printing, "build")
    assert result.code == 1
    assert "config.yaml" in result.err and "Imaginary Song" in result.err and "fonts-noto-cjk" in result.err
    assert snapshot(printing / "site") == before
