"""How far each translation has come, per file and per briefing: for `check`, `status` and scripts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import display_path
from ..load.drift import Progress, progress
from ..model import Library


@dataclass(frozen=True)
class FileProgress:
    """One section's translation into one language."""

    section: str
    """'section' or, in a library, 'briefing/section'."""
    path: str
    """The translation's file, as shown to the user."""
    progress: Progress


@dataclass(frozen=True)
class BriefingProgress:
    """One briefing's translation into one language: the sum of its files."""

    briefing: str
    """The briefing's folder, as shown to the user: 'content/<slug>', or 'content' when it holds one briefing."""
    lang: str
    total: Progress
    files: tuple[FileProgress, ...]


def collect_progress(library: Library) -> list[BriefingProgress]:
    """Per briefing and translation language, in the library's order."""
    source = library.config.source_language.code
    found = []
    for briefing in library.briefings:
        per_lang: dict[str, list[FileProgress]] = {}
        for section in briefing.sections:
            for lang, counted in progress(section, source).items():
                path = display_path(section.translations[lang].path)
                per_lang.setdefault(lang, []).append(FileProgress(f"{briefing.base}{section.id}", path, counted))
        for lang, files in per_lang.items():
            total = sum((f.progress for f in files), Progress())
            found.append(BriefingProgress(display_path(briefing.folder), lang, total, tuple(files)))
    return found


def describe(p: Progress) -> str:
    """'8 of 10 blocks translated: 5 reviewed, 1 stale, 2 not reviewed (1 from memory); 2 pending'."""
    if p.blocks and p.reviewed == p.blocks:
        return f"all {p.blocks} blocks translated and reviewed"
    parts = [f"{p.reviewed} reviewed"]
    if p.stale:
        parts.append(f"{p.stale} stale")
    if p.unreviewed:
        parts.append(f"{p.unreviewed} not reviewed" + (f" ({p.memory} from memory)" if p.memory else ""))
    text = f"{p.translated} of {p.blocks} blocks translated: {', '.join(parts)}"
    return text + (f"; {p.pending} pending" if p.pending else "")


def format_progress(found: Sequence[BriefingProgress], every_file: bool = False) -> str:
    """A line per briefing and language, then a line per file not yet translated and reviewed in full."""
    lines = []
    for item in found:
        lines.append(f"  {item.briefing} ({item.lang}): {describe(item.total)}")
        for f in item.files:
            if every_file or f.progress.reviewed != f.progress.blocks:
                lines.append(f"    {f.path}: {describe(f.progress)}")
    return "\n".join(lines)


def progress_json(found: Sequence[BriefingProgress]) -> dict[str, Any]:
    """The same figures for scripts: per briefing and language, with each file's."""
    return {
        "briefings": [{"briefing": item.briefing, "lang": item.lang, **_counts(item.total)} for item in found],
        "files": [
            {"section": f.section, "lang": item.lang, "path": f.path, **_counts(f.progress)}
            for item in found
            for f in item.files
        ],
    }


def _counts(p: Progress) -> dict[str, int]:
    return {
        "blocks": p.blocks,
        "translated": p.translated,
        "reviewed": p.reviewed,
        "stale": p.stale,
        "unreviewed": p.unreviewed,
        "memory": p.memory,
        "pending": p.pending,
    }
