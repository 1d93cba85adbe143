"""Model -> page plan: every page of the site, with a key that changes whenever what the page shows does."""

from __future__ import annotations

import dataclasses
import functools
import operator
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import urls
from ...load.glossary import occurrences
from ...model import Briefing, Config, Section, View
from ..base import Job, Origin, digest
from .context import (
    Contents,
    home_context,
    landing_context,
    print_links,
    reference_context,
    section_context,
    translation_in,
)
from .reference import figure_anchor


@dataclass(frozen=True)
class PageSpec(Job):
    """A page to render: a job (path, key, origin) with its template and context."""

    template: str
    context: Callable[[], dict[str, Any]]
    """Makes the template's context; only pages that are rendered need it."""
    briefing: Briefing | None = None
    """The briefing the page belongs to; None for the library's own pages."""
    """Makes the template's context; only pages that are rendered need it."""
    searchable: bool = False
    """Whether the search index should include this page's text."""
    section: str = ""
    """The id of the section a section page shows (in any view)."""


@dataclass
class PlanMemo:
    """What planning can reuse from the last build of the same builder."""

    contents: dict[tuple[str, str], Contents] = dataclasses.field(default_factory=dict)
    """Tables of contents by view and navigation fingerprint, reused while no title changes."""
    specs: dict[str, _Column] = dataclasses.field(default_factory=dict)
    """Section pages by view, with the sections and the navigation they were planned for."""
    pieces: dict[str, _Column] = dataclasses.field(default_factory=dict)
    """What each section adds to a fingerprint, by kind."""
    base: tuple[object, str, str] = (None, "", "")
    """The briefing's details (briefing.yaml) and the shared key last fingerprinted, with their fingerprint."""
    references: tuple[object, object, str] = (None, None, "")
    """The key figures and glossary last fingerprinted, with their fingerprint."""


@dataclass(frozen=True)
class _Column:
    """Something made for every section, in order, from these sections (and `also`): reusable where a section
    is the very object it was made from."""

    sections: tuple[Section, ...]
    also: object
    values: list[Any]

    def update(self, sections: tuple[Section, ...], also: object, make: Callable[[int, Section], Any]) -> _Column:
        """The values for `sections`, made anew only for sections that are not the ones of this column."""
        if self.also is not also and self.also != also:
            return _Column(sections, also, [make(i, s) for i, s in enumerate(sections)])
        values = list(self.values)
        if len(self.sections) == len(sections):
            for index, same in enumerate(map(operator.is_, self.sections, sections)):
                if not same:
                    values[index] = make(index, sections[index])
            return _Column(sections, also, values)
        return _Column(sections, also, [make(i, s) for i, s in enumerate(sections)])


_EMPTY = _Column((), None, [])


def plan_pages(
    briefing: Briefing,
    strings: Mapping[str, Mapping[str, str]],
    shared_key: str,
    pdf: bool = False,
    plan_memo: PlanMemo | None = None,
) -> list[PageSpec]:
    """Every HTML page of a briefing: landing, view homes, section pages per view, reference pages; nothing
    rendered yet. `shared_key` changes with whatever every page shows (templates, labels, configuration).

    With `pdf`, pages link to the printed handouts and booklets.
    """
    plan_memo = plan_memo if plan_memo is not None else PlanMemo()
    memo, spec_memo = plan_memo.contents, plan_memo.specs
    prints = _Fingerprints(briefing, digest(shared_key, f"pdf={pdf}"), plan_memo)
    pages = [
        PageSpec(
            urls.landing_path(briefing.base),
            prints.landing(),
            Origin(f"the landing page of {briefing.about.slug or 'the briefing'}", briefing.about.path),
            "landing.html",
            lambda: landing_context(briefing, strings) | {"prints": print_links(None, None, pdf, briefing)},
            briefing,
        )
    ]
    for view in briefing.views:
        t = strings[view.ui.code]
        key = (view.code, prints.nav(view))
        if key not in memo:
            memo[key] = Contents(briefing, view, t["contents_all"])
        memo[key].renew(briefing)
        pages += _view_pages(briefing, view, t, memo[key], prints, pdf, spec_memo)
    for gone in [k for k in memo if k[1] not in {prints.nav(v) for v in briefing.views}]:
        del memo[gone]
    return pages


def _view_pages(
    briefing: Briefing,
    view: View,
    t: Mapping[str, str],
    contents: Contents,
    prints: _Fingerprints,
    pdf: bool,
    memo: dict[str, _Column],
) -> list[PageSpec]:
    """A view's home page, section pages, reference pages and search page."""
    pages = [
        PageSpec(
            urls.home_path(view.code, briefing.base),
            prints.home(view),
            Origin(f"the contents page of {briefing.base}{view.code}", briefing.about.path),
            "home.html",
            lambda: home_context(briefing, view, t, contents),
            briefing,
        )
    ]
    section_template = "parallel.html" if view.parallel else "section.html"

    def plan(index: int, section: Section) -> PageSpec:
        searchable = not view.parallel and not translation_in(section, view).pending

        def context() -> dict[str, Any]:
            extra = {"searchable": searchable, "prints": print_links(view, section, pdf)}
            return section_context(briefing, view, index, t, contents) | extra

        path = urls.section_path(view.code, section.id, briefing.base)
        source = section.translations[briefing.config.source_language.code]
        origin = Origin(f"section '{section.id}'", source.path, source.id_line)
        key = prints.section(view, section)
        return PageSpec(path, key, origin, section_template, context, briefing, searchable, section.id)

    # A section object reused from the last build, under the same navigation, makes the same page.
    column = memo.get(view.code, _EMPTY).update(briefing.sections, (prints.nav(view), prints.reference()), plan)
    memo[view.code] = column
    pages += column.values
    for template in ("figures.html", "glossary.html"):
        found = None if view.parallel else reference_context(briefing, view, template)
        if found:
            key = digest(prints.nav(view), prints.reference(), prints.in_text(view, template), template)
            name = template.removesuffix(".html")
            origin = Origin(f"the {name} page", briefing.folder / f"{name}.yaml")
            pages.append(PageSpec(found[0], key, origin, template, functools.partial(dict, found[2]), briefing))
    return pages


class _Fingerprints:
    """Hashes of what each kind of page shows, so unchanged pages need not be rendered again."""

    def __init__(self, briefing: Briefing, shared_key: str, memo: PlanMemo) -> None:
        self.briefing = briefing
        self._source = briefing.config.source_language.code
        self.pieces = memo.pieces
        known_base = memo.base
        if known_base[0] is not briefing.about or known_base[1] != shared_key:
            memo.base = known_base = (briefing.about, shared_key, digest(shared_key, repr(briefing.about)))
        self.base = known_base[2]
        self.navs: dict[str, str] = {}
        known = memo.references
        if known[0] is not briefing.figures or known[1] is not briefing.glossary:
            memo.references = known = (
                briefing.figures,
                briefing.glossary,
                digest(repr(briefing.figures), repr(briefing.glossary)),
            )
        self.references = known[2]

    def _each(self, kind: str, shows: Callable[[Section], object], also: object = None) -> str:
        """What every section shows of `kind`, as text; a section (with `also`) seen before is not read again."""
        column = self.pieces.get(kind, _EMPTY).update(self.briefing.sections, also, lambda _, s: repr((s.id, shows(s))))
        self.pieces[kind] = column
        return "\n".join(column.values)

    def nav(self, view: View) -> str:
        """Titles and parts of every section in a view's languages: the contents list and the pager."""
        if view.code not in self.navs:

            def titles(s: Section) -> object:
                shown = (translation_in(s, view, i) for i in range(len(view.languages)))
                return [(tr.shown_title, tr.part) for tr in shown]

            self.navs[view.code] = digest(self.base, view.code, self._each(f"nav {view.code}", titles))
        return self.navs[view.code]

    def landing(self) -> str:
        """The landing page shows every title, part and second-level heading in every language."""

        def shown(s: Section) -> object:
            return [
                (tr.lang, tr.shown_title, tr.part, [(h.anchor, h.text) for h in tr.headings if h.level == 2])
                for tr in s.translations.values()
            ]

        return digest(self.base, "landing", self._each("landing", shown), self.reference())

    def reference(self) -> str:
        """Key figures and glossary: section pages mark them, every contents list links to their pages."""
        return self.references

    def in_text(self, view: View, template: str) -> str:
        """Where the text uses each term (the glossary lists it), or whether each figure is marked in it."""
        lang, briefing = view.ui.code, self.briefing
        if template == "glossary.html":

            def uses(s: Section) -> object:
                return sorted(occurrences(briefing.glossary, s, lang).items())

            return digest(self._each(f"uses {lang}", uses, briefing.glossary))
        sections = {s.id: s for s in briefing.sections}
        figures = briefing.figures.figures if briefing.figures else ()
        return digest(repr([figure_anchor(figures, f, sections[f.section], lang) for f in figures]))

    def home(self, view: View) -> str:
        """A view's contents page, with section summaries and links to the reference pages."""
        summaries = self._each(f"home {view.code}", lambda s: translation_in(s, view).summary)
        return digest(self.nav(view), self.reference(), "home", summaries)

    def section(self, view: View, section: Section) -> str:
        """A section page: its own text in the view's languages, and the view's navigation."""
        own = [section.translations[lang.code] for lang in view.languages]
        source = section.translations[self._source]
        # Blocks awaiting translation show the original's words: its version counts too.
        shown = [
            (tr.digest, sorted(tr.stale), tr.pending, sorted(tr.untranslated), sorted(tr.unreviewed))
            + ((source.digest,) if tr.untranslated else ())
            for tr in own
        ]
        return digest(self.nav(view), self.reference(), section.id, repr(shown))


def shared_key(config: Config, strings: Mapping[str, Mapping[str, str]], templates_key: str, single: bool) -> str:
    """What every page shows besides its briefing: templates, labels, the configuration, the site's layout."""
    # Where the project lives and the site is written does not change what its pages say: the keys (in the
    # site's manifest) are the same for a project moved or built on another machine.
    root = config.root
    settings = dataclasses.replace(
        config,
        path=Path(config.path.name),
        content=Path(os.path.relpath(config.content, root)),
        templates=Path(os.path.relpath(config.templates, root)),
        output=Path("."),
        print=dataclasses.replace(config.print, origin=""),
    )
    labels = sorted((k, sorted(v.items())) for k, v in strings.items())
    return digest(templates_key, repr(settings), repr(labels), f"single={single}")
