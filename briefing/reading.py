"""Reading the project's text files: bounded, UTF-8 without control characters, YAML composed without aliases."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem, problem
from .files import read_limited

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode_text(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes as text without a byte-order mark, or a problem at the line of the first bad byte or control character."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"
        return None, [problem(path, line, "not UTF-8 text", hint)]
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [problem(path, line, f"control character {code_point(control[0])} in the text", _CONTROL_HINT)]
    return text, []


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Characters no page may show: C0 and C1 controls but tab, line feed and carriage return."""
_CONTROL_HINT = "delete it (it is invisible in most editors; it often comes from copying out of another program)"


def code_point(char: str) -> str:
    """A character as U+XXXX."""
    return f"U+{ord(char):04X}"


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """A text file's contents: (None, no problems) when it does not exist, a located problem when unreadable."""
    data, problems = read_limited(path)
    if data is None:
        return None, problems
    return decode_text(data, path)


def line_of(node: yaml.Node, first_line: int = 1) -> int:
    """1-based line of a node, counted from `first_line`."""
    return node.start_mark.line + first_line


def parse_yaml(text: str, path: Path, first_line: int = 1) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose YAML into nodes, reporting syntax errors and aliases at their line."""
    try:
        alias = _first_alias(text)
        if alias is not None:
            hint = "write the value out in full where it is needed; Briefing reads no YAML aliases or merge keys"
            return None, [problem(path, alias + first_line, "YAML alias (*name) is not allowed", hint)]
        return yaml.compose(text, Loader=Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        what = exc.problem or "invalid YAML"
        lines = text.split("\n")
        offending = lines[mark.line] if mark and mark.line < len(lines) else ""
        hint = None
        if "\t" in offending:
            hint = "indent with spaces, not tabs"
        elif "quoted scalar" in (exc.context or ""):
            hint = "a quote is not closed"
        return None, [problem(path, line, f"invalid YAML: {what}", hint)]
    except yaml.YAMLError as exc:
        return None, [problem(path, first_line, f"invalid YAML: {exc}")]


def _first_alias(text: str) -> int | None:
    """0-based line of the first alias (`*name`, `<<: *name`), or None: one pass over the events, linear in the text.

    Aliases let a few lines stand for a structure of any size (a "billion laughs"); no file of a project needs them.
    """
    if "*" not in text:
        return None
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line if event.start_mark else 0
    return None
