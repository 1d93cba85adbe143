"""Search in a real browser: Chinese and English indexes, paragraph links, no outside requests, file:// notice."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, SPEECH

pytestmark = pytest.mark.browser


def results(page: Page) -> list[tuple[str, str]]:
    page.wait_for_selector(".search-status")
    links = page.locator(".search-list a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href") or "") for i in range(links.count())]


def search_page(page: Page, site: str, lang: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{site}{lang}/search/index.html?q={quote(query)}")
    return results(page)


def test_elderly_care_in_chinese_finds_the_ageing_section_first(desktop: Page, served_site: str) -> None:
    found = search_page(desktop, served_site, "zh", "养老")
    assert found[0][0] == "二、突出抓好2024年重点工作"
    assert "#elderly-care" in found[0][1]
    assert "找到" in desktop.inner_text(".search-status")


def test_a_result_opens_the_paragraph_that_names_the_term(desktop: Page, served_site: str) -> None:
    found = search_page(desktop, served_site, "zh", "救助通")
    hrefs = [href for _, href in found]
    assert any(h.endswith("review-2023/index.html#p2") for h in hrefs), hrefs
    desktop.locator(".search-list a", has_text="2023年工作回顾").click()
    expect(desktop).to_have_url(served_site + SPEECH + "zh/review-2023/index.html#p2")
    assert "救助通" in desktop.inner_text("#p2")


@pytest.mark.parametrize(
    ("query", "section"),
    [("elderly", "II. Focus on the Key Tasks for 2024"), ("subsistence", "II. Focus on the Key Tasks for 2024")],
)
def test_english_words_find_the_english_sections(desktop: Page, served_site: str, query: str, section: str) -> None:
    found = search_page(desktop, served_site, "en", query)
    assert found and found[0][0] == section
    assert all("/en/" in href for _, href in found)


def test_chinese_words_find_nothing_on_the_english_side(desktop: Page, served_site: str) -> None:
    assert search_page(desktop, served_site, "en", "养老") == []
    assert desktop.locator(".search-status").first.inner_text() == "Nothing found."


@pytest.mark.parametrize(
    ("lang", "query", "other", "found"),
    [
        ("en", "养老", "中文", "二、突出抓好2024年重点工作"),
        ("zh", "elderly", "English", "II. Focus on the Key Tasks for 2024"),
    ],
)
def test_a_search_that_finds_nothing_offers_the_other_language(
    desktop: Page, served_site: str, lang: str, query: str, other: str, found: str
) -> None:
    desktop.goto(f"{served_site}{SPEECH}{lang}/opening/index.html")
    desktop.locator(".masthead input[type=search]").fill(query)
    link = desktop.locator(".masthead .search-results a", has_text=other)
    expect(link).to_be_visible()
    link.click()
    expect(desktop.locator(".search-list a").first).to_be_visible()
    assert found in desktop.locator(".search-list a").all_inner_texts()
    assert f"q={quote(query)}" in desktop.url and "briefing=" in desktop.url


def test_header_search_is_usable_from_the_keyboard(desktop: Page, served_site: str) -> None:
    desktop.goto(served_site + SPEECH + "en/opening/index.html")
    desktop.get_by_role("searchbox", name="Search the full text").fill("subsistence")
    expect(desktop.locator(".masthead .search-list a").first).to_be_visible()
    desktop.keyboard.press("ArrowDown")
    expect(desktop.locator(".masthead .search-list a").first).to_be_focused()
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(served_site + SPEECH + "en/part-2/index.html#p4")


def test_search_on_a_phone_opens_full_width(browser: Browser, served_site: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served_site + SPEECH + "zh/part-1/index.html")
    box = page.get_by_role("searchbox", name="搜索讲话全文")
    expect(box).to_be_hidden()
    page.get_by_role("link", name="搜索").tap()
    expect(box).to_be_focused()
    assert page.eval_on_selector(".masthead form.search", "f => f.getBoundingClientRect().width") >= PHONE["width"] - 1
    box.fill("低保")
    expect(page.locator(".masthead .search-list a").first).to_be_visible()
    # The "this briefing only" choice stays in the search panel, above its results, not below the masthead.
    scope = page.eval_on_selector(".masthead .search-scope", "e => e.getBoundingClientRect().bottom")
    results = page.eval_on_selector(".masthead .search-results", "e => e.getBoundingClientRect().top")
    assert scope <= results
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_searching_makes_no_request_outside_the_site(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for lang, query in (("zh", "养老"), ("en", "elderly care")):
        search_page(page, served_site, lang, query)
    context.close()
    assert any("/pagefind/" in url for url in requests)
    assert all(url.startswith(served_site) for url in requests), requests
    assert not errors


def test_pages_load_search_only_when_asked(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + SPEECH + "zh/part-1/index.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url]
    page.get_by_role("searchbox", name="搜索讲话全文").focus()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert [url for url in requests if url.endswith("/pagefind/pagefind.js")]
    context.close()


def test_opened_from_disk_search_says_it_needs_a_server(desktop: Page, bundled_site: Path) -> None:
    desktop.goto((bundled_site / "zh" / "search" / "index.html").as_uri() + "?q=养老")
    expect(desktop.locator(".search-status")).to_contain_text("需要通过网站服务器")
    desktop.goto((bundled_site / SPEECH / "en" / "opening" / "index.html").as_uri())
    desktop.get_by_role("searchbox", name="Search the full text").fill("elderly")
    expect(desktop.locator(".masthead .search-status")).to_contain_text("opened through a web server")


def test_the_search_page_shows_one_search_box(desktop: Page, phone: Page, bundled_site: Path) -> None:
    """The header's box and its magnifier give way to the page's own box, at any width."""
    for page in (desktop, phone):
        page.goto((bundled_site / "en" / "search" / "index.html").as_uri())
        expect(page.locator("input[type=search]:visible")).to_have_count(1)
        expect(page.locator(".search-toggle")).to_be_hidden()
        page.goto((bundled_site / SPEECH / "en" / "opening" / "index.html").as_uri())
        expect(page.locator(".masthead input[type=search]:visible, .search-toggle:visible")).to_have_count(1)
