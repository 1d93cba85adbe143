"""The only place that turns pages into output paths and relative URLs."""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote

LANDING = "index.html"
"""The site's front page: the library's home, or the landing page of a briefing at the site's root."""
STATIC = "static"
"""Folder of CSS, JavaScript and icons in the output."""
SEARCH_BUNDLE = "pagefind"
"""Folder of the search index and its runtime in the output."""
PDF = "pdf"
"""Folder of a briefing's printable PDF handouts and booklets."""
SEARCH, FIGURES, GLOSSARY = "search", "figures", "glossary"
"""Folders of a language's own pages beside its sections."""
TAGS, ORGANISATIONS, YEARS = "tags", "organisations", "years"
"""Folders of the library's lists of briefings by tag, organisation and year."""
RESERVED_IDS = frozenset({SEARCH, FIGURES, GLOSSARY})
"""Section ids the build uses for pages of its own: a section by that name would take their place."""
RESERVED_SLUGS = frozenset({STATIC, SEARCH_BUNDLE, PDF, SEARCH, FIGURES, GLOSSARY, TAGS, ORGANISATIONS, YEARS})
"""Briefing folder names the site uses itself (language and view codes are refused too, see `is_reserved_slug`)."""


def is_reserved_slug(slug: str) -> bool:
    """Whether a briefing folder may not be called `slug`: a name the site uses, or one that looks like a
    language or view code ('zh', 'en', 'zh-en'), whose folders hold the library's search and glossary pages."""
    parts = slug.split("-")
    return slug in RESERVED_SLUGS or (len(parts) <= 2 and all(2 <= len(p) <= 3 and p.isalpha() for p in parts))


def landing_path(base: str = "") -> str:
    """A briefing's landing page: title, event, contents in every language."""
    return f"{base}{LANDING}"


def home_path(view: str, base: str = "") -> str:
    """Contents page of a view ('zh', 'en', 'zh-en') of a briefing."""
    return f"{base}{view}/index.html"


def section_path(view: str, section_id: str, base: str = "") -> str:
    """A section's page in a view."""
    return f"{base}{view}/{section_id}/index.html"


def figures_path(lang: str, base: str = "") -> str:
    """A briefing's key-figures page in a language."""
    return f"{base}{lang}/{FIGURES}/index.html"


def glossary_path(lang: str, base: str = "") -> str:
    """A briefing's glossary page in a language; with no base, the library's."""
    return f"{base}{lang}/{GLOSSARY}/index.html"


def search_path(lang: str) -> str:
    """A language's search page, for the whole site; takes the query as ?q=."""
    return f"{lang}/{SEARCH}/index.html"


def tag_path(tag: str) -> str:
    """The library's list of briefings with a tag."""
    return f"{TAGS}/{tag}/index.html"


def organisation_path(organisation: str) -> str:
    """The library's list of briefings of an organisation."""
    return f"{ORGANISATIONS}/{organisation}/index.html"


def year_path(year: str) -> str:
    """The library's list of briefings of a year."""
    return f"{YEARS}/{year}/index.html"


def feed_path(lang: str) -> str:
    """The library's Atom feed in a language."""
    return f"feed.{lang}.xml"


def handout_path(view: str, section_id: str, base: str = "") -> str:
    """A section's printable handout in a view: 'pdf/zh/part-1.pdf', 'pdf/zh-en/part-1.pdf'."""
    return f"{base}{PDF}/{view}/{section_id}.pdf"


def booklet_path(lang: str, base: str = "") -> str:
    """The whole briefing as one printable booklet in a language: 'pdf/booklet.zh.pdf'.

    It sits beside the view folders, so no section id can ever collide with it.
    """
    return f"{base}{PDF}/booklet.{lang}.pdf"


def static_path(name: str) -> str:
    """A static asset copied from templates/static/."""
    return f"{STATIC}/{name}"


def relative_url(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """Link from one output file to another, relative and pointing at a file."""
    href = _href(from_path, posixpath.dirname(from_path), to_path)
    return f"{href}#{anchor}" if anchor else href


@functools.lru_cache(maxsize=1 << 16)
def _relative_href(to_path: str, start: str) -> str:
    """The quoted relative path from folder `start` to `to_path`."""
    up, rest = _relative_parts(to_path, start)
    return "../" * up + _quoted(rest)


@functools.lru_cache(maxsize=1 << 14)
def _quoted(path: str) -> str:
    """A path quoted for a URL: the same for every page that climbs to the same folder ('..' needs no quoting)."""
    return quote(path)


def _href(from_path: str, start: str, to_path: str) -> str:
    return quote(posixpath.basename(to_path)) if from_path == to_path else _relative_href(to_path, start)


def _relative_parts(to_path: str, start: str) -> tuple[int, str]:
    """posixpath.relpath for the site's own clean paths, without the file system: how many folders to climb
    from `start`, and the path from there down to `to_path`."""
    here = start.split("/") if start else []
    there = to_path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return len(here) - common, "/".join(there[common:])


def absolute_url(base_url: str, to_path: str) -> str:
    """Absolute URL of an output file under the site's base URL (which ends in '/')."""
    return base_url + quote(to_path)


def section_link(view: str, section_id: str, anchor: str | None) -> str:
    """Link written into section text: from any section page to another section."""
    return relative_url(section_path("_", "_"), section_path(view, section_id), anchor)


class PageUrls:
    """URLs as seen from one output page of a briefing (or of the library, with no `base`); templates call it as
    `url`. The briefing's own pages (`landing`, `home`, `section`, `handout`, `booklet`) are found under `base`."""

    def __init__(self, page_path: str, base: str = "") -> None:
        self.page_path = page_path
        self.start = posixpath.dirname(page_path)
        self.base = base

    def __call__(self, to_path: str, anchor: str | None = None) -> str:
        href = _href(self.page_path, self.start, to_path)
        return f"{href}#{anchor}" if anchor else href

    def landing(self) -> str:
        """The briefing's landing page."""
        return self(landing_path(self.base))

    def library(self) -> str:
        """The site's front page (the library's home)."""
        return self(LANDING)

    def home(self, view: str) -> str:
        """A view's contents page."""
        return self(home_path(view, self.base))

    def section(self, view: str, section_id: str, anchor: str | None = None) -> str:
        """A section in a view, optionally at an anchor."""
        return self(section_path(view, section_id, self.base), anchor)

    def folder(self, name: str) -> str:
        """A folder of the output ('' for the site root), ending in '/': a base for scripts, not a link."""
        start = posixpath.dirname(self.page_path) or "."
        return quote(posixpath.relpath(name or ".", start)) + "/"

    def handout(self, view: str, section_id: str) -> str:
        """A section's printable handout in a view."""
        return self(handout_path(view, section_id, self.base))

    def booklet(self, lang: str) -> str:
        """The printable booklet of the whole briefing in a language."""
        return self(booklet_path(lang, self.base))

    def static(self, name: str) -> str:
        """A static asset."""
        return self(static_path(name))
