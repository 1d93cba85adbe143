"""Playwright driving Debian's Chromium, and a local HTTP server that serves the site under a sub-path."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import BUNDLED

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SUB_PATH = "/intranet/briefings/2024/"
SPEECH = BUNDLED.name + "/"
"""The bundled briefing's folder in the site, as a URL part."""
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path, root: Path) -> Iterator[str]:
    """`site` copied under a sub-path of `root` and served on 127.0.0.1 (a free port); yields its URL."""
    shutil.copytree(site, root / SUB_PATH.strip("/"))
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def served_site(bundled_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled site served on 127.0.0.1 (a free port) under a sub-path; yields its URL."""
    with serving(bundled_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture(params=["file", "http"])
def site_url(request: pytest.FixtureRequest, bundled_site: Path) -> str:
    """The site's root URL, opened from disk and from the HTTP server in turn."""
    if request.param == "file":
        return bundled_site.as_uri() + "/"
    return str(request.getfixturevalue("served_site"))
