"""What an import did, for people (per section: first words of each block, what was dropped, joined or split) and tools."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import display_path
from ..load.about import FILE_NAME as ABOUT_FILE
from .model import Change, ImportPlan, PlanSection

if TYPE_CHECKING:
    from .run import ImportRequest, ImportResult

FIRST_WORDS = 16
"""How many characters of a block the dry run shows."""

_ACTIONS = {"dropped": "dropped", "joined": "joined", "split": "split", "changed": "changed", "moved": "moved"}


def first_words(text: str, size: int = FIRST_WORDS) -> str:
    """The start of a text, with … when there is more."""
    return text if len(text) <= size else text[:size] + "…"


def section_changes(plan: ImportPlan) -> list[list[Change]]:
    """The plan's changes by section: each goes to the last section starting at or before its line; among
    sections starting on one line (a flattened page), to the one whose text begins as the change's does."""
    found: list[list[Change]] = [[] for _ in plan.sections]
    for change in plan.changes:
        if found:
            found[_section_of(change, plan.sections)].append(change)
    return found


def _section_of(change: Change, sections: Sequence[PlanSection]) -> int:
    before = [index for index, section in enumerate(sections) if section.line <= change.line] or [0]
    same = [index for index in before if sections[index].line == sections[before[-1]].line]
    start = change.text[:6]
    for index in same:
        texts = [sections[index].title, *(block.text for block in sections[index].blocks)]
        if start and any(start in text for text in texts):
            return index
    return same[0] if len(same) > 1 and change.action != "dropped" else before[-1]


def breaks_off_note(section: PlanSection, name: str) -> str:
    """Why a section is marked truncated (its last words) and how to undo it."""
    last = section.blocks[-1].text if section.blocks else section.title
    words = last if len(last) <= FIRST_WORDS else "…" + last[-FIRST_WORDS:]
    return (
        f"breaks off: the text stops mid-sentence at ‘{words}’; if the source is complete, "
        f"delete `truncated: true` from {name} (and its translation stubs)"
    )


def describe(result: ImportResult, request: ImportRequest) -> list[str]:
    """Lines telling the user what was (or would be) written; a dry run adds each section's blocks and changes."""
    plan = result.plan
    verb = "wrote" if result.written else "would write"
    stubs = f", with translation stubs in {', '.join(request.stub_langs)}" if request.stub_langs else ""
    lines = [f"{verb} {len(result.files)} files into {display_path(request.out)}/{stubs}"]
    if plan.title:
        repeated = " (the page's heading repeating it was left out)" if plan.page_heading else ""
        lines.append(f"title: {plan.title}{repeated}")
    lines += [f"{key}: {value}" for key, value in plan.about]
    if plan.about and ABOUT_FILE not in {file.path for file in result.files}:
        # The lines were taken out of the text and no briefing.yaml is written: say where they belong.
        lines.append(
            f"  ({', '.join(key for key, _ in plan.about)} taken from the text's head: copy into briefing.yaml)"
        )
    names = [f"{section.stem}.{request.lang}.md" for section in plan.sections]
    width = max(len(name) for name in names)
    changes = section_changes(plan)
    for name, section, changed in zip(names, plan.sections, changes, strict=True):
        paragraphs = sum(block.kind == "paragraph" for block in section.blocks)
        headings = len(section.blocks) - paragraphs
        counts = f"{paragraphs} paragraph{'s' * (paragraphs != 1)}, {headings} heading{'s' * (headings != 1)}"
        end = ", breaks off" if section.truncated else ""
        lines.append(f"  {name:<{width}}  {section.part or ''}{section.title}  ({counts}{end})")
        if not result.written:
            lines += _section_detail(section, changed, name)
    lines += _counts(plan.changes, result.written)
    if result.existing and not result.written:
        lines.append(f"already there (needs --force): {', '.join(result.existing)}")
    return lines


def _section_detail(section: PlanSection, changes: Sequence[Change], name: str) -> list[str]:
    """A dry run's view of a section: the first words of each block, then what the clean-up did there and why."""
    lines = []
    for block in section.blocks:
        mark = "#" * block.level + " " if block.kind == "heading" else ""
        lines.append(f"      {mark}{first_words(block.text)}")
    for change in changes:
        lines.append(f"      line {change.line}: {_ACTIONS[change.action]} ‘{change.text}’ ({change.reason})")
    if section.truncated:
        lines.append(f"      {breaks_off_note(section, name)}")
    return lines


def _counts(changes: Sequence[Change], written: bool) -> list[str]:
    """One line counting what the clean-up did, pointing a real run to --dry-run for the list."""
    if not changes:
        return []
    totals: dict[str, int] = {}
    for change in changes:
        totals[change.action] = totals.get(change.action, 0) + 1
    text = ", ".join(f"{_ACTIONS[action]} {count}" for action, count in sorted(totals.items()))
    return [f"clean-up: {text}" + (" (--dry-run lists each one and why)" if written else "")]


def plan_json(result: ImportResult, request: ImportRequest) -> dict[str, Any]:
    """The dry run's report as data: files, metadata, sections with their blocks and changes."""
    plan = result.plan
    sections = []
    for section, changed in zip(plan.sections, section_changes(plan), strict=True):
        name = f"{section.stem}.{request.lang}.md"
        blocks = [{"kind": b.kind, "level": b.level, "line": b.line, "text": b.text} for b in section.blocks]
        entry: dict[str, Any] = {"file": name, "id": section.id, "part": section.part, "title": section.title}
        entry |= {"truncated": section.truncated, "blocks": blocks, "changes": [_change(c) for c in changed]}
        if section.truncated:
            entry["breaks_off"] = breaks_off_note(section, name)
        sections.append(entry)
    return {
        "written": result.written,
        "files": [file.path for file in result.files],
        "existing": list(result.existing),
        "title": plan.title,
        "about": dict(plan.about),
        "sections": sections,
        "changes": [_change(change) for change in plan.changes],
        "warnings": [{"line": w.line, "message": w.message, "hint": w.hint} for w in result.warnings],
    }


def _change(change: Change) -> dict[str, Any]:
    return {"action": change.action, "line": change.line, "text": change.text, "reason": change.reason}
