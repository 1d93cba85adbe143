"""Atom feeds of the library, one per language (feed.zh.xml), newest briefing first, for intranet portals."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from .. import urls
from ..model import Briefing, Library, OutputFile
from .base import Basic, Job, Made, Origin, Plan, Run, deliver, digest
from .verify import Checker

ENTRIES = 50
"""Briefings a feed lists: the newest ones."""


@dataclass(frozen=True)
class FeedJob(Job):
    """A feed in one language."""

    lang: str


class FeedOutput(Basic):
    """Atom feeds of a library's briefings (none when content/ holds one briefing's sections directly)."""

    name: ClassVar[str] = "feed"
    title: ClassVar[str] = "feeds"

    def plan(self, run: Run) -> Plan:
        library = run.library
        if library.single:
            return Plan([])
        shown = repr([(b.about, b.base) for b in library.briefings[:ENTRIES]])
        key = digest(shown, repr(library.config.title), repr(library.config.base_url), run.templates_key)
        origin = Origin("the library's feeds", library.config.path)
        return Plan(
            [
                FeedJob(urls.feed_path(lang.code), digest(key, lang.code), origin, lang.code)
                for lang in library.config.languages
            ]
        )

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        return [
            deliver(OutputFile(job.path, atom_feed(run.library, job.lang)), folder)
            for job in jobs
            if isinstance(job, FeedJob)
        ]


def atom_feed(library: Library, lang: str) -> bytes:
    """The feed in `lang`: an entry per briefing (title, event, summary, its landing page), newest first.

    Links are absolute under base_url; without one they are relative to the feed (and ids are URNs).
    """
    # Imported here: only library builds make feeds.
    from feedgen.feed import FeedGenerator

    config = library.config
    base = config.base_url
    feed = FeedGenerator()
    feed.id(urls.absolute_url(base, urls.LANDING) if base else f"urn:briefing:library:{lang}")
    feed.title(config.title[lang])
    feed.language(config.language(lang).tag)
    feed.link(href=_link(base, urls.LANDING), rel="alternate")
    feed.link(href=_link(base, urls.feed_path(lang)), rel="self")
    feed.author({"name": config.title[lang]})
    feed.generator("Briefing")
    briefings = library.briefings[:ENTRIES]
    feed.updated(_when(briefings[0]) if briefings else datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    for briefing in reversed(briefings):
        # feedgen puts each new entry first: added oldest first, the newest leads.
        entry = feed.add_entry()
        about = briefing.about
        page = urls.landing_path(briefing.base)
        entry.id(urls.absolute_url(base, page) if base else f"urn:briefing:{about.slug}")
        entry.title(about.title[lang])
        entry.link(href=_link(base, page), rel="alternate")
        entry.updated(_when(briefing))
        entry.published(_when(briefing))
        entry.summary(" · ".join(part for part in (about.event[lang], about.summary.get(lang, "")) if part))
        for tag in about.tags:
            entry.category(term=tag, label=config.tags[tag][lang])
    data: bytes = feed.atom_str(pretty=True)
    return data


def _link(base: str | None, path: str) -> str:
    return urls.absolute_url(base, path) if base else path


def _when(briefing: Briefing) -> datetime.datetime:
    """The briefing's date as a moment (its first day, when only the month or year is known)."""
    parts = [int(p) for p in (briefing.about.date or "2000").split("-")] + [1, 1]
    return datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC)
