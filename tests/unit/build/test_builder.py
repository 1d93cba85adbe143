"""The builder's own rules, apart from any output: two jobs never share a path."""

from __future__ import annotations

from pathlib import Path

from briefing.build.builder import collisions
from briefing.outputs.base import Job, Origin, Plan


def test_two_outputs_claiming_one_path_are_named_with_the_section_file_and_line() -> None:
    section = Origin("section 'search'", Path("content/03-search.zh.md"), 2)
    page = Origin("the search page")
    plans = {
        "pages": Plan([Job("zh/search/index.html", "a", section), Job("zh/other/index.html", "b", section)]),
        "more": Plan([Job("zh/search/index.html", "c", page)]),
    }
    [found] = collisions(plans)
    assert str(found).startswith("content/03-search.zh.md:2: ")
    assert "section 'search' and the search page would both be written to zh/search/index.html" in found.message
    assert found.hint


def test_distinct_paths_are_no_collision() -> None:
    origin = Origin("the landing page")
    plans = {"pages": Plan([Job("index.html", "a", origin)]), "assets": Plan([Job("static/style.css", "b", origin)])}
    assert collisions(plans) == []
