"""Strict YAML schemas: values with their line numbers, every problem collected."""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, display_path, problem
from .reading import CONTROL, code_point, line_of

Check = Callable[[yaml.Node, Path, str], tuple[Any, list[Problem]]]
"""Validate one node: (node, file, key name) -> (value, problems)."""


@dataclass(frozen=True)
class Field:
    """One allowed key of a mapping."""

    name: str
    """The key as written in YAML."""
    check: Check
    """Turns the node into a value or reports what is wrong with it."""
    required: bool = False
    """Whether leaving the key out is an error."""
    default: Any = None
    """Value used when an optional key is absent."""


@dataclass(frozen=True)
class Checked:
    """A validated mapping: values by key and the line each key is on."""

    values: Mapping[str, Any]
    lines: Mapping[str, int]


def key_text(node: yaml.Node) -> str | None:
    """A mapping key as written, or None when it is a list or a mapping (which no key of ours may be)."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _bad_key(node: yaml.Node, path: Path, first_line: int, what: str) -> Problem:
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return problem(path, line_of(node, first_line), f"a {what} key must be plain text, not {kind}")


def check_mapping(
    node: yaml.Node | None,
    fields: Sequence[Field],
    path: Path,
    what: str,
    first_line: int = 1,
    node_line: int | None = None,
) -> tuple[Checked, list[Problem]]:
    """Validate a mapping node against `fields`: unknown, missing and mistyped keys."""
    values: dict[str, Any] = {f.name: f.default for f in fields if not f.required}
    lines: dict[str, int] = {}
    here = node_line if node_line is not None else first_line
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        return Checked(values, lines), [
            problem(path, line_of(node, first_line), f"{what} must be a mapping of keys to values")
        ]
    known = {f.name: f for f in fields}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = key_text(key_node)
        line = line_of(key_node, first_line)
        if key is None:
            problems.append(_bad_key(key_node, path, first_line, what))
            continue
        field = known.get(key)
        if key in lines:
            problems.append(problem(path, line, f"{what} key '{key}' is given twice"))
            continue
        lines[key] = line
        if field is None:
            problems.append(
                problem(
                    path, line, f"unknown {what} key '{key}'{_suggest(key, known)}", f"allowed keys: {', '.join(known)}"
                )
            )
            continue
        value, found = field.check(value_node, path, key)
        problems += [_relocate(p, first_line) for p in found]
        values[key] = value
    for field in fields:
        if field.required and field.name not in lines:
            problems.append(problem(path, here, f"missing {what} key '{field.name}'"))
    return Checked(values, lines), problems


def _relocate(p: Problem, first_line: int) -> Problem:
    """Checks report 0-based node lines; shift them to the file's numbering."""
    if p.line is None:
        return p
    return Problem(p.path, p.line + first_line, p.message, p.hint, p.severity, p.column)


def _suggest(key: str, known: Mapping[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _scalar(node: yaml.Node) -> Any:
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        # Looks like a timestamp but is no real date (2024-02-30): the text as written.
        return node.value


def _wrong(node: yaml.Node, path: Path, key: str, expected: str, hint: str | None = None) -> list[Problem]:
    shown = (
        node.value
        if isinstance(node, yaml.ScalarNode)
        else ("a list" if isinstance(node, yaml.SequenceNode) else "a mapping")
    )
    message = f"'{key}' must be {expected}, not {shown!r}"
    return [Problem(display_path(path), node.start_mark.line, message, hint)]


def text(*, empty: bool = False, strip: bool = True) -> Check:
    """A string (quoted or plain); numbers and booleans are refused, not converted.

    Without `strip`, spaces at either end are kept (a label such as "Unit: " that text follows).
    """

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if not isinstance(node, yaml.ScalarNode) or not isinstance(_scalar(node), str):
            return None, _wrong(node, path, key, "text", "put the value in quotes")
        value = _scalar(node).strip() if strip else _scalar(node)
        if not value.strip() and not empty:
            return None, _wrong(node, path, key, "non-empty text")
        control = CONTROL.search(value)
        if control:
            message = f"'{key}' contains the control character {code_point(control[0])}"
            return None, [
                Problem(display_path(path), node.start_mark.line, message, "remove the escape that writes it")
            ]
        return value, []

    return check


IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""Ids that become part of URLs, anchors and markup: lowercase letters, digits and '-'."""
_ID_HINT = "ids become part of addresses and anchors, e.g. elderly-care"
LONGEST_ID = 100
"""Ids and briefing folder names name folders and files of the site: longer ones the file system may refuse."""


def id_too_long(value: str) -> str | None:
    """A message when an id is longer than LONGEST_ID characters, else None."""
    if len(value) <= LONGEST_ID:
        return None
    return f"{value[:20]}… is {len(value)} characters long; an id may have at most {LONGEST_ID}"


def identifier(*, optional: bool = False) -> Check:
    """An id made of lowercase letters, digits and '-' (null allowed when `optional`)."""
    inner = text()

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if optional and isinstance(node, yaml.ScalarNode) and _scalar(node) is None:
            return None, []
        value, problems = inner(node, path, key)
        if problems:
            return None, problems
        if not IDENTIFIER.match(value):
            message = f"{key} {value!r} may use only lowercase letters, digits and '-'"
            return None, [Problem(display_path(path), node.start_mark.line, message, _ID_HINT)]
        if long := id_too_long(value):
            return None, [Problem(display_path(path), node.start_mark.line, f"{key} {long}", "choose a shorter id")]
        return value, []

    return check


def optional_text() -> Check:
    """A string or null."""
    inner = text()

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if isinstance(node, yaml.ScalarNode) and _scalar(node) is None:
            return None, []
        return inner(node, path, key)

    return check


def optional_date() -> Check:
    """A calendar date written 2024-01-15 (quoted or not), as that text; or null."""
    return _date(partial=False)


def partial_date() -> Check:
    """A calendar date in ISO 8601, as precise as it is known: 2024-01-15, 2024-01 or 2024 (as that text); or null."""
    return _date(partial=True)


def _date(partial: bool) -> Check:
    expected = "a date like 2024-01-15" + (" (or 2024-01, or 2024 when only the year is known)" if partial else "")

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else node
        if value is None:
            return None, []
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat(), []
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if partial and re.fullmatch(r"(19|20)\d\d(-(0[1-9]|1[0-2]))?", text):
            return text, []
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return datetime.date.fromisoformat(text).isoformat(), []
            except ValueError:
                pass
        return None, _wrong(node, path, key, expected)

    return check


def integer(minimum: int = 0) -> Check:
    """A whole number no smaller than `minimum`."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            return None, _wrong(node, path, key, f"a whole number ≥ {minimum}")
        return value, []

    return check


def boolean() -> Check:
    """true or false."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            return None, _wrong(node, path, key, "true or false")
        return value, []

    return check


def choice(*allowed: str) -> Check:
    """One of a fixed set of words."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in allowed:
            return None, _wrong(node, path, key, " or ".join(repr(a) for a in allowed))
        return value, []

    return check


def mapping(fields: Sequence[Field], what: str) -> Check:
    """A nested mapping with its own fields."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        checked, problems = check_mapping(node, fields, path, what, first_line=0, node_line=node.start_mark.line)
        return checked.values, problems

    return check


def sequence(item: Check, *, minimum: int = 1) -> Check:
    """A list of at least `minimum` items, each validated by `item`."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < minimum:
            return None, _wrong(node, path, key, f"a list of at least {minimum} item(s)")
        values, problems = [], []
        for child in node.value:
            value, found = item(child, path, key)
            values.append(value)
            problems += found
        return values, problems

    return check


def text_by_key(required: Sequence[str] = (), strip: bool = True) -> Check:
    """A mapping from language code (or label name) to text, e.g. {zh: …, en: …}, with every key in `required`."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if not isinstance(node, yaml.MappingNode):
            return None, _wrong(node, path, key, "one text per language, e.g. {zh: …, en: …}")
        given = [k.value for k, _ in getattr(node, "value", []) if isinstance(k, yaml.ScalarNode)]
        fields = [
            Field(code, text(strip=strip), required=code in required) for code in dict.fromkeys([*required, *given])
        ]
        return mapping(fields, key)(node, path, key)

    return check


def number() -> Check:
    """A finite number (whole or decimal): YAML's .nan and .inf are refused."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            return None, _wrong(node, path, key, "a finite number")
        return value, []

    return check


def mapping_of(item: Check, ids: bool = False) -> Check:
    """A mapping with keys of the user's choosing (ids when `ids`), each value validated by `item`."""

    def check(node: yaml.Node, path: Path, key: str) -> tuple[Any, list[Problem]]:
        if not isinstance(node, yaml.MappingNode):
            return None, _wrong(node, path, key, "a mapping")
        values, problems = {}, []
        for key_node, value_node in node.value:
            name = key_text(key_node)
            if name is None:
                problems.append(_bad_key(key_node, path, 0, key))
                continue
            if ids and not IDENTIFIER.match(name):
                message = f"'{key}': the name {name!r} may use only lowercase letters, digits and '-'"
                problems.append(Problem(display_path(path), key_node.start_mark.line, message, _ID_HINT))
            elif ids and (long := id_too_long(name)):
                problems.append(Problem(display_path(path), key_node.start_mark.line, f"'{key}': {long}"))
            value, found = item(value_node, path, name)
            values[name] = value
            problems += found
        return values, problems

    return check


def item_lines(root: yaml.Node | None, key: str, first_line: int = 1) -> list[int]:
    """1-based line of each item of the list under `key` of a mapping node."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.SequenceNode):
            return [line_of(item, first_line) for item in value_node.value]
    return []
