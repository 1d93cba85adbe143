"""`build.py import` end to end: the bundled speech, safe writing, options and exit codes."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.config import load_config
from briefing.model import Briefing
from tests.conftest import FIXTURES, ROOT, Run, load_briefing, snapshot

SPEECH = ROOT / "sources" / "speech.raw.txt"
IMPORT = FIXTURES / "import"


def make_project(folder: Path, languages: tuple[str, ...] = ("zh", "en")) -> Path:
    """An empty project: config.yaml with the bundled templates, no content yet."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {"zh": ("zh-Hans", "中文"), "en": ("en", "English"), "fr": ("fr", "Français")}
    entries = "".join(f"  - {{code: {c}, tag: {names[c][0]}, name: {names[c][1]}}}\n" for c in languages)
    titles = ", ".join(f"{c}: T{c}" for c in languages)
    (folder / "config.yaml").write_text(
        f"title: {{{titles}}}\nevent: {{{titles}}}\nlanguages:\n{entries}"
        f"content: content\ntemplates: {ROOT / 'templates'}\noutput: site\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def load(project: Path) -> Briefing:
    return load_briefing(load_config(project / "config.yaml"))


def zh_view(site: Briefing) -> list[tuple[object, ...]]:
    """What the reader sees of each section in Chinese: file, front matter and block texts."""
    rows = []
    for section in site.sections:
        zh = section.translations["zh"]
        blocks = [(b.kind, b.level, b.text) for b in zh.blocks]
        rows.append((zh.path.name, zh.id, zh.order, zh.title, zh.editorial_title, zh.part, zh.truncated, blocks))
    return rows


def test_importing_the_raw_speech_reproduces_the_bundled_content(project: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(project, "import", str(SPEECH), "--out", "content")
    assert result.code == 0, result.err
    imported, bundled = load(project), load_briefing(load_config(ROOT / "config.yaml"))
    assert zh_view(imported) == zh_view(bundled)
    for section in imported.sections:
        en, zh = section.translations["en"], section.translations["zh"]
        assert en.pending and not zh.pending
        assert [b.text for b in en.blocks] == [b.text for b in zh.blocks]
        assert (en.title, en.part, en.truncated) == (zh.title, zh.part, zh.truncated)
    made_up = [s.translations["zh"].shown_title for s in imported.sections if s.translations["zh"].editorial_title]
    assert made_up == ["〔开场〕", "〔2023年工作回顾〕", "〔2024年形势与任务〕"]


def test_an_imported_folder_passes_check(project: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(project, "import", str(SPEECH)).code == 0
    assert sorted(p.name for p in (project / "content").iterdir())[:2] == ["01-opening.en.md", "01-opening.zh.md"]
    result = run_cli(project, "check")
    assert result.code == 0, result.err
    assert "content/04-part-1.en.md: 0 of 9 blocks translated: 0 reviewed; 9 pending" in result.out
    assert "content/04-part-1.en.md: warning: awaiting translation into 'en' (status: pending)" in result.err


def test_dry_run_prints_the_plan_and_writes_nothing(project: Path, run_cli: Callable[..., Run]) -> None:
    before = snapshot(project)
    result = run_cli(project, "import", str(SPEECH), "--dry-run")
    assert result.code == 0, result.err
    assert snapshot(project) == before and not (project / "content").exists()
    assert "would write 10 files" in result.out
    assert "05-part-2.zh.md" in result.out and "二、突出抓好2024年重点工作" in result.out
    assert "7 paragraphs, 7 headings, breaks off" in result.out


def test_dry_run_shows_each_blocks_first_words_and_what_was_dropped_and_why(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    result = run_cli(project, "import", str(SPEECH), "--dry-run")
    assert "      ## 一是民生兜底保障更加有力。\n" in result.out
    assert "      line 6: dropped ‘加入Vip免费下载 立即下载’ (web-page chrome)" in result.out
    assert "stops mid-sentence at ‘…合评估制度、老年人高龄津贴和养老’" in result.out
    assert "delete `truncated: true` from 05-part-2.zh.md" in result.out
    real = run_cli(project, "import", str(SPEECH))
    assert "clean-up: dropped 3, split 14 (--dry-run lists each one and why)" in real.out and "line 6" not in real.out


def test_format_json_gives_the_dry_run_to_tools(project: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(project, "import", str(SPEECH), "--dry-run", "--format", "json")
    data = json.loads(result.out)
    assert data["written"] is False and data["title"] == "在2024年全省民政工作会议上的讲话"
    part = data["sections"][4]
    assert (part["file"], part["truncated"]) == ("05-part-2.zh.md", True) and "养老" in part["breaks_off"]
    assert part["blocks"][1] == {"kind": "heading", "level": 2, "line": 7, "text": "一要做好困难群众兜底保障工作。"}
    assert data["sections"][0]["changes"][0] == {
        "action": "dropped",
        "line": 1,
        "text": "购物车",
        "reason": "web-page chrome",
    }


def test_existing_files_are_kept_unless_forced(project: Path, run_cli: Callable[..., Run]) -> None:
    content = project / "content"
    content.mkdir()
    (content / "03-outlook-2024.en.md").write_text("my translation\n", encoding="utf-8")
    before = snapshot(project)
    refused = run_cli(project, "import", str(SPEECH))
    assert refused.code == 1
    assert "03-outlook-2024.en.md: file exists" in refused.err and "--force" in refused.err
    assert snapshot(project) == before
    dry = run_cli(project, "import", str(SPEECH), "--dry-run")
    assert "already there (needs --force): 03-outlook-2024.en.md" in dry.out
    forced = run_cli(project, "import", str(SPEECH), "--force")
    assert forced.code == 0, forced.err
    assert "status: pending" in (content / "03-outlook-2024.en.md").read_text(encoding="utf-8")
    assert len(list(content.iterdir())) == 10


def test_files_are_written_with_the_processs_umask(project: Path, run_cli: Callable[..., Run]) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli(project, "import", str(SPEECH), "--briefing", "speech").code == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in (project / "content" / "speech").iterdir()}
    assert modes == {0o644}


def test_byline_and_date_line_go_to_briefing_yaml_and_show_on_the_landing_page(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    source = project / "speech.txt"
    source.write_text(
        "在2025年全县经济工作会议上的讲话\n县长\u3000李某某\n——2025年1月20日在全县经济工作会议上\n"
        "同志们：\n今天开会。\n一、认清形势\n当前形势总体向好。\n",
        encoding="utf-8",
    )
    assert run_cli(project, "import", str(source), "--briefing", "county").code == 0
    about = (project / "content" / "county" / "briefing.yaml").read_text(encoding="utf-8")
    assert 'speaker:\n  zh: "县长\u3000李某某"' in about and "date: 2025-01-20" in about
    assert 'event:\n  zh: "2025年全县经济工作会议"' in about
    elsewhere = run_cli(project, "import", str(source), "--out", "loose", "--dry-run")
    assert "speaker: 县长\u3000李某某\n" in elsewhere.out
    assert "(speaker, date, event taken from the text's head: copy into briefing.yaml)" in elsewhere.out
    opening = (project / "content" / "county" / "01-opening.zh.md").read_text(encoding="utf-8")
    assert "李某某" not in opening and "——2025年" not in opening
    (project / "content" / "county" / "briefing.yaml").write_text(
        about.replace("  en: \n", '  en: "E"\n'), encoding="utf-8"
    )
    assert run_cli(project, "build", "--no-pdf", "--no-search").code == 0
    landing = (project / "site" / "county" / "index.html").read_text(encoding="utf-8")
    assert '<p class="speaker">县长\u3000李某某</p>' in landing and '<time datetime="2025-01-20">' in landing


def test_stubs_are_written_for_every_other_configured_language(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    project = make_project(tmp_path / "three", ("zh", "en", "fr"))
    assert run_cli(project, "import", str(IMPORT / "conventions.txt")).code == 0
    names = sorted(p.name for p in (project / "content").iterdir())
    assert names[:3] == ["01-opening.en.md", "01-opening.fr.md", "01-opening.zh.md"]
    assert len(names) == 18  # opening, two years, two parts and the closing 谢谢大家!
    site = load(project)  # the bundled templates have labels for zh and en only, so no full check
    assert all(s.translations["fr"].pending and s.translations["en"].pending for s in site.sections)


def test_lang_names_the_source_language(project: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(project, "import", str(IMPORT / "conventions.txt"), "--lang", "en", "--dry-run")
    assert result.code == 0 and "01-opening.en.md" in result.out and "stubs in zh" in result.out
    unknown = run_cli(project, "import", str(IMPORT / "conventions.txt"), "--lang", "de")
    assert unknown.code == 1 and "language 'de' is not in config.yaml" in unknown.err


def test_drop_line_and_full_width_punctuation(project: Path, run_cli: Callable[..., Run]) -> None:
    source = project / "speech.txt"
    source.write_text("广告\n讲话\n一、总体要求\n村(社区)减负,成效明显。\n", encoding="utf-8")
    result = run_cli(project, "import", str(source), "--drop-line", "广告", "--punctuation", "full")
    assert result.code == 0, result.err
    text = (project / "content" / "01-part-1.zh.md").read_text(encoding="utf-8")
    assert "村\uff08社区\uff09减负\uff0c成效明显。" in text and "广告" not in text


def test_unstructured_source_warns_and_imports_as_one_section(project: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(project, "import", str(IMPORT / "flat.txt"))
    assert result.code == 0
    assert "warning: found no parts" in result.err
    assert (project / "content" / "01-speech.zh.md").is_file()
    assert run_cli(project, "check").code == 0


def test_a_word_file_imports_with_its_heading_styles(project: Path, run_cli: Callable[..., Run]) -> None:
    document = docx.Document()
    document.add_heading("在2025年全市工作会议上的讲话", level=0)
    document.add_paragraph("同志们:")
    document.add_paragraph("今天召开会议。")
    document.add_heading("一、提高认识", level=1)
    document.add_heading("一要统一思想", level=2)
    document.add_paragraph("各级要统一思想。")
    document.save(str(project / "speech.docx"))
    assert run_cli(project, "import", "speech.docx").code == 0
    text = (project / "content" / "02-part-1.zh.md").read_text(encoding="utf-8")
    assert "part: 一、\ntitle: 提高认识\n" in text and "{#point-1}\n## 一要统一思想\n" in text
    assert run_cli(project, "check").code == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.txt", None, "missing.txt: source file not found"),
        ("empty.txt", b"", "empty.txt: file is empty"),
        ("gbk.txt", "同志们".encode("gb18030"), "gbk.txt:1: not UTF-8 text"),
        ("speech.pdf", b"%PDF-1.4", "speech.pdf: cannot import .pdf"),
        ("speech.docx", b"not a zip", "speech.docx: not a readable Word"),
    ],
)
def test_unreadable_sources_exit_1_naming_the_file(
    project: Path, run_cli: Callable[..., Run], name: str, data: bytes | None, message: str
) -> None:
    if data is not None:
        (project / name).write_bytes(data)
    result = run_cli(project, "import", name)
    assert result.code == 1
    assert message in result.err and "nothing was written" in result.err
    assert not (project / "content").exists()


def test_an_internal_error_exits_2(project: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(stream: io.BytesIO) -> None:
        raise RuntimeError("library bug")

    docx.Document().save(str(project / "speech.docx"))
    monkeypatch.setattr(docx, "Document", broken)
    result = run_cli(project, "import", "speech.docx")
    assert result.code == 2 and "internal error" in result.err


# Any speech built from the conventions imports into files the loader accepts, text unchanged.

SENTENCE = st.text(
    alphabet=st.sampled_from(list("民政工作要是在年上下功夫救助,、“”()ab1")), min_size=1, max_size=30
).map(lambda text: text.strip() + "。")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map("".join)
POINT = st.tuples(st.sampled_from(["一要", "二要", "一是", "(一)", "第一,"]), PARAGRAPH).map("".join)
PART = st.tuples(
    st.text(alphabet="加强领导", min_size=1, max_size=8), st.lists(st.one_of(PARAGRAPH, POINT), min_size=1)
)


@settings(max_examples=25, deadline=None)
@given(
    st.booleans(),
    st.lists(st.sampled_from([2023, 2024]), max_size=2),
    st.lists(PART, max_size=3),
    st.lists(PARAGRAPH, min_size=1, max_size=2),
)
def test_generated_speeches_import_into_valid_aligned_files(
    tmp_path_factory: pytest.TempPathFactory,
    salutation: bool,
    years: list[int],
    parts: list[tuple[str, list[str]]],
    opening: list[str],
) -> None:
    lines = ["在2024年会议上的讲话", *(["同志们:"] if salutation else []), *opening]
    lines += [f"{year}年,{text}" for year, text in zip(years, opening, strict=False)]
    numerals = "一二三"
    for index, (title, paragraphs) in enumerate(parts):
        lines += [f"{numerals[index]}、{title}", *paragraphs]
    project = make_project(tmp_path_factory.mktemp("generated"))
    (project / "speech.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(project / "speech.txt"), "--config", str(project / "config.yaml")]) == 0
    site = load(project)
    source = "".join(lines[1:])
    found = ""
    for section in site.sections:
        zh = section.translations["zh"]
        found += (zh.part + zh.title if zh.part else "") + "".join(b.text for b in zh.blocks)
        assert [b.text for b in section.translations["en"].blocks] == [b.text for b in zh.blocks]
    assert found == source


def word_speech() -> docx.document.Document:
    """A small speech as a Word document, not yet saved."""
    document = docx.Document()
    document.add_heading("在2025年全市工作会议上的讲话", level=0)
    document.add_paragraph("同志们:")
    document.add_heading("一、提高认识", level=1)
    document.add_paragraph("各级要统一思想。")
    return document


@pytest.mark.timeout(60)
def test_a_word_file_unpacking_to_gigabytes_is_refused_before_it_is_read(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    word_speech().save(str(project / "speech.docx"))
    with (
        zipfile.ZipFile(project / "speech.docx", "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(260):
            member.write(bytes(1024 * 1024))
    result = run_cli(project, "import", "speech.docx")
    assert result.code == 1
    assert "speech.docx: unpacks to 260 MB, more than any Word file of a speech" in result.err
    assert not (project / "content").exists()


@pytest.mark.timeout(30)
def test_styles_based_on_each_other_in_a_circle_do_not_hang_the_import(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    document = word_speech()
    first = document.styles.add_style("Speech A", WD_STYLE_TYPE.PARAGRAPH)
    second = document.styles.add_style("Speech B", WD_STYLE_TYPE.PARAGRAPH)
    first.base_style, second.base_style = second, first
    document.add_paragraph("一要统一思想。", style="Speech A")
    document.save(str(project / "speech.docx"))
    assert run_cli(project, "import", "speech.docx").code == 0
    assert "一要统一思想。" in "".join(p.read_text(encoding="utf-8") for p in (project / "content").glob("*.zh.md"))


@pytest.mark.parametrize(("reference", "value"), [('1"] | //*[@x="', "0"), ("7", "²")])
def test_numbering_values_that_are_no_numbers_are_ignored(
    project: Path, run_cli: Callable[..., Run], reference: str, value: str
) -> None:
    document = word_speech()
    numbering = document.part.numbering_part.element
    abstract = numbering.makeelement(qn("w:abstractNum"), {qn("w:abstractNumId"): "7"})
    level = abstract.makeelement(qn("w:lvl"), {qn("w:ilvl"): value})
    level.append(level.makeelement(qn("w:start"), {qn("w:val"): value}))
    abstract.append(level)
    numbering.insert(0, abstract)
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): "7"})
    num.append(num.makeelement(qn("w:abstractNumId"), {qn("w:val"): reference}))
    numbering.append(num)
    paragraph = document.add_paragraph("一要统一思想。")
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 7
    document.save(str(project / "speech.docx"))
    result = run_cli(project, "import", "speech.docx")
    assert result.code == 0, result.err


def test_a_last_paragraph_that_names_infringement_is_the_speech_not_a_site_notice(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    last = "各级市场监管部门要加大执法力度,严厉打击侵权假冒、虚假宣传等违法行为,切实维护公平竞争的市场秩序。"
    lines = ["在2025年全市市场监管工作会议上的讲话", "同志们:", "今天的会议很重要。", "一、关于知识产权保护"]
    lines += ["要完善知识产权保护体系。", "二、关于市场秩序", "要加强市场监管。", last, "严厉打击侵权假冒行为。"]
    lines += ["本文由用户上传,如有侵权请联系删除。"]
    source = project / "speech.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(project, "import", str(source), "--out", "content")
    assert result.code == 0, result.err
    text = (project / "content" / "03-part-2.zh.md").read_text(encoding="utf-8")
    assert last in text and "严厉打击侵权假冒行为。" in text and "如有侵权" not in text
    assert "dropped 1" in result.out


def test_subheadings_a_report_repeats_in_every_part_are_kept(project: Path, run_cli: Callable[..., Run]) -> None:
    lines = ["在2025年全县工作会议上的讲话", "同志们:", "今天总结工作。"]
    for number, topic in (("一", "经济"), ("二", "民生"), ("三", "安全")):
        lines += [
            f"{number}、关于{topic}工作",
            "主要成效",
            f"{topic}工作取得进展。",
            "存在问题",
            f"{topic}工作仍有短板。",
        ]
    source = project / "report.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(project, "import", str(source), "--out", "content")
    assert result.code == 0, result.err
    for part in ("02-part-1", "03-part-2", "04-part-3"):
        text = (project / "content" / f"{part}.zh.md").read_text(encoding="utf-8")
        assert "主要成效" in text and "存在问题" in text, part
    check = run_cli(project, "check")
    assert "looks like page furniture" not in check.err
