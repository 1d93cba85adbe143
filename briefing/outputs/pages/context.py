"""Page contexts: what each template is given, as values or as functions of the page's URLs."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ... import urls
from ...load.pairing import pair_rows
from ...model import Briefing, Config, Row, Section, Translation, View, part_separator
from .reference import figures_context, glossary_context, marked_blocks, reference_links, term_tips


@dataclass(frozen=True)
class Link:
    """A navigation link as templates see it."""

    href: str
    label: str
    hreflang: str | None = None
    current: bool = False


@dataclass(frozen=True)
class Entry:
    """A section in a table of contents or the pager."""

    href: str
    title: str
    part: str | None
    current: bool
    headings: tuple[Any, ...]
    number: int = 0
    """Position in the briefing, so a shortened list keeps its numbering."""
    others: tuple[tuple[str, Markup], ...] = ()
    """Side by side: the title in each further language, as (language tag, part label and title)."""


@dataclass(frozen=True)
class HeadingLink:
    """A subsection heading in a table of contents."""

    href: str
    text: str
    level: int


def print_links(view: View | None, section: Section | None, pdf: bool, briefing: Briefing | None = None) -> Any:
    """Links to the handout of this section in this view and to the booklets of its languages."""
    if not pdf:
        return None

    def build(page_url: urls.PageUrls) -> dict[str, Any]:
        languages = view.languages if view else briefing.config.languages if briefing else ()
        booklets = [{"lang": lang, "href": page_url.booklet(lang.code)} for lang in languages]
        handout = page_url.handout(view.code, section.id) if view and section else None
        return {"handout": handout, "booklets": booklets}

    return build


def search_links(config: Config, page_url: urls.PageUrls, lang: str, briefing: str = "") -> dict[str, Any] | None:
    """Where the search box sends queries and finds the index, seen from this page; in a library, the folder of
    the page's briefing, which the search can be kept to; the other languages' search pages, offered when a
    query finds nothing in this one."""
    if not config.search:
        return None
    return {
        "page": page_url(urls.search_path(lang)),
        "bundle": page_url.folder(urls.SEARCH_BUNDLE),
        "root": page_url.folder(""),
        "briefing": briefing,
        "others": [
            {"page": page_url(urls.search_path(other.code)), "name": other.name, "tag": other.tag}
            for other in config.languages
            if other.code != lang
        ],
    }


def href(config: Config, page_url: urls.PageUrls, to_path: str, anchor: str | None = None) -> str:
    """Absolute under base_url when configured, else relative."""
    if config.base_url:
        return urls.absolute_url(config.base_url, to_path) + (f"#{anchor}" if anchor else "")
    return page_url(to_path, anchor)


def translation_in(section: Section, view: View, index: int = 0) -> Translation:
    return section.translations[view.languages[index].code]


TOC_LIMIT = 60
"""Sites with more sections list, on each page, the part openings and the sections near the current one."""
TOC_NEAR = 8
"""Sections listed on either side of the current one on large sites."""


def part_label(part: str | None) -> Markup:
    """A part label ('一、', 'I.') styled as such, with the separator the language needs."""
    if not part:
        return Markup("")
    return Markup('<span class="part">{}</span>{}').format(part, part_separator(part))


class Contents:
    """A view's table of contents as list items; each item is made once per build and shared by the pages."""

    def __init__(self, briefing: Briefing, view: View, label_all: str) -> None:
        self.briefing, self.view, self.label_all = briefing, view, label_all
        self.parts = {i for i, s in enumerate(briefing.sections) if translation_in(s, view).part}
        self.positions = {s.id: i for i, s in enumerate(briefing.sections)}
        self.items: dict[tuple[str, bool], list[str]] = {}
        """Items by home page (how links are written) and whether summaries are shown."""

    def renew(self, briefing: Briefing) -> None:
        """Serve a new build with the same titles: headings and summaries are read from its sections."""
        self.briefing = briefing
        self.items = {key: items for key, items in self.items.items() if not key[1]}

    def html(self, page_url: urls.PageUrls, current: str | None, summaries: bool = False) -> Markup:
        """The <li> items for a page: every section, or a window of them with gaps on large sites.

        With `summaries` (the view's home page), each section's summary follows its title.
        """
        home = page_url.home(self.view.code)
        key = (home, summaries)
        at = self.positions.get(current or "", -1)
        if key not in self.items:
            items = [self._item(page_url, i, None, summaries) for i in range(len(self.briefing.sections))]
            if at >= 0 and len(items) > 1:
                # Seen from its own page a section's link is the short "index.html": the pages sharing
                # these items need the link any other section's page has.
                other = self.briefing.sections[1 if at == 0 else 0]
                base = self.briefing.base
                other_page = urls.PageUrls(urls.section_path(self.view.code, other.id, base), base)
                items[at] = self._item(other_page, at, None, summaries)
            self.items[key] = items
        items = self.items[key]
        listed: list[int] | range = range(len(items))
        if at >= 0 and len(items) > TOC_LIMIT:
            near = range(max(0, at - TOC_NEAR), min(len(items), at + TOC_NEAR + 1))
            listed = sorted(self.parts.union(near))
        gap = (
            f'<li class="gap"><a href="{home}" title="{escape(self.label_all)}"><span aria-hidden="true">…</span>'
            f'<span class="visually-hidden">{escape(self.label_all)}</span></a></li>'
        )
        out, last = [], -1
        for index in listed:
            if index != last + 1:
                out.append(gap)
            out.append(self._item(page_url, index, current) if index == at else items[index])
            last = index
        if last != len(items) - 1:
            out.append(gap)
        return Markup("\n".join(out))

    def _item(self, page_url: urls.PageUrls, index: int, current: str | None, summaries: bool = False) -> str:
        section = self.briefing.sections[index]
        tr = translation_in(section, self.view)
        href = page_url.section(self.view.code, section.id)
        # Side by side, each entry carries its title in the other language too.
        label = f"{part_label(tr.part)}{escape(tr.shown_title)}" + "".join(
            _in_other_language(tag, title) for tag, title in other_titles(section, self.view)
        )
        if current != section.id:
            summary = f'<p class="summary">{escape(tr.summary)}</p>' if summaries and tr.summary else ""
            return f'<li value="{index + 1}"><a href="{href}">{label}</a>{summary}</li>'
        # Side by side, each heading carries its text in the other languages too (headings align by anchor).
        # A translation still pending has only the source's text in its headings: none shown.
        others = [
            {h.anchor: h.text for h in other.headings if h.anchor not in other.untranslated}
            for position in range(1, len(self.view.languages))
            for other in [translation_in(section, self.view, position)]
        ]
        heads = "".join(
            f'<li class="level-{h.level}"><a href="{page_url.section(self.view.code, section.id, h.anchor)}">'
            f"{escape(h.text)}"
            + "".join(
                _in_other_language(lang.tag, escape(texts[h.anchor]))
                for lang, texts in zip(self.view.languages[1:], others, strict=True)
                if h.anchor in texts
            )
            + "</a></li>"
            for h in tr.headings
        )
        nested = f"<ol>{heads}</ol>" if heads else ""
        return f'<li class="current" value="{index + 1}"><a href="{href}" aria-current="page">{label}</a>{nested}</li>'


def other_titles(section: Section, view: View) -> tuple[tuple[str, Markup], ...]:
    """A section's part label and title in each further language of a view, with that language's tag."""
    return tuple(
        (lang.tag, part_label(other.part) + other.shown_title)
        for position, lang in enumerate(view.languages[1:], start=1)
        for other in [translation_in(section, view, position)]
    )


def _in_other_language(tag: str, html: str) -> str:
    return f'<span class="toc-other" lang="{escape(tag)}">{html}</span>'


def contents_entries(
    briefing: Briefing, view: View, page_url: urls.PageUrls, current: str | None, with_headings: str | None
) -> list[Entry]:
    """Every section of a view as entries, with the second-level headings of `with_headings` ('*' for all)."""
    entries: list[Entry] = []
    for index, section in enumerate(briefing.sections):
        tr = translation_in(section, view)
        heads: tuple[HeadingLink, ...] = ()
        if with_headings in (section.id, "*"):
            heads = tuple(
                HeadingLink(page_url.section(view.code, section.id, h.anchor), h.text, h.level) for h in tr.headings
            )
        href = page_url.section(view.code, section.id)
        entries.append(Entry(href, tr.shown_title, tr.part, section.id == current, heads, number=index + 1))
    return entries


def switch_links(briefing: Briefing, current: View | None, target: Any, parallel_label: str) -> Any:
    """Links to the same page in every view; `target(view)` gives that page's path."""

    def build(page_url: urls.PageUrls) -> list[Link]:
        links = []
        for view in briefing.views:
            if view.parallel:
                label, hreflang = parallel_label, None
            else:
                label, hreflang = view.ui.name, view.ui.tag
            links.append(Link(page_url(target(view)), label, hreflang, view == current))
        return links

    return build


def alternate_links(briefing: Briefing, target: Any) -> Any:
    """The page in each language, as absolute addresses for search engines; none without base_url."""

    def build(page_url: urls.PageUrls) -> list[dict[str, str]]:
        if not briefing.config.base_url:
            return []
        return [
            {"hreflang": v.ui.tag, "href": href(briefing.config, page_url, target(v))}
            for v in briefing.views
            if not v.parallel
        ]

    return build


def landing_context(briefing: Briefing, strings: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    config = briefing.config

    def contents(page_url: urls.PageUrls) -> dict[str, list[Entry]]:
        return {
            v.code: [
                Entry(e.href, e.title, e.part, False, tuple(h for h in e.headings if h.level == 2))
                for e in contents_entries(briefing, v, page_url, None, "*")
            ]
            for v in briefing.views
            if not v.parallel
        }

    def choices(page_url: urls.PageUrls) -> list[Link]:
        label = " · ".join(strings[lang.code]["parallel"] for lang in config.languages)
        return list(switch_links(briefing, None, lambda v: urls.home_path(v.code, briefing.base), label)(page_url))

    def searches(page_url: urls.PageUrls) -> list[dict[str, str]]:
        # The landing is read in every language: a search box for each, kept to this briefing in a library.
        return [
            {"code": lang.code, "tag": lang.tag, "page": page_url(urls.search_path(lang.code)), "briefing": slug}
            for lang in config.languages
        ]

    slug = briefing.about.slug
    return {
        "languages": config.languages,
        "searches": searches if config.search else None,
        "titles": briefing.about.title,
        "events": briefing.about.event,
        "speakers": briefing.about.speaker,
        "date": briefing.about.date,
        "conventions": briefing.conventions,
        "contents": contents,
        "choices": choices,
        "alternates": alternate_links(briefing, lambda v: urls.landing_path(briefing.base)),
        "references": lambda u: {lang.code: reference_links(briefing, lang.code)(u) for lang in config.languages},
    }


def single_view_switch(briefing: Briefing, view: View, path_of: Any) -> Any:
    """Language links for pages that exist once per language (search, figures, glossary)."""

    def switch(page_url: urls.PageUrls) -> list[Link]:
        views = [v for v in briefing.views if not v.parallel]
        return [Link(page_url(path_of(v.code)), v.ui.name, v.ui.tag, v == view) for v in views]

    return switch


def reference_context(briefing: Briefing, view: View, template: str) -> tuple[str, str, dict[str, Any]] | None:
    """The key-figures or glossary page of a single-language view, when the site has one."""
    lang = view.ui.code
    if template == "figures.html" and briefing.figures:
        context = figures_context(briefing, lang)
        path_of = functools.partial(urls.figures_path, base=briefing.base)
    elif template == "glossary.html" and briefing.glossary:
        context = glossary_context(briefing, lang)
        path_of = functools.partial(urls.glossary_path, base=briefing.base)
    else:
        return None
    return path_of(lang), template, context | {"view": view, "switch": single_view_switch(briefing, view, path_of)}


def home_context(briefing: Briefing, view: View, t: Mapping[str, str], contents: Contents) -> dict[str, Any]:
    def target(v: View) -> str:
        return urls.home_path(v.code, briefing.base)

    return {
        "view": view,
        "nav": lambda u: contents.html(u, None, summaries=True),
        "switch": switch_links(briefing, view, target, t["parallel"]),
        "alternates": alternate_links(briefing, target),
        "reference": reference_links(briefing, view.ui.code),
    }


def section_context(
    briefing: Briefing, view: View, index: int, t: Mapping[str, str], contents: Contents
) -> dict[str, Any]:
    section = briefing.sections[index]

    def target(v: View) -> str:
        return urls.section_path(v.code, section.id, briefing.base)

    def neighbour(offset: int) -> Any:
        def build(page_url: urls.PageUrls) -> Entry | None:
            position = index + offset
            if not 0 <= position < len(briefing.sections):
                return None
            other = briefing.sections[position]
            tr = translation_in(other, view)
            href = page_url.section(view.code, other.id)
            return Entry(href, tr.shown_title, tr.part, False, (), others=other_titles(other, view))

        return build

    context: dict[str, Any] = {
        "view": view,
        "nav": lambda u: contents.html(u, section.id),
        "switch": switch_links(briefing, view, target, t["parallel"]),
        "alternates": alternate_links(briefing, target),
        "prev": neighbour(-1),
        "next": neighbour(1),
    }
    if view.parallel:
        translations = [translation_in(section, view, i) for i in range(len(view.languages))]
        context["translations"] = translations
        context["text"] = lambda u: parallel_text(briefing, section, view, u)
    else:
        context["translation"] = translation_in(section, view)
        context["text"] = lambda u: single_text(briefing, section, view.ui.code, u)
    context["reference"] = reference_links(briefing, view.ui.code)
    return context


@dataclass(frozen=True, slots=True)
class Text:
    """A section's text as a page shows it: marked blocks by anchor (one language) or rows (side by side),
    and the explanations of the terms it links."""

    tips: list[dict[str, str]]
    marked: dict[str, str] | None = None
    rows: list[Row] | None = None


def single_text(briefing: Briefing, section: Section, lang: str, page_url: urls.PageUrls) -> Text:
    """A section's blocks with figures and terms marked, and the explanations of the terms."""
    used: set[str] = set()
    marked = marked_blocks(briefing, section, lang, page_url, True, used)
    return Text(term_tips(briefing, used, lang, page_url), marked=marked)


def parallel_text(briefing: Briefing, section: Section, view: View, page_url: urls.PageUrls) -> Text:
    """Blocks paired across languages, one row per anchor, each marked; the terms' explanations."""
    translations = [section.translations[lang.code] for lang in view.languages]
    used = {lang.code: set[str]() for lang in view.languages}
    marked = {
        lang.code: marked_blocks(briefing, section, lang.code, page_url, False, used[lang.code])
        for lang in view.languages
    }
    rows = pair_rows(translations, view.languages, lambda lang, block: marked[lang][block.anchor])
    tips = [
        tip | {"tag": lang.tag}
        for lang in view.languages
        for tip in term_tips(briefing, used[lang.code], lang.code, page_url)
    ]
    return Text(tips, rows=rows)
