"""A briefing's landing page: a search box per language, and the editors' additions marked and explained."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import SPEECH

pytestmark = pytest.mark.browser


def test_typing_in_the_landing_search_box_shows_results(desktop: Page, served_site: str) -> None:
    desktop.goto(served_site + SPEECH + "index.html")
    box = desktop.get_by_role("searchbox", name="搜索讲话全文")
    box.focus()
    desktop.keyboard.type("养老")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(f"{served_site}zh/search/index.html?q=%E5%85%BB%E8%80%81&briefing={SPEECH[:-1]}")
    links = desktop.locator(".search-list a")
    expect(links.first).to_be_visible()
    assert "二、突出抓好2024年重点工作" in links.all_inner_texts()


def test_the_english_landing_search_box_searches_the_english_text(desktop: Page, served_site: str) -> None:
    desktop.goto(served_site + SPEECH + "index.html")
    desktop.get_by_role("searchbox", name="Search the full text").fill("elderly")
    desktop.get_by_role("search", name="Search the full text").get_by_role("button", name="Search").click()
    expect(desktop.locator(".search-list a").first).to_be_visible()
    hrefs = [desktop.locator(".search-list a").nth(i).get_attribute("href") or "" for i in range(3)]
    assert all("/en/" in href for href in hrefs), hrefs


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("zh/opening/index.html", ["〔开场〕"]),
        ("en/opening/index.html", ["[Opening]"]),
        ("zh-en/opening/index.html", ["〔开场〕", "[Opening]"]),
    ],
)
def test_an_editors_title_is_marked_on_its_page_and_in_the_contents(
    desktop: Page, served_site: str, path: str, shown: list[str]
) -> None:
    desktop.goto(served_site + SPEECH + path)
    assert [h.strip() for h in desktop.locator("main h1").all_inner_texts()] == shown
    expect(desktop.locator("nav a[aria-current=page]", has_text=shown[0]).first).to_be_attached()
    # A title from the speech itself carries no mark.
    part = desktop.locator(
        "a", has_text="突出抓好2024年重点工作" if path.startswith("zh") else "Focus on the Key Tasks"
    )
    assert "〔" not in part.first.inner_text() and "[" not in part.first.inner_text()


def test_the_landing_page_explains_the_marks_in_both_languages(desktop: Page, served_site: str) -> None:
    desktop.goto(served_site + SPEECH + "index.html")
    text = desktop.inner_text("main")
    assert "加〔 〕的标题为编者所加" in text and "Titles in square brackets were added by the editors" in text
    assert "起首句" in text and "lead sentence" in text
    assert desktop.locator("[lang=zh-Hans] a", has_text="〔2023年工作回顾〕").count() == 1
    for tag in ("zh-Hans", "en"):
        expect(desktop.locator(f"section.contents[lang={tag}] .convention")).to_have_count(2)
    assert Axe().run(desktop).violations_count == 0
