"""`build.py import`: a speech as .txt, .md or .docx -> section files, with translation stubs.

The stages are pure: bytes -> source lines -> clean paragraphs -> plan -> files. Only
`import_source` touches the disk, reading the source first and writing only when every
file can be written.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BriefingError, Problem, display_path, problem
from ..load.about import FILE_NAME as ABOUT_FILE
from ..load.about import about_text
from ..load.markdown import escape_text
from ..model import Config, OutputFile
from .cleanup import make_chrome, normalise_text
from .furniture import drop_furniture, drop_title_copies
from .head import take_about
from .joins import join_broken
from .model import Change, ImportPlan, PlanSection, SourceLine
from .paragraphs import find_paragraphs
from .punctuation import PUNCTUATION, fix_punctuation
from .start import detected_about
from .structure import plan_speech
from .wordfile import word_lines

SUFFIXES = (".txt", ".md", ".docx")
"""Source formats the importer reads."""

_MARKDOWN_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")


@dataclass(frozen=True)
class ImportRequest:
    """What to import, where to, and how."""

    source: Path
    """The .txt, .md or .docx file."""
    out: Path
    """Folder the section files go into."""
    lang: str
    """Language code of the source text."""
    stub_langs: tuple[str, ...]
    """Languages that get a translation stub ('status: pending') holding the source text."""
    drop_lines: tuple[str, ...] = ()
    """Page chrome to drop in addition to CHROME_LINES."""
    punctuation: str = "brackets"
    """One of PUNCTUATION."""
    dry_run: bool = False
    """Plan only; write nothing."""
    about: Config | None = None
    """Importing into a new briefing folder of this configuration: also write its briefing.yaml."""
    force: bool = False
    """Replace files that already exist."""


@dataclass(frozen=True)
class ImportResult:
    """What an import planned and did."""

    plan: ImportPlan
    """Sections found in the source."""
    files: tuple[OutputFile, ...]
    """Section files, paths relative to the output folder."""
    existing: tuple[str, ...]
    """Files of `files` that already exist in the output folder."""
    written: bool
    """False for a dry run."""
    warnings: tuple[Problem, ...]
    """Everything the user should look at."""


def request_languages(config: Config, lang: str | None) -> tuple[str, tuple[str, ...]]:
    """The source language (default: the config's first) and the languages that get stubs."""
    codes = [language.code for language in config.languages]
    chosen = lang or codes[0]
    if chosen not in codes:
        raise BriefingError.at(
            config.path, None, f"language {chosen!r} is not in config.yaml", f"configured: {', '.join(codes)}"
        )
    return chosen, tuple(code for code in codes if code != chosen)


def import_source(request: ImportRequest) -> ImportResult:
    """Read the source, plan its sections, and write them unless this is a dry run."""
    if request.punctuation not in PUNCTUATION:
        raise BriefingError.at(request.source, None, f"unknown punctuation mode {request.punctuation!r}")
    lines, problems = source_lines(_read(request.source), request.source)
    plan = plan_import(lines, request.source, request.drop_lines, request.punctuation)
    files = render_files(plan, request.lang, request.stub_langs)
    if request.about is not None and not (request.out / ABOUT_FILE).exists():
        # A new briefing's folder gets a briefing.yaml from what the text says; one written before is kept.
        codes = [lang.code for lang in request.about.languages]
        about = about_text(codes, detected_about(plan, request.lang))
        files = (OutputFile(ABOUT_FILE, about.encode("utf-8")), *files)
    if request.out.exists() and not request.out.is_dir():
        raise BriefingError.at(request.out, None, "output path is a file, not a folder")
    existing = tuple(file.path for file in files if (request.out / file.path).exists())
    warnings = (*problems, *plan.warnings)
    if request.dry_run:
        return ImportResult(plan, files, existing, False, warnings)
    if existing and not request.force:
        hint = "pass --force to replace them, or --out to write elsewhere"
        raise BriefingError(problem(request.out / name, None, "file exists", hint) for name in existing)
    _write_all(files, request.out)
    return ImportResult(plan, files, existing, True, warnings)


def _read(path: Path) -> bytes:
    if path.suffix.lower() not in SUFFIXES:
        hint = "copy the text into a .txt file" if path.suffix.lower() != ".doc" else "save it as .docx in Word"
        raise BriefingError.at(path, None, f"cannot import {path.suffix or 'files without a suffix'}", hint)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BriefingError.at(path, None, "source file not found") from None
    except OSError as exc:
        raise BriefingError.at(path, None, f"cannot read file: {exc.strerror or exc}") from None


def _write_all(files: Sequence[OutputFile], out: Path) -> None:
    """Write every file to a temporary name first, then rename them all into place."""
    staged: list[tuple[str, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for file in files:
            temp = str(out / f".import-{secrets.token_hex(8)}.tmp")
            # Created with 0o666 and the process's umask, as any editor would: colleagues can read the files.
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            staged.append((temp, out / file.path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(file.data)
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        raise BriefingError.at(out, None, f"cannot write: {exc.strerror or exc}") from None
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)


def source_lines(data: bytes, path: Path) -> tuple[list[SourceLine], list[Problem]]:
    """The source's lines: Word paragraphs for .docx, text lines otherwise (# headings in .md)."""
    if not data.strip():
        raise BriefingError.at(path, None, "file is empty", "paste the speech's text into it")
    if path.suffix.lower() == ".docx":
        return word_lines(data, path)
    try:
        text = normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        raise BriefingError.at(path, line, "not UTF-8 text", hint) from None
    markdown = path.suffix.lower() == ".md"
    return [_text_line(text, number, markdown) for number, text in enumerate(text.split("\n"), start=1)], []


def _text_line(text: str, number: int, markdown: bool) -> SourceLine:
    heading = _MARKDOWN_HEADING.fullmatch(text) if markdown else None
    if heading and heading.group(2).strip():
        role = {1: "title", 2: "part", 3: "point"}.get(len(heading.group(1)), "subpoint")
        return SourceLine(heading.group(2), number, role)
    return SourceLine(text, number)


def plan_import(
    lines: Sequence[SourceLine], source: Path, drop_lines: Iterable[str] = (), punctuation: str = "brackets"
) -> ImportPlan:
    """Clean the lines, find paragraphs and split them into sections."""
    cleaned, changes = drop_furniture(lines, make_chrome(drop_lines))
    cleaned, about, moved = take_about(cleaned)
    paragraphs, copies = drop_title_copies(find_paragraphs(cleaned))
    splits = [
        Change("split", p.line, p.text[:12], "a source line holding several blocks: a flattened page")
        for before, p in itertools.pairwise(paragraphs)
        if p.line == before.line
    ]
    paragraphs, joins = join_broken(paragraphs)
    paragraphs, fixed = fix_punctuation(paragraphs, punctuation)
    if not paragraphs:
        hint = "the file holds only page furniture: chrome, page numbers, headers, notices" if changes else None
        raise BriefingError.at(source, None, "no text to import", hint)
    plan = plan_speech(paragraphs, display_path(source))
    return dataclasses.replace(
        plan,
        about=tuple(about),
        changes=tuple(
            sorted([*plan.changes, *changes, *moved, *copies, *splits, *joins, *fixed], key=lambda change: change.line)
        ),
    )


def render_files(plan: ImportPlan, lang: str, stub_langs: Sequence[str]) -> tuple[OutputFile, ...]:
    """A file per section in the source language, and a pending stub with the same text per other language."""
    files = []
    for section in plan.sections:
        body = section_markdown(section)
        files.append(OutputFile(f"{section.stem}.{lang}.md", (front_matter(section, False) + body).encode()))
        for code in stub_langs:
            files.append(OutputFile(f"{section.stem}.{code}.md", (front_matter(section, True) + body).encode()))
    return tuple(files)


def front_matter(section: PlanSection, pending: bool) -> str:
    """The YAML front matter of a section file, between --- lines."""
    values: dict[str, object] = {"id": section.id, "order": section.order}
    if section.part:
        values["part"] = section.part
    values["title"] = section.title
    if section.editorial_title:
        values["title_by"] = "editor"
    if section.truncated:
        values["truncated"] = True
    if pending:
        values["status"] = "pending"
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000)
    if yaml.safe_load(text) != values:
        # Line separators and other odd characters survive only as escapes.
        text = yaml.safe_dump(values, allow_unicode=False, sort_keys=False, width=1_000_000)
    return f"---\n{text}---\n"


def section_markdown(section: PlanSection) -> str:
    """The body of a section file: blocks separated by blank lines, an anchor line before each heading."""
    chunks = []
    for block in section.blocks:
        if block.kind == "heading":
            anchor = f"{{#{block.anchor}}}\n" if block.anchor else ""
            chunks.append(f"{anchor}{'#' * block.level} {escape_text(block.text, heading=True)}")
        else:
            chunks.append(escape_text(block.text))
    return "\n\n".join(chunks) + "\n"
