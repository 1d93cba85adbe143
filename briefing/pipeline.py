"""The build as a list of timed stages: config -> load -> render -> write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import load_config
from .content import load_site
from .errors import BriefingError, problem, raise_if_errors
from .model import Config, OutputFile, Site
from .render import make_environment, render_site
from .schema import Field, check_mapping, parse_yaml, text_by_key
from .write import write_site


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
    """Navigation labels per language from templates/strings.yaml; every language has the same keys."""
    path = config.templates / "strings.yaml"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise BriefingError.at(
            path, None, "label file not found", "copy templates/strings.yaml from the bundled templates"
        ) from None
    node, problems = parse_yaml(raw, path)
    raise_if_errors(problems)
    per_language = [Field(lang.code, text_by_key(), required=True) for lang in config.languages]
    checked, problems = check_mapping(node, per_language, path, "language")
    raise_if_errors(problems)
    strings = {code: dict(values) for code, values in checked.values.items()}
    keys = set(strings[config.source_language.code])
    for code, labels in strings.items():
        for key in sorted(keys ^ set(labels)):
            where = code if key not in labels else config.source_language.code
            problems.append(problem(path, checked.lines.get(code), f"label '{key}' is missing for language '{where}'"))
    raise_if_errors(problems)
    return strings


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


class Builder:
    """Builds one project again and again; later builds reuse what has not changed."""

    def __init__(self, config_path: Path, output: Path | None = None) -> None:
        self.config_path = config_path
        self.output = output

    def build(self, write: bool = True) -> BuildResult:
        """Run every stage; nothing is written unless all of them succeed."""
        timings = Timings()
        config = timings.run("config", lambda: load_config(self.config_path, self.output))
        site = timings.run("load", lambda: load_site(config))
        strings = timings.run("strings", lambda: load_strings(config))
        env = make_environment(config.templates)
        pages = timings.run("render", lambda: render_site(site, env, strings))
        assets = timings.run("static", lambda: read_static(config))
        files = tuple(pages + assets)
        if write:
            timings.run("write", lambda: write_site(files, config.output))
        return BuildResult(site, files, timings)


def build(config_path: Path, output: Path | None = None, write: bool = True) -> BuildResult:
    """Build once from scratch."""
    return Builder(config_path, output).build(write)
