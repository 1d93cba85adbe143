"""Model -> pages: Jinja environment and page contexts; pure apart from reading templates."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import urls
from .errors import BriefingError
from .model import Block, OutputFile, Section, Site, View
from .pages import (
    Contents,
    home_context,
    href,
    landing_context,
    part_label,
    print_links,
    reference_context,
    search_context,
    search_links,
    section_context,
    translation_in,
)
from .verify import Checker, FileCheck
from .workers import run_all

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
    )
    env.shared_pieces = {}
    env.filters["shared"] = shared_piece
    env.filters["anchored"] = anchored
    env.filters["part_label"] = part_label
    return env


def anchored(block: Block, css_class: str = "", html: str | None = None) -> Markup:
    """A block's HTML (or `html`, the same block marked up) with its anchor id and class on the outer element."""
    html = block.html if html is None else html
    match = re.match(r"<[a-z0-9]+", html)
    end = match.end() if match else 0
    extra = f' class="{css_class}"' if css_class else ""
    return Markup(f'{html[:end]} id="{block.anchor}"{extra}{html[end:]}')


@dataclass(frozen=True)
class PageSpec:
    """A page to render: its path, template, a key that changes when any input of it does, its context."""

    path: str
    template: str
    key: str
    context: Callable[[], dict[str, Any]]
    """Makes the template's context; only pages that are rendered need it."""
    searchable: bool = False
    """Whether the search index should include this page's text."""


@dataclass
class PlanMemo:
    """What planning can reuse from the last build of the same builder."""

    contents: dict[tuple[str, str], Contents] = dataclasses.field(default_factory=dict)
    """Tables of contents by view and navigation fingerprint, reused while no title changes."""
    specs: dict[tuple[str, str], tuple[Section, tuple[str, str], PageSpec]] = dataclasses.field(default_factory=dict)
    """Section pages by view and section id, with the section and navigation they were planned for."""


def plan_pages(
    site: Site,
    strings: Mapping[str, Mapping[str, str]],
    inputs_key: str,
    pdf: bool = False,
    plan_memo: PlanMemo | None = None,
) -> list[PageSpec]:
    """Every HTML page of the site: landing, view homes, section pages per view; nothing rendered yet.

    With `pdf`, pages link to the printed handouts and booklets.
    """
    plan_memo = plan_memo if plan_memo is not None else PlanMemo()
    memo, spec_memo = plan_memo.contents, plan_memo.specs
    prints = _Fingerprints(site, strings, inputs_key + f"pdf={pdf}")
    pages = [
        PageSpec(
            urls.LANDING,
            "landing.html",
            prints.landing(),
            lambda: landing_context(site, strings) | {"prints": print_links(None, None, pdf, site)},
        )
    ]
    for view in site.views:
        t = strings[view.ui.code]
        key = (view.code, prints.nav(view))
        if key not in memo:
            memo[key] = Contents(site, view, t["contents_all"])
        pages += _view_pages(site, view, t, memo[key], prints, pdf, spec_memo)
    for gone in [k for k in memo if k[1] not in {prints.nav(v) for v in site.views}]:
        del memo[gone]
    ids = {s.id for s in site.sections}
    for stale in [k for k in spec_memo if k[1] not in ids]:
        del spec_memo[stale]
    return pages


def _view_pages(
    site: Site,
    view: View,
    t: Mapping[str, str],
    contents: Contents,
    prints: _Fingerprints,
    pdf: bool,
    memo: dict[tuple[str, str], tuple[Section, tuple[str, str], PageSpec]],
) -> list[PageSpec]:
    """A view's home page, section pages, reference pages and search page."""
    pages = [
        PageSpec(
            urls.home_path(view.code), "home.html", prints.home(view), lambda: home_context(site, view, t, contents)
        )
    ]
    template = "parallel.html" if view.parallel else "section.html"
    for index, section in enumerate(site.sections):
        # A section object reused from the last build, under the same navigation, makes the same page.
        known = memo.get((view.code, section.id))
        if known and known[0] is section and known[1] == (prints.nav(view), prints.reference()):
            pages.append(known[2])
            continue
        searchable = not view.parallel and not translation_in(section, view).pending

        def context(index: int = index, section: Section = section, searchable: bool = searchable) -> dict[str, Any]:
            extra = {"searchable": searchable, "prints": print_links(view, section, pdf)}
            return section_context(site, view, index, t, contents) | extra

        path = urls.section_path(view.code, section.id)
        spec = PageSpec(path, template, prints.section(view, section), context, searchable)
        memo[(view.code, section.id)] = (section, (prints.nav(view), prints.reference()), spec)
        pages.append(spec)
    for template in ("figures.html", "glossary.html"):
        found = None if view.parallel else reference_context(site, view, template)
        if found:
            key = _digest(prints.nav(view), prints.reference(), template)
            pages.append(PageSpec(found[0], template, key, functools.partial(dict, found[2])))
    if site.config.search and not view.parallel:
        key = _digest(prints.nav(view), "search")
        pages.append(PageSpec(urls.search_path(view.code), "search.html", key, lambda: search_context(site, view)))
    return pages


@dataclass(frozen=True)
class Rendered:
    """A page made and checked: written into a folder already (`data` None), or kept in memory."""

    path: str
    size: int
    check: FileCheck
    data: bytes | None


def render_checked(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    site: Site,
    strings: Mapping[str, Mapping[str, str]],
    checker: Checker,
    parallel: bool = True,
    folder: Path | None = None,
) -> list[Rendered]:
    """Render pages and check each as it is made, writing each into `folder` when given.

    Many pages are shared out over the machine's cores; written pages do not travel back to this process.
    """
    shared = (env, specs, site, strings, checker, folder)
    return run_all(_render_and_check, shared, range(len(specs)), parallel)


def _render_and_check(shared: tuple[Any, ...], index: int) -> Rendered:
    env, specs, site, strings, checker, folder = shared
    spec = specs[index]
    page = render_page(env, spec.template, spec.path, site, strings, spec.context())
    check = checker.check_file(page)
    if folder is None:
        return Rendered(page.path, len(page.data), check, page.data)
    target = folder / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.data)
    return Rendered(page.path, len(page.data), check, None)


def render_pages(
    env: jinja2.Environment, specs: Sequence[PageSpec], site: Site, strings: Mapping[str, Mapping[str, str]]
) -> list[OutputFile]:
    """Render the given pages."""
    return [render_page(env, spec.template, spec.path, site, strings, spec.context()) for spec in specs]


class _Fingerprints:
    """Hashes of what each kind of page shows, so unchanged pages need not be rendered again."""

    def __init__(self, site: Site, strings: Mapping[str, Mapping[str, str]], inputs_key: str) -> None:
        self.site = site
        # Where the site is written does not change what its pages say.
        config = dataclasses.replace(site.config, output=Path("."))
        labels = sorted((k, sorted(v.items())) for k, v in strings.items())
        self.base = _digest(inputs_key, repr(config), repr(labels))
        self.navs: dict[str, str] = {}
        self.references = _digest(repr(site.figures), repr(site.glossary))

    def nav(self, view: View) -> str:
        """Titles and parts of every section in a view: the contents list and the pager."""
        if view.code not in self.navs:
            titles = [(s.id, translation_in(s, view).title, translation_in(s, view).part) for s in self.site.sections]
            self.navs[view.code] = _digest(self.base, view.code, repr(titles))
        return self.navs[view.code]

    def landing(self) -> str:
        """The landing page shows every title, part and second-level heading in every language."""
        shown = [
            (s.id, tr.lang, tr.title, tr.part, [(h.anchor, h.text) for h in tr.headings if h.level == 2])
            for s in self.site.sections
            for tr in s.translations.values()
        ]
        return _digest(self.base, "landing", repr(shown))

    def reference(self) -> str:
        """Key figures and glossary, which every section page and both reference pages show."""
        return self.references

    def home(self, view: View) -> str:
        """A view's contents page."""
        return _digest(self.nav(view), "home")

    def section(self, view: View, section: Section) -> str:
        """A section page: its own text in the view's languages, and the view's navigation."""
        own = [section.translations[lang.code] for lang in view.languages]
        shown = [(tr.digest, sorted(tr.stale), tr.pending) for tr in own]
        return _digest(self.nav(view), self.reference(), section.id, repr(shown))


def _digest(*parts: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def render_page(
    env: jinja2.Environment,
    template: str,
    path: str,
    site: Site,
    strings: Mapping[str, Mapping[str, str]],
    context: dict[str, Any],
) -> OutputFile:
    """Render one template to the page at `path`, reporting template errors with file and line."""
    page_url = urls.PageUrls(path)
    ui = context.get("view", site.views[0]).ui
    full = {
        "url": page_url,
        "ui": ui,
        "t": strings[ui.code],
        "strings": strings,
        "site_title": site.config.title[ui.code],
        "event": site.config.event[ui.code],
        "csp": CSP.format(wasm=" 'wasm-unsafe-eval'" if site.config.search else ""),
        "switch": [],
        "alternates": [],
        "canonical": href(site, page_url, path),
        "search": search_links(site, page_url, ui.code),
        "source": site.config.source_language,
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
