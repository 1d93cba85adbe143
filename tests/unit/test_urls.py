"""Every link is relative and points at a file."""

from __future__ import annotations

from briefing import urls


def test_links_between_pages_are_relative_files() -> None:
    page = urls.PageUrls(urls.section_path("zh", "study"))
    assert page.section("en", "study", "p3") == "../../en/study/index.html#p3"
    assert page.section("zh", "opening") == "../opening/index.html"
    assert page.section("zh", "study", "p2") == "index.html#p2"
    assert page.landing() == "../../index.html"
    assert page.static("style.css") == "../../static/style.css"
    assert page.home("zh-en") == "../../zh-en/index.html"


def test_landing_page_links_down() -> None:
    page = urls.PageUrls(urls.LANDING)
    assert page.home("en") == "en/index.html"
    assert page.section("zh", "a") == "zh/a/index.html"


def test_links_written_in_content_work_from_any_section_page() -> None:
    assert urls.section_link("en", "work", "care") == "../../en/work/index.html#care"


def test_absolute_urls_use_the_base() -> None:
    assert urls.absolute_url("https://intra.example/briefing/", "en/a/index.html") == (
        "https://intra.example/briefing/en/a/index.html"
    )
