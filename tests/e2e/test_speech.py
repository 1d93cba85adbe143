"""The bundled speech: faithful to its source, aligned across languages, a site whose links all work."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import escape

from briefing.config import load_config
from briefing.model import Briefing
from tests.conftest import BUNDLED, ROOT, load_briefing
from tests.htmlcheck import read_page

CHROME = {"购物车", "我的足迹", "加入Vip免费下载 立即下载"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def speech() -> Briefing:
    return load_briefing(load_config(ROOT / "config.yaml"))


def source_text() -> str:
    """The raw speech with page chrome and wrap spaces removed: what content/ must say."""
    lines = (ROOT / "sources" / "speech.raw.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and line.strip() not in CHROME]
    assert body[0] == "在2024年全省民政工作会议上的讲话"  # the page's own heading, repeated in the text
    return "".join(line.replace(" ", "") for line in body[1:])


def test_chinese_is_exactly_the_source_without_chrome_or_wrap_spaces(speech: Briefing) -> None:
    text = speech.about.title["zh"]
    for section in speech.sections:
        zh = section.translations["zh"]
        if zh.part:
            text += zh.full_title
        text += "".join(block.text for block in zh.blocks)
    assert text == source_text()


def test_source_slip_is_kept_with_an_editors_note(speech: Briefing) -> None:
    study = next(s for s in speech.sections if s.id == "part-1")
    assert any("特殊因难群体" in b.text for b in study.translations["zh"].blocks)
    assert "因难" in study.translations["zh"].notes_html and "困难" in study.translations["en"].notes_html


def test_the_municipal_bodies_of_a_provincial_speech_carry_an_editors_note(speech: Briefing) -> None:
    """The speech, given at a provincial conference, names 市委 and 市政府: so in the source, a note says."""
    review = next(s for s in speech.sections if s.id == "review-2023")
    assert "市委市政府" in review.translations["zh"].blocks[0].text
    assert "原文如此" in review.translations["zh"].notes_html
    assert "So in the source" in review.translations["en"].notes_html


def test_structure_matches_the_speech(speech: Briefing) -> None:
    assert [s.id for s in speech.sections] == ["opening", "review-2023", "outlook-2024", "part-1", "part-2"]
    zh = {s.id: s.translations["zh"] for s in speech.sections}
    assert [h.text[:2] for h in zh["review-2023"].headings] == ["一是", "二是", "三是"]
    assert [h.text[:2] for h in zh["part-1"].headings] == ["一要", "二要", "三要", "四要"]
    assert zh["part-1"].part == "一、" and zh["part-2"].part == "二、"
    points = [h.text for h in zh["part-2"].headings if h.level == 3]
    assert sum(p.startswith("要在") and p.endswith("上下功夫。") for p in points) == 3
    assert zh["opening"].blocks[0].text == "同志们:"
    assert zh["outlook-2024"].blocks[-1].text.endswith("下面,我讲三个方面意见。")


def test_only_the_last_section_breaks_off_where_the_source_does(speech: Briefing) -> None:
    assert [s.translations["zh"].truncated for s in speech.sections] == [False] * 4 + [True]
    last = speech.sections[-1]
    assert last.translations["zh"].blocks[-1].text.endswith("老年人高龄津贴和养老")
    assert last.translations["en"].truncated


def test_english_is_complete_and_aligned_block_for_block(speech: Briefing) -> None:
    for section in speech.sections:
        zh, en = section.translations["zh"], section.translations["en"]
        assert [(b.kind, b.level, b.anchor) for b in zh.blocks] == [(b.kind, b.level, b.anchor) for b in en.blocks]
        for block in en.blocks:
            assert block.text.strip() and not HAN.search(block.text), (section.id, block.anchor)
        assert not HAN.search(en.title)


def test_every_section_exists_in_every_view(bundled_pages: Path, speech: Briefing) -> None:
    for view in ("zh", "en", "zh-en"):
        for section in speech.sections:
            assert (bundled_pages / BUNDLED.name / view / section.id / "index.html").is_file()


def test_every_link_resolves_to_a_file_and_every_fragment_to_an_id(bundled_pages: Path) -> None:
    pages = {p: read_page(p) for p in bundled_pages.rglob("*.html")}
    # The library: home, the year, three topics, and per language its glossary and search page. The briefing:
    # landing page, view homes, sections per view, and per language its key figures and glossary.
    assert len(pages) == (1 + 1 + 3 + 2 * 2) + (1 + 3 + 3 * 5 + 2 * 2)
    for path, page in pages.items():
        for ref in page.references:
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc, f"{path}: external reference {ref}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: {ref} does not resolve to a file"
            assert target.is_relative_to(bundled_pages.resolve())
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{path}: #{parts.fragment} missing in {target}"


def test_css_and_js_stay_small_and_local(bundled_pages: Path) -> None:
    static = bundled_pages / "static"
    assert (
        (static / "style.css").stat().st_size + (static / "briefing.js").stat().st_size < 24_500
    )  # every page loads both: a library and its search filters added 4 KB, the other-language hint 0.4 KB
    for asset in static.iterdir():
        text = asset.read_text(encoding="utf-8")
        assert not re.search(
            r"(url\(|@import|https?:)\s*['\"]?(https?:)?//", text.replace("http://www.w3.org/2000/svg", "")
        ), asset


def test_pages_declare_their_languages(bundled_pages: Path) -> None:
    zh = read_page(bundled_pages / BUNDLED.name / "zh" / "part-1" / "index.html")
    assert zh.find("html")[0]["lang"] == "zh-Hans"
    en = read_page(bundled_pages / BUNDLED.name / "en" / "part-1" / "index.html")
    assert en.find("html")[0]["lang"] == "en"
    both = read_page(bundled_pages / BUNDLED.name / "zh-en" / "part-1" / "index.html")
    langs = [attrs.get("lang") for attrs in both.find("div") if "cell" in (attrs.get("class") or "")]
    assert langs and set(langs) == {"zh-Hans", "en"} and langs.count("en") == langs.count("zh-Hans")


def test_every_page_is_semantic_and_skippable(bundled_pages: Path) -> None:
    for path in bundled_pages.rglob("*.html"):
        page = read_page(path)
        assert len(page.find("main")) == 1 and page.find("main")[0]["id"] == "main"
        assert page.find("a")[0]["href"] == "#main", path
        assert len(page.find("h1")) >= 1
        assert all(attrs.get("aria-label") for attrs in page.find("nav")), path
        assert page.find("meta")[2]["http-equiv"] == "Content-Security-Policy"


@pytest.mark.pdf
def test_handouts_end_with_the_terms_their_section_uses(bundled_site: Path) -> None:
    from pypdf import PdfReader

    english = "".join(
        page.extract_text() for page in PdfReader(bundled_site / BUNDLED.name / "pdf" / "en" / "part-2.pdf").pages
    )
    glossary = english[english.rindex("Glossary") :]
    assert "subsistence allowances" in glossary and "minimum living allowance" in glossary
    assert "Three Ones Project" not in glossary  # used in the opening, not here
    chinese = "".join(
        page.extract_text() for page in PdfReader(bundled_site / BUNDLED.name / "pdf" / "zh" / "opening.pdf").pages
    )
    assert "词汇表" in chinese and "三个一工程" in chinese[chinese.rindex("词汇表") :]


def test_every_contents_entry_leads_to_its_own_section(bundled_pages: Path, speech: Briefing) -> None:
    """The sidebar's numbered entries open sections 1, 2, 3 … on every page, whichever page it is on."""
    expected = [section.id for section in speech.sections]
    for view in ("zh", "en", "zh-en"):
        for page_path in [bundled_pages / BUNDLED.name / view / "index.html"] + [
            bundled_pages / BUNDLED.name / view / s / "index.html" for s in expected
        ]:
            html = page_path.read_text(encoding="utf-8")
            entries = re.findall(r'<li (?:class="current" )?value="(\d+)"><a href="([^"]+)"', html)
            assert [int(number) for number, _ in entries] == list(range(1, len(expected) + 1)), page_path
            opened = [(page_path.parent / href).resolve().parent.name for _, href in entries]
            assert opened == expected, f"{page_path}: contents entries open {opened}"


def test_side_by_side_navigation_speaks_both_languages(bundled_pages: Path, speech: Briefing) -> None:
    """Side by side, the pager and the current section's headings in the sidebar show the English too."""
    review = next(s for s in speech.sections if s.id == "review-2023")
    html = (bundled_pages / BUNDLED.name / "zh-en" / "review-2023" / "index.html").read_text(encoding="utf-8")
    pager = html[html.index('<nav class="pager"') :]
    for neighbour in ("opening", "outlook-2024"):
        title = next(s for s in speech.sections if s.id == neighbour).translations["en"].shown_title
        assert f'<span class="toc-other" lang="en">{title}</span>' in pager
    sidebar = html[html.index('<li class="current"') : html.index("</ol></li>")]
    for heading in review.translations["en"].headings:
        assert f'<span class="toc-other" lang="en">{escape(heading.text)}</span>' in sidebar
    assert review.translations["en"].headings
