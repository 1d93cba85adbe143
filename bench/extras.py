"""Search index and PDF figures for the benchmark: index time and size, query latency, printing speed."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing.build.builder import Builder
from briefing.config import load_config
from briefing.load.labels import load_strings
from briefing.load.library import load_library
from briefing.outputs.pdf.plan import plan_pdfs, render_pdfs
from briefing.outputs.search import index_site

from .measure import ROOT, Measurement, report_progress, run_process

CHROMIUM = "/usr/bin/chromium"
QUERY = "养老"
"""A Chinese query of the kind readers type."""


def measure_bundled_check(runs: int) -> list[Measurement]:
    """`build.py check` of the bundled briefing as a user runs it: a fresh process, PDFs planned, none printed."""
    row = Measurement("check of the bundled briefing", "s")
    command = [sys.executable, str(ROOT / "build.py"), "check", "--config", str(ROOT / "config.yaml")]
    for run in range(runs):
        row.values.append(run_process(command).seconds)
        report_progress(row.name, run, runs, row.values[-1])
    return [row]


def measure_search(site: Path, runs: int) -> list[Measurement]:
    """Pagefind over a built site (from scratch each run), and the latency of a Chinese query in Chromium."""
    seconds = Measurement("search index", "s", feature="search")
    size = Measurement("search index size", "MB", feature="search")
    for run in range(runs):
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        stats = index_site(site)
        seconds.values.append(stats.seconds)
        size.values.append(stats.bytes / 1e6)
        report_progress(seconds.name, run, runs, stats.seconds)
    return [seconds, size, *measure_queries(site, runs)]


def measure_queries(site: Path, runs: int) -> list[Measurement]:
    """First query (loads the index) and a repeated query, timed in the page with performance.now()."""
    first = Measurement(f"query {QUERY}, first", "ms", feature="search")
    again = Measurement(f"query {QUERY}, repeated", "ms", feature="search")
    if not Path(CHROMIUM).exists():
        return []
    from playwright.sync_api import sync_playwright

    script = """async ([query]) => {
        const pagefind = await import(new URL("../../pagefind/pagefind.js", location.href).href);
        await pagefind.options({ baseUrl: new URL("../../", location.href).pathname });
        const run = async () => {
            const start = performance.now();
            const search = await pagefind.search(query);
            await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
            return [performance.now() - start, search.results.length];
        };
        const cold = await run();
        const warm = await run();
        return [cold[0], warm[0], cold[1]];
    }"""
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*args, "--no-first-run"])
        for run in range(runs):
            page = browser.new_page()
            page.goto(url + "zh/" + next(p.name for p in sorted((site / "zh").iterdir()) if p.is_dir()) + "/index.html")
            cold, warm, found = page.evaluate(script, [QUERY])
            if not found:
                raise RuntimeError(f"the query {QUERY} found nothing")
            first.values.append(cold)
            again.values.append(warm)
            page.close()
            report_progress(first.name, run, runs, cold / 1000)
        browser.close()
    return [first, again]


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (a free port) while the block runs."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure_pdf(config_path: Path, out: Path, runs: int) -> list[Measurement]:
    """Printing every handout and booklet cold, on one core and on all, and a no-change build with PDFs on."""
    config = load_config(config_path)
    library, _ = load_library(config)
    strings = load_strings(config)
    jobs = [job for briefing in library.briefings for job in plan_pdfs(briefing, strings, config.print)]
    cores = os.cpu_count() or 1
    serial = Measurement(f"print {len(jobs)} PDFs cold, 1 process", "s", feature="pdf")
    parallel = Measurement(f"print {len(jobs)} PDFs cold, {cores} processes", "s", feature="pdf")
    unchanged = Measurement("no-change build with PDFs", "s", feature="pdf")
    for run in range(runs):
        for row, workers in ((serial, 1), (parallel, cores)):
            start = time.perf_counter()
            render_pdfs(jobs, None, workers, progress=False)
            row.values.append(time.perf_counter() - start)
            report_progress(row.name, run, runs, row.values[-1])
    shutil.rmtree(out, ignore_errors=True)
    Builder(config_path, out, switches={"pdf": True, "search": False}).build()
    for run in range(runs):
        start = time.perf_counter()
        Builder(config_path, out, switches={"pdf": True, "search": False}).build()
        unchanged.values.append(time.perf_counter() - start)
        report_progress(unchanged.name, run, runs, unchanged.values[-1])
    return [serial, parallel, unchanged]
