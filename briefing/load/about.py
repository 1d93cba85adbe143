"""Where the briefings are (content/<slug>/ folders, or sections directly in content/) and what each one is."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..errors import Problem, note, problem
from ..model import About, Config
from ..reading import parse_yaml, read_text
from ..schema import (
    IDENTIFIER,
    Field,
    boolean,
    check_mapping,
    id_too_long,
    identifier,
    mapping,
    partial_date,
    sequence,
    text,
    text_by_key,
)
from .labels import BRIEFING_LABELS

FILE_NAME = "briefing.yaml"
"""A briefing's own details, in its folder."""
SHARED_FILES = ("glossary.yaml",)
"""Files of content/ that every briefing of a library shares."""
BRIEFING_FILES = ("figures.yaml", "translations.lock.yaml")
"""Files that belong to one briefing: in its folder, not beside the briefings."""


@dataclass(frozen=True)
class Place:
    """Where a briefing's files are."""

    slug: str
    """Folder name; '' for sections directly in content/."""
    folder: Path


@dataclass(frozen=True)
class Layout:
    """What content/ holds: briefing folders (a library), or one briefing's sections directly."""

    places: tuple[Place, ...]
    single: bool


def fields(codes: Sequence[str]) -> list[Field]:
    """The keys of briefing.yaml; the README documents each one."""
    return [
        Field("title", text_by_key(codes), required=True),
        Field("event", text_by_key(codes), required=True),
        Field("date", partial_date(), required=True),
        Field("speaker", text_by_key(codes), default={}),
        Field("organisation", identifier(optional=True)),
        Field("tags", sequence(identifier(), minimum=0), default=[]),
        Field("summary", text_by_key(codes), default={}),
        Field("short_title", text_by_key(codes), default={}),
        Field("lead_sentence_headings", boolean(), default=False),
        Field(
            "labels",
            mapping(
                [
                    Field(code, mapping([Field(k, text(strip=False)) for k in BRIEFING_LABELS], "label"))
                    for code in codes
                ],
                "language",
            ),
            default={},
        ),
    ]


def find_layout(content: Path) -> tuple[Layout, list[Problem]]:
    """The briefing folders of content/, sorted by name, or content/ itself when it holds sections directly."""
    if not content.is_dir():
        return Layout((), False), [
            problem(content, None, "content folder not found", "create it or set 'content' in config.yaml")
        ]
    with os.scandir(content) as listing:
        entries = sorted((e for e in listing if not e.name.startswith((".", "_"))), key=lambda e: e.name)
    folders = [e for e in entries if e.is_dir()]
    sections = [e for e in entries if e.is_file() and e.name.endswith(".md")]
    if sections:
        problems = []
        for entry in folders:
            if (content / entry.name / FILE_NAME).exists():
                message = f"content/ holds section files and the briefing folder '{entry.name}'"
                hint = "move the section files into a briefing folder of their own, with a briefing.yaml"
                problems.append(problem(content / sections[0].name, None, message, hint))
        return Layout((Place("", content),), True), problems
    problems = []
    places = []
    for entry in folders:
        folder = content / entry.name
        if not IDENTIFIER.match(entry.name):
            hint = "name briefing folders with lowercase letters, digits and '-', e.g. 2024-work-conference"
            problems.append(problem(folder, None, f"briefing folder name {entry.name!r} cannot be a web address", hint))
        elif long := id_too_long(entry.name):
            problems.append(problem(folder, None, f"briefing folder name {long}", "rename the folder"))
        elif urls.is_reserved_slug(entry.name):
            hint = f"rename the folder; the site uses these names itself, and codes like zh, en, zh-en: {', '.join(sorted(urls.RESERVED_SLUGS))}"
            problems.append(problem(folder, None, f"briefing folder name {entry.name!r} is reserved", hint))
        places.append(Place(entry.name, folder))
    for name in BRIEFING_FILES:
        if (content / name).exists():
            hint = f"move it into the folder of the briefing it belongs to: content/<briefing>/{name}"
            problems.append(problem(content / name, None, f"{name} belongs to one briefing", hint))
    if not places and not problems:
        hint = "python build.py new SLUG starts a briefing folder; python build.py import SOURCE --briefing SLUG imports one"
        problems.append(problem(content, None, "no briefings found", hint))
    return Layout(tuple(places), False), problems


def single_about(config: Config) -> tuple[About, list[Problem]]:
    """The briefing whose sections lie directly in content/: described by config.yaml, with a hint to move on."""
    problems = []
    if not config.event:
        hint = "add 'event: {zh: …, en: …}' to config.yaml, or move the sections into a briefing folder"
        problems.append(problem(config.path, None, "'event' is missing", hint))
    hint = (
        "to publish several briefings, move the section files into content/<slug>/ with a briefing.yaml "
        "(README: 'A library of briefings')"
    )
    problems.append(note(config.content, None, "content/ holds one briefing's sections directly", hint))
    about = About("", dict(config.title), dict(config.event))
    return about, problems


def read_about(place: Place, config: Config, memo: dict[str, Any]) -> tuple[About | None, list[Problem]]:
    """A briefing folder's briefing.yaml, checked against config.yaml's languages, tags and organisations.

    `memo` keeps the last text read and what came of it: serve reads every briefing.yaml after each edit.
    """
    path = place.folder / FILE_NAME
    raw, problems = read_text(path)
    if problems:
        return None, problems
    if raw is None:
        hint = f"python build.py new {place.slug} writes one to fill in: title, event and date"
        return None, [problem(path, None, "briefing.yaml is missing", hint)]
    if memo.get("raw") == raw and memo.get("config") == config:
        return memo["about"], list(memo["problems"])
    about, problems = _parse_about(raw, path, place.slug, config)
    memo.update(raw=raw, config=config, about=about, problems=tuple(problems))
    return about, problems


def _parse_about(raw: str, path: Path, slug: str, config: Config) -> tuple[About | None, list[Problem]]:
    codes = [lang.code for lang in config.languages]
    node, problems = parse_yaml(raw, path)
    if problems:
        return None, problems
    checked, problems = check_mapping(node, fields(codes), path, "briefing")
    if problems:
        return None, problems
    values, lines = checked.values, checked.lines
    for key in ("title", "event", "speaker", "summary", "short_title"):
        problems += _unknown_languages(values[key], codes, path, lines.get(key), key)
    if values["date"] is None:
        problems.append(problem(path, lines.get("date"), "'date' is empty", "write the day it was given: 2024-01-15"))
    organisation = values["organisation"]
    if organisation is not None and organisation not in config.organisations:
        problems.append(_unknown(path, lines.get("organisation"), "organisation", organisation, config.organisations))
    for tag in values["tags"]:
        if tag not in config.tags:
            problems.append(_unknown(path, lines.get("tags"), "tag", tag, config.tags))
    if problems:
        return None, problems
    about = About(
        slug,
        dict(values["title"]),
        dict(values["event"]),
        values["date"],
        dict(values["speaker"]),
        organisation,
        tuple(values["tags"]),
        dict(values["summary"]),
        dict(values["short_title"]),
        path,
        values["lead_sentence_headings"],
        {
            code: {k: v for k, v in labels.items() if v is not None}
            for code, labels in values["labels"].items()
            if labels
        },
    )
    return about, []


def _unknown_languages(
    value: Mapping[str, str], codes: Sequence[str], path: Path, line: int | None, key: str
) -> list[Problem]:
    return [
        problem(path, line, f"'{key}' has text for '{code}', which is not in config.yaml's languages")
        for code in value
        if code not in codes
    ]


def _unknown(path: Path, line: int | None, what: str, name: str, known: Mapping[str, Any]) -> Problem:
    close = difflib.get_close_matches(name, list(known), n=1)
    listed = ", ".join(sorted(known)) or "none yet"
    hint = f"did you mean '{close[0]}'?" if close else f"add it under '{what}s' in config.yaml (known: {listed})"
    return problem(path, line, f"{what} '{name}' is not in config.yaml", hint)


def about_text(codes: Sequence[str], given: Mapping[str, Mapping[str, str] | str | bool | None]) -> str:
    """A briefing.yaml to fill in: what is `given` (title, event per language; date), the rest left empty with
    a comment on each key, so `check` says what is still missing."""

    def per_language(key: str) -> list[str]:
        values = given.get(key) or {}
        assert not isinstance(values, (str, bool))
        return [f"{key}:"] + [f"  {code}: {_quoted(values.get(code, ''))}" for code in codes]

    date = given.get("date")
    lines = [
        "# This briefing's own details; `python build.py check` says what is still missing.",
        "# Its sections go beside this file: NN-slug.LANG.md (or: python build.py import SOURCE --briefing SLUG).",
        *per_language("title"),
        *per_language("event"),
        f"date: {date if isinstance(date, str) else ''}   # the day it was given, e.g. 2024-01-15",
        *(
            per_language("speaker")
            if given.get("speaker")
            else ["# speaker: {" + ", ".join(f"{code}: …" for code in codes) + "}"]
        ),
        "# organisation: an id of config.yaml's organisations",
        "# tags: [ids of config.yaml's tags]",
        "# summary: {" + ", ".join(f"{code}: …" for code in codes) + "}   # a sentence or two for the library's lists",
    ]
    if given.get("lead_sentence_headings") is True:
        lines.append("lead_sentence_headings: true   # headings are lead sentences that run on in the source")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML scalar for `text` ('' when empty): double-quoted, so any punctuation is read as written."""
    if not text:
        return ""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
