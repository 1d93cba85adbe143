"""The web pages as an output: planned from the model with keys, rendered and checked as they are made."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import ClassVar

import jinja2

from ...model import Config
from ..base import Job, Made, Plan, Run
from ..verify import Checker
from .plan import PageSpec, PlanMemo, plan_pages
from .render import make_environment, render_checked


class PagesOutput:
    """HTML pages: landing page, contents, sections in every view, key figures, glossary, search."""

    name: ClassVar[str] = "pages"
    parts: ClassVar[tuple[str, ...]] = ("page data and templates", "page checks", "writing pages")
    title: ClassVar[str] = "web pages"
    optional: ClassVar[bool] = False
    background: ClassVar[bool] = False

    def __init__(self) -> None:
        self.memo = PlanMemo()
        """Contents lists and page specs of the last build, reused where the sections are the same objects."""
        self.environment: tuple[str, jinja2.Environment] | None = None
        """Compiled templates, kept while the templates do not change."""

    def wanted(self, config: Config) -> bool:
        return True

    def fingerprint(self, config: Config) -> str:
        return ""

    def plan(self, run: Run) -> Plan:
        return Plan(plan_pages(run.site, run.strings, run.templates_key, "pdf" in run.enabled, self.memo))

    def paths(self, run: Run) -> Collection[str]:
        return ()

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        if self.environment is None or self.environment[0] != run.templates_key:
            self.environment = (run.templates_key, make_environment(run.config.templates))
        specs = [job for job in jobs if isinstance(job, PageSpec)]
        pages = render_checked(self.environment[1], specs, run.site, run.strings, checker, run.parallel, folder)
        return [Made(page.path, page.size, page.data, page.check, page.seconds) for page in pages]

    def finish(self, run: Run, folder: Path) -> dict[str, int]:
        return {}
