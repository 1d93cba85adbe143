"""Problems and summaries for people (grouped, coloured on a terminal) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from .errors import Problem

_COLOURS = {
    "error": "\033[31m",
    "warning": "\033[33m",
    "note": "\033[36m",
    "path": "\033[1m",
    "hint": "\033[2m",
    "end": "\033[0m",
}


def format_problems(problems: Sequence[Problem], colour: bool) -> str:
    """One line per problem (`path:line: message`), grouped by file, hints indented below."""

    def paint(text: str, kind: str) -> str:
        return f"{_COLOURS[kind]}{text}{_COLOURS['end']}" if colour else text

    lines = []
    for p in sorted(problems, key=Problem.place):
        label = "" if p.severity == "error" and not colour else paint(f"{p.severity}: ", p.severity)
        lines.append(f"{paint(p.location, 'path')}: {label}{p.message}")
        if p.hint:
            lines.append(paint(f"  hint: {p.hint}", "hint"))
    return "\n".join(lines)


def summary(problems: Sequence[Problem], strict: bool) -> str:
    """'2 errors, 1 warning' and what that means for the build."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = len(problems) - errors - warnings
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    if notes:
        parts.append(f"{notes} note{'s' * (notes != 1)}")
    text = ", ".join(parts) or "no problems"
    if errors or (strict and warnings):
        return f"{text}; nothing was written"
    return text


def failed(problems: Sequence[Problem], strict: bool) -> bool:
    """Errors fail; warnings fail only in strict mode; notes never do."""
    return any(p.severity == "error" or (strict and p.severity == "warning") for p in problems)


def write_json(out: TextIO, problems: Iterable[Problem], translations: Mapping[str, Any]) -> None:
    """Machine-readable report for editors and CI: the problems, and how far each translation has come."""
    data = {
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        "translations": translations,
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
