"""Word (.docx) files -> source lines: paragraph text, heading roles from styles, numbering labels.

Styles give roles: Title (标题) is the speech's title, Heading 1 (标题 1) a part, Heading 2 a
point and Heading 3 or deeper a sub-point; a style's outline level counts the same. Automatic
numbering (一、 (一) 1.) is not part of a paragraph's text in Word, so its label is rebuilt
from the numbering definitions and put in front of the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from ..errors import BriefingError, Problem, warning
from .conventions import chinese_numeral
from .model import SourceLine

_TITLE = re.compile(r"title|标题", re.IGNORECASE)
_HEADING = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
_CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographDigital",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}
_ROMAN = tuple(
    zip(
        ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        strict=True,
    )
)


@dataclass(frozen=True)
class _Level:
    """How one level of a Word list is numbered."""

    format: str
    """numFmt: 'decimal', 'chineseCounting', 'bullet', …"""
    text: str
    """lvlText, e.g. '%1、' or '(%1)'."""
    start: int
    """First number of the level."""


def word_lines(data: bytes, path: Path) -> tuple[list[SourceLine], list[Problem]]:
    """The paragraphs of a Word file as lines, each followed by a blank line; tables are reported, not read."""
    document = _open(data, path)
    paragraphs = document.paragraphs
    labels = _labels(paragraphs, _list_levels(document))
    lines: list[SourceLine] = []
    for index, (paragraph, label) in enumerate(zip(paragraphs, labels, strict=True), start=1):
        text = paragraph.text
        if label and not text.startswith(label):
            text = label + text
        lines += [SourceLine(text, index, _role(paragraph)), SourceLine("", index)]
    problems = []
    if document.tables:
        count = len(document.tables)
        message = f"{count} table{'s' if count != 1 else ''} not imported"
        problems.append(warning(path, None, message, "copy the table's text into paragraphs if it belongs in the text"))
    return lines, problems


MAX_UNPACKED = 256 * 1024 * 1024
"""The most a Word file may unpack to: a speech with its pictures is a few megabytes; a zip bomb is gigabytes."""


def _open(data: bytes, path: Path) -> Document:
    """The Word document in `data`, or a BriefingError naming the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED:
            message = f"unpacks to {unpacked // (1024 * 1024)} MB, more than any Word file of a speech"
            hint = f"a Word file may unpack to at most {MAX_UNPACKED // (1024 * 1024)} MB; save the text in a new file"
            raise BriefingError.at(path, None, message, hint)
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.LxmlError) as exc:
        raise BriefingError.at(
            path, None, f"not a readable Word (.docx) file ({exc})", "open it in Word and save it again as .docx"
        ) from None


def _role(paragraph: WordParagraph) -> str | None:
    """The heading role of a paragraph from its style (or the styles it is based on)."""
    levels = _values(paragraph._p, "./w:pPr/w:outlineLvl/@w:val")
    for style in [] if levels else _styles(paragraph):
        name = style.name or ""
        if _TITLE.fullmatch(name):
            return "title"
        heading = _HEADING.fullmatch(name)
        if heading:
            return _role_at(int(heading.group(1)))
        levels = _values(style.element, "./w:pPr/w:outlineLvl/@w:val")
        if levels:
            break
    return _role_at(int(levels[0]) + 1) if levels and levels[0].isdigit() and int(levels[0]) < 9 else None


def _styles(paragraph: WordParagraph) -> list[Any]:
    """A paragraph's style and those it is based on, in turn; a cycle of basedOn is cut where it closes."""
    styles: list[Any] = []
    seen: set[str] = set()
    style: Any = paragraph.style
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        styles.append(style)
        style = style.base_style
    return styles


def _role_at(level: int) -> str:
    return {1: "part", 2: "point"}.get(level, "subpoint")


def _list_levels(document: Document) -> dict[str, dict[int, _Level]]:
    """Levels of every numbered list, by numId and level index."""
    root = document.part.numbering_part.element
    abstracts = {_values(a, "./@w:abstractNumId")[0]: a for a in _elements(root, "./w:abstractNum[@w:abstractNumId]")}
    lists: dict[str, dict[int, _Level]] = {}
    for num in _elements(root, "./w:num"):
        num_id = _values(num, "./@w:numId")
        abstract = _values(num, "./w:abstractNumId/@w:val")
        if not num_id or not abstract or abstract[0] not in abstracts:
            continue
        levels = {}
        for lvl in _elements(abstracts[abstract[0]], "./w:lvl"):
            index, start = _number(_values(lvl, "./@w:ilvl")), _number(_values(lvl, "./w:start/@w:val"))
            if index is not None and index < 9:
                fmt, text = _values(lvl, "./w:numFmt/@w:val"), _values(lvl, "./w:lvlText/@w:val")
                first = start if start is not None else 1
                levels[index] = _Level(fmt[0] if fmt else "decimal", text[0] if text else "", first)
        lists[num_id[0]] = levels
    return lists


def _number(values: list[str]) -> int | None:
    """The first of `values` as a number Word could mean (up to six digits), else None."""
    return int(values[0]) if values and _DIGITS.fullmatch(values[0]) else None


_DIGITS = re.compile(r"[0-9]{1,6}")


def _labels(paragraphs: Sequence[WordParagraph], lists: Mapping[str, Mapping[int, _Level]]) -> list[str]:
    """The number label Word shows before each paragraph ('' for none), counting as Word does."""
    counters: dict[str, dict[int, int]] = {}
    labels = []
    for paragraph in paragraphs:
        num_id, level = _numbering(paragraph)
        levels = lists.get(num_id or "", {})
        if level not in levels or levels[level].format in ("bullet", "none"):
            labels.append("")
            continue
        counts = counters.setdefault(num_id or "", {})
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [key for key in counts if key > level]:
            del counts[deeper]
        labels.append(_label(levels, counts, level))
    return labels


def _numbering(paragraph: WordParagraph) -> tuple[str | None, int]:
    """numId and level of a numbered paragraph, from the paragraph or its style."""
    elements: list[Any] = [paragraph._p, *(style.element for style in _styles(paragraph))]
    for element in elements:
        num_id = _values(element, "./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            level = _number(_values(element, "./w:pPr/w:numPr/w:ilvl/@w:val"))
            return (num_id[0] if num_id[0] != "0" else None), level if level is not None else 0
    return None, 0


def _label(levels: Mapping[int, _Level], counts: Mapping[int, int], level: int) -> str:
    """lvlText with %1…%9 replaced by the current numbers in their formats."""

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        shown = levels.get(index)
        return _format(counts.get(index, shown.start if shown else 1), shown.format if shown else "decimal")

    return re.sub(r"%([1-9])", number, levels[level].text)


def _format(value: int, fmt: str) -> str:
    """A number in one of Word's numbering formats; unknown formats fall back to digits."""
    if fmt in _CHINESE_FORMATS:
        return chinese_numeral(value)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("upperRoman", "lowerRoman") and 1 <= value < 4000:
        roman = ""
        for symbol, amount in _ROMAN:
            count, value = divmod(value, amount)
            roman += symbol * count
        return roman.upper() if fmt == "upperRoman" else roman
    return f"{value:02d}" if fmt == "decimalZero" else str(value)


def _elements(element: Any, xpath: str) -> list[Any]:
    """What an XPath with Word's namespace prefixes finds under an element."""
    return list(_compiled(xpath)(element))


def _values(element: Any, xpath: str) -> list[str]:
    """Attribute values an XPath finds under an element."""
    return [str(value) for value in _elements(element, xpath)]


@lru_cache(maxsize=64)
def _compiled(xpath: str) -> Any:
    return etree.XPath(xpath, namespaces=nsmap)
