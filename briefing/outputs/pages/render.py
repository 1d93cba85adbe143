"""Page plan -> pages: the Jinja environment, rendering, and checking each page as it is made."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ... import urls
from ...errors import BriefingError
from ...load.labels import briefing_strings
from ...model import About, Block, Library, OutputFile
from ...workers import run_all
from ..verify import Checker, FileCheck
from .context import href, part_label, search_links
from .plan import PageSpec

CSP = (
    "default-src 'none'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'"
)
"""Content-Security-Policy of every page: the site's own files only; search's WebAssembly when search is on."""


class SiteEnvironment(jinja2.Environment):
    """Jinja for site pages, remembering pieces that many pages share."""

    shared_pieces: dict[tuple[Any, ...], Markup]


@jinja2.pass_context
def shared_piece(context: jinja2.runtime.Context, values: Mapping[str, str], template: str) -> Markup:
    """`template` rendered with `values`, once per build for each distinct set of values (term tips, say)."""
    env = context.environment
    assert isinstance(env, SiteEnvironment)
    key = (template, *sorted(values.items()))
    if key not in env.shared_pieces:
        html = env.get_template(template).render(context.get_all() | {"piece": values})
        env.shared_pieces[key] = Markup(html)
    return env.shared_pieces[key]


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja with autoescaping on, undefined names as errors, and our filters."""
    env = SiteEnvironment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A builder makes a new environment whenever a template changes: no need to look at the files again.
        auto_reload=False,
    )
    env.shared_pieces = {}
    env.filters["shared"] = shared_piece
    env.filters["anchored"] = anchored
    env.filters["note_marks"] = note_marks
    env.filters["part_label"] = part_label
    return env


_NOTE_MARK = re.compile(r'<a href="#fn-[^"]*" id="(fnref-[^"]+)"')


def note_marks(html: str) -> Markup:
    """Empty targets for the footnote marks of a block not shown (one awaiting translation, side by side), so
    the notes' links back still land beside it."""
    return Markup("".join(f'<span id="{escape(found)}"></span>' for found in _NOTE_MARK.findall(html)))


def anchored(
    block: Block, css_class: str = "", html: str | None = None, lang: str | None = None, unindexed: bool = False
) -> Markup:
    """A block's HTML (or `html`, the same block marked up) with its anchor id and class on the outer element;
    with `lang`, the language it is in; `unindexed` keeps it out of the search index."""
    html = block.html if html is None else html
    match = re.match(r"<[a-z0-9]+", html)
    end = match.end() if match else 0
    extra = f' class="{css_class}"' if css_class else ""
    extra += f' lang="{escape(lang)}"' if lang else ""
    extra += " data-pagefind-ignore" if unindexed else ""
    return Markup(f'{html[:end]} id="{block.anchor}"{extra}{html[end:]}')


@dataclass(frozen=True)
class Rendered:
    """A page made and checked: written into a folder already (`data` None), or kept in memory."""

    path: str
    size: int
    check: FileCheck
    data: bytes | None
    seconds: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """CPU seconds spent making it: page data and templates, checking, writing."""


def render_checked(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    library: Library,
    strings: Mapping[str, Mapping[str, str]],
    checker: Checker,
    parallel: bool = True,
    folder: Path | None = None,
) -> list[Rendered]:
    """Render pages and check each as it is made, writing each into `folder` when given.

    Many pages are shared out over the machine's cores; written pages do not travel back to this process.
    """
    shared = (env, specs, library, strings, checker, folder)
    # A section's pages in every view one after another: they share the marking of its text.
    order = sorted(range(len(specs)), key=lambda index: (specs[index].path.split("/", 1)[0], specs[index].section))
    done = run_all(_render_and_check, shared, order, parallel)
    return [page for _, page in sorted(zip(order, done, strict=True), key=lambda pair: pair[0])]


def _render_and_check(shared: tuple[Any, ...], index: int) -> Rendered:
    env, specs, library, strings, checker, folder = shared
    spec = specs[index]
    start = time.process_time()
    page = render_page(env, spec, library, strings)
    rendered = time.process_time()
    check = checker.check_file(page)
    checked = time.process_time()
    if folder is None:
        return Rendered(page.path, len(page.data), check, page.data, (rendered - start, checked - rendered, 0.0))
    target = folder / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.data)
    seconds = (rendered - start, checked - rendered, time.process_time() - checked)
    return Rendered(page.path, len(page.data), check, None, seconds)


def render_page(
    env: jinja2.Environment, spec: PageSpec, library: Library, strings: Mapping[str, Mapping[str, str]]
) -> OutputFile:
    """Render one page, reporting template errors with file and line."""
    briefing, path, template, config = spec.briefing, spec.path, spec.template, library.config
    page_url = urls.PageUrls(path, briefing.base if briefing else "")
    context = spec.context()
    view = context.get("view")
    ui = view.ui if view is not None else config.source_language
    about = briefing.about if briefing else None
    strings = briefing_strings(strings, about)
    full: dict[str, Any] = {
        "url": page_url,
        "ui": ui,
        "t": strings[ui.code],
        "strings": strings,
        "site_title": about.title[ui.code] if about else config.title[ui.code],
        "event": about.event[ui.code] if about else "",
        "library": None if library.single else {"title": config.title[ui.code], "href": page_url.library()},
        "brand": _brand(library, about, page_url, ui.code),
        "csp": CSP.format(wasm=" 'wasm-unsafe-eval'" if config.search else ""),
        "switch": [],
        "alternates": [],
        # Search engines read canonical and hreflang addresses as absolute only: none without base_url.
        "canonical": href(config, page_url, path) if config.base_url else None,
        "search": search_links(config, page_url, ui.code, about.slug if about and not library.single else ""),
        "source": config.source_language,
        "searchable": False,
        "search_meta": _search_meta(about, ui.code),
        # No hreflang on feed links: search engines would take them for the page in another language.
        "feeds": []
        if library.single
        else [
            {"href": page_url(urls.feed_path(lang.code)), "title": config.title[lang.code]} for lang in config.languages
        ],
    }
    full.update({k: (v(page_url) if callable(v) else v) for k, v in context.items()})
    try:
        html = env.get_template(template).render(full)
    except jinja2.TemplateNotFound as exc:
        folder = Path(env.loader.searchpath[0]) if isinstance(env.loader, jinja2.FileSystemLoader) else Path()
        hint = "restore it from Briefing's bundled templates/"
        raise BriefingError.at(folder / str(exc.name), None, "template not found", hint) from None
    except jinja2.TemplateSyntaxError as exc:
        raise BriefingError.at(
            Path(exc.filename or template), exc.lineno, f"template syntax error: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        file, line = _template_location(env, template)
        raise BriefingError.at(file, line, f"template error: {exc}") from None
    return OutputFile(path, html.encode("utf-8"))


def _brand(library: Library, about: About | None, page_url: urls.PageUrls, lang: str) -> dict[str, str]:
    """The masthead's name and link: the library's, or the briefing's when it is the whole site."""
    if library.single and about is not None:
        return {"title": about.title[lang], "href": page_url.landing()}
    return {"title": library.config.title[lang], "href": page_url.library()}


def _search_meta(about: About | None, lang: str) -> dict[str, str] | None:
    """What the search index records of a page's briefing: filters (folder, year) and what results show."""
    if about is None or not about.slug:
        return None
    return {"slug": about.slug, "year": about.year, "title": about.title[lang], "date": about.date or ""}


def _template_location(env: jinja2.Environment, template: str) -> tuple[Path, int | None]:
    """Where in a template the error being handled was raised (Jinja rewrites tracebacks)."""
    tb = sys.exc_info()[2]
    found: tuple[Path, int | None] = (Path(template), None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            found = (Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found
