"""Section files on disk: names checked, bytes read (unchanged files not read again), front matter checked."""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..errors import Problem, problem
from ..files import read_bytes
from ..reading import decode_text, parse_yaml
from ..schema import Field, boolean, check_mapping, choice, identifier, integer, optional_text, text
from .markdown import (
    split_front_matter,
)
from .pairing import Head

FRONT_MATTER = [
    Field("id", identifier(), required=True),
    Field("order", integer(0), required=True),
    Field("title", text(), required=True),
    Field("title_by", choice("source", "editor"), default="source"),
    Field("part", optional_text()),
    Field("summary", optional_text()),
    Field("truncated", boolean(), default=False),
    Field("status", choice("done", "pending"), default="done"),
]
"""Front-matter keys of a section file; the README documents each one."""

_NAME = operator.attrgetter("name")


FILE_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")


@dataclass(frozen=True)
class SourceFile:
    """A section file as read from disk."""

    path: Path
    lang: str
    stem: str
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        """Content hash, the key of everything derived from this file."""
        return hashlib.blake2b(self.data, digest_size=16).hexdigest()


def read_sources(
    folder: Path, codes: Sequence[str], known: dict[str, tuple[int, int, SourceFile]] | None = None
) -> tuple[list[SourceFile], list[Problem]]:
    """Section files in content/, sorted by name, with their bytes (from `known` when size and time match)."""
    known = known if known is not None else {}
    if not folder.is_dir():
        return [], [problem(folder, None, "content folder not found", "create it or set 'content' in config.yaml")]
    found, problems = [], []
    root = folder.resolve()
    with os.scandir(folder) as listing:
        entries = [e for e in listing if e.name.endswith(".md") and not e.name.startswith(".")]
    entries.sort(key=_NAME)
    for entry in entries:
        # An unchanged file keeps its SourceFile, Path included: no new objects for the files not edited.
        seen = known.get(entry.path)
        if seen is not None:
            stat = entry.stat()
            same = seen[0] == stat.st_mtime_ns and seen[1] == stat.st_size
            if same and not entry.is_symlink() and seen[2].lang in codes:
                found.append(seen[2])
                continue
        path = folder / entry.name
        match = FILE_NAME.match(entry.name)
        if not match:
            problems.append(
                problem(path, None, "section file name must look like NN-slug.LANG.md", f"e.g. 03-study.{codes[0]}.md")
            )
        elif match["lang"] not in codes:
            message = f"language '{match['lang']}' in the file name is not in config.yaml"
            problems.append(problem(path, None, message, f"configured: {', '.join(codes)}"))
        elif entry.is_symlink() and not path.resolve().is_relative_to(root):
            hint = "copy the file into content/ instead of linking it"
            problems.append(problem(path, None, "links to a file outside the content folder", hint))
        else:
            try:
                found.append(_read_source(entry.path, path, entry.stat(), match["lang"], match["stem"], known))
            except OSError as exc:
                problems.append(problem(path, None, f"cannot read file: {exc.strerror}"))
    if len(known) != len(found):
        # Every file found is in `known`: anything more there was deleted or renamed since.
        for gone in set(known) - {str(src.path) for src in found}:
            del known[gone]
    if not found and not problems:
        problems.append(
            problem(folder, None, "no section files found", f"add files named like 01-opening.{codes[0]}.md")
        )
    return found, problems


def _read_source(
    key: str, path: Path, stat: os.stat_result, lang: str, stem: str, known: dict[str, tuple[int, int, SourceFile]]
) -> SourceFile:
    src = SourceFile(path, lang, stem, read_bytes(path))
    known[key] = (stat.st_mtime_ns, stat.st_size, src)
    return src


def read_head(src: SourceFile) -> tuple[Head | None, list[Problem]]:
    """Decode one file and check its front matter."""
    path = src.path
    source, problems = decode_text(src.data, path)
    if source is None:
        return None, problems
    if not source.strip():
        return None, [problem(path, None, "file is empty", "start it with front matter: ---, id, order, title, ---")]
    front = split_front_matter(source)
    if front is None:
        if source.startswith("---"):
            return None, [
                problem(path, 1, "front matter is not closed", "add a line '---' after the last front-matter key")
            ]
        return None, [
            problem(path, 1, "missing front matter", "start the file with ---, then id, order and title, then ---")
        ]
    node, problems = parse_yaml(front[0], path, first_line=2)
    if problems:
        return None, problems
    checked, problems = check_mapping(node, FRONT_MATTER, path, "front-matter", first_line=2, node_line=1)
    if problems:
        return None, problems
    section_id = checked.values["id"]
    if section_id in urls.RESERVED_IDS:
        message = f"id {section_id!r} is reserved for the site's own {section_id} page"
        hint = f"choose another id, e.g. '{section_id}-section'; reserved: {', '.join(sorted(urls.RESERVED_IDS))}"
        return None, [problem(path, checked.lines["id"], message, hint)]
    head = Head(path, src.lang, src.stem, dict(checked.values), dict(checked.lines), front[1] + 2, src.digest)
    return head, []
