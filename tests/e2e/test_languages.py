"""A third language comes from data alone: its views, its labels, and the other language named right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, add_language
from tests.htmlcheck import read_page


def test_a_third_language_gets_its_views_and_tags_from_the_configuration(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    add_language(mini, "fr", "fr-FR", "Français")
    result = run_cli(mini, "build")
    assert result.code == 0, result.err
    site = mini / "site"
    for view in ("fr", "zh-fr", "zh-en"):
        assert (site / view / "intro" / "index.html").is_file()
    assert read_page(site / "fr" / "intro" / "index.html").find("html")[0]["lang"] == "fr-FR"
    assert "[fr] A third paragraph" in (site / "fr" / "intro" / "index.html").read_text(encoding="utf-8")
    side = (site / "zh-fr" / "intro" / "index.html").read_text(encoding="utf-8")
    assert 'class="cell" lang="fr-FR"' in side and 'class="cell" lang="zh-Hans"' in side
    # The glossary names each term in the other language with that language's own tag, whatever it is.
    glossary = (site / "fr" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<span class="term-other" lang="zh-Hans">养老服务</span>' in glossary
    chinese = (site / "zh" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<span class="term-other" lang="en">elderly care</span>' in chinese
    tip = (site / "fr" / "work" / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hans">养老服务</span>' in tip
