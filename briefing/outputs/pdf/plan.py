"""Model -> print jobs: a handout per section and view, a booklet per language, as self-contained HTML."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from ... import urls
from ...errors import BriefingError
from ...load.glossary import occurrences
from ...load.labels import briefing_strings
from ...load.pairing import pair_rows
from ...model import Briefing, Language, PrintSettings, Section, Translation, View
from .fonts import find_font_files, fingerprint_files
from .render import FontNeeds, PdfJob, PdfStats, cache_names, render_pdfs
from .templates import css_string, load_print_strings, make_print_environment, render_template

__all__ = [
    "PdfJob",
    "PdfStats",
    "cache_names",
    "check_fonts",
    "plan_pdfs",
    "render_pdfs",
]

PRINT_FOLDER = "print"
"""Folder of print templates inside the templates folder."""


def font_needs(settings: PrintSettings) -> FontNeeds:
    """The families the PDFs are set in, and where they were configured."""
    latin = tuple(family for family in (settings.latin_font, settings.latin_heading_font) if family)
    return FontNeeds((settings.font, settings.heading_font), latin, settings.origin)


def font_fingerprint(*families: str | None) -> str:
    """Hash of the font files behind these families: a new font version prints the PDFs again."""
    cjk = [f for f in families[:2] if f]
    other = [f for f in families[2:] if f]
    try:
        return fingerprint_files(find_font_files(cjk, other))
    except BriefingError:
        return "missing"


def check_fonts(settings: PrintSettings) -> None:
    """Raise a BriefingError naming every configured family that fontconfig cannot find."""
    needs = font_needs(settings)
    find_font_files(needs.cjk, needs.other, settings.origin)


def plan_pdfs(briefing: Briefing, strings: Mapping[str, Mapping[str, str]], options: PrintSettings) -> list[PdfJob]:
    """Every PDF of the site with its HTML and cache key: handouts by view and section, then booklets."""
    _check_created(options)
    strings = briefing_strings(strings, briefing.about)
    folder = briefing.config.templates / PRINT_FOLDER
    labels = load_print_strings(folder, briefing.config.languages)
    plan = _Plan(briefing, make_print_environment(folder), folder, strings, labels, options)
    jobs = []
    for view in briefing.views:
        for section in briefing.sections:
            path = urls.handout_path(view.code, section.id, briefing.base)
            shown = tuple(section.translations[lang.code].path for lang in view.languages)
            jobs.append(plan.job("handout.html", path, view.ui, _handout(briefing, view, section, path), shown))
    for lang in briefing.config.languages:
        path = urls.booklet_path(lang.code, briefing.base)
        shown = tuple(section.translations[lang.code].path for section in briefing.sections)
        jobs.append(plan.job("booklet.html", path, lang, _booklet(briefing, lang, path), shown))
    return jobs


def pdf_paths(briefing: Briefing) -> set[str]:
    """Where the site's PDFs go: a handout per view and section, a booklet per language."""
    handouts = {
        urls.handout_path(view.code, section.id, briefing.base)
        for view in briefing.views
        for section in briefing.sections
    }
    return handouts | {urls.booklet_path(lang.code, briefing.base) for lang in briefing.config.languages}


def _check_created(options: PrintSettings) -> None:
    if options.date is None:
        return
    try:
        datetime.datetime.fromisoformat(options.date)
    except ValueError:
        message = f"print date '{options.date}' is not an ISO 8601 date"
        raise BriefingError.at(options.origin, None, message, "write it as 2024-01-15") from None


@dataclass(frozen=True)
class _Plan:
    """What every print job of one build shares."""

    briefing: Briefing
    env: jinja2.Environment
    folder: Path
    strings: Mapping[str, Mapping[str, str]]
    labels: Mapping[str, Mapping[str, str]]
    options: PrintSettings

    def job(self, template: str, path: str, lang: Language, context: dict[str, Any], shown: tuple[Path, ...]) -> PdfJob:
        """Render one print template into a job whose key is the hash of the resulting HTML; `shown` are the
        section files whose text it prints (titles and the rest come from briefing.yaml and config.yaml)."""
        config, options, about = self.briefing.config, self.options, self.briefing.about
        author = options.author.get(lang.code, "")
        full = {
            "lang": lang,
            "t": self.strings[lang.code],
            "strings": self.strings,
            "print_labels": self.labels,
            "site_title": about.title[lang.code],
            "event": about.event[lang.code],
            "events": about.event,
            "source": config.source_language,
            "short_title": about.short_title.get(lang.code)
            or options.short_title.get(lang.code)
            or about.title[lang.code],
            "author": author,
            "speaker": about.speaker.get(lang.code, ""),
            "date": about.date or "",
            "created": options.date,
            "fonts": font_stacks(options),
            **context,
        }
        html = render_template(self.env, self.folder, template, full)
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        settings = (about.path,) if about.path else ()
        inputs = (*shown, *settings, config.path)
        return PdfJob(path, html, key, font_needs(options), str(self.folder / template), inputs)


def font_stacks(options: PrintSettings) -> dict[str, str]:
    """CSS font-family values: text in Chinese, text in Latin script, headings."""
    zh, heading = css_string(options.font), css_string(options.heading_font)
    latin = f"{css_string(options.latin_font)}, " if options.latin_font else ""
    latin_heading = f"{css_string(options.latin_heading_font)}, " if options.latin_heading_font else ""
    return {
        "zh": f"{zh}, serif",
        "latin": f"{latin}{zh}, serif",
        "heading": f"{latin_heading}{heading}, {zh}, sans-serif",
    }


def _handout(briefing: Briefing, view: View, section: Section, path: str) -> dict[str, Any]:
    """Context of a section's handout: one translation, or rows pairing the view's languages."""
    links = _web_links(briefing, path)
    translations = [_prepared(section.translations[lang.code], _same, links) for lang in view.languages]
    context: dict[str, Any] = {
        "view": view,
        "kind": "handout",
        "translations": translations,
        "page_languages": view.languages,
    }
    if view.parallel:
        context["rows"] = pair_rows(translations, view.languages)
    context["terms"] = [_terms_used(briefing, section, lang.code) for lang in view.languages]
    return context


def _terms_used(briefing: Briefing, section: Section, lang: str) -> dict[str, Any]:
    """The glossary terms a section uses, for the end of its handout."""
    used = occurrences(briefing.glossary, section, lang)
    other = briefing.config.other_language(lang)
    terms = [
        {"form": t.forms[lang][0], "other": t.forms.get(other, ("",))[0], "explain": t.explain.get(lang, "")}
        for t in briefing.glossary
        if t.id in used
    ]
    return {"lang": lang, "tag": next(x.tag for x in briefing.config.languages if x.code == lang), "terms": terms}


def _booklet(briefing: Briefing, lang: Language, path: str) -> dict[str, Any]:
    """Context of a language's booklet: every section, ids made unique per section, links kept inside."""
    links = _web_links(briefing, path)
    for section in briefing.sections:
        links[urls.section_link(lang.code, section.id, None)] = partial(_booklet_href, section.id)
    translations = [
        _prepared(section.translations[lang.code], partial(_booklet_id, section.id), links)
        for section in briefing.sections
    ]
    return {
        "kind": "booklet",
        "translations": translations,
        "page_languages": (lang,),
        "conventions": briefing.conventions,
    }


def _same(anchor: str) -> str:
    return anchor


def _booklet_href(section_id: str, anchor: str | None) -> str:
    return f"#{_booklet_id(section_id, anchor)}"


def _booklet_id(section_id: str, anchor: str | None) -> str:
    """A block's id in the booklet: 'part-1.p3'; a section's own is its id ('.' never occurs in either)."""
    return f"{section_id}.{anchor}" if anchor else section_id


def _web_links(briefing: Briefing, from_path: str) -> dict[str, Callable[[str | None], str]]:
    """Links between sections, as written in content, pointed at the web pages from a PDF's place in the site."""
    links: dict[str, Callable[[str | None], str]] = {}
    for view in briefing.views:
        for section in briefing.sections:
            target = urls.section_path(view.code, section.id, briefing.base)
            links[urls.section_link(view.code, section.id, None)] = partial(urls.relative_url, from_path, target)
    return links


_ATTRIBUTE = re.compile(r'\b(id|href)="([^"]*)"')


def _prepared(
    tr: Translation, ids: Callable[[str], str], links: Mapping[str, Callable[[str | None], str]]
) -> Translation:
    """A translation with its ids renamed by `ids` and its links to other sections rewritten for print."""

    def swap(match: re.Match[str]) -> str:
        attr, value = match.groups()
        if attr == "id":
            return f'id="{ids(value)}"'
        target, hash_sign, fragment = value.partition("#")
        if not target and hash_sign:
            return f'href="#{ids(fragment)}"'
        rewrite = links.get(target)
        return f'href="{rewrite(fragment or None)}"' if rewrite else match.group(0)

    blocks = tuple(replace(b, anchor=ids(b.anchor), html=_ATTRIBUTE.sub(swap, b.html)) for b in tr.blocks)
    return replace(tr, blocks=blocks, notes_html=_ATTRIBUTE.sub(swap, tr.notes_html))
