"""A briefing's translation as a Word table for reviewers: one row per span, the id narrow on the left, the
source beside the translation; reading the edited table back gives the same units.

Messages name table rows where a line would go: row 1 is the header.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm, Pt, RGBColor

from .model import FormatError, Unit

_MARK = "briefing-translation-table"
"""Written into the document's properties, so a table from elsewhere is told apart."""
_STATES = {"new": "new", "needs-review-translation": "to review", "translated": "reviewed"}


def write_table(
    units: Sequence[Unit], *, title: str, original: str, source: tuple[str, str], target: tuple[str, str]
) -> bytes:
    """The .docx: a heading, a line of instructions, and the table (`source`/`target` are (tag, name))."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    properties = document.core_properties
    properties.title, properties.identifier = title, original
    properties.subject, properties.keywords = _MARK, f"{source[0]} {target[0]}"
    document.add_heading(title, level=1)
    document.add_paragraph(
        f"Write the {target[1]} in the right-hand column; leave the id and the {source[1]} as they are. "
        "Keep Markdown marks (**bold**, [links](…), [^1]) where the original has them; an empty cell is skipped."
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("id", source[1], target[1], "state"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for unit in units:
        cells = table.add_row().cells
        for cell, text in zip(cells, (unit.id, unit.source, unit.target, _STATES[unit.state]), strict=True):
            cell.text = text
    _shape(table)
    out = io.BytesIO()
    document.save(out)
    return _deterministic(out.getvalue())


def _shape(table: object) -> None:
    """Narrow id and state columns, small grey ids: the text columns get the width."""
    widths = (Cm(3.2), Cm(11), Cm(11), Cm(1.9))
    for row in table.rows:  # type: ignore[attr-defined]
        for index, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = width
            if index in (0, 3):
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(7.5)
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _deterministic(data: bytes) -> bytes:
    """The same table makes the same bytes: zip entries with a fixed date."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def read_table(data: bytes, path: Path) -> tuple[dict[str, str], list[Unit]]:
    """The document's properties (original, source and target tags) and its units, row by row."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(path, None, f"not a Word document (.docx): {exc}") from None
    properties = document.core_properties
    tags = (properties.keywords or "").split()
    if properties.subject != _MARK or len(tags) != 2 or not document.tables:
        hint = "export the table with: python build.py word export FILE.docx"
        raise FormatError(path, None, "not a translation table exported by Briefing", hint)
    table = document.tables[0]
    if table._tbl.xpath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo"):
        hint = "accept or reject every tracked change in Word (Review → Accept All Changes), save, and import again"
        raise FormatError(path, None, "the table holds tracked changes", hint)
    header = [cell.text.strip() for cell in table.rows[0].cells] if table.rows else []
    if len(header) != 4 or header[0] != "id" or header[3] != "state":
        message = f"the table's columns are {' | '.join(header)}, not: id | original | translation | state"
        raise FormatError(path, 1, message, "keep the exported columns as they are; add comments in Word comments")
    units, seen = [], set()
    for number, row in enumerate(table.rows[1:], start=2):
        cells = [cell.text for cell in row.cells]
        if len(cells) != 4:
            raise FormatError(path, number, f"table row {number} has {len(cells)} columns, not 4")
        unit_id = cells[0].strip()
        if not unit_id:
            raise FormatError(path, number, f"table row {number} has no id")
        if unit_id in seen:
            raise FormatError(path, number, f"table row {number}: id '{unit_id}' appears twice")
        seen.add(unit_id)
        units.append(Unit(unit_id, cells[1], cells[2], line=number))
    meta = {"original": properties.identifier or "", "source-language": tags[0], "target-language": tags[1]}
    return meta, units
