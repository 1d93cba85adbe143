"""config.yaml -> Config, with every problem collected and located."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import BriefingError, Problem, display_path, problem, raise_if_errors
from .files import scan_folder
from .model import Config, Language, PrintSettings
from .reading import parse_yaml, read_text
from .schema import (
    Check,
    Field,
    boolean,
    check_mapping,
    mapping,
    mapping_of,
    optional_date,
    optional_text,
    sequence,
    text,
    text_by_key,
)

_CODE = re.compile(r"^[a-z]{2,3}$")
_TAG = re.compile(
    r"[a-z]{2,3}(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?(-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(-[0-9a-wyz](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?",
    re.IGNORECASE | re.ASCII,
)
"""A well-formed BCP 47 language tag (language, script, region, variants, extensions, private use)."""
LONGEST_TAG = 24
"""Longer tags than this are refused: the search indexer fails on them, and no real language needs one."""


def language_tag() -> Check:
    """A BCP 47 language tag such as zh-Hans or en-GB, at most LONGEST_TAG characters."""
    inner = text()

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value, problems = inner(node, path, key)
        if problems or (len(value) <= LONGEST_TAG and _TAG.fullmatch(value)):
            return value, problems
        message = f"language tag {value[:40]!r} is not a BCP 47 tag of at most {LONGEST_TAG} characters"
        return None, [Problem(display_path(path), node.start_mark.line, message, "e.g. zh-Hans, zh-CN, en, en-GB")]

    return check


_LANGUAGE = [
    Field("code", text(), required=True),
    Field("tag", language_tag(), required=True),
    Field("name", text(), required=True),
]

FIELDS = [
    Field("title", text_by_key(), required=True),
    Field("event", text_by_key(), default={}),
    Field("languages", sequence(mapping(_LANGUAGE, "language")), required=True),
    Field("base_url", optional_text()),
    Field("content", text(), default="content"),
    Field("templates", text(), default="templates"),
    Field("output", text(), default="site"),
    Field("search", boolean(), default=True),
    Field("pdf", boolean(), default=True),
    Field("tags", mapping_of(text_by_key(), ids=True), default={}),
    Field("organisations", mapping_of(text_by_key(), ids=True), default={}),
    Field(
        "print",
        mapping(
            [
                Field("font", text()),
                Field("heading_font", text()),
                Field("latin_font", optional_text()),
                Field("latin_heading_font", optional_text()),
                Field("short_title", text_by_key()),
                Field("author", text_by_key()),
                Field("date", optional_date()),
            ],
            "print",
        ),
    ),
]
"""The keys of config.yaml; the README documents each one."""


def load_config(path: Path, output: Path | None = None) -> Config:
    """Read and validate config.yaml; `output` overrides the configured folder."""
    path = path.resolve()
    raw, problems = read_text(path)
    raise_if_errors(problems)
    if raw is None:
        raise BriefingError.at(path, None, "config file not found", "run from the project folder or pass --config")
    node, problems = parse_yaml(raw, path)
    raise_if_errors(problems)
    checked, problems = check_mapping(node, FIELDS, path, "config")
    raise_if_errors(problems)
    values, lines = checked.values, checked.lines
    languages = _languages(values["languages"], path, lines.get("languages"), problems)
    codes = [lang.code for lang in languages]
    _require_languages(values["title"], codes, path, lines.get("title"), "title", problems)
    if values["event"]:
        _require_languages(values["event"], codes, path, lines.get("event"), "event", problems)
    for key in ("tags", "organisations"):
        for name, labels in (values[key] or {}).items():
            _require_languages(labels, codes, path, lines.get(key), f"{key}.{name}", problems)
    base_url = values["base_url"]
    if base_url is not None and not re.match(r"^https?://[^/\s]+", base_url):
        problems.append(
            problem(path, lines.get("base_url"), f"base_url must be an absolute http(s) URL, not {base_url!r}")
        )
    root = path.parent
    folders = {key: (root / values[key]).resolve() for key in ("content", "templates", "output")}
    if output is not None:
        folders["output"] = output.resolve()
    # A folder given on the command line is the flag's problem, not config.yaml's.
    where, line = ("--out", None) if output is not None else (path, lines.get("output"))
    problems += _check_output(folders, root, where, line)
    printing = _print_settings(values["print"] or {}, codes, path, lines.get("print"), problems)
    raise_if_errors(problems)
    for key in ("content", "templates"):
        if folders[key].is_dir():
            problems += scan_folder(folders[key], (root, folders[key]))
    raise_if_errors(problems)
    return Config(
        path=path,
        title=dict(values["title"]),
        event=dict(values["event"]),
        languages=tuple(languages),
        base_url=base_url.rstrip("/") + "/" if base_url else None,
        content=folders["content"],
        templates=folders["templates"],
        output=folders["output"],
        search=values["search"],
        pdf=values["pdf"],
        print=printing,
        tags={name: dict(labels) for name, labels in (values["tags"] or {}).items()},
        organisations={name: dict(labels) for name, labels in (values["organisations"] or {}).items()},
    )


def _print_settings(
    values: dict[str, Any], codes: list[str], path: Path, line: int | None, problems: list[Problem]
) -> PrintSettings:
    for key in ("short_title", "author"):
        if values.get(key):
            _require_languages(values[key], codes, path, line, f"print.{key}", problems)
    given = {k: v for k, v in values.items() if v is not None}
    settings: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in given.items()}
    return PrintSettings(**settings, origin=display_path(path))


def _languages(items: list[dict[str, Any]], path: Path, line: int | None, problems: list[Problem]) -> list[Language]:
    languages = [Language(item["code"], item["tag"], item["name"]) for item in items]
    seen: set[str] = set()
    for lang in languages:
        if not _CODE.match(lang.code):
            problems.append(
                problem(path, line, f"language code {lang.code!r} must be 2–3 lowercase letters, e.g. 'zh'")
            )
        if lang.code in seen:
            problems.append(problem(path, line, f"language {lang.code!r} is listed twice"))
        seen.add(lang.code)
    return languages


def _require_languages(
    value: dict[str, str], codes: list[str], path: Path, line: int | None, key: str, problems: list[Problem]
) -> None:
    for code in codes:
        if code not in value:
            problems.append(
                problem(path, line, f"'{key}' has no text for language '{code}'", f"add '{code}: …' under '{key}'")
            )
    for code in value:
        if code not in codes:
            problems.append(problem(path, line, f"'{key}' has text for '{code}', which is not in 'languages'"))


def _check_output(folders: dict[str, Path], root: Path, path: Path | str, line: int | None) -> list[Problem]:
    """The output folder is deleted and replaced on every build, so it must hold nothing else."""
    out = folders["output"]
    precious = {
        "the project folder": root,
        "the content folder": folders["content"],
        "the templates folder": folders["templates"],
        "your home folder": Path.home().resolve(),
    }
    found = []
    if out == Path(out.anchor):
        found.append(
            problem(
                path,
                line,
                f"output folder {str(out)!r} is the file-system root",
                "choose a folder of its own, e.g. 'site'",
            )
        )
    for name, folder in precious.items():
        if out == folder or folder.is_relative_to(out):
            found.append(
                problem(
                    path,
                    line,
                    f"output folder {str(out)!r} would replace {name}",
                    "choose a folder of its own, e.g. 'site'",
                )
            )
        elif name != "your home folder" and name != "the project folder" and out.is_relative_to(folder):
            found.append(
                problem(
                    path,
                    line,
                    f"output folder {str(out)!r} is inside {name}",
                    "choose a folder of its own, e.g. 'site'",
                )
            )
    return found
