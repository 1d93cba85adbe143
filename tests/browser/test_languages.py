"""What reads right in any configured language: a third language's side-by-side view, serve's error page."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import ROOT, Run, add_language, spawn
from tests.e2e.test_serve import fetch, free_port, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.serve]


def test_a_third_language_is_set_as_the_translation_when_interleaved_on_a_phone(
    phone: Page, mini: Path, run_cli: Callable[..., Run]
) -> None:
    add_language(mini, "fr", "fr-FR", "Français")
    assert run_cli(mini, "build").code == 0
    for view in ("zh-en", "zh-fr"):
        phone.goto((mini / "site" / view / "intro" / "index.html").as_uri())
        styles = phone.eval_on_selector_all(
            ".pair:not(.pair-title) > .cell",
            "cells => cells.slice(0, 2).map(c => [getComputedStyle(c).borderLeftWidth, getComputedStyle(c).color])",
        )
        (source_border, source_colour), (translation_border, translation_colour) = styles
        assert (source_border, translation_border) == ("0px", "3px"), view
        assert source_colour != translation_colour, view


def test_the_problems_of_a_broken_build_take_the_page_width(desktop: Page, mini: Path) -> None:
    port = free_port()
    process = spawn(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
        mini,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: _status(url + "index.html") == 200, timeout=20)
        path = mini / "content" / "01-intro.en.md"
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
        wait_for(lambda: _status(url + "en/intro/index.html") == 500)
        desktop.goto(url + "en/intro/index.html")
        assert desktop.locator("html").get_attribute("lang") == "en"
        width = desktop.eval_on_selector("ul.build-errors", "list => list.getBoundingClientRect().width")
        assert width > 800, width
        # The list is the page's main column, as a section's text is, beside no empty sidebar.
        assert desktop.locator("main#main ul.build-errors").count() == 1
        main = desktop.eval_on_selector("main#main", "m => m.getBoundingClientRect().left")
        assert main < 200, main
        desktop.set_viewport_size({"width": 360, "height": 740})
        assert desktop.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def _status(url: str) -> int:
    try:
        return fetch(url)[0]
    except OSError:
        return 0
