"""Static files: templates/static/ copied into the site, stylesheets compacted."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from .. import urls
from ..errors import BriefingError, display_path
from ..files import read_bytes
from ..model import Config, OutputFile
from .base import Basic, Job, Made, Origin, Plan, Run, deliver, digest
from .verify import Checker


@dataclass(frozen=True)
class StaticFile(Job):
    """A file of templates/static/ to copy."""

    data: bytes


class AssetsOutput(Basic):
    """templates/static/ copied into static/: the stylesheet, the script, the icon."""

    name: ClassVar[str] = "assets"
    title: ClassVar[str] = "static files"

    def plan(self, run: Run) -> Plan:
        folder = display_path(run.config.templates / "static")
        return Plan(
            [
                StaticFile(file.path, digest(file.data), Origin(f"{folder}/{name}"), file.data)
                for file in read_static(run.config)
                for name in [file.path.removeprefix(urls.STATIC + "/")]
            ]
        )

    def make(self, jobs: Sequence[Job], run: Run, checker: Checker, folder: Path | None) -> list[Made]:
        files = [OutputFile(job.path, job.data) for job in jobs if isinstance(job, StaticFile)]
        return [deliver(file, folder, checker.check_file(file)) for file in files]


def read_static(config: Config) -> list[OutputFile]:
    """Copy templates/static/, sorted for deterministic output; stylesheets lose comments and indentation."""
    folder = config.templates / "static"
    if not folder.is_dir():
        raise BriefingError.at(
            folder, None, "static folder not found", "templates/static/ holds style.css and briefing.js"
        )
    return [
        OutputFile(urls.static_path(path.relative_to(folder).as_posix()), _compact(path))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


def _compact(path: Path) -> bytes:
    """CSS without comments and layout whitespace (every page loads it); other files unchanged."""
    data = read_bytes(path)
    return _compact_css(data) if path.suffix == ".css" else data


@functools.lru_cache(maxsize=8)
def _compact_css(data: bytes) -> bytes:
    """Compacted once per distinct stylesheet: serve reads the same one on every rebuild.

    Comments and layout whitespace go, and the space after a property's colon; text in quotes stays as it is.
    """
    # Comments and quoted text found in one pass, so quotes in comments and comment marks in quotes are read right.
    parts = _CSS_TOKENS.split(data.decode("utf-8"))
    css = "".join(part for part in parts if not part.startswith("/*"))
    parts = _CSS_TOKENS.split(css)
    css = "".join(part if i % 2 else _compact_css_code(part) for i, part in enumerate(parts))
    return css.strip().encode("utf-8") + b"\n"


def _compact_css_code(css: str) -> str:
    css = re.sub(r"\s*([{};,])\s*", r"\1", re.sub(r"\s+", " ", css))
    return _PROPERTY_COLON.sub(r"\1:", css)


_CSS_TOKENS = re.compile(r"""(/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')""", re.S)
"""A comment or a quoted text."""


_PROPERTY_COLON = re.compile(r"(?<=[{;])([\w-]+):\s+")
