"""The library's own pages: home (briefings newest first, by year), lists by year, tag and organisation, the
library glossary, and the search page; each planned with a key that changes whenever what it shows does."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ... import urls
from ...load.briefing import make_views
from ...load.glossary import occurrences
from ...model import Briefing, Library, Term
from ..base import Origin, digest
from .context import Link
from .plan import PageSpec


@dataclass(frozen=True, slots=True)
class Read:
    """A way to read a briefing: a view's contents page."""

    href: str
    label: str
    hreflang: str | None


@dataclass(frozen=True, slots=True)
class Named:
    """A tag or organisation as a link to its list: its name per language."""

    href: str
    names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Listed:
    """A briefing as the library lists it."""

    briefing: Briefing
    href: str
    read: tuple[Read, ...]
    tags: tuple[Named, ...]
    organisation: Named | None


@dataclass(frozen=True, slots=True)
class Year:
    """The briefings of one year, newest first."""

    year: str
    href: str
    briefings: tuple[Listed, ...]


def plan_library(library: Library, strings: Mapping[str, Mapping[str, str]], shared: str) -> list[PageSpec]:
    """The library's pages; with sections directly in content/, only the search pages (the site is the briefing)."""
    config = library.config
    pages = []
    if config.search:
        # The site's one briefing, when it is the whole site, owns the search pages: they read as its own.
        owner = library.briefings[0] if library.single and library.briefings else None
        listed = repr([(b.about.slug, b.about.date, b.about.title) for b in library.briefings])
        for lang in config.languages:
            context = functools.partial(_search_context, library, lang.code)
            key = digest(shared, "search", lang.code, listed)
            origin = Origin("the search page", config.path)
            pages.append(PageSpec(urls.search_path(lang.code), key, origin, "search.html", context, owner))
    if library.single:
        return pages
    listed = digest(
        shared, repr([(b.about, [v.code for v in b.views]) for b in library.briefings]), str(bool(library.glossary))
    )
    pages.append(_listing(urls.LANDING, "library.html", listed, "the library's home page", library, None))
    for year in sorted({b.about.year for b in library.briefings}):
        members = [b for b in library.briefings if b.about.year == year]
        pages.append(
            _listing(
                urls.year_path(year), "library.html", listed, f"the list of {year}", library, ("year", year, members)
            )
        )
    for kind, names, of in (
        ("tag", config.tags, lambda b: b.about.tags),
        ("organisation", config.organisations, lambda b: (b.about.organisation,)),
    ):
        for name in names:
            members = [b for b in library.briefings if name in of(b)]
            if members:
                pages.append(
                    _listing(
                        _path_of(kind, name),
                        "library.html",
                        listed,
                        f"the list of {kind} '{name}'",
                        library,
                        (kind, name, members),
                    )
                )
    if library.glossary:
        for lang in config.languages:
            key = digest(listed, "glossary", lang.code, _uses(library, lang.code))
            context = functools.partial(library_glossary_context, library, lang.code)
            origin = Origin("the library's glossary page", config.content / "glossary.yaml")
            pages.append(PageSpec(urls.glossary_path(lang.code), key, origin, "glossary.html", context))
    return pages


def _path_of(kind: str, name: str) -> str:
    return urls.tag_path(name) if kind == "tag" else urls.organisation_path(name)


def _listing(
    path: str, template: str, listed: str, what: str, library: Library, members: tuple[str, str, list[Briefing]] | None
) -> PageSpec:
    """A page listing briefings: the home page (all of them, by year) or one year's, tag's or organisation's."""
    key = digest(listed, template, path)
    context = functools.partial(listing_context, library, members)
    return PageSpec(path, key, Origin(what, library.config.path), template, context)


def listing_context(library: Library, members: tuple[str, str, list[Briefing]] | None) -> dict[str, Any]:
    """The briefings of a list by year, newest first, with what the page is a list of."""
    config = library.config
    briefings = members[2] if members else list(library.briefings)
    if members is None:
        heading = dict(config.title)
    elif members[0] == "year":
        heading = {lang.code: members[1] for lang in config.languages}
    else:
        names = config.tags if members[0] == "tag" else config.organisations
        heading = dict(names[members[1]])

    def years(page_url: urls.PageUrls) -> list[Year]:
        found: dict[str, list[Listed]] = {}
        for briefing in briefings:
            found.setdefault(briefing.about.year, []).append(_listed(library, briefing, page_url))
        return [Year(year, page_url(urls.year_path(year)), tuple(items)) for year, items in found.items()]

    tags = {tag for b in library.briefings for tag in b.about.tags}
    organisations = {b.about.organisation for b in library.briefings}

    def kinds(page_url: urls.PageUrls) -> list[dict[str, Any]]:
        """The tags and organisations in use, each a link to its list."""
        return [
            {
                "key": key,
                "links": [Named(page_url(_path_of(kind, name)), names[name]) for name in names if name in used],
            }
            for kind, key, names, used in (
                ("tag", "library_tags", config.tags, tags),
                ("organisation", "library_organisations", config.organisations, organisations),
            )
        ]

    def glossaries(page_url: urls.PageUrls) -> list[Read]:
        """The library glossary in each language, when there is one."""
        if not library.glossary:
            return []
        return [Read(page_url(urls.glossary_path(lang.code)), lang.name, lang.tag) for lang in config.languages]

    return {
        "glossaries": glossaries,
        "heading": heading,
        "years": years,
        "kinds": kinds,
        "languages": config.languages,
        "kind": members[0] if members else "",
    }


def _listed(library: Library, briefing: Briefing, page_url: urls.PageUrls) -> Listed:
    config, about = library.config, briefing.about
    read = tuple(
        Read(
            page_url(urls.home_path(view.code, briefing.base)),
            " · ".join(lang.name for lang in view.languages),
            None if view.parallel else view.ui.tag,
        )
        for view in briefing.views
    )
    tags = tuple(Named(page_url(urls.tag_path(tag)), config.tags[tag]) for tag in about.tags)
    organisation = (
        Named(page_url(urls.organisation_path(about.organisation)), config.organisations[about.organisation])
        if about.organisation
        else None
    )
    return Listed(briefing, page_url(urls.landing_path(briefing.base)), read, tags, organisation)


def _search_context(library: Library, lang: str) -> dict[str, Any]:
    """The search page: in a library, with the briefings and years a search can be kept to."""
    views = [v for v in make_views(library.config) if not v.parallel]
    view = next((v for v in views if v.ui.code == lang), None)

    def switch(page_url: urls.PageUrls) -> list[Any]:
        return [Link(page_url(urls.search_path(v.ui.code)), v.ui.name, v.ui.tag, v.ui.code == lang) for v in views]

    filters = None
    if not library.single:
        briefings = [
            {"slug": b.about.slug, "date": b.about.date or "", "title": b.about.title[lang]} for b in library.briefings
        ]
        filters = {"briefings": briefings, "years": sorted({b.about.year for b in library.briefings}, reverse=True)}
    return {"view": view, "switch": switch, "filters": filters}


def _uses(library: Library, lang: str) -> str:
    """Where each library term is used: what the library glossary page shows besides the terms."""
    return repr(
        [
            (b.about.slug, s.id, s.translations[lang].full_title, sorted(occurrences(b.glossary, s, lang).items()))
            for b in library.briefings
            for s in b.sections
        ]
    )


def library_glossary_context(library: Library, lang: str) -> dict[str, Any]:
    """The library's glossary: each of its terms, explained, with where every briefing uses it."""
    config = library.config
    other = config.other_language(lang)
    views = [v for v in make_views(config) if not v.parallel]
    view = next(v for v in views if v.ui.code == lang)

    def entries(page_url: urls.PageUrls) -> list[dict[str, Any]]:
        return [_entry(term, library, lang, other, page_url) for term in library.glossary]

    def switch(page_url: urls.PageUrls) -> list[Any]:
        return [Link(page_url(urls.glossary_path(v.ui.code)), v.ui.name, v.ui.tag, v.ui.code == lang) for v in views]

    return {"entries": entries, "view": view, "switch": switch, "library_glossary": True}


def _entry(term: Term, library: Library, lang: str, other: str, page_url: urls.PageUrls) -> dict[str, Any]:
    groups = []
    for briefing in library.briefings:
        places = [
            {
                "href": page_url(urls.section_path(lang, s.id, briefing.base), uses[term.id]),
                "title": s.translations[lang].full_title,
            }
            for s in briefing.sections
            for uses in [occurrences(briefing.glossary, s, lang)]
            if term.id in uses
        ]
        if places:
            groups.append({"title": briefing.about.title[lang], "date": briefing.about.date or "", "places": places})
    return {
        "id": f"term-{term.id}",
        "form": term.forms[lang][0],
        "other": term.forms[other][0],
        "other_tag": library.config.language(other).tag,
        "explain": term.explain[lang],
        "places": [],
        "briefings": groups,
    }
