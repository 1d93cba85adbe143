"""The front matter a translator translates besides the blocks: a section's part label, title and summary."""

from __future__ import annotations

import re

import yaml

from ..model import Translation
from .model import Unit
from .spans import SpanError

FIELDS = ("part", "title", "summary")
"""Front-matter keys whose values are text in the section's language, in the order a reader meets them."""


def field_of(unit_id: str) -> str | None:
    """The front-matter key a unit id names ('opening#title' -> 'title'), or None for a block's span."""
    name = unit_id.rpartition("#")[2]
    return name if name in FIELDS else None


def field_units(source: Translation, target: Translation) -> list[Unit]:
    """A unit per text field of the source's front matter; a value still the source's is no translation yet."""
    units = []
    for name in FIELDS:
        original, translated = getattr(source, name), getattr(target, name)
        if not original:
            continue
        if not translated or translated == original:
            units.append(Unit(f"{source.id}#{name}", original, ""))
        else:
            units.append(Unit(f"{source.id}#{name}", original, translated, "translated"))
    return units


def set_field(text: str, unit_id: str, value: str) -> str:
    """The file with one front-matter key set to `value` (added before the closing line when absent)."""
    name = field_of(unit_id) or ""
    if "\n" in value:
        raise SpanError(unit_id, "a part label, title or summary must stay on one line")
    lines = text.split("\n")
    try:
        end = lines.index("---", 1) if lines[0] == "---" else -1
    except ValueError:
        end = -1
    if end < 0:
        raise SpanError(unit_id, "the file has no front matter to hold it")
    scalar = yaml.safe_dump(value, allow_unicode=True, width=10**9).removesuffix("\n...\n").rstrip("\n")
    found = [n for n in range(1, end) if re.match(rf"{name}\s*:", lines[n])]
    if (found and not re.fullmatch(rf"{name}\s*:\s*(\S.*)?", lines[found[0]])) or len(found) > 1:
        raise SpanError(unit_id, f"'{name}' is written over several lines; edit it by hand")
    if found:
        lines[found[0]] = f"{name}: {scalar}"
    else:
        lines.insert(end, f"{name}: {scalar}")
    result = "\n".join(lines)
    values = yaml.safe_load("\n".join(result.split("\n")[1 : end + (0 if found else 1)]))
    if not isinstance(values, dict) or values.get(name) != value:
        raise SpanError(unit_id, f"'{name}' would not read back as written")
    return result
