"""`suggest`: fill the blocks awaiting translation from the memory; offer near matches without applying them.

Only a block whose every span still holds the source's words is filled: what a person wrote is never
replaced. A filled block is marked from=memory and counts as translated but not reviewed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import display_path, raise_if_errors
from ..model import Briefing, Library
from .fields import FIELDS, field_units
from .memory import Match, Memory
from .memory_file import cached_memory, keep_memory, read_memory_file
from .workflow import Changes, SectionText, lock_path, memory_pairs, read_sections, write_changes


@dataclass(frozen=True)
class Filled:
    """A block filled from the memory."""

    where: str
    """'path:line' of the block in the translation's file."""
    anchor: str
    how: str
    """Where the text came from."""


@dataclass(frozen=True)
class Offer:
    """A near match offered for a span, not applied."""

    where: str
    span: str
    match: Match


@dataclass
class Report:
    """What `suggest` did or would do."""

    filled: list[Filled] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    entries: int = 0
    """Entries in the memory."""


def suggest(library: Library, chosen: Sequence[Briefing], lang: str, threshold: float, dry_run: bool) -> Report:
    """Fill the chosen briefings' stub blocks in `lang` from a memory of the whole library's reviewed translations."""
    pairs = memory_pairs(library, lang) + read_memory_file(library.config, lang)
    memory, known, cached = cached_memory(library.config, pairs, lang)
    report = Report(entries=len(memory))
    for briefing in chosen:
        changes: dict[Path, Changes] = {}
        for text in read_sections(briefing, lang):
            change = _fill_section(text, memory, threshold, report)
            if change.spans or change.fields:
                changes[text.target.path] = change
        if changes and not dry_run:
            done, problems = write_changes(changes, lock_path(briefing))
            raise_if_errors(problems)
            report.written += done
    if not cached:
        keep_memory(library.config, pairs, lang, memory, known)
    return report


def _fill_section(text: SectionText, memory: Memory, threshold: float, report: Report) -> Changes:
    """The section's stub blocks filled where the memory knows every span; offers for the rest."""
    tr = text.target
    change = Changes(text)
    blocks: dict[str, list[tuple[str, str, str | None]]] = {}
    for span, target in text.pairs():
        entry: tuple[str, str, str | None] = (span.text, target.id, target.text) if target else (span.text, "", None)
        blocks.setdefault(span.anchor, []).append(entry)
    for unit in field_units(text.source, tr):
        found = memory.fill(unit.source) if not unit.target else None
        if found is not None and found.target:
            change.fields[unit.id] = found.target
            report.filled.append(Filled(f"{display_path(tr.path)}:1", unit.id.partition("#")[2], found.note))
    lines = {b.anchor: b.line for b in tr.blocks}
    for anchor, spans in blocks.items():
        if anchor not in tr.untranslated:
            continue
        if any(target_id == "" or target != original for original, target_id, target in spans):
            continue  # someone has written part of it: theirs to finish
        where = f"{display_path(tr.path)}:{lines[anchor]}"
        fills = [memory.fill(original) for original, _, _ in spans]
        if all(f.target for f in fills):
            for (_, target_id, _), found in zip(spans, fills, strict=True):
                change.spans[target_id] = str(found.target)
            change.memory.add(anchor)
            report.filled.append(Filled(where, anchor, "; ".join(f.note for f in fills)))
            continue
        for (original, target_id, _), found in zip(spans, fills, strict=True):
            if not found.target:
                report.offers += [Offer(where, target_id, m) for m in memory.fuzzy(original, threshold, 1)]
    return change


def print_report(report: Report, dry_run: bool) -> None:
    """What was filled (or would be), and the near matches offered."""
    verb = "would fill" if dry_run else "filled"
    for item in report.filled:
        print(f"{item.where}: {verb} '{item.anchor}' ({item.how})")
    for offer in report.offers:
        m = offer.match
        sentence = f", sentence {m.part + 1}" if m.part is not None else ""
        print(
            f"{offer.where}: offered for '{offer.span}'{sentence}: {m.similarity:.0f}% like {m.origin or 'the memory'}"
        )
        print(f"    memory: {m.source}\n    use:    {m.target}")
    for line in report.written:
        print(f"wrote {line}")
    texts = sum(1 for item in report.filled if item.anchor in FIELDS)
    summary = f"{len(report.filled) - texts} block(s) {verb} from a memory of {report.entries} entries"
    summary += f" (and {texts} title(s), part label(s) or summary(ies))" if texts else ""
    summary += f", {len(report.offers)} near match(es) offered, not applied"
    if report.filled and not dry_run:
        summary += "; review them, then run: python build.py translated"
    print(summary, file=sys.stderr if dry_run else sys.stdout)
