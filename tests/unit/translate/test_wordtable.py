"""The reviewers' Word table: what goes in comes back out, row by row."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.translate.model import FormatError, Unit
from briefing.translate.wordtable import read_table, write_table

TEXTS = st.text(alphabet="兜底保障一老一小，。；：“”《》（）abc XYZ*_[]()^1\\#-\n", max_size=40).map(str.strip)


def table(units: list[Unit]) -> bytes:
    return write_table(
        units, title="测试 · 中文 → English", original="content", source=("zh-Hans", "中文"), target=("en", "English")
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXTS, TEXTS), min_size=1, max_size=6))
def test_a_table_round_trip_gives_the_same_units(texts: list[tuple[str, str]]) -> None:
    units = [Unit(f"s#p{n}", source, target) for n, (source, target) in enumerate(texts, start=1)]
    meta, back = read_table(table(units), Path("t.docx"))
    assert meta == {"original": "content", "source-language": "zh-Hans", "target-language": "en"}
    assert [(u.id, u.source, u.target) for u in back] == [(u.id, u.source, u.target) for u in units]


def test_a_table_with_a_repeated_id_is_refused() -> None:
    data = table([Unit("s#p1", "甲", "A"), Unit("s#p1", "乙", "B")])
    with pytest.raises(FormatError, match="row 3: id 's#p1' appears twice"):
        read_table(data, Path("t.docx"))


def edited(data: bytes, change: Callable[[Any], None]) -> bytes:
    document = docx.Document(io.BytesIO(data))
    change(document.tables[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_table_with_a_column_added_or_removed_is_refused() -> None:
    data = table([Unit("s#p1", "甲", "A")])
    added = edited(data, lambda t: t.add_column(Cm(2)))
    with pytest.raises(FormatError, match=re.escape("the table's columns are id | 中文 | English | state | , not")):
        read_table(added, Path("t.docx"))

    def remove_english(t: Any) -> None:
        for row in t.rows:
            row._tr.remove(row.cells[2]._tc)

    with pytest.raises(FormatError, match=re.escape("the table's columns are id | 中文 | state, not")):
        read_table(edited(data, remove_english), Path("t.docx"))


def test_a_table_with_tracked_changes_is_refused() -> None:
    def track(t: Any) -> None:
        paragraph = t.rows[1].cells[2].paragraphs[0]._p
        insertion = OxmlElement("w:ins")
        insertion.set(qn("w:id"), "1")
        insertion.set(qn("w:author"), "Reviewer")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = " more"
        run.append(text)
        insertion.append(run)
        paragraph.append(insertion)

    with pytest.raises(FormatError, match="the table holds tracked changes"):
        read_table(edited(table([Unit("s#p1", "甲", "A")]), track), Path("t.docx"))
