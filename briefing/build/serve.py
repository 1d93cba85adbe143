"""`serve`: build, watch the sources, rebuild what changed, and reload open browsers (livereload)."""

from __future__ import annotations

import html
import mimetypes
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import ioloop, web

from ..config import load_config
from ..errors import BriefingError, Problem, display_path
from ..model import Language
from ..outputs import OUTPUTS
from .builder import Builder

PREVIEW = "preview"
"""Where serve builds its preview in the cache folder, unless `--out` names another."""

POLL_MS = 200
"""How often the sources are checked for changes."""

_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
_ERROR_TEXT = {
    "zh": ("构建出错", "保存修改后页面会自动恢复。以下问题需要处理:"),
    "en": ("The build failed", "The page comes back as soon as the problems below are fixed and saved:"),
}


@dataclass
class ServeState:
    """What the server shows: the last good site, or the problems of the last build."""

    builder: Builder
    languages: tuple[Language, ...] = ()
    """The site's languages, for the error page's lang attribute."""
    later: frozenset[str] = frozenset()
    """Slow outputs (PDFs, the search index) made again after each rebuild, off the reload's path."""
    problems: tuple[Problem, ...] = ()
    log: Callable[[str], None] = field(default=lambda line: print(line, flush=True))
    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: threading.Event = field(default_factory=threading.Event)

    def rebuild(self, everything: bool = False) -> None:
        """Build what changed; keep serving the last good site when the build fails.

        Unless `everything`, the slow outputs are left for a refresh in the background.
        """
        try:
            with self.lock:
                result = self.builder.build(later=() if everything else self.later)
        except BriefingError as exc:
            self.show_problems(exc.problems)
            return
        except Exception as exc:
            # Anything else (a file that cannot be written, a bug) may have left the preview half updated: the
            # next build forgets what it knew and makes every file again, so the preview equals a clean build.
            self.builder = self.builder.renewed()
            message = f"internal error while rebuilding: {type(exc).__name__}: {exc}"
            hint = "fix the cause and save again: the next build makes every file of the preview again"
            self.show_problems((Problem(display_path(self.builder.config_path), None, message, hint),))
            return
        self.problems = ()
        seconds = sum(s for _, s in result.timings.stages)
        self.log(f"rebuilt {result.rendered} page(s), wrote {len(result.written)} file(s) in {seconds * 1000:.0f} ms")
        for note in result.timings.notes:
            self.log(note)
        if self.later and not everything:
            self.refresh_later()

    def show_problems(self, problems: tuple[Problem, ...]) -> None:
        """Serve the problem page, and say what it lists, until a build succeeds."""
        self.problems = problems
        for item in problems:
            self.log(str(item))
        self.log(f"{len(problems)} problem(s); the browser shows them until they are fixed")

    def refresh_later(self) -> None:
        """Make the slow outputs in a thread; one refresh runs at a time and covers every save before it."""
        if self.waiting.is_set():
            return
        self.waiting.set()

        def work() -> None:
            self.waiting.clear()
            self.rebuild(everything=True)

        threading.Thread(target=work, name="briefing-later", daemon=True).start()


def error_page(problems: tuple[Problem, ...], lang: str, languages: Sequence[Language] = ()) -> str:
    """A page listing build problems, in the language of the page asked for when Briefing speaks it (Chinese,
    English), else in English; the problems take the whole width."""
    code = lang if lang in _ERROR_TEXT else "en"
    title, lead = _ERROR_TEXT[code]
    tag = next((x.tag for x in languages if x.code == code), code)
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        f'<!doctype html>\n<html lang="{html.escape(tag)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f'<link rel="stylesheet" href="/static/style.css">\n</head>\n<body>\n<div class="layout">\n<main id="main">\n'
        f'<h1>{title}</h1>\n<p>{lead}</p>\n<ul class="build-errors">\n{items}\n</ul>\n</main>\n</div>\n</body>\n</html>\n'
    )


class _SiteHandler(StaticFileHandler):  # type: ignore[misc]
    """Static files of the output folder only; the problems page while the build is broken."""

    state: ServeState

    def initialize(self, path: str, default_filename: str | None = None, state: ServeState | None = None) -> None:
        super().initialize(path, default_filename)
        if state is not None:
            self.state = state

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.state.problems and (path == "" or path.endswith(("/", ".html"))):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.state.problems, path.split("/", 1)[0], self.state.languages))
            return
        await super().get(path, include_body)

    def get_content_type(self) -> str:
        suffix = Path(self.absolute_path or "").suffix
        if suffix in _TYPES:
            return _TYPES[suffix]
        return mimetypes.guess_type(self.absolute_path or "")[0] or "application/octet-stream"

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")


class _QuickWatcher(Watcher):  # type: ignore[misc]
    """livereload's polling watcher, checked every POLL_MS instead of every 800 ms."""

    def start(self, callback: Callable[[], Any]) -> bool:
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True


class BriefingServer(Server):  # type: ignore[misc]
    """livereload's server with an external reload script (the pages' CSP forbids inline ones)."""

    def __init__(self, state: ServeState) -> None:
        super().__init__(watcher=_QuickWatcher())
        self.state = state

    def application(
        self, port: int, host: str, liveport: int | None = None, debug: bool | None = None, live_css: bool = True
    ) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # Reload on every save, not at most once in three seconds.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

        class Inject(LiveScriptInjector):  # type: ignore[misc]
            script = f'<script src="/livereload.js?port={port}"></script>'.encode()

        handlers: list[Any] = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", _SiteHandler, {"path": str(self.root), "default_filename": "index.html", "state": self.state}),
        ]
        web.Application(handlers=handlers, debug=False, transforms=[Inject]).listen(port, address=host)


def serve(
    config_path: Path,
    host: str,
    port: int,
    output: Path | None = None,
    switches: Mapping[str, bool] | None = None,
    only: str | None = None,
) -> None:
    """Build a preview, serve it and rebuild on every change until interrupted.

    The preview goes into `output` when given, else into the cache folder: the published site (config.yaml's
    `output`) is never touched unless named. `switches` turn outputs on or off by name, over config.yaml; slow
    outputs are off unless switched on. With `only`, the preview holds that briefing of the library alone.
    """
    configured = load_config(config_path)
    published = configured.output
    output = output if output is not None else configured.cache / PREVIEW
    config = load_config(config_path, output)
    if config.output == published:
        print(f"previewing into the published folder {display_path(published)}/, as --out asks", flush=True)
    chosen = {o.name: False for o in OUTPUTS if o.background} | dict(switches or {})
    builder = Builder(config_path, output, in_place=True, switches=chosen, parallel=False, only=only)
    later = frozenset(o.name for o in OUTPUTS if o.background and chosen.get(o.name))
    state = ServeState(builder, config.languages, later)
    state.rebuild(everything=True)
    config.output.mkdir(parents=True, exist_ok=True)
    server = BriefingServer(state)
    for path in (config.content, config.templates, config.path):
        server.watch(str(path), lambda: state.rebuild())
    if config.output != published:
        print(
            f"previewing in {display_path(config.output)}/; the published {display_path(published)}/ is left as it is"
        )
    print(f"serving {display_path(config.output)}/ at http://{_shown_host(host)}:{port}/ (Ctrl-C stops)", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"the site is visible to other devices on your network: http://{_lan_address()}:{port}/", flush=True)
    server.serve(host=host, port=port, root=str(config.output), restart_delay=0)


def _shown_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


def _lan_address() -> str:
    """This machine's address on the local network, as phones would reach it."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
