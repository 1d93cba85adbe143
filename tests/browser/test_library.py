"""A library in a real browser: newest first, topics, breadcrumbs, library-wide search and its filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from briefing.cli import main
from tests.browser.conftest import PHONE, serving
from tests.conftest import switch_on
from tests.library import make_library

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three fixture briefings built with their search index."""
    project = switch_on(make_library(tmp_path_factory.mktemp("library") / "project"), "search")
    assert main(["build", "--config", str(project / "config.yaml")]) == 0
    return project / "site"


@pytest.fixture(scope="module")
def library_url(library_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(library_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def test_home_lists_briefings_newest_first_and_topics_lead_to_theirs(desktop: Page, library_url: str) -> None:
    desktop.goto(library_url + "index.html")
    expect(desktop.locator(".briefing-card h3")).to_have_text(
        ["年中工作会议讲话", "年度工作会议讲话", "春季工作会议讲话"]
    )
    desktop.locator(".facets a", has_text="Elderly care").click()
    expect(desktop).to_have_url(library_url + "tags/care/index.html")
    expect(desktop.locator(".briefing-card h3")).to_have_text(["年度工作会议讲话", "春季工作会议讲话"])


def test_breadcrumbs_lead_from_a_section_back_to_the_library(phone: Page, library_url: str) -> None:
    phone.goto(library_url + "2023-spring-meeting/en/tasks/index.html")
    crumbs = phone.locator("nav.crumbs a")
    expect(crumbs).to_have_text(["Test Library", "Spring Meeting Speech", "Key Tasks"])
    crumbs.nth(1).click()
    expect(phone).to_have_url(library_url + "2023-spring-meeting/index.html")
    phone.locator("nav.crumbs a").first.click()
    expect(phone).to_have_url(library_url + "index.html")


def test_search_finds_an_older_briefing_unless_kept_to_this_one(desktop: Page, library_url: str) -> None:
    """From the newest briefing, a search for the oldest one's words finds nothing in this briefing alone, and
    finds it, named with its briefing and date, across the library."""
    desktop.goto(library_url + "2024-midyear-meeting/zh/opening/index.html")
    box = desktop.locator("#header-q")
    box.fill("留守老人")
    scope = desktop.locator(".masthead .search-scope input")
    expect(scope).to_be_checked()
    expect(desktop.locator(".masthead .search-status").first).to_have_text("没有找到相关内容。")
    scope.uncheck()
    result = desktop.locator(".masthead .search-list li").first
    expect(result.locator("a")).to_have_attribute(
        "href", re.compile(r"/2023-spring-meeting/zh/(opening|tasks)/index.html#p1$")
    )
    expect(result.locator(".search-where")).to_have_text("春季工作会议讲话 · 2023-03-10")


def test_the_search_page_filters_by_briefing_and_year(desktop: Page, library_url: str) -> None:
    desktop.goto(f"{library_url}en/search/index.html?q={quote('meeting')}&briefing=2024-annual-conference")
    expect(desktop.locator("select[name=briefing]")).to_have_value("2024-annual-conference")
    expect(desktop.locator(".search-list .search-where").first).to_contain_text("Annual Conference Speech")
    where = desktop.locator(".search-list .search-where")
    assert all("Annual Conference Speech" in text for text in where.all_inner_texts())
    desktop.locator("select[name=briefing]").select_option("")
    desktop.locator("select[name=year]").select_option("2023")
    expect(where.first).to_contain_text("Spring Meeting Speech")
    assert all("2023-" in text for text in where.all_inner_texts())


def test_library_pages_fit_a_phone(browser: Browser, library_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("index.html", "years/2024/index.html", "tags/aid/index.html", "zh/search/index.html"):
        page.goto((library_site / path).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()


def test_briefings_link_to_one_another_from_disk(desktop: Page, library_site: Path) -> None:
    desktop.goto((library_site / "index.html").as_uri())
    desktop.get_by_role("link", name="年度工作会议讲话").click()
    desktop.get_by_role("link", name="English").first.click()
    expect(desktop.locator("main h1")).to_have_text("Annual Conference Speech")
    desktop.locator("nav.crumbs a").first.click()
    desktop.get_by_role("link", name="Spring Meeting Speech").click()
    expect(desktop).to_have_url((library_site / "2023-spring-meeting" / "index.html").as_uri())
