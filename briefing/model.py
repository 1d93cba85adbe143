"""The content model: frozen dataclasses only, no I/O."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cjk import CJK_LANGUAGES, is_cjk
from .errors import Problem


def part_separator(part: str) -> str:
    """What goes between a part label and a title: nothing after '一、', a space after 'I.'."""
    return "" if part and unicodedata.east_asian_width(part[-1]) in "WF" else " "


@dataclass(frozen=True)
class Language:
    """A language the briefing is published in."""

    code: str
    """Short code used in file names and URLs: 'zh', 'en'."""
    tag: str
    """BCP 47 tag for `lang` attributes: 'zh-Hans', 'en'."""
    name: str
    """The language's name in itself: '中文', 'English'."""

    @property
    def cjk(self) -> bool:
        """True for Chinese, Japanese and Korean, written without spaces between words."""
        return self.tag.split("-")[0].lower() in CJK_LANGUAGES


@dataclass(frozen=True)
class PrintSettings:
    """How PDF handouts and booklets are set (config.yaml's `print:`)."""

    font: str = "Noto Serif CJK SC"
    """Font family of the text; must cover Chinese."""
    heading_font: str = "Noto Sans CJK SC"
    """Font family of headings; must cover Chinese."""
    latin_font: str | None = "Liberation Serif"
    """Font family of text in Latin script: the CJK fonts' own Latin letters are full-width in places (’)."""
    latin_heading_font: str | None = "Liberation Sans"
    """Font family of headings in Latin script."""
    short_title: Mapping[str, str] = field(default_factory=dict)
    """Title in the running header by language code (default: the site title)."""
    author: Mapping[str, str] = field(default_factory=dict)
    """Author in the PDFs' metadata by language code."""
    date: str | None = None
    """Creation date written into every PDF (ISO 8601); never the clock."""
    origin: str = "config.yaml"
    """Where these settings were written, named in error messages."""


@dataclass(frozen=True)
class Config:
    """Validated config.yaml; paths are absolute."""

    path: Path
    """The config file itself."""
    title: Mapping[str, str]
    """Title of the library (of the briefing, when content/ holds one briefing's sections) by language code."""
    event: Mapping[str, str]
    """The occasion by language code, when content/ holds one briefing's sections; empty for a library."""
    languages: tuple[Language, ...]
    """Languages in order; the first is the source language."""
    base_url: str | None
    """Absolute URL the site is published at, for canonical links; None keeps them relative."""
    content: Path
    """Folder of section files."""
    templates: Path
    """Folder of Jinja templates and static/ assets."""
    output: Path
    """Folder the site is written to; replaced whole on each build."""
    search: bool = True
    """Build the full-text search index (Pagefind)."""
    pdf: bool = True
    """Print PDF handouts and booklets."""
    print: PrintSettings = PrintSettings()
    """How the PDFs are set."""
    tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Tags briefings may carry: id -> name per language."""
    organisations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Organisations briefings may come from: id -> name per language."""

    @property
    def root(self) -> Path:
        """The project folder: where config.yaml lives."""
        return self.path.parent

    @property
    def cache(self) -> Path:
        """Where builds keep what they can reuse (printed PDFs, loaded briefings); safe to delete."""
        return self.root / ".briefing-cache"

    @property
    def source_language(self) -> Language:
        """The language the briefing was written in; translations pair with it."""
        return self.languages[0]

    def language(self, code: str) -> Language:
        """The configured language with this code."""
        return next(lang for lang in self.languages if lang.code == code)

    def other_language(self, code: str) -> str:
        """The first configured language other than `code`: where a term's name in the other language comes from."""
        return next((lang.code for lang in self.languages if lang.code != code), code)


@dataclass(frozen=True)
class View:
    """One way of reading the site: a single language, or a parallel view of two."""

    code: str
    """URL segment: 'zh', 'en' or 'zh-en'."""
    languages: tuple[Language, ...]
    """One language, or the source language and a translation side by side."""

    @property
    def parallel(self) -> bool:
        """True for a side-by-side view."""
        return len(self.languages) > 1

    @property
    def ui(self) -> Language:
        """The language of navigation and labels."""
        return self.languages[0]


@dataclass(frozen=True)
class Block:
    """A top-level block of a section: heading, paragraph, list, quote, table, code."""

    kind: str
    """'heading', 'paragraph', 'list', 'quote', 'table', 'code' or 'rule'."""
    level: int
    """Heading level (2–6); 0 for other blocks."""
    anchor: str
    """Fragment id shared by the same block in every language."""
    html: str
    """Rendered HTML, without the anchor id."""
    text: str
    """Plain text, for search, checks and tests."""
    line: int
    """1-based line in the source file."""
    marks: tuple[tuple[str, str], ...] = ()
    """What the translator wrote on the block besides its anchor: ('from', 'memory'), ('variant', '低保')."""
    spans: tuple[str, ...] = ()
    """The Markdown of its translatable spans, as written: its text, or each list item's or table cell's."""

    def mark(self, name: str) -> str | None:
        """The value of one of the block's marks, or None."""
        return next((value for key, value in self.marks if key == name), None)


@dataclass(frozen=True)
class Translation:
    """One section in one language: front matter and rendered blocks."""

    lang: str
    """Language code."""
    path: Path
    """Source file."""
    id: str
    """Section id, shared by all languages; the URL segment."""
    order: int
    """Position of the section in the briefing."""
    title: str
    """Section title, without the part label."""
    part: str | None
    """Part label such as '一、' or 'I.', when the section opens a part."""
    summary: str | None
    """One-sentence summary for tables of contents."""
    truncated: bool
    """True when the source text breaks off in this section."""
    pending: bool
    """True for a translation not begun ('status: pending', or no block translated): the section shows the original."""
    blocks: tuple[Block, ...]
    """Body blocks in order."""
    notes_html: str
    """Rendered footnotes (editor's notes), or ''."""
    stale: frozenset[str] = frozenset()
    """Anchors of blocks whose source changed since this translation was reviewed."""
    unreviewed: frozenset[str] = frozenset()
    """Anchors of blocks with no recorded review (see `build.py translated`)."""
    untranslated: frozenset[str] = frozenset()
    """Anchors of blocks awaiting translation: they still hold the source's text, or text not in this language."""
    digest: str = ""
    """Hash of the source file and the anchors: what the blocks say, without rendering them again."""
    editorial_title: bool = False
    """True when the editors made the title up (`title_by: editor`): the source has no heading there."""
    id_line: int | None = None
    """Line of `id:` in the file's front matter, named when the section's pages collide with another file."""

    @property
    def headings(self) -> tuple[Block, ...]:
        """Subsection headings, in order."""
        return tuple(b for b in self.blocks if b.kind == "heading")

    @property
    def shown_title(self) -> str:
        """The title as the reader sees it: an editor's title in brackets, 〔开场〕 or [Opening]."""
        if not self.editorial_title:
            return self.title
        return f"〔{self.title}〕" if any(is_cjk(char) for char in self.title) else f"[{self.title}]"

    @property
    def full_title(self) -> str:
        """Title with its part label, as the reader sees it."""
        return f"{self.part}{part_separator(self.part)}{self.shown_title}" if self.part else self.shown_title


@dataclass(frozen=True)
class Section:
    """A section of the briefing in all its languages."""

    id: str
    """Stable id, the URL segment."""
    order: int
    """Position in the briefing."""
    translations: Mapping[str, Translation]
    """Translation by language code."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One language's version of a block, side by side."""

    tag: str
    """The language's BCP 47 tag, for `lang` attributes."""
    lang: str
    """The language's code."""
    html: str
    """The block's HTML as the page or PDF shows it."""
    pending: bool
    """The block awaits translation: its text is the source's."""
    stale: bool
    """The source block changed since this translation was reviewed."""
    memory: bool = False
    """The block was filled from the translation memory and is not reviewed yet."""


@dataclass(frozen=True, slots=True)
class Row:
    """A block in every language of a side-by-side page or handout."""

    anchor: str
    kind: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Figure:
    """A figure the speech states, tied to the block that states it."""

    id: str
    """Stable id; the mark in the text is `fig-<id>`."""
    group: str
    """Group id (aid, governance, …)."""
    section: str
    """Section id of the block that states it."""
    anchor: str
    """Anchor of that block."""
    quote: Mapping[str, str]
    """The words carrying the figure, as written in each language."""
    value: Mapping[str, str]
    """The part of the quote shown large and marked in the text."""
    label: Mapping[str, str]
    """What the figure counts, per language."""
    amount: float | None
    """The number again, for charts."""
    unit: str | None
    """Unit id for charts; figures of a group with the same unit are drawn together."""


@dataclass(frozen=True)
class FigureGroup:
    """A group of figures, shown under one heading."""

    id: str
    title: Mapping[str, str]


@dataclass(frozen=True)
class Figures:
    """content/figures.yaml."""

    units: Mapping[str, Mapping[str, str]]
    """Unit id -> label per language: the unit of the figures' `amount`."""
    groups: tuple[FigureGroup, ...]
    figures: tuple[Figure, ...]
    stated: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Unit id -> the unit a language writes its values in, where that is not the amount's (the English
    "billion yuan" of 8.45 billion yuan for 84.5 亿元); chart titles name it."""


@dataclass(frozen=True)
class Term:
    """A policy term of the glossary."""

    id: str
    """Stable id; the glossary entry is `term-<id>`."""
    forms: Mapping[str, tuple[str, ...]]
    """How the term is written in each language's text (first form is the headword)."""
    explain: Mapping[str, str]
    """One or two sentences per language."""


@dataclass(frozen=True)
class About:
    """What a briefing is, from its briefing.yaml (from config.yaml when content/ holds its sections directly)."""

    slug: str
    """Folder name in content/ and in the site; '' for a briefing at the site's root."""
    title: Mapping[str, str]
    """Title by language code."""
    event: Mapping[str, str]
    """The occasion (meeting, date) by language code."""
    date: str | None = None
    """When it was given, ISO 8601 ('2024-01-15'); the library lists briefings newest first."""
    speaker: Mapping[str, str] = field(default_factory=dict)
    """Who gave it, by language code."""
    organisation: str | None = None
    """Organisation id (config.yaml's `organisations`)."""
    tags: tuple[str, ...] = ()
    """Tag ids (config.yaml's `tags`)."""
    summary: Mapping[str, str] = field(default_factory=dict)
    """One or two sentences per language for the library's lists."""
    short_title: Mapping[str, str] = field(default_factory=dict)
    """Title in the PDFs' running header by language code (default: the title)."""
    path: Path | None = field(default=None, repr=False)
    """The briefing.yaml it comes from (left out of its text form: the keys of pages show it, and pages do not)."""
    lead_sentence_headings: bool = False
    """True when the editors made headings of lead sentences that run on into their paragraph in the source."""
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The briefing's own wording of some labels (`BRIEFING_LABELS`), by language code then label."""

    @property
    def base(self) -> str:
        """The briefing's folder in the site, ending in '/'; '' at the site's root."""
        return f"{self.slug}/" if self.slug else ""

    @property
    def year(self) -> str:
        """The year it was given ('' when undated)."""
        return self.date[:4] if self.date else ""


@dataclass(frozen=True)
class Briefing:
    """One speech or report: its sections in every language, key figures and glossary; what its pages show."""

    config: Config
    """The validated configuration."""
    about: About
    """Title, event, date and the rest of briefing.yaml."""
    sections: tuple[Section, ...]
    """Sections in reading order."""
    views: tuple[View, ...]
    """Single-language views, then parallel views."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop a build (they fail `--strict`)."""
    figures: Figures | None = None
    """Key figures, when content/figures.yaml exists."""
    glossary: tuple[Term, ...] = ()
    """Glossary terms: the library's (content/glossary.yaml) and the briefing's own."""

    @property
    def base(self) -> str:
        """The briefing's folder in the site, ending in '/'; '' at the site's root."""
        return self.about.base

    @property
    def folder(self) -> Path:
        """The briefing's folder in content/ (content/ itself when it holds the sections directly)."""
        return self.about.path.parent if self.about.path else self.config.content

    @property
    def conventions(self) -> tuple[str, ...]:
        """Labels (strings.yaml keys) of the sentences telling readers what the editors added to the text."""
        editorial = any(tr.editorial_title for s in self.sections for tr in s.translations.values())
        return (("editorial_titles",) if editorial else ()) + (
            ("lead_sentence_headings",) if self.about.lead_sentence_headings else ()
        )


@dataclass(frozen=True)
class Library:
    """Every briefing of the site, newest first, and what they share."""

    config: Config
    """The validated configuration."""
    briefings: tuple[Briefing, ...]
    """Briefings newest first (by date, then slug)."""
    single: bool = False
    """content/ holds one briefing's sections directly: it is the site, at the root, with no library pages."""
    glossary: tuple[Term, ...] = ()
    """The library's terms (content/glossary.yaml), shared by every briefing."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop a build, of every briefing (they fail `--strict`)."""

    def briefing(self, slug: str) -> Briefing:
        """The briefing in folder `slug`."""
        return next(b for b in self.briefings if b.about.slug == slug)


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site."""

    path: str
    """POSIX path relative to the output folder."""
    data: bytes
    """Exact bytes to write."""
