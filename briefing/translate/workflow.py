"""Content <-> translation units: what a briefing's translation holds span by span, and writing new text back.

Export reads the section files as they are; import checks every unit against them first, then writes all
files or none. Nothing here touches the source language's files.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, display_path, problem
from ..load.drift import LOCK_NAME, Lock, lock_text, read_lock
from ..model import Briefing, Library, Section, Translation
from ..reading import read_text
from .fields import FIELDS, field_units, set_field
from .files import write_atomically
from .model import Pair, Unit
from .spans import Span, SpanError, read_spans, write_spans


@dataclass(frozen=True)
class SectionText:
    """A section's source and translation files, read span by span."""

    briefing: Briefing
    section: Section
    source: Translation
    target: Translation
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]
    target_text: str
    """The translation file's text as read."""

    def pairs(self) -> Iterator[tuple[Span, Span | None]]:
        """Each source span with the translation's span of the same id (None when the block differs in shape)."""
        by_id = {s.id: s for s in self.target_spans}
        for span in self.source_spans:
            yield span, by_id.get(span.id)


def read_sections(briefing: Briefing, lang: str) -> Iterator[SectionText]:
    """The briefing's sections in one translation language, read from their files."""
    source_code = briefing.config.source_language.code
    for section in briefing.sections:
        source, target = section.translations[source_code], section.translations[lang]
        source_text, _ = read_text(source.path)
        target_text, _ = read_text(target.path)
        if source_text is None or target_text is None:
            continue
        yield SectionText(
            briefing,
            section,
            source,
            target,
            tuple(read_spans(source_text, source)),
            tuple(read_spans(target_text, target)),
            target_text,
        )


def is_stub(source: Span, target: Span | None) -> bool:
    """The translation's span still holds the source's words: nobody has written it yet."""
    return target is None or target.text == source.text


def units_of(briefing: Briefing, lang: str) -> list[Unit]:
    """One unit per source span, with the translation's text (none for a stub) and its state from the lock."""
    units = []
    for text in read_sections(briefing, lang):
        tr = text.target
        units += field_units(text.source, tr)
        for source, target in text.pairs():
            if tr.pending or source.anchor in tr.untranslated or is_stub(source, target):
                units.append(Unit(source.id, source.text, ""))
                continue
            assert target is not None
            state, note = "needs-review-translation", ""
            if source.anchor in tr.stale:
                note = "The source changed after this translation was reviewed."
            elif source.anchor in tr.unreviewed:
                block = next(b for b in tr.blocks if b.anchor == source.anchor)
                note = "Filled from the translation memory; not reviewed." if block.mark("from") == "memory" else ""
            else:
                state = "translated"
            units.append(Unit(source.id, source.text, target.text, state, note))
    return units


def memory_pairs(library: Library, lang: str) -> list[Pair]:
    """Every reviewed, current translation of the library, span by span: what the memory learns from.

    The spans come from the loaded blocks (no file is read again), paired where both have as many.
    """
    source_code = library.config.source_language.code
    pairs = []
    for briefing in library.briefings:
        for section in briefing.sections:
            source, tr = section.translations[source_code], section.translations.get(lang)
            if tr is None or tr.pending:
                continue
            pairs += [Pair(u.source, u.target, f"{briefing.base}{u.id}") for u in field_units(source, tr) if u.target]
            done = {b.anchor for b in tr.blocks} - tr.untranslated - tr.stale - tr.unreviewed
            for original, block in zip(source.blocks, tr.blocks, strict=False):
                if block.anchor not in done or len(original.spans) != len(block.spans):
                    continue
                several = len(original.spans) > 1
                for number, (text, target) in enumerate(zip(original.spans, block.spans, strict=True), start=1):
                    origin = f"{briefing.base}{section.id}#{block.anchor}" + (f".{number}" if several else "")
                    pairs.append(Pair(text, target, origin))
    return pairs


@dataclass
class Changes:
    """New translations for one file, checked against it."""

    text: SectionText
    spans: dict[str, str] = dataclasses.field(default_factory=dict)
    """New text by span id."""
    memory: set[str] = dataclasses.field(default_factory=set)
    """Anchors of blocks filled from the translation memory (marked from=memory)."""
    fields: dict[str, str] = dataclasses.field(default_factory=dict)
    """New front-matter text (part, title, summary) by unit id."""
    origins: dict[str, tuple[Path, int | None]] = dataclasses.field(default_factory=dict)
    """Where each new text came from (an XLIFF file and the unit's line), for messages."""


def plan_import(
    briefing: Briefing, lang: str, units: Sequence[Unit], path: Path
) -> tuple[dict[Path, Changes], list[Problem]]:
    """Which spans the units change; a problem for each unit whose id is unknown or whose source changed."""
    texts = list(read_sections(briefing, lang))
    spans = {source.id: (text, source, target) for text in texts for source, target in text.pairs()}
    changes: dict[Path, Changes] = {}
    problems = []
    fields = {f"{text.source.id}#{name}": (text, name) for text in texts for name in FIELDS}
    for unit in units:
        if unit.id in fields:
            problems += _plan_field(unit, *fields[unit.id], path, changes)
            continue
        known = spans.get(unit.id)
        if known is None:
            message = f"unit '{unit.id}' names no block of {display_path(briefing.folder)}"
            problems.append(problem(path, unit.line, message, "export the file again and carry the translations over"))
            continue
        text, source, target = known
        if unit.source != source.text:
            where = f"{display_path(text.source.path)}:{source.pieces[0][0] + 1}"
            message = f"unit '{unit.id}': its source differs from the text now ({where} changed since the export)"
            problems.append(problem(path, unit.line, message, "export again and translate the changed text"))
            continue
        if target is None:
            if unit.target.strip():
                message = f"unit '{unit.id}': the translation's block is not shaped like the source's"
                problems.append(problem(path, unit.line, message, "give the block as many items as the source's"))
            continue
        # CAT tools and Word leave spaces around a segment; the block's own never has them.
        new = unit.target.strip()
        if not new or new == target.text:
            continue
        change = changes.setdefault(text.target.path, Changes(text))
        change.spans[unit.id] = new
        change.origins[unit.id] = (path, unit.line)
    return changes, problems


def _plan_field(unit: Unit, text: SectionText, name: str, path: Path, changes: dict[Path, Changes]) -> list[Problem]:
    """A part label, title or summary to write, if the unit's source is the source's value now."""
    original, current = getattr(text.source, name) or "", getattr(text.target, name) or ""
    if unit.source != original:
        message = f"unit '{unit.id}': its source differs from the {name} now ({display_path(text.source.path)} changed)"
        return [problem(path, unit.line, message, "export again and translate the changed text")]
    new = unit.target.strip()
    if new and new != current:
        change = changes.setdefault(text.target.path, Changes(text))
        change.fields[unit.id] = new
        change.origins[unit.id] = (path, unit.line)
    return []


def write_changes(changes: Mapping[Path, Changes], lock_path: Path) -> tuple[list[str], list[Problem]]:
    """Write every changed file, or none if one would break, after dropping the changed blocks from the lock.

    Blocks written by hand lose their from=memory mark; their review is due again. The lock is written first,
    so a write that fails half-way never leaves new text counted as reviewed. Returns what was done.
    """
    done, problems, written = [], [], {}
    for path, change in sorted(changes.items()):
        try:
            written[path] = _rewritten(path, change)
        except SpanError as exc:
            where, line = change.origins.get(exc.span_id, (path, None))
            message = f"unit '{exc.span_id}' cannot go into {display_path(path)}: {exc.message}"
            problems.append(problem(where, line, message))
            continue
        changed = {s.anchor for s in change.text.target_spans if s.id in change.spans}
        note = " (its 'status: pending' taken out: its blocks now say for themselves)" if _pending(change) else ""
        fields = f", {len(change.fields)} front-matter text(s)" if change.fields else ""
        done.append(f"{display_path(path)}: {len(change.spans)} span(s) in {len(changed)} block(s){fields}{note}")
    if problems:
        return [], problems
    lock, found = read_lock(lock_path)
    if found:
        return [], found
    unreviewed = _forget(lock, changes)
    if unreviewed != lock:
        write_atomically(lock_path, lock_text(unreviewed).encode("utf-8"))
    for path, data in written.items():
        write_atomically(path, data)
    return done, []


def _rewritten(path: Path, change: Changes) -> bytes:
    """The file's new bytes: line endings and a byte-order mark as they were."""
    raw = path.read_bytes()
    crlf = b"\r\n" in raw
    text = change.text.target_text.replace("\r\n", "\n")
    text = _without_pending(text) if change.spans or change.fields else text
    for unit_id, value in change.fields.items():
        text = set_field(text, unit_id, value)
    changed = {s.anchor for s in change.text.target_spans if s.id in change.spans}
    result = write_spans(text, change.text.target, change.spans, {a: a in change.memory for a in changed})
    result = result.replace("\n", "\r\n") if crlf else result
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + result.encode("utf-8")


def _pending(change: Changes) -> bool:
    return _without_pending(change.text.target_text.replace("\r\n", "\n")) != change.text.target_text.replace(
        "\r\n", "\n"
    )


_PENDING = re.compile(r"(?m)^status:[ \t]*['\"]?pending['\"]?[ \t]*\n")


def _without_pending(text: str) -> str:
    """The file without `status: pending` in its front matter: its blocks now say for themselves."""
    end = text.find("\n---", 3)
    return _PENDING.sub("", text[: end + 1], count=1) + text[end + 1 :] if text.startswith("---") else text


def _forget(lock: Lock, changes: Mapping[Path, Changes]) -> Lock:
    """The lock without the blocks whose translation changed: they await review again."""
    updated = {sid: {lang: dict(blocks) for lang, blocks in langs.items()} for sid, langs in lock.items()}
    for change in changes.values():
        tr = change.text.target
        entry = updated.get(tr.id, {}).get(tr.lang, {})
        for span in change.text.target_spans:
            if span.id in change.spans:
                entry.pop(span.anchor, None)
    return {sid: {lang: b for lang, b in langs.items() if b} for sid, langs in updated.items() if any(langs.values())}


def lock_path(briefing: Briefing) -> Path:
    """The briefing's translation lock."""
    return briefing.folder / LOCK_NAME
