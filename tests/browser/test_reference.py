"""Glossary pop-ups work by touch and keyboard on a phone; the figures page reads at 360 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, SPEECH

pytestmark = pytest.mark.browser


def test_a_term_opens_and_closes_by_touch(phone: Page, site_url: str) -> None:
    phone.goto(site_url + SPEECH + "en/part-2/index.html")
    term = phone.locator("a.term", has_text="subsistence allowances")
    tip = phone.locator("#tip-en-dibao")
    expect(tip).to_be_hidden()
    term.tap()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("minimum living allowance")
    expect(term).to_have_attribute("aria-expanded", "true")
    box = tip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    phone.mouse.click(5, 100)
    expect(tip).to_be_hidden()
    # The toggle event that reports the state arrives just after the popover closes.
    expect(term).to_have_attribute("aria-expanded", "false")


def test_a_term_opens_and_closes_from_the_keyboard(phone: Page, site_url: str) -> None:
    phone.goto(site_url + SPEECH + "zh/review-2023/index.html")
    term = phone.locator("a.term", has_text="救助通").first
    term.focus()
    phone.keyboard.press("Enter")
    tip = phone.locator("#tip-zh-jiuzhutong")
    expect(tip).to_be_visible()
    expect(tip.get_by_role("link")).to_be_focused()
    phone.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(term).to_be_focused()


def test_without_javascript_a_term_links_to_its_glossary_entry(browser: Browser, bundled_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto((bundled_site / SPEECH / "en" / "part-2" / "index.html").as_uri())
    page.locator("a.term", has_text="subsistence allowances").click()
    assert page.url.endswith("en/glossary/index.html#term-dibao")
    expect(page.locator("#term-dibao")).to_contain_text("minimum living allowance")
    context.close()


def test_a_figure_card_leads_to_the_marked_number(phone: Page, bundled_site: Path) -> None:
    phone.goto((bundled_site / SPEECH / "zh" / "figures" / "index.html").as_uri())
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("#card-satisfaction a").click()
    expect(phone.locator("#fig-satisfaction")).to_be_in_viewport()
    expect(phone.locator("#fig-satisfaction")).to_have_text("94.6%")
    assert _below_header(phone, "#fig-satisfaction")


def _below_header(page: Page, selector: str) -> bool:
    """The element starts below the sticky masthead, so nothing covers it."""
    return bool(
        page.eval_on_selector(
            selector,
            "el => el.getBoundingClientRect().top >= document.querySelector('.masthead').getBoundingClientRect().bottom",
        )
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_into_a_section_lands_clear_of_the_header(
    phone: Page, desktop: Page, bundled_site: Path, lang: str
) -> None:
    """Figure marks and footnote back-links, not only paragraphs, come into view below the sticky header."""
    for page in (desktop, phone):
        page.goto((bundled_site / SPEECH / lang / "figures" / "index.html").as_uri())
        targets = page.eval_on_selector_all(".card a[href*='#fig-']", "links => links.map(a => a.href)")
        assert len(targets) >= 10
        for target in targets:
            page.goto(target)
            assert _below_header(page, "#" + target.split("#")[1]), target
        page.goto((bundled_site / SPEECH / lang / "part-1" / "index.html").as_uri())
        back = page.locator(".footnote-backref").first
        back.click()
        assert _below_header(page, "#" + str(back.get_attribute("href")).split("#")[1])
