"""The web pages as an output: planned from the model with keys, rendered and checked as they are made."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import jinja2

from ..base import Basic, Job, Made, Plan, Run
from ..verify import Checker
from .library import plan_library
from .plan import PageSpec, PlanMemo, plan_pages, shared_key
from .render import make_environment, render_checked


class PagesOutput(Basic):
    """HTML pages: landing page, contents, sections in every view, key figures, glossary, search."""

    name: ClassVar[str] = "pages"
    parts: ClassVar[tuple[str, ...]] = ("page data and templates", "page checks", "writing pages")
    title: ClassVar[str] = "web pages"

    def __init__(self) -> None:
        self.memos: dict[str, PlanMemo] = {}
        """Per briefing: contents lists and page specs of the last build, reused where sections are the same objects."""
        self.environment: tuple[str, jinja2.Environment] | None = None
        """Compiled templates, kept while the templates do not change."""

    def plan(self, run: Run) -> Plan:
        library = run.library
        shared = shared_key(run.config, run.strings, run.templates_key, library.single)
        pages = plan_library(library, run.strings, shared)
        for briefing in library.briefings:
            memo = self.memos.setdefault(briefing.about.slug, PlanMemo())
            pages += plan_pages(briefing, run.strings, shared, "pdf" in run.enabled, memo)
        for gone in set(self.memos) - {b.about.slug for b in library.briefings}:
            del self.memos[gone]
        return Plan(pages)

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        if self.environment is None or self.environment[0] != run.templates_key:
            self.environment = (run.templates_key, make_environment(run.config.templates))
        specs = [job for job in jobs if isinstance(job, PageSpec)]
        pages = render_checked(self.environment[1], specs, run.library, run.strings, checker, run.parallel, folder)
        return [Made(page.path, page.size, page.data, page.check, page.seconds) for page in pages]
