"""Reading the speech in a real browser: phone width, language switch, prev/next, no JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from bench.corpus import generate_corpus
from briefing.cli import main
from tests.browser.conftest import PHONE, SPEECH

pytestmark = pytest.mark.browser

PAGES = (
    ["index.html", "years/2024/index.html", "tags/elderly-care/index.html"]
    + [f"{lang}/{page}/index.html" for lang in ("zh", "en") for page in ("search", "glossary")]
    + [SPEECH + "index.html"]
    + [f"{SPEECH}{lang}/{page}/index.html" for lang in ("zh", "en") for page in ("figures", "glossary")]
    + [
        f"{SPEECH}{view}/{page}"
        for view in ("zh", "en", "zh-en")
        for page in ["index.html"]
        + [f"{s}/index.html" for s in ("opening", "review-2023", "outlook-2024", "part-1", "part-2")]
    ]
)


def scroll_to_top_of(page: Page, selector: str) -> None:
    """Scroll so the element is the first thing below the sticky header, as a reader would leave it."""
    page.eval_on_selector(
        selector,
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY"
        " - document.querySelector('.masthead').getBoundingClientRect().bottom - 2)",
    )


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, bundled_site: Path) -> None:
    root = bundled_site.as_uri() + "/"
    for path in PAGES:
        phone.goto(root + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"


def test_language_switch_lands_on_the_same_paragraph(phone: Page, site_url: str) -> None:
    phone.goto(site_url + SPEECH + "zh/part-1/index.html")
    scroll_to_top_of(phone, "#p3")
    phone.get_by_role("link", name="English", exact=True).click()
    expect(phone).to_have_url(site_url + SPEECH + "en/part-1/index.html#p3")
    expect(phone.locator("#p3")).to_be_in_viewport()
    assert "institutional reform" in phone.inner_text("#p3")

    scroll_to_top_of(phone, "#basic-support")
    phone.get_by_role("link", name="Side by side").click()
    expect(phone).to_have_url(site_url + SPEECH + "zh-en/part-1/index.html#basic-support")
    expect(phone.locator("#basic-support")).to_be_in_viewport()


def test_language_switch_from_the_top_opens_the_same_section(desktop: Page, site_url: str) -> None:
    desktop.goto(site_url + SPEECH + "en/review-2023/index.html")
    desktop.get_by_role("link", name="中文", exact=True).click()
    expect(desktop).to_have_url(site_url + SPEECH + "zh/review-2023/index.html")
    expect(desktop.locator("h1")).to_have_text("〔2023年工作回顾〕")


def test_previous_and_next_walk_through_the_speech(phone: Page, site_url: str) -> None:
    phone.goto(site_url + SPEECH + "zh/opening/index.html")
    titles = [phone.inner_text("h1")]
    while phone.locator("a[rel=next]").count():
        phone.locator("a[rel=next]").click()
        titles.append(phone.inner_text("h1"))
    assert titles[0] == "〔开场〕" and titles[-1].startswith("二、突出抓好2024年重点工作")
    assert len(titles) == 5
    phone.locator("a[rel=prev]").click()
    expect(phone.locator("h1")).to_contain_text("一、坚持把")


def test_contents_fold_away_on_a_phone_and_open_on_tap(phone: Page, bundled_site: Path) -> None:
    phone.goto((bundled_site / SPEECH / "en" / "part-1" / "index.html").as_uri())
    link = phone.get_by_role("link", name="A Review of 2023")
    expect(link).to_be_hidden()
    phone.get_by_text("Contents", exact=True).tap()
    expect(link).to_be_visible()
    link.tap()
    expect(phone.locator("h1")).to_have_text("[A Review of 2023]")


def test_contents_are_open_beside_the_text_on_a_desktop(desktop: Page, bundled_site: Path) -> None:
    desktop.goto((bundled_site / SPEECH / "zh" / "part-1" / "index.html").as_uri())
    expect(desktop.get_by_role("link", name="2023年工作回顾")).to_be_visible()


def test_site_reads_and_navigates_without_javascript(browser: Browser, bundled_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto((bundled_site / "index.html").as_uri())
    page.get_by_role("link", name="English", exact=True).click()
    page.get_by_role("link", name="A Review of 2023").first.click()
    expect(page.locator("#p1")).to_contain_text("In 2023")
    page.get_by_role("link", name="中文", exact=True).click()
    expect(page.locator("h1")).to_have_text("〔2023年工作回顾〕")
    context.close()


def test_reading_makes_no_request_outside_the_site(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in (
        "index.html",
        SPEECH + "zh/index.html",
        SPEECH + "zh/part-1/index.html",
        SPEECH + "zh-en/part-2/index.html",
    ):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    context.close()
    assert requests and all(url.startswith(site_url) for url in requests), requests
    assert not errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_accessibility_checks(browser: Browser, bundled_site: Path, scheme: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    root = bundled_site.as_uri() + "/"
    found = {}
    for path in PAGES:
        page.goto(root + path)
        violations = Axe().run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not found


def test_a_long_contents_list_shows_each_section_number_whole(
    phone: Page, desktop: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An archive lists sections around the reader's and skips the rest: numbers run 1, 21, 37, 38, … and
    must show in full in the scrolling sidebar as in the folded list on a phone."""
    corpus = generate_corpus(tmp_path_factory.mktemp("archive") / "project", sections=70, briefings=1)
    slug = next(p.name for p in (corpus.root / "content").iterdir() if p.is_dir())
    out = corpus.root / "site" / slug
    assert main(["build", "--config", str(corpus.config), "--out", str(out.parent), "--no-pdf", "--no-search"]) == 0
    for page in (desktop, phone):
        page.goto((out / "zh" / "index.html").as_uri())
        page.locator(".toc-list li[value='45'] a").first.click()
        if page is phone:
            page.locator(".toc summary").click()
        numbers = page.eval_on_selector_all(
            ".layout > .toc .toc-list > li[value]",
            """items => items.map(li => {
                const nav = li.closest('.toc').getBoundingClientRect();
                return [li.value, getComputedStyle(li, '::before').content, getComputedStyle(li).listStyleType,
                        li.getBoundingClientRect().left >= nav.left];
            })""",
        )
        assert [n[0] for n in numbers][:3] == [1, 21, 37]
        assert len(numbers) >= 20
        for value, drawn, marker, inside in numbers:
            assert (drawn, marker, inside) == (f'"{value}."', "none", True), value
        starts = page.eval_on_selector_all(
            ".layout > .toc .toc-list > li > a", "links => links.map(a => Math.round(a.getBoundingClientRect().left))"
        )
        assert len(set(starts)) == 1, starts  # titles line up after numbers of one, two or three digits
    # On a low window the sidebar scrolls itself to the reader's section, far down the list.
    desktop.set_viewport_size({"width": 1280, "height": 600})
    desktop.goto((out / "zh" / "index.html").as_uri())
    desktop.locator("main .toc-list li[value='68'] a").first.click()
    assert desktop.eval_on_selector(".layout > .toc", "nav => nav.scrollHeight > nav.clientHeight")
    assert desktop.eval_on_selector(
        ".layout > .toc .toc-list > .current",
        """li => {
            const nav = li.closest('.toc').getBoundingClientRect(), own = li.getBoundingClientRect();
            return own.top >= nav.top && own.bottom <= nav.bottom;
        }""",
    )
    desktop.set_viewport_size({"width": 1280, "height": 900})
    # The contents page lists all of them in the page itself, not in a box of its own cut at the window's foot.
    desktop.goto((out / "zh" / "index.html").as_uri())
    last = desktop.locator("main .toc-list > li").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    assert desktop.eval_on_selector("main .toc", "nav => nav.scrollHeight <= nav.clientHeight + 1")
