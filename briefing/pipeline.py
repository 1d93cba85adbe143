"""The build as a list of timed stages: config -> load -> render -> write."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .config import load_config
from .content import ContentCache, load_site
from .errors import BriefingError, display_path, problem, raise_if_errors
from .model import Config, OutputFile, Site
from .render import make_environment, plan_pages, render_pages
from .schema import Field, check_mapping, parse_yaml, text_by_key
from .verify import verify_output
from .write import Manifest, is_intact, read_manifest, update_site, write_site


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

    def split(self, name: str, part: str, seconds: float) -> None:
        """Report `seconds` of stage `name` as a stage of its own."""
        self.stages = [(n, s - seconds if n == name else s) for n, s in self.stages] + [(part, seconds)]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and how much work it took."""

    site: Site
    """The loaded content."""
    files: tuple[OutputFile, ...]
    """Files rendered or read this time (unchanged pages are not rendered again)."""
    timings: Timings
    """Seconds per stage."""
    pages: int
    """HTML pages in the site."""
    rendered: int
    """Pages rendered this time."""
    written: tuple[str, ...]
    """Output paths written this time; empty when nothing changed."""


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
    """Builds one project again and again; later builds render and write only what changed.

    `in_place` updates changed files inside the output folder (for `serve`); otherwise every build
    writes a complete new folder beside the old one and swaps it in.
    """

    def __init__(self, config_path: Path, output: Path | None = None, in_place: bool = False) -> None:
        self.config_path = config_path
        self.output = output
        self.in_place = in_place
        self.content_cache = ContentCache()

    def build(self, write: bool = True) -> BuildResult:
        """Run every stage; nothing is written unless all of them succeed."""
        timings = Timings()
        config = timings.run("config", lambda: load_config(self.config_path, self.output))
        strings = timings.run("strings", lambda: load_strings(config))
        site, stats = timings.run("load", lambda: load_site(config, self.content_cache))
        timings.split("load", "markdown", stats.markdown_seconds)
        inputs_key = timings.run("templates", lambda: fingerprint_folder(config.templates))
        specs = plan_pages(site, strings, inputs_key)
        previous = read_manifest(config.output) if write else {}
        todo = [
            s
            for s in specs
            if not (previous.get(s.path, ("",))[0] == s.key and is_intact(config.output, s.path, previous[s.path]))
        ]
        env = make_environment(config.templates)
        pages = timings.run("render", lambda: render_pages(env, todo, site, strings))
        assets = read_static(config)
        keys = {spec.path: spec.key for spec in specs} | {a.path: _digest(a.data) for a in assets}
        sizes = {p: previous[p][1] for p in keys if p in previous} | {f.path: len(f.data) for f in pages + assets}
        manifest = {path: (keys[path], sizes[path]) for path in keys}
        changed = pages + [
            a
            for a in assets
            if previous.get(a.path) != manifest[a.path] or not is_intact(config.output, a.path, previous.get(a.path))
        ]
        problems = timings.run(
            "verify",
            lambda: verify_output(
                changed, set(manifest), lambda p: (config.output / p).read_bytes(), display_path(config.output)
            ),
        )
        raise_if_errors(problems)
        written: list[str] = []
        if write and (changed or set(previous) != set(manifest)):
            written = timings.run("write", lambda: self._write(config.output, changed, previous, manifest))
        return BuildResult(site, tuple(pages + assets), timings, len(specs), len(pages), tuple(written))

    def _write(self, out: Path, changed: list[OutputFile], previous: Manifest, manifest: Manifest) -> list[str]:
        if self.in_place and previous:
            return update_site(out, changed, set(previous) - set(manifest), manifest)
        fresh = {f.path for f in changed}
        write_site(out, changed, [p for p in manifest if p not in fresh], manifest)
        return sorted(fresh)


def fingerprint_folder(folder: Path) -> str:
    """Hash of every file under a folder (templates, static assets), with the package version."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def build(config_path: Path, output: Path | None = None, write: bool = True) -> BuildResult:
    """Build once."""
    return Builder(config_path, output).build(write)
