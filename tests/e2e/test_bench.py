"""The benchmark runs end to end on a tiny corpus; its figures are not checked, only that they are all there."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import generate_corpus
from bench.run import main
from briefing.outputs.pages.output import PagesOutput
from tests.conftest import Run, snapshot

pytestmark = pytest.mark.bench

EXPECTED = {
    "lower bound",
    "cold build",
    "no-change rebuild",
    "adding one briefing",
    "cold build peak memory",
    "check of the bundled briefing",
    "section page bytes, 1 briefings",
    "section page bytes, 2 briefings",
    "one-section incremental build",
    "edit to page on disk",
    "in-process cold build",
    "suggest, new 10-section briefing",
    "suggest, after a review changed the memory",
    "suggest, memory kept from the last run",
    "check",
    "glossary consistency in check",
    "import, 20,000 characters, 15 pages of furniture",
    "import plan in process (clean-up, paragraphs, sections)",
}


def test_benchmark_writes_every_measurement_and_target_as_json(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    assert main(["--sections", "4", "--briefings", "2", "--runs", "1", "--json", str(results)]) == 0
    record = json.loads(results.read_text(encoding="utf-8"))
    names = {m["name"] for m in record["measurements"]}
    assert EXPECTED - names == set()
    assert any(name.startswith("stage: ") for name in names)
    medians = {m["name"]: m["median"] for m in record["measurements"]}
    parts = [medians[f"CPU in stage pages: {part}"] for part in PagesOutput.parts]
    assert all(seconds > 0 for seconds in parts)
    # A corpus this small renders in one process: the parts are the render stage's own time, split.
    assert sum(parts) <= medians["stage: make pages"] * 1.05
    for measurement in record["measurements"]:
        assert len(measurement["runs"]) == 1
        assert measurement["min"] <= measurement["median"] <= measurement["max"]
    assert {t["name"] for t in record["targets"]} == {
        "cold build vs lower bound",
        "no-change rebuild vs cold build",
        "adding one briefing vs cold build",
        "one-section incremental build",
        "cold build peak memory",
        "check of the bundled briefing",
        "section page bytes, 2 briefings vs 1 briefings",
        "suggest, new 10-section briefing",
        "glossary consistency share of check",
        "import, 20,000 characters, 15 pages of furniture",
    }
    assert record["corpus"]["sections"] == 4 and record["corpus"]["briefings"] == 2
    # Per briefing: landing, view homes, sections per view, a glossary page per language. The library: home,
    # a page per year and per tag in use (two to five), a glossary page per language.
    briefings = 2 * (1 + 3 + 3 * 2 + 2)
    assert briefings + 1 + 1 + 2 + 2 <= record["corpus"]["pages"] <= briefings + 1 + 1 + 5 + 2
    assert record["machine"]["cpu_count"] >= 1


def test_corpus_is_the_same_every_time_and_passes_check(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    first = generate_corpus(tmp_path / "a", sections=6)
    generate_corpus(tmp_path / "b", sections=6)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    result = run_cli(first.root, "check")
    assert result.code == 0, result.err
    assert "(en): all " in result.out and "blocks translated and reviewed" in result.out


def test_a_corpus_of_some_size_has_nothing_to_warn_about(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    """Its text and glossary come from the bundled speech: every term occurs in both languages, as there, and
    each English block carries the renderings of the terms its Chinese uses."""
    corpus = generate_corpus(tmp_path / "c", sections=40)
    result = run_cli(corpus.root, "check")
    assert result.code == 0
    assert "warning" not in result.err, result.err
