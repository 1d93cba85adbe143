"""`serve`: rebuilds on save, tells browsers to reload, shows problems, and serves only the site."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from tests.conftest import ROOT, snapshot, spawn, switch_on

pytestmark = pytest.mark.serve

PREVIEW = Path(".briefing-cache", "preview")
"""Where serve previews when no --out is given."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8", "replace")


def wait_for(check: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def server(mini: Path) -> Iterator[str]:
    port = free_port()
    process = spawn(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
        mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            return fetch(url + "index.html")[0] == 200
        except OSError:
            return False

    try:
        wait_for(up, timeout=20)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_saved_edit_rebuilds_that_page_and_leaves_the_others(server: str, mini: Path) -> None:
    site = mini / PREVIEW
    others = {p: p.stat().st_mtime_ns for p in site.rglob("*.html") if "intro" not in p.parts}
    edit(mini / "content" / "01-intro.en.md", "Comrades,", "Dear comrades,")
    wait_for(lambda: "Dear comrades," in fetch(server + "en/intro/index.html")[2])
    assert "Dear comrades," in (site / "en" / "intro" / "index.html").read_text(encoding="utf-8")
    assert {p: p.stat().st_mtime_ns for p in others} == others


def test_open_browsers_are_told_to_reload(server: str, mini: Path) -> None:
    async def listen() -> dict[str, object]:
        socket_url = server.replace("http://", "ws://") + "livereload"
        connection = await websocket_connect(socket_url)
        await connection.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(str(await connection.read_message()))["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": server + "zh/intro/index.html"}))
        await asyncio.sleep(0.3)
        edit(mini / "content" / "01-intro.zh.md", "同志们:", "同志们、朋友们:")
        message = await asyncio.wait_for(connection.read_message(), timeout=10)
        connection.close()
        return dict(json.loads(str(message)))

    # A thread of its own: an event loop may already run in this one (Playwright's, when browser tests share the run).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        message = pool.submit(asyncio.run, listen()).result(timeout=30)
    assert message["command"] == "reload"


def test_a_broken_file_shows_its_problem_until_the_next_good_save(server: str, mini: Path) -> None:
    path = mini / "content" / "01-intro.en.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: Opening", "titel: Opening"), encoding="utf-8")
    wait_for(lambda: fetch(server + "en/intro/index.html")[0] == 500)
    status, _, body = fetch(server + "zh/work/index.html")
    assert status == 500 and "构建出错" in body
    assert "content/01-intro.en.md:4: unknown front-matter key &#x27;titel&#x27;" in body
    assert "The build failed" in fetch(server + "en/index.html")[2]
    assert fetch(server + "static/style.css")[0] == 200
    path.write_text(good, encoding="utf-8")
    wait_for(lambda: fetch(server + "en/intro/index.html")[0] == 200)


def test_files_outside_the_site_are_refused(server: str, mini: Path) -> None:
    port = int(server.rsplit(":", 1)[1].strip("/"))
    secret = (mini / "config.yaml").read_text(encoding="utf-8")
    for target in ("/../config.yaml", "/%2e%2e/config.yaml", "/..%2fconfig.yaml", "/static/../../config.yaml"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            raw.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            reply = b""
            while chunk := raw.recv(65536):
                reply += chunk
        status = int(reply.split(b" ", 2)[1])
        assert status in (400, 403, 404), (target, status)
        assert secret.encode() not in reply


def test_files_are_served_with_their_types(server: str) -> None:
    expected = {
        "index.html": "text/html",
        "static/style.css": "text/css",
        "static/briefing.js": "text/javascript",
        "static/favicon.svg": "image/svg+xml",
    }
    for path, content_type in expected.items():
        status, got, _ = fetch(server + path)
        assert status == 200 and got.startswith(content_type), (path, got)


def test_serving_beyond_this_machine_says_so(mini: Path) -> None:
    port = free_port()
    process = spawn(
        [sys.executable, str(ROOT / "build.py"), "serve", "--host", "0.0.0.0", "--port", str(port)],
        mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert any("visible to other devices on your network" in line for line in lines), lines
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


@dataclass
class Served:
    """A running `build.py serve`: its address, and all it printed once it has stopped."""

    url: str
    output: str = ""


@contextlib.contextmanager
def serving(project: Path, *args: str, timeout: float = 30) -> Iterator[Served]:
    """`build.py serve` in `project` on a free port with `args`, up when entered, stopped with Ctrl-C on exit."""
    port = free_port()
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), *args]
    process = spawn(command, project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    served = Served(f"http://127.0.0.1:{port}/")
    try:
        wait_for(lambda: _up(served.url), timeout=timeout)
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        served.output = process.communicate(timeout=30)[0]


def test_pdfs_and_search_are_refreshed_in_the_background(mini: Path) -> None:
    switch_on(mini, "search")
    with serving(mini, "--pdf", "--search", timeout=120) as served:
        url = served.url
        pdf = mini / PREVIEW / "pdf" / "en" / "intro.pdf"
        index = mini / PREVIEW / "pagefind" / "pagefind-entry.json"
        assert pdf.exists() and index.exists()
        printed = pdf.stat().st_mtime_ns
        edit(mini / "content" / "01-intro.en.md", "Comrades,", "Dear comrades,")
        wait_for(lambda: "Dear comrades," in fetch(url + "en/intro/index.html")[2], timeout=10)
        wait_for(lambda: pdf.stat().st_mtime_ns != printed, timeout=120)
        assert fetch(url + "pdf/en/intro.pdf")[1] == "application/pdf"
        # A new section's page appears at once; its handout follows when printed.
        for lang, title in (("zh", "补充"), ("en", "Addendum")):
            (mini / "content" / f"03-extra.{lang}.md").write_text(
                f"---\nid: extra\norder: 3\ntitle: {title}\n---\n{title}.\n", encoding="utf-8"
            )
        wait_for(lambda: _up(url + "en/extra/"), timeout=10)
        wait_for(lambda: (mini / PREVIEW / "pdf" / "en" / "extra.pdf").exists(), timeout=120)


def test_a_preview_leaves_the_published_site_byte_for_byte_as_it_was(mini: Path) -> None:
    """With `site` published (PDFs and search included), serve previews elsewhere, before and after an edit."""
    switch_on(switch_on(mini, "search"), "pdf")
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=mini, check=False).returncode == 0
    published = snapshot(mini / "site")
    assert any(path.startswith("pdf/") for path in published) and any("pagefind" in path for path in published)
    with serving(mini) as served:
        assert snapshot(mini / "site") == published
        edit(mini / "content" / "01-intro.en.md", "Comrades,", "Dear comrades,")
        wait_for(lambda: "Dear comrades," in fetch(served.url + "en/intro/index.html")[2])
        assert snapshot(mini / "site") == published
    assert snapshot(mini / "site") == published
    assert "previewing in .briefing-cache/preview/; the published site/ is left as it is" in served.output


def test_out_site_previews_into_the_published_folder_and_says_so(mini: Path) -> None:
    with serving(mini, "--out", "site") as served:
        edit(mini / "content" / "01-intro.en.md", "Comrades,", "Dear comrades,")
        wait_for(lambda: "Dear comrades," in fetch(served.url + "en/intro/index.html")[2])
        assert "Dear comrades," in (mini / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")
    assert "previewing into the published folder site/, as --out asks" in served.output


def test_after_an_internal_error_the_fixed_preview_equals_a_clean_build(
    server: str, mini: Path, tmp_path: Path
) -> None:
    """A page that cannot be written (a folder in its place) is an internal error: the browser shows it, and once
    the cause is gone the next save makes a preview that matches a clean build, file for file."""
    page = mini / PREVIEW / "en" / "intro" / "index.html"
    page.unlink()
    page.mkdir()
    edit(mini / "content" / "01-intro.en.md", "Comrades,", "Dear comrades,")
    wait_for(lambda: fetch(server + "en/work/index.html")[0] == 500)
    assert "IsADirectoryError" in fetch(server + "en/work/index.html")[2]
    page.rmdir()
    edit(mini / "content" / "01-intro.zh.md", "同志们:", "同志们：")
    wait_for(lambda: fetch(server + "en/intro/index.html")[0] == 200)
    clean = tmp_path / "clean"
    command = [sys.executable, str(ROOT / "build.py"), "build", "--out", str(clean), "--no-pdf", "--no-search"]
    assert subprocess.run(command, cwd=mini, check=False).returncode == 0
    pages = {path: data for path, data in snapshot(clean).items() if path.endswith((".html", ".css", ".js"))}
    preview = snapshot(mini / PREVIEW)
    assert {path: preview.get(path) for path in pages} == pages


def _up(url: str) -> bool:
    try:
        return fetch(url + "index.html")[0] == 200
    except OSError:
        return False
