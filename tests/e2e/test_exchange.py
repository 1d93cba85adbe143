"""XLIFF, Word tables and TMX out of a briefing and back in: round trips change nothing, edits land block for
block, and a file that does not fit the content changes nothing and says why."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from tests.conftest import Run
from tests.e2e.test_block_status import PARTIAL

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(mini: Path, run_cli: Callable[..., Run]) -> Path:
    """The mini site with its intro's second paragraph still a stub, everything else reviewed."""
    (mini / "content" / "01-intro.en.md").write_text(PARTIAL, encoding="utf-8")
    assert run_cli(mini, "translated", "--all").code == 0
    return mini


def set_target(path: Path, unit_id: str, text: str) -> None:
    tree = etree.parse(str(path))
    [unit] = [u for u in tree.iter(f"{XLIFF}trans-unit") if u.get("id") == unit_id]
    target = unit.find(f"{XLIFF}target")
    if target is None:
        target = etree.SubElement(unit, f"{XLIFF}target")
        unit.find(f"{XLIFF}source").addnext(target)
    for child in list(target):
        target.remove(child)
    target.text = text
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_an_xliff_round_trip_without_edits_changes_no_byte(project: Path, run_cli: Callable[..., Run]) -> None:
    before = snapshot(project / "content")
    out = project / "intro.xlf"
    exported = run_cli(project, "xliff", "export", str(out), "--lang", "en")
    assert exported.code == 0, exported.err
    assert "wrote 9 unit(s) of content (en)" in exported.out
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 0, result.err
    assert snapshot(project / "content") == before


def test_the_xliff_export_carries_ids_text_and_states_a_cat_tool_reads(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    out = project / "intro.xlf"
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    store = tk_xliff.xlifffile.parsestring(out.read_bytes())
    units = {u.xmlelement.get("id"): u for u in store.units}
    assert list(units) == [
        "intro#title",
        *("intro#p1", "intro#p2", "intro#p3"),
        *("work#part", "work#title"),
        *("work#p1", "work#care", "work#p2"),
    ]
    assert (units["work#part"].source, units["work#part"].target) == ("一、", "I.")
    assert units["intro#p1"].source == "同志们:" and units["intro#p1"].target == "Comrades,"
    assert units["work#care"].source == "一要做好养老服务。"
    states = {uid: u.xmlelement.find(f"{XLIFF}target") for uid, u in units.items()}
    assert states["intro#p1"].get("state") == "translated"
    # The stub has no translation to offer: the CAT tool sees a new unit.
    assert not units["intro#p2"].target
    assert states["intro#p2"] is None or states["intro#p2"].get("state") == "new"


def test_an_xliff_translation_lands_block_for_block_and_awaits_review(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    out = project / "intro.xlf"
    zh_before = (project / "content" / "01-intro.zh.md").read_bytes()
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    set_target(out, "intro#p2", "**First, the safety net became stronger.** Aid of 8.45 billion yuan was paid out.")
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 0, result.err
    assert "content/01-intro.en.md: 1 span(s) in 1 block(s)" in result.out
    english = (project / "content" / "01-intro.en.md").read_text(encoding="utf-8")
    assert english == PARTIAL.replace(
        "**一是民生兜底保障更加有力。**全年发放各类救助资金84.5亿元。",
        "**First, the safety net became stronger.** Aid of 8.45 billion yuan was paid out.",
    )
    assert (project / "content" / "01-intro.zh.md").read_bytes() == zh_before
    status = run_cli(project, "status")
    assert "content/01-intro.en.md: 3 of 3 blocks translated: 2 reviewed, 1 not reviewed" in status.out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("</trans-unit>", "</trans-unt>", 1), "intro.xlf:"),
        (lambda text: text.replace('id="work#p2"', 'id="work#p9"'), "unit 'work#p9' names no block of content"),
        (
            lambda text: text.replace("同志们:", "同志们，大家好:"),
            "unit 'intro#p1': its source differs from the text now",
        ),
    ],
)
def test_an_xliff_that_does_not_fit_changes_nothing(
    project: Path, run_cli: Callable[..., Run], edit: Callable[[str], str], message: str
) -> None:
    out = project / "intro.xlf"
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    set_target(out, "intro#p3", "A third paragraph, edited; see [section two](02-work.md#care).")
    out.write_text(edit(out.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project / "content")
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 1
    assert message in result.err
    assert snapshot(project / "content") == before


def test_a_word_table_round_trip_and_edit(project: Path, run_cli: Callable[..., Run]) -> None:
    before = snapshot(project / "content")
    out = project / "review.docx"
    assert run_cli(project, "word", "export", str(out)).code == 0
    assert run_cli(project, "word", "import", str(out)).code == 0
    assert snapshot(project / "content") == before

    document = docx.Document(str(out))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["id", "中文", "English"]
    row = next(r for r in table.rows if r.cells[0].text == "intro#p2")
    row.cells[2].text = "The safety net became stronger."
    document.save(str(out))
    result = run_cli(project, "word", "import", str(out))
    assert result.code == 0, result.err
    assert "\nThe safety net became stronger.\n" in (project / "content" / "01-intro.en.md").read_text(encoding="utf-8")


def test_a_file_that_is_not_a_word_table_is_refused(project: Path, run_cli: Callable[..., Run]) -> None:
    bad = project / "notes.docx"
    bad.write_bytes(b"not a zip")
    result = run_cli(project, "word", "import", str(bad))
    assert result.code == 1 and "notes.docx: not a Word document" in result.err


def test_the_memory_exports_as_tmx_and_an_office_tmx_imports(project: Path, run_cli: Callable[..., Run]) -> None:
    out = project / "memory.tmx"
    result = run_cli(project, "tm", "export", str(out))
    assert result.code == 0, result.err
    store = tk_tmx.tmxfile.parsestring(out.read_bytes())
    pairs = {u.source: u.target for u in store.units}
    assert pairs["同志们:"] == "Comrades,"
    assert "**一是民生兜底保障更加有力。**全年发放各类救助资金84.5亿元。" not in pairs  # a stub is not memory

    office = tk_tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en-US")
    office.addtranslation(
        "**一是民生兜底保障更加有力。**全年发放各类救助资金84.5亿元。",
        "zh-CN",
        "**First, the safety net grew stronger.** 8.45 billion yuan of aid was paid.",
        "en-US",
    )
    data = io.BytesIO()
    office.serialize(data)
    (project / "office.tmx").write_bytes(data.getvalue())
    imported = run_cli(project, "tm", "import", str(project / "office.tmx"))
    assert imported.code == 0, imported.err
    assert "added 1 translation unit(s)" in imported.out and (project / "content" / "memory.en.tmx").exists()
    assert run_cli(project, "suggest").code == 0
    assert "{from=memory}\n**First, the safety net grew stronger.**" in (
        project / "content" / "01-intro.en.md"
    ).read_text(encoding="utf-8")


def test_a_tmx_that_is_not_xml_is_refused(project: Path, run_cli: Callable[..., Run]) -> None:
    bad = project / "office.tmx"
    bad.write_text("<tmx version='1.4'><body><tu>\n<oops", encoding="utf-8")
    before = snapshot(project / "content")
    result = run_cli(project, "tm", "import", str(bad))
    assert result.code == 1 and "office.tmx:2:" in result.err
    assert snapshot(project / "content") == before


def test_a_cat_tool_s_regional_tag_crlf_and_spaces_are_taken_in_stride(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    out = project / "intro.xlf"
    path = project / "content" / "01-intro.en.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    set_target(out, "intro#p2", "  The safety net became stronger.\\\nAid was paid out. ")
    out.write_text(out.read_text(encoding="utf-8").replace('target-language="en"', 'target-language="en-US"'))
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 0, result.err
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\nid: intro\r\n")
    assert b"\r\n\r\nThe safety net became stronger.\\\r\nAid was paid out.\r\n\r\nA third" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_translation_that_breaks_its_block_is_refused_naming_the_xliff_line(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    out = project / "intro.xlf"
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    set_target(out, "intro#p2", "# A heading now")
    line = next(n for n, text in enumerate(out.read_text(encoding="utf-8").splitlines(), 1) if 'id="intro#p2"' in text)
    before = snapshot(project / "content")
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 1
    assert f"intro.xlf:{line}: unit 'intro#p2' cannot go into content/01-intro.en.md" in result.err
    assert snapshot(project / "content") == before


def test_a_title_still_the_original_s_is_exported_new_and_imported_into_the_front_matter(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    path = project / "content" / "01-intro.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Opening", "title: 开场"), encoding="utf-8")
    out = project / "intro.xlf"
    assert run_cli(project, "xliff", "export", str(out)).code == 0
    store = tk_xliff.xlifffile.parsestring(out.read_bytes())
    [title] = [u for u in store.units if u.xmlelement.get("id") == "intro#title"]
    assert title.source == "开场" and not title.target
    set_target(out, "intro#title", "Opening: remarks")
    result = run_cli(project, "xliff", "import", str(out))
    assert result.code == 0, result.err
    assert "1 front-matter text(s)" in result.out
    assert "\ntitle: 'Opening: remarks'\n" in path.read_text(encoding="utf-8")
    assert run_cli(project, "build").code == 0
    assert "Opening: remarks" in (project / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")
