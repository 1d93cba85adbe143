"""Pages showing blocks that await translation or await review read well and pass accessibility checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.conftest import Run
from tests.e2e.test_block_status import PARTIAL

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marked_blocks_pass_axe_and_fit_a_phone(
    browser: Browser, mini: Path, run_cli: Callable[..., Run], scheme: str
) -> None:
    memory = PARTIAL.replace("A third paragraph;", "{from=memory}\nA third paragraph;")
    (mini / "content" / "01-intro.en.md").write_text(memory, encoding="utf-8")
    assert run_cli(mini, "build").code == 0
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for view in ("en", "zh-en"):
        page.goto((mini / "site" / view / "intro" / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        notes = page.locator("[role=note]").all_inner_texts()
        assert any("not been translated yet" in n for n in notes), notes
        assert any("has not been reviewed yet" in n for n in notes), notes
        violations = Axe().run(page).response["violations"]
        if violations:
            found[view] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not found
