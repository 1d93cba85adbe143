"""Key figures and glossary as pages, and the marks they put in the section text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from ... import urls
from ...load.annotate import TermMark, TermMarker, mark_figures, place_figures
from ...load.figures import block_marks
from ...load.glossary import occurrences
from ...model import Briefing, Figure, Section, Term
from .charts import bar_chart, gauge

PERCENT = "percent"
"""Unit id drawn as a gauge rather than a bar."""


@dataclass(frozen=True, slots=True)
class ReferenceLink:
    """A link to a reference page; `key` names its label in templates/strings.yaml."""

    href: str
    key: str


def reference_links(briefing: Briefing, lang: str) -> Any:
    """Links to the key-figures and glossary pages of a language, where they exist."""

    def build(page_url: urls.PageUrls) -> list[ReferenceLink]:
        links = []
        if briefing.figures:
            links.append(ReferenceLink(page_url(urls.figures_path(lang, briefing.base)), "figures"))
        if briefing.glossary:
            links.append(ReferenceLink(page_url(urls.glossary_path(lang, briefing.base)), "glossary"))
        return links

    return build


def marked_blocks(
    briefing: Briefing, section: Section, lang: str, page_url: urls.PageUrls, ids: bool, used: set[str]
) -> dict[str, str]:
    """Each block's HTML with its figures marked and each glossary term linked where it first occurs.

    Marks carry ids with `ids` (a page shows a figure's mark once). Terms already in `used` are not linked
    again; the terms linked are added to it.
    """
    glossary = page_url(urls.glossary_path(lang, briefing.base))
    if used:
        return _mark(briefing, section, lang, glossary, ids, used)
    # The pages of one section in every view mark the same blocks the same way: do it once. Pages in other
    # folders link the terms to the glossary by another path, and side by side the marks carry no ids.
    key = (briefing.base, section.id, lang)
    known = _MARKED.get(key)
    if (
        known is None
        or known[0] is not section
        or known[1] is not briefing.figures
        or known[2] is not briefing.glossary
    ):
        if len(_MARKED) > 32:
            _MARKED.clear()
        found: set[str] = set()
        marked = _mark(briefing, section, lang, glossary, True, found)
        known = (section, briefing.figures, briefing.glossary, marked, found, glossary)
        _MARKED[key] = known
    used.update(known[4])
    marked = known[3]
    if glossary != known[5]:
        made, wanted = (f'<a class="term" href="{escapeHtml(g)}#' for g in (known[5], glossary))
        marked = {anchor: html.replace(made, wanted) for anchor, html in marked.items()}
    if not ids:
        marked = {anchor: _FIGURE_ID.sub('<mark class="figure">', html) for anchor, html in marked.items()}
    return marked


def _mark(briefing: Briefing, section: Section, lang: str, glossary: str, ids: bool, used: set[str]) -> dict[str, str]:
    translation = section.translations[lang]
    figures = briefing.figures.figures if briefing.figures else ()
    marker = _NO_TERMS if translation.pending else _marker(briefing.glossary, lang, glossary)
    marked = {}
    for block in translation.blocks:
        html = mark_figures(block.html, block_marks(figures, section.id, block.anchor, lang, ids))
        marked[block.anchor] = html if block.kind == "heading" else marker.mark(html, used)
    return marked


_MARKED: dict[tuple[str, str, str], tuple[Section, object, object, dict[str, str], set[str], str]] = {}
"""Marked blocks of the sections rendered last, by section and language, with the glossary link they use."""
_FIGURE_ID = re.compile(r'<mark class="figure" id="[^"]*">')


_NO_TERMS = TermMarker([])
_MARKERS: dict[tuple[int, str, str], tuple[Sequence[Term], TermMarker]] = {}
"""Term markers by glossary, language and link to the glossary page: pages at one depth share one."""


def _marker(terms: Sequence[Term], lang: str, glossary: str) -> TermMarker:
    known = _MARKERS.get((id(terms), lang, glossary))
    if known is None or known[0] is not terms:
        marks = [TermMark(t.id, t.forms.get(lang, ()), f"{glossary}#term-{t.id}", f"tip-{lang}-{t.id}") for t in terms]
        known = (terms, TermMarker(marks))
        if len(_MARKERS) > 64:
            _MARKERS.clear()
        _MARKERS[(id(terms), lang, glossary)] = known
    return known[1]


def term_tips(briefing: Briefing, used: set[str], lang: str, page_url: urls.PageUrls) -> list[dict[str, str]]:
    """The pop-up explanations of the terms marked on a page, in glossary order."""
    other = briefing.config.other_language(lang)
    glossary = page_url(urls.glossary_path(lang, briefing.base))
    return [
        {
            "id": f"tip-{lang}-{term.id}",
            "form": term.forms[lang][0],
            "other": term.forms.get(other, ("",))[0],
            "other_tag": briefing.config.language(other).tag,
            "explain": term.explain.get(lang, ""),
            "href": f"{glossary}#term-{term.id}",
            "lang": lang,
            "tag": "",
        }
        for term in briefing.glossary
        if term.id in used and lang in term.forms
    ]


def figures_context(briefing: Briefing, lang: str) -> dict[str, Any]:
    """The key-figures page: groups of cards, with a bar chart where figures share a unit."""
    assert briefing.figures is not None
    figures = briefing.figures
    sections = {s.id: s for s in briefing.sections}

    def groups(page_url: urls.PageUrls) -> list[dict[str, Any]]:
        made = []
        for group in figures.groups:
            members = [f for f in figures.figures if f.group == group.id]
            cards = [_card(figures.figures, f, lang, sections[f.section], page_url) for f in members]
            made.append(
                {
                    "id": group.id,
                    "title": group.title[lang],
                    "charts": _charts(group.id, group.title[lang], members, figures.units, figures.stated, lang),
                    "cards": cards,
                }
            )
        return made

    return {"groups": groups}


def _card(
    figures: Sequence[Figure], figure: Figure, lang: str, section: Section, page_url: urls.PageUrls
) -> dict[str, Any]:
    title = section.translations[lang].full_title
    meter = (
        gauge(f"{figure.label[lang]}: {figure.value[lang]}", figure.amount)
        if figure.unit == PERCENT and figure.amount is not None
        else None
    )
    return {
        "id": f"card-{figure.id}",
        "value": figure.value[lang],
        "label": figure.label[lang],
        "gauge": meter,
        "href": page_url.section(lang, figure.section, figure_anchor(figures, figure, section, lang)),
        "section": title,
    }


def figure_anchor(figures: Sequence[Figure], figure: Figure, section: Section, lang: str) -> str:
    """The figure's mark in the text, or its whole paragraph where the quote could not be marked."""
    block = next((b for b in section.translations[lang].blocks if b.anchor == figure.anchor), None)
    marks = block_marks(figures, section.id, figure.anchor, lang, False)
    placed = place_figures(block.html, marks)[1] if block else []
    if any(ok and mark.figure_id == figure.id for mark, ok in zip(marks, placed, strict=True)):
        return f"fig-{figure.id}"
    return figure.anchor


def _charts(
    group: str,
    title: str,
    members: list[Figure],
    units: Mapping[str, Mapping[str, str]],
    stated: Mapping[str, Mapping[str, str]],
    lang: str,
) -> list[dict[str, Markup | str]]:
    """One bar chart per unit that at least two figures of the group share, named after the group (and the
    unit, when the group has charts in more than one: the unit the bars' values are written in)."""
    per_unit = {}
    for unit in dict.fromkeys(f.unit for f in members if f.unit and f.unit != PERCENT):
        rows = [
            (f.label[lang], float(f.amount), f.value[lang]) for f in members if f.unit == unit and f.amount is not None
        ]
        if len(rows) >= 2:
            per_unit[unit] = rows
    charts: list[dict[str, Markup | str]] = []
    for unit, rows in per_unit.items():
        name = title if len(per_unit) == 1 else f"{title} · {stated.get(unit, {}).get(lang) or units[unit][lang]}"
        charts.append({"svg": bar_chart(f"chart-{group}-{unit}", name, rows), "unit": units[unit][lang]})
    return charts


def glossary_context(briefing: Briefing, lang: str) -> dict[str, Any]:
    """The glossary page: every term with its explanation and the sections that use it."""
    other = briefing.config.other_language(lang)

    def entries(page_url: urls.PageUrls) -> list[dict[str, Any]]:
        made = []
        found = [(section, occurrences(briefing.glossary, section, lang)) for section in briefing.sections]
        for term in briefing.glossary:
            places = [
                {
                    "href": page_url.section(lang, section.id, uses[term.id]),
                    "title": section.translations[lang].full_title,
                }
                for section, uses in found
                if term.id in uses
            ]
            made.append(
                {
                    "id": f"term-{term.id}",
                    "form": term.forms[lang][0],
                    "other": term.forms[other][0],
                    "other_tag": briefing.config.language(other).tag,
                    "explain": term.explain[lang],
                    "places": places,
                    "briefings": [],
                }
            )
        return made

    return {"entries": entries}
