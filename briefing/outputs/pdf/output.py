"""Printed handouts and booklets as an output: keyed by the hash of their HTML, printed or taken from the cache."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ...model import Config
from ..base import Basic, Job, Made, Origin, Plan, Run, deliver
from ..verify import Checker
from .plan import PdfJob, check_fonts, font_fingerprint, pdf_paths, plan_pdfs
from .render import cache_names, render_pdfs


@dataclass(frozen=True)
class PrintJob(Job):
    """A PDF to print; its key also covers the fonts and WeasyPrint's version, so it is the cache entry's name."""

    print: PdfJob


class PdfOutput(Basic):
    """A handout per section and view, a booklet per language (config.yaml's `pdf`)."""

    name: ClassVar[str] = "pdf"
    title: ClassVar[str] = "printed handouts and booklets"
    optional: ClassVar[bool] = True
    background: ClassVar[bool] = True
    """Slow: serve prints PDFs after the reload, not before it."""

    def wanted(self, config: Config) -> bool:
        return config.pdf

    def fingerprint(self, config: Config) -> str:
        """The font files the PDFs are set in: a new font version prints them again."""
        settings = config.print
        return font_fingerprint(settings.font, settings.heading_font, settings.latin_font, settings.latin_heading_font)

    def plan(self, run: Run) -> Plan:
        check_fonts(run.config.print)
        jobs = [job for briefing in run.library.briefings for job in plan_pdfs(briefing, run.strings, run.config.print)]
        return Plan(
            [
                PrintJob(job.path, name, Origin(f"the PDF printed from {Path(job.source).name}", Path(job.source)), job)
                for job, name in zip(jobs, cache_names(jobs), strict=True)
            ]
        )

    def paths(self, run: Run) -> Collection[str]:
        return {path for briefing in run.library.briefings for path in pdf_paths(briefing)}

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        printing = [job.print for job in jobs if isinstance(job, PrintJob)]
        cache = run.config.cache / "pdf"
        files, stats = render_pdfs(printing, cache, os.cpu_count() or 1, progress=True)
        if jobs:
            unchanged = len(run.plans[self.name].jobs) - len(jobs)
            run.notes.append(f"PDF: {stats.rendered} printed, {stats.cached} from the cache, {unchanged} unchanged")
        return [deliver(file, folder) for file in files]
