"""Building the mini fixture site: pages, links, escaping, atomic swaps, determinism."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.htmlcheck import read_page


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_build_writes_every_view_and_says_where(mini: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(mini, "build")
    assert result.code == 0, result.err
    assert "open site/index.html" in result.out
    site = mini / "site"
    for view in ("zh", "en", "zh-en"):
        for section in ("intro", "work"):
            assert (site / view / section / "index.html").is_file()
        assert (site / view / "index.html").is_file()
    assert (site / "index.html").is_file()


def test_chinese_bold_and_cross_section_links_render(mini: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(mini, "build")
    zh = page(mini / "site", "zh/intro/index.html")
    assert "<strong>一是民生兜底保障更加有力。</strong>全年发放" in zh
    assert 'href="../../zh/work/index.html#care"' in zh
    en = page(mini / "site", "en/intro/index.html")
    assert 'href="../../en/work/index.html#care"' in en


def test_truncated_section_says_so_in_each_language(mini: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(mini, "build")
    assert "原文至此中断" in page(mini / "site", "zh/work/index.html")
    assert "The source text breaks off here" in page(mini / "site", "en/work/index.html")
    both = page(mini / "site", "zh-en/work/index.html")
    assert "原文至此中断" in both and "The source text breaks off here" in both


def test_summaries_appear_under_titles_on_the_contents_page(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = mini / "content" / "02-work.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\ntitle:", "\nsummary: Care & <relief> in 2024.\ntitle:", 1),
        encoding="utf-8",
    )
    assert run_cli(mini, "build").code == 0
    assert '<p class="summary">Care &amp; &lt;relief&gt; in 2024.</p>' in page(mini / "site", "en/index.html")
    assert "in 2024." not in page(mini / "site", "en/intro/index.html")
    assert "in 2024." not in page(mini / "site", "zh/index.html")


def test_script_in_content_and_titles_is_escaped(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = mini / "content" / "01-intro.en.md"
    text = path.read_text(encoding="utf-8").replace("title: Opening", "title: \"<script>alert('t')</script>\"")
    path.write_text(text + '\n<script>alert("x")</script>\n\n<b onmouseover="alert(1)">hi</b>\n', encoding="utf-8")
    zh = mini / "content" / "01-intro.zh.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n脚本一\n\n脚本二\n", encoding="utf-8")
    assert run_cli(mini, "build").code == 0
    for html_file in (mini / "site").rglob("*.html"):
        parsed = read_page(html_file)
        assert all(attrs.get("src", "").endswith("static/briefing.js") for attrs in parsed.find("script"))
        assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
        assert not parsed.find("b")
    en = page(mini / "site", "en/intro/index.html")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in en or "&lt;script&gt;alert(&quot;x&quot;)" in en


def test_two_builds_are_byte_identical(mini: Path, run_cli: Callable[..., Run], tmp_path: Path) -> None:
    run_cli(mini, "build")
    first = snapshot(mini / "site")
    run_cli(mini, "build", "--out", str(tmp_path / "again"))
    assert snapshot(tmp_path / "again") == first


def test_base_url_makes_canonical_and_alternates_absolute(mini: Path, run_cli: Callable[..., Run]) -> None:
    config = mini / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://intra.example/b\n", encoding="utf-8")
    run_cli(mini, "build")
    html = page(mini / "site", "zh/intro/index.html")
    assert '<link rel="canonical" href="https://intra.example/b/zh/intro/index.html">' in html
    assert '<link rel="alternate" hreflang="en" href="https://intra.example/b/en/intro/index.html">' in html
    assert 'href="../../static/style.css"' in html


def test_without_base_url_no_page_has_a_canonical_or_hreflang_link(mini: Path, run_cli: Callable[..., Run]) -> None:
    """Search engines take those addresses as absolute: relative ones would point nowhere."""
    assert run_cli(mini, "build").code == 0
    pages = sorted((mini / "site").rglob("*.html"))
    assert pages
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert 'rel="canonical"' not in head and "hreflang" not in head, path
    # The language switch still names each page's language.
    assert 'hreflang="en"' in page(mini / "site", "zh/intro/index.html")


def test_with_base_url_every_canonical_and_hreflang_link_is_absolute(mini: Path, run_cli: Callable[..., Run]) -> None:
    config = mini / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://intra.example/b\n", encoding="utf-8")
    assert run_cli(mini, "build").code == 0
    for path in sorted((mini / "site").rglob("*.html")):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = re.findall(r'<link rel="(?:canonical|alternate)"(?: hreflang="[^"]+")? href="([^"]+)"', head)
        assert links and all(link.startswith("https://intra.example/b/") for link in links), (path, links)


def test_output_folder_not_made_by_briefing_is_never_replaced(mini: Path, run_cli: Callable[..., Run]) -> None:
    precious = mini / "site" / "notes.txt"
    precious.parent.mkdir()
    precious.write_text("keep me", encoding="utf-8")
    result = run_cli(mini, "build")
    assert result.code == 1
    assert "output folder exists and was not made by Briefing" in result.err
    assert precious.read_text(encoding="utf-8") == "keep me"


def test_crlf_and_bom_are_accepted(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = mini / "content" / "01-intro.zh.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli(mini, "build").code == 0
    assert "<strong>一是民生兜底保障更加有力。</strong>" in page(mini / "site", "zh/intro/index.html")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_leaving_the_content_folder_is_refused(mini: Path, run_cli: Callable[..., Run], tmp_path: Path) -> None:
    outside = tmp_path / "secret.zh.md"
    outside.write_bytes((mini / "content" / "02-work.zh.md").read_bytes())
    (mini / "content" / "02-work.zh.md").unlink()
    (mini / "content" / "02-work.zh.md").symlink_to(outside)
    result = run_cli(mini, "build")
    assert result.code == 1
    assert f"content/02-work.zh.md: links to {outside}, outside the project" in result.err


def test_no_temporary_folders_are_left_behind(mini: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(mini, "build")
    run_cli(mini, "build")
    assert sorted(p.name for p in mini.iterdir()) == ["config.yaml", "content", "site", "templates"]


def test_pending_translation_shows_the_original_with_a_notice(mini: Path, run_cli: Callable[..., Run]) -> None:
    source = (mini / "content" / "01-intro.zh.md").read_text(encoding="utf-8")
    (mini / "content" / "01-intro.en.md").write_text(
        source.replace("title: 开场", "title: 开场\nstatus: pending"), encoding="utf-8"
    )
    assert run_cli(mini, "build").code == 0
    en = read_page(mini / "site" / "en" / "intro" / "index.html")
    assert [a["lang"] for a in en.find("article")] == ["zh-Hans"]
    html = page(mini / "site", "en/intro/index.html")
    assert "This section has not been translated yet" in html and "同志们" in html
    both = page(mini / "site", "zh-en/intro/index.html")
    assert both.count("同志们") == 1 and "This section has not been translated yet" in both


def test_source_language_cannot_be_pending(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = mini / "content" / "01-intro.zh.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 开场", "title: 开场\nstatus: pending"), encoding="utf-8"
    )
    result = run_cli(mini, "build")
    assert result.code == 1
    assert "content/01-intro.zh.md:5: the source language cannot be awaiting translation" in result.err


def test_a_template_that_reaches_another_host_fails_the_build(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    base = mini / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            "</head>", '<script src="https://cdn.example.org/a.js"></script>\n</head>'
        ),
        encoding="utf-8",
    )
    result = run_cli(mini, "build")
    assert result.code == 1
    assert "site/zh/intro/index.html: loads https://cdn.example.org/a.js from another host" in result.err
    assert snapshot(mini / "site") == before


def test_side_by_side_navigation_shows_no_headings_of_a_pending_translation(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    """An untranslated file holds the source's text: its headings must not pass for the translation's."""
    source = (mini / "content" / "02-work.zh.md").read_text(encoding="utf-8")
    (mini / "content" / "02-work.en.md").write_text(source.replace("\ntitle:", "\nstatus: pending\ntitle:"), "utf-8")
    assert run_cli(mini, "build").code == 0
    both = page(mini / "site", "zh-en/work/index.html")
    sidebar = both[both.index('<li class="current"') : both.index("</ol></li>")]
    assert "一要做好养老服务。" in sidebar
    assert '<span class="toc-other" lang="en">一要做好养老服务。</span>' not in sidebar
