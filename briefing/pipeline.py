"""The build as a list of timed stages: config -> load -> render -> write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import load_config
from .content import load_site
from .errors import BriefingError, raise_if_errors
from .model import Config, OutputFile, Site
from .render import make_environment, render_site
from .schema import Field, check_mapping, mapping, parse_yaml, text
from .write import write_site

STRING_KEYS = (
    "skip",
    "contents",
    "language",
    "parallel",
    "previous",
    "next",
    "pager",
    "home",
    "read",
    "choose",
    "truncated",
    "notes",
    "sections",
)
"""Navigation labels every language needs in templates/strings.yaml."""


@dataclass
class Timings:
    """Seconds spent per stage, in the order they ran."""

    stages: list[tuple[str, float]] = field(default_factory=list)

    def run(self, name: str, step: Callable[[], Any]) -> Any:
        """Run one stage and record its wall time."""
        start = time.perf_counter()
        try:
            return step()
        finally:
            self.stages.append((name, time.perf_counter() - start))


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    site: Site
    files: tuple[OutputFile, ...]
    timings: Timings


def load_strings(config: Config) -> dict[str, dict[str, str]]:
    """Navigation labels per language from templates/strings.yaml, all keys required."""
    path = config.templates / "strings.yaml"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise BriefingError.at(
            path, None, "label file not found", "copy templates/strings.yaml from the bundled templates"
        ) from None
    node, problems = parse_yaml(raw, path)
    raise_if_errors(problems)
    fields = [Field(key, text(), required=True) for key in STRING_KEYS]
    per_language = [Field(lang.code, mapping(fields, "label"), required=True) for lang in config.languages]
    checked, problems = check_mapping(node, per_language, path, "language")
    raise_if_errors(problems)
    return {code: dict(values) for code, values in checked.values.items()}


def read_static(config: Config) -> list[OutputFile]:
    """Copy templates/static/ as it is, sorted for deterministic output."""
    folder = config.templates / "static"
    if not folder.is_dir():
        raise BriefingError.at(
            folder, None, "static folder not found", "templates/static/ holds style.css and briefing.js"
        )
    return [
        OutputFile("static/" + path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


def build(config_path: Path, output: Path | None = None, write: bool = True) -> BuildResult:
    """Run every stage; nothing is written unless all of them succeed."""
    timings = Timings()
    config = timings.run("config", lambda: load_config(config_path, output))
    site = timings.run("load", lambda: load_site(config))
    strings = timings.run("strings", lambda: load_strings(config))
    env = make_environment(config.templates)
    pages = timings.run("render", lambda: render_site(site, env, strings))
    assets = timings.run("static", lambda: read_static(config))
    files = tuple(pages + assets)
    if write:
        timings.run("write", lambda: write_site(files, config.output))
    return BuildResult(site, files, timings)
