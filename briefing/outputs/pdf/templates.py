"""Print templates: their Jinja environment, CSS-safe filters, labels, and errors that name file and line."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ...errors import BriefingError, Problem, problem, raise_if_errors
from ...model import Language
from ...reading import parse_yaml, read_text
from ...schema import Field, check_mapping, mapping, text
from ..pages.context import part_label
from ..pages.render import anchored

PAGE_FIELDS = re.compile(r"\{(page|pages)\}")
"""Placeholders of the page-number label."""
CSS_PLAIN = frozenset(" .,:;!?()[]-_/·")
"""ASCII punctuation that may stand unescaped in a CSS string."""


def make_print_environment(folder: Path) -> jinja2.Environment:
    """Jinja for print templates: HTML autoescaped, CSS not (values go into it through `css_string`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["anchored"] = anchored
    env.filters["part_label"] = part_label
    env.filters["css_string"] = css_string
    env.filters["css_page_label"] = css_page_label
    return env


def css_string(value: str) -> str:
    """A CSS string literal that can hold any text, even inside a <style> element."""
    escaped = "".join(c if c.isalnum() or c in CSS_PLAIN or ord(c) > 127 else f"\\{ord(c):x} " for c in value)
    return f'"{escaped}"'


def css_page_label(label: str) -> str:
    """'Page {page} of {pages}' as a CSS `content` value that counts pages."""
    pieces = PAGE_FIELDS.split(label)
    parts = [css_string(piece) if i % 2 == 0 else f"counter({piece})" for i, piece in enumerate(pieces)]
    return " ".join(part for part in parts if part != '""')


def load_print_strings(folder: Path, languages: Sequence[Language]) -> dict[str, dict[str, str]]:
    """Print labels per language code from strings.yaml in the print templates folder."""
    path = folder / "strings.yaml"
    raw, problems = read_text(path)
    raise_if_errors(problems)
    if raw is None:
        hint = "copy templates/print/ from the bundled templates"
        raise BriefingError.at(path, None, "print label file not found", hint)
    node, problems = parse_yaml(raw, path)
    labels = [Field("page", text(), required=True)]
    fields = [Field(lang.code, mapping(labels, "print label"), required=True) for lang in languages]
    checked, found = check_mapping(node, fields, path, "language")
    problems += found
    if not problems:
        problems += _placeholder_problems(path, checked.values, checked.lines)
    if problems:
        raise BriefingError(problems)
    return {code: dict(values) for code, values in checked.values.items()}


def _placeholder_problems(
    path: Path, values: Mapping[str, Mapping[str, str]], lines: Mapping[str, int]
) -> list[Problem]:
    found = []
    for code, labels in values.items():
        for name in sorted(set(re.findall(r"\{([^}]*)\}", labels["page"])) - {"page", "pages"}):
            message = f"unknown placeholder '{{{name}}}' in the '{code}' page label"
            found.append(problem(path, lines.get(code), message, "use {page} and {pages}"))
    return found


def render_template(env: jinja2.Environment, folder: Path, template: str, context: Mapping[str, Any]) -> str:
    """Render a print template; a mistake in it becomes an error with the template's file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        message = f"print template syntax error: {exc.message}"
        raise BriefingError.at(Path(exc.filename or folder / template), exc.lineno, message) from None
    except jinja2.TemplateNotFound as exc:
        hint = "copy templates/print/ from the bundled templates"
        raise BriefingError.at(folder / str(exc.name), None, "print template not found", hint) from None
    except jinja2.TemplateError as exc:
        file, line = _template_location(folder, template)
        raise BriefingError.at(file, line, f"print template error: {exc}") from None


def _template_location(folder: Path, template: str) -> tuple[Path, int | None]:
    """The innermost print-template frame of the error being handled (Jinja rewrites tracebacks to point there)."""
    root = folder.resolve()
    found: tuple[Path, int | None] = (folder / template, None)
    tb = sys.exc_info()[2]
    while tb is not None:
        name = Path(tb.tb_frame.f_code.co_filename)
        if name.is_absolute() and name.resolve().is_relative_to(root):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
