"""Key figures: content/figures.yaml checked against the text it quotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import Problem, display_path, problem, warning
from ..model import Block, Figure, FigureGroup, Figures, Section
from ..reading import parse_yaml, read_text
from ..schema import (
    Field,
    check_mapping,
    identifier,
    item_lines,
    mapping,
    mapping_of,
    number,
    sequence,
    text,
    text_by_key,
)
from .annotate import FigureMark, place_figures

FILE_NAME = "figures.yaml"
"""Figures file in the content folder."""


def fields(languages: Sequence[str]) -> list[Field]:
    """The keys of figures.yaml; every text is given in each of the site's `languages`."""
    texts = text_by_key(languages)
    figure = [
        Field("id", identifier(), required=True),
        Field("group", identifier(), required=True),
        Field("source", text(), required=True),
        Field("quote", texts, required=True),
        Field("value", texts, required=True),
        Field("label", texts, required=True),
        Field("amount", number()),
        Field("unit", identifier(optional=True)),
    ]
    group = [Field("id", identifier(), required=True), Field("title", texts, required=True)]
    stated = mapping([Field(code, text()) for code in languages], "stated")
    unit = [*(Field(code, text(), required=True) for code in languages), Field("stated", stated, default={})]
    return [
        Field("units", mapping_of(mapping(unit, "unit"), ids=True), default={}),
        Field("groups", sequence(mapping(group, "group")), required=True),
        Field("figures", sequence(mapping(figure, "figure")), required=True),
    ]


def load_figures(
    path: Path, sections: Sequence[Section], languages: Sequence[str]
) -> tuple[Figures | None, list[Problem]]:
    """Read figures.yaml (None when absent) and check every figure against the block it cites.

    A quote must be found in the first (source) language; elsewhere a missing one is a warning.
    """
    source = languages[0]
    raw, problems = read_text(path)
    if raw is None:
        return None, problems
    node, problems = parse_yaml(raw, path)
    if problems:
        return None, problems
    checked, problems = check_mapping(node, fields(languages), path, "figures")
    if problems:
        return None, problems
    values = checked.values
    groups = tuple(FigureGroup(g["id"], dict(g["title"])) for g in values["groups"])
    figures, lines = [], item_lines(node, "figures")
    for item, line in zip(values["figures"], lines, strict=True):
        section_id, _, anchor = item["source"].partition("#")
        figures.append(
            Figure(
                item["id"],
                item["group"],
                section_id,
                anchor,
                dict(item["quote"]),
                dict(item["value"]),
                dict(item["label"]),
                item.get("amount"),
                item.get("unit"),
            )
        )
        problems += _check_figure(figures[-1], path, line, values, groups, sections, source)
    problems += _duplicates([f.id for f in figures], lines, path)
    if not any(p.severity == "error" for p in problems):
        problems += _overlaps(figures, lines, sections, source, path)
    units = {key: {code: unit[code] for code in languages} for key, unit in values["units"].items()}
    stated = {
        key: {code: name for code, name in (unit["stated"] or {}).items() if name is not None}
        for key, unit in values["units"].items()
    }
    return Figures(units, groups, tuple(figures), {key: names for key, names in stated.items() if names}), problems


def _check_figure(
    figure: Figure,
    path: Path,
    line: int,
    values: Mapping[str, object],
    groups: Sequence[FigureGroup],
    sections: Sequence[Section],
    source: str,
) -> list[Problem]:
    found = []
    if figure.group not in {g.id for g in groups}:
        found.append(problem(path, line, f"figure '{figure.id}': unknown group '{figure.group}'"))
    units = values["units"]
    if figure.unit is not None and isinstance(units, dict) and figure.unit not in units:
        found.append(problem(path, line, f"figure '{figure.id}': unknown unit '{figure.unit}'", "add it under units:"))
    section = next((s for s in sections if s.id == figure.section), None)
    if section is None:
        return [
            *found,
            problem(path, line, f"figure '{figure.id}': no section '{figure.section}'", "source is section-id#anchor"),
        ]
    for code, tr in section.translations.items():
        block = next((b for b in tr.blocks if b.anchor == figure.anchor), None)
        if block is None:
            return [
                *found,
                problem(path, line, f"figure '{figure.id}': section '{figure.section}' has no block #{figure.anchor}"),
            ]
        quote, value = figure.quote.get(code), figure.value.get(code)
        where = f"{figure.section}#{figure.anchor} ({display_path(tr.path)}:{block.line})"
        if quote is None or value is None:
            found.append(problem(path, line, f"figure '{figure.id}' has no quote or value for '{code}'"))
        elif quote in block.text and value not in quote:
            found.append(
                problem(path, line, f"figure '{figure.id}': value “{value}” is not part of its quote “{quote}”")
            )
        elif quote not in block.text or not place_figures(block.html, [FigureMark(quote, value, None)])[1][0]:
            found.append(_unmarkable(figure, quote, block, where, code == source, path, line))
    return found


def block_marks(figures: Sequence[Figure], section: str, anchor: str, lang: str, ids: bool) -> list[FigureMark]:
    """The marks of the figures a block states, in the order they are listed (and marked)."""
    return [
        FigureMark(f.quote[lang], f.value[lang], f"fig-{f.id}" if ids else None, f.id)
        for f in figures
        if f.section == section and f.anchor == anchor and lang in f.quote and lang in f.value
    ]


def _overlaps(
    figures: Sequence[Figure], lines: Sequence[int], sections: Sequence[Section], source: str, path: Path
) -> list[Problem]:
    """Figures whose quotes can each be marked alone, but not after the figures listed before them in one block."""
    found = []
    by_id = {s.id: s for s in sections}
    line_of = {f.id: line for f, line in zip(figures, lines, strict=True)}
    for section_id, anchor in dict.fromkeys((f.section, f.anchor) for f in figures):
        section = by_id.get(section_id)
        for code, tr in section.translations.items() if section else ():
            block = next((b for b in tr.blocks if b.anchor == anchor), None)
            marks = block_marks(figures, section_id, anchor, code, False)
            if block is None or len(marks) < 2:
                continue
            for index, placed in enumerate(place_figures(block.html, marks)[1]):
                alone = place_figures(block.html, [marks[index]])[1][0]
                if alone and not placed:
                    figure_id = marks[index].figure_id
                    earlier = ", ".join(f"'{m.figure_id}'" for m in marks[:index])
                    where = f"{section_id}#{anchor} ({code})"
                    message = f"figure '{figure_id}': its quote overlaps one marked before it ({earlier}) in {where}"
                    hint = "quote words the other figures' quotes do not cover"
                    report = problem if code == source else warning
                    found.append(report(path, line_of[figure_id], message, hint))
    return found


def _unmarkable(figure: Figure, quote: str, block: Block, where: str, source: bool, path: Path, line: int) -> Problem:
    """The quote is not in the paragraph, or formatting splits it: an error in the source language."""
    if quote not in block.text:
        message = f"figure '{figure.id}': “{quote}” is not in {where}"
        hint = "the figure must quote the paragraph exactly; fix the value or the source"
    else:
        message = f"figure '{figure.id}': “{quote}” is split by formatting (bold, a link) in {where}"
        hint = "quote a stretch of the paragraph that has no formatting inside it"
    if source:
        return problem(path, line, message, hint)
    return warning(path, line, message, hint + "; until then the figure's card links to the whole paragraph")


def _duplicates(ids: list[str], lines: list[int], path: Path) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for figure_id, line in zip(ids, lines, strict=True):
        if figure_id in seen:
            found.append(problem(path, line, f"figure id '{figure_id}' is used twice"))
        seen.add(figure_id)
    return found
