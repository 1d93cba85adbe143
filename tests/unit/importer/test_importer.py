"""The importer: clean-up, paragraphs, sections and headings, Word files, Markdown that keeps the text."""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph as WordParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cjk import is_cjk
from briefing.errors import BriefingError
from briefing.importer.cleanup import CHROME_LINES, is_page_number, to_full_width
from briefing.importer.model import ImportPlan, PlanSection
from briefing.importer.paragraphs import find_paragraphs
from briefing.importer.run import plan_import, render_files, section_markdown, source_lines
from briefing.load.markdown import RenderEnv, escape_text, make_markdown, parse_document, render_blocks
from briefing.reading import CONTROL
from tests.conftest import FIXTURES, ROOT

IMPORT = FIXTURES / "import"


def plan_text(text: str, name: str = "speech.txt", **options: object) -> ImportPlan:
    """Plan the import of `text` as if read from a file called `name`."""
    path = Path(name)
    lines, _ = source_lines(text.encode("utf-8"), path)
    return plan_import(lines, path, **options)  # type: ignore[arg-type]


def plan_file(path: Path, **options: object) -> ImportPlan:
    lines, _ = source_lines(path.read_bytes(), path)
    return plan_import(lines, path, **options)  # type: ignore[arg-type]


def outline(section: PlanSection) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text) for b in section.blocks]


def by_id(plan: ImportPlan) -> dict[str, PlanSection]:
    return {s.id: s for s in plan.sections}


def chinese(text: str) -> Counter[str]:
    """The Chinese characters and punctuation of a text, counted (blanks such as U+3000 left out)."""
    return Counter(c for c in text if is_cjk(c) and not c.isspace())


# Conventions of Chinese speeches


def test_title_salutation_years_and_parts_become_sections() -> None:
    plan = plan_file(IMPORT / "conventions.txt")
    assert plan.title == "在2025年全市教育工作会议上的讲话"
    assert [(s.id, s.order, s.part, s.title) for s in plan.sections] == [
        ("opening", 1, None, "开场"),
        ("review-2024", 2, None, "2024年工作回顾"),
        ("outlook-2025", 3, None, "2025年形势与任务"),
        ("part-1", 4, "一、", "统一思想认识"),
        ("part-2", 5, "二、", "抓好重点任务"),
        ("closing", 6, None, "结束语"),
    ]
    assert outline(plan.sections[-1]) == [("paragraph", 0, "谢谢大家!")] and plan.sections[-1].editorial_title
    assert outline(plan.sections[0]) == [
        ("paragraph", 0, "同志们:"),
        ("paragraph", 0, "今天我们召开会议,主要任务是总结工作、部署任务。"),
    ]


def test_yishi_points_inside_a_paragraph_split_it_into_headings() -> None:
    review = by_id(plan_file(IMPORT / "conventions.txt"))["review-2024"]
    assert outline(review) == [
        ("paragraph", 0, "2024年,全市教育系统攻坚克难。"),
        ("heading", 2, "一是办学条件持续改善。"),
        ("paragraph", 0, "新建学校12所。"),
        ("heading", 2, "二是教师队伍不断壮大。"),
        ("paragraph", 0, "招聘教师800名。"),
    ]


def test_parenthesised_points_lead_sentence_is_the_heading() -> None:
    part = by_id(plan_file(IMPORT / "conventions.txt"))["part-1"]
    assert outline(part) == [
        ("heading", 2, "(一)提高政治站位。"),
        ("paragraph", 0, "各级各部门要高度重视。"),
        ("heading", 2, "(二)压实工作责任。"),
        ("paragraph", 0, "要层层落实责任。"),
    ]


def test_yiyao_points_hold_yao_sub_points_and_diyi_points() -> None:
    part = by_id(plan_file(IMPORT / "conventions.txt"))["part-2"]
    assert outline(part) == [
        ("heading", 2, "一要推进教育公平。"),
        ("heading", 3, "要在扩大优质资源上下功夫。"),
        ("paragraph", 0, "加快建设一批新学校。"),
        ("heading", 3, "要在缩小城乡差距上下功夫。"),
        ("paragraph", 0, "统筹城乡教育发展。"),
        ("heading", 2, "二要提升教育质量。"),
        ("heading", 3, "第一,深化课程改革。"),
        ("heading", 3, "第二,加强教研工作。"),
    ]
    assert [b.anchor for b in part.blocks if b.kind == "heading"] == [
        "point-1",
        "point-1-1",
        "point-1-2",
        "point-2",
        "point-2-1",
        "point-2-2",
    ]


def test_closing_salutation_and_appeal_after_the_last_point_are_a_section_of_their_own() -> None:
    plan = plan_text(
        "讲话\n一、总体要求\n(一)抓好落实。要压实责任。\n同志们！\n新的一年，任务艰巨。让我们携手奋进！\n谢谢大家！\n"
    )
    assert [s.id for s in plan.sections] == ["part-1", "closing"]
    assert [b.text for b in plan.sections[1].blocks] == [
        "同志们！",
        "新的一年，任务艰巨。让我们携手奋进！",
        "谢谢大家！",
    ]
    assert [(c.action, c.line) for c in plan.changes] == [("split", 4)]


def test_diyi_points_at_paragraph_start_are_level_two() -> None:
    plan = plan_text("讲话\n一、总体要求\n第一,提高认识。各级要重视。\n第二,加强领导。要落实责任。\n")
    assert outline(plan.sections[0]) == [
        ("heading", 2, "第一,提高认识。"),
        ("paragraph", 0, "各级要重视。"),
        ("heading", 2, "第二,加强领导。"),
        ("paragraph", 0, "要落实责任。"),
    ]


def test_a_lone_number_word_mid_paragraph_is_not_a_point() -> None:
    plan = plan_text("讲话\n一、总体要求\n今年工作很多。三是什么意思?大家讨论。\n")
    assert outline(plan.sections[0]) == [("paragraph", 0, "今年工作很多。三是什么意思?大家讨论。")]


def test_salutation_on_the_first_line_of_text_is_split_off() -> None:
    plan = plan_text("讲话\n同志们:今天开会。\n一、总体要求\n要重视。\n")
    assert outline(plan.sections[0]) == [("paragraph", 0, "同志们:"), ("paragraph", 0, "今天开会。")]


def test_speech_breaking_off_mid_sentence_marks_only_the_last_section() -> None:
    plan = plan_text("讲话\n一、第一部分\n内容完整。\n二、第二部分\n内容到这里中断了和\n")
    assert [s.truncated for s in plan.sections] == [False, True]
    assert not any(s.truncated for s in plan_text("讲话\n一、第一部分\n内容完整。”\n").sections)


@pytest.mark.parametrize(
    "last",
    ["让我们携手并进,为全面完成今年目标任务而努力奋斗", "谢谢大家", "全面完成各项任务", "××县人民政府办公室"],
)
def test_a_complete_text_missing_only_its_final_mark_is_not_truncated(last: str) -> None:
    plan = plan_text(f"讲话\n一、第一部分\n内容完整。\n{last}\n")
    assert not any(s.truncated for s in plan.sections)


@pytest.mark.parametrize(
    "last", ["要加快推进和", "加强兜底保障,建立完善政府救助和慈善帮扶衔接", "推进“一老一", "推进,"]
)
def test_a_text_stopping_mid_sentence_is_truncated(last: str) -> None:
    assert plan_text(f"讲话\n一、第一部分\n内容完整。{last}\n").sections[-1].truncated


def test_without_parts_or_years_the_text_is_one_section_with_a_warning() -> None:
    plan = plan_file(IMPORT / "flat.txt")
    assert [(s.id, s.title) for s in plan.sections] == [("speech", "关于做好秋季防汛工作的通知")]
    assert len(plan.sections[0].blocks) == 2
    assert [w.severity for w in plan.warnings] == ["warning"]
    assert "one section" in plan.warnings[0].message


def test_markdown_headings_give_title_parts_and_points() -> None:
    plan = plan_file(IMPORT / "headings.md")
    assert plan.title == "在2025年全市工作会议上的讲话"
    assert [(s.id, s.part, s.title) for s in plan.sections] == [
        ("opening", None, "开场"),
        ("part-1", "一、", "提高认识"),
        ("part-2", "二、", "狠抓落实"),
    ]
    assert outline(plan.sections[1])[0] == ("heading", 2, "一要统一思想")


# Paragraphs and clean-up


def test_hard_wrapped_copy_with_page_numbers_gives_the_original_paragraphs() -> None:
    wrapped = plan_file(IMPORT / "wrapped.txt")
    expected = plan_file(IMPORT / "wrapped.expected.txt")
    assert wrapped.sections == expected.sections
    assert [s.id for s in wrapped.sections] == ["opening", "review-2024", "outlook-2025", "part-1", "part-2"]


def test_printed_lines_joined_by_single_spaces_give_the_same_paragraphs() -> None:
    lines = (IMPORT / "wrapped.txt").read_text(encoding="utf-8").splitlines()
    printed = [line for line in lines if not is_page_number(line) and line not in CHROME_LINES]
    one_line = printed[0] + "\n\n" + " ".join(printed[1:]) + "\n"
    assert plan_text(one_line).sections == plan_file(IMPORT / "wrapped.expected.txt").sections


def test_a_page_flattened_into_one_line_splits_at_its_markers_and_keeps_headings_apart() -> None:
    flat = (
        "在2025年全市会议上的讲话 在2025年全市会议上的讲话 同志们: 刚才,有关同志通报了情况。 希望大家借鉴。 "
        "一、认清形势 当前,形势复杂。 (一)任务艰巨。困难群众较多。 二、突出重点 一要兜底保障。要完善体系。"
    )
    per_line = flat.replace(" ", "\n")
    plan = plan_text(flat)
    assert (plan.title, plan.page_heading) == ("在2025年全市会议上的讲话", "在2025年全市会议上的讲话")
    assert plan.sections == plan_text(per_line).sections
    assert [(s.id, s.title) for s in plan.sections] == [
        ("opening", "开场"),
        ("part-1", "认清形势"),
        ("part-2", "突出重点"),
    ]
    assert outline(plan.sections[1])[0] == ("paragraph", 0, "当前,形势复杂。")
    assert {c.action for c in plan.changes} == {"split"}


@pytest.mark.parametrize(
    ("head", "about"),
    [
        ("县长\u3000李某某", [("speaker", "县长\u3000李某某")]),
        ("市委书记 张××", [("speaker", "市委书记 张××")]),
        ("——2025年1月20日在全县经济工作会议上", [("date", "2025-01-20"), ("event", "全县经济工作会议")]),
        ("（2025年2月10日）", [("date", "2025-02-10")]),
        ("——在全市优化营商环境大会上的讲话", [("event", "全市优化营商环境大会")]),
        ("一、总体要求 当前形势", []),
    ],
)
def test_bylines_date_and_occasion_lines_under_the_title_become_metadata(
    head: str, about: list[tuple[str, str]]
) -> None:
    plan = plan_text(f"讲话\n{head}\n同志们:\n今天开会。\n一、总体要求\n要重视。\n")
    assert list(plan.about) == about
    text = "".join((s.part or "") + s.title + "".join(b.text for b in s.blocks) for s in plan.sections)
    assert (head.replace(" ", "") in text.replace(" ", "")) == (not about)
    assert [c.text for c in plan.changes if c.action == "moved"] == ([head] if about else [])


def test_one_paragraph_per_line_and_blank_line_separated_text_agree() -> None:
    per_line = (IMPORT / "conventions.txt").read_text(encoding="utf-8")
    blank_separated = per_line.replace("\n", "\n\n")
    assert plan_text(blank_separated).sections == plan_text(per_line).sections


def test_crlf_and_bom_are_normalised() -> None:
    text = (IMPORT / "conventions.txt").read_text(encoding="utf-8")
    data = "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")
    path = Path("speech.txt")
    lines, _ = source_lines(data, path)
    assert plan_import(lines, path) == plan_text(text)
    assert plan_text(text.replace("\n", "\r")).sections == plan_text(text).sections


def test_wrap_spaces_between_chinese_go_and_latin_spaces_stay() -> None:
    plan = plan_file(IMPORT / "latin.txt")
    texts = [b.text for s in plan.sections for b in s.blocks]
    assert texts[1] == (
        "今年我们推广了 Python 3.12 和 World Wide Web 标准,培训 1 200 人次,"
        "完成“一老一小”服务平台建设,重点工作全面完成。"
    )
    assert texts[2] == "2024年,我们与 Open Source Initiative 合作,发布了 Version 2 .0 版本。"
    assert texts[3:] == ["一要用好 AI 工具。", "要把 Large Language Models 用在实处。"]


@pytest.mark.parametrize("line", ["12", "- 3 -", "— 12 —", "第 3 页", "第3页", "第 3 页 共 12 页", "3/12", "Page 3"])
def test_page_number_lines_are_dropped_and_the_sentence_they_broke_joined(line: str) -> None:
    plan = plan_text(f"讲话\n一、总体要求\n要提高\n{line}\n认识。\n")
    assert outline(plan.sections[0]) == [("paragraph", 0, "要提高认识。")]
    assert [(c.action, c.line, c.reason) for c in plan.changes] == [
        ("dropped", 4, "page number"),
        ("joined", 5, "the line before ends without a sentence mark"),
    ]


def test_numbers_inside_text_are_not_page_numbers() -> None:
    plan = plan_text("讲话\n一、总体要求\n2024\n全年完成12项。\n")
    assert [b.text for b in plan.sections[0].blocks] == ["2024", "全年完成12项。"]


def test_chrome_lines_are_dropped_and_more_can_be_named() -> None:
    text = "购物车\n我的足迹\n讲话\n加入Vip免费下载 立即下载\n广告位招租\n一、总体要求\n要重视。\n"
    plan = plan_text(text, drop_lines=["广告位招租"])
    assert plan.title == "讲话"
    assert [b.text for b in plan.sections[0].blocks] == ["要重视。"]
    assert "广告位招租" in [b.text for b in plan_text(text).sections[0].blocks]


def test_punctuation_is_kept_unless_full_width_is_asked_for() -> None:
    text = "讲话\n一、总体要求\n村(社区)负担减轻,效果明显!时间10:30,比例1:2。\n"
    assert plan_text(text).sections[0].blocks[0].text == "村(社区)负担减轻,效果明显!时间10:30,比例1:2。"
    full = plan_text(text, punctuation="full").sections[0].blocks[0].text
    assert full == "村\uff08社区\uff09负担减轻\uff0c效果明显\uff01时间10:30\uff0c比例1:2。"
    assert to_full_width("(效果明显!)") == "\uff08效果明显\uff01\uff09"


def test_mixed_bracket_pairs_are_matched_by_default_and_the_change_is_reported() -> None:
    text = "讲话\n一、总体要求\n(一）加强领导。村(社区）负担减轻,比例(1:2)不变。\n"
    plan = plan_text(text)
    assert [b.text for b in plan.sections[0].blocks][:2] == ["（一）加强领导。", "村（社区）负担减轻,比例(1:2)不变。"]
    assert [(c.action, c.line, c.text) for c in plan.changes] == [("changed", 3, "( → （ ×2")]
    kept = plan_text(text, punctuation="keep")
    assert kept.sections[0].blocks[0].text == "(一）加强领导。" and not kept.changes


FULL_WIDTH = str.maketrans(",:;!?()", "\uff0c\uff1a\uff1b\uff01\uff1f\uff08\uff09")
"""ASCII punctuation to the full-width forms most Chinese documents use."""


def test_full_width_punctuation_marks_the_same_points_as_ascii() -> None:
    ascii_text = (IMPORT / "conventions.txt").read_text(encoding="utf-8")
    full_text = ascii_text.translate(FULL_WIDTH)
    assert full_text != ascii_text
    ascii_plan, full_plan = plan_text(ascii_text), plan_text(full_text)
    assert [s.id for s in full_plan.sections] == [s.id for s in ascii_plan.sections]
    for ascii_section, full_section in zip(ascii_plan.sections, full_plan.sections, strict=True):
        expected = [(kind, level, text.translate(FULL_WIDTH)) for kind, level, text in outline(ascii_section)]
        assert outline(full_section) == expected


def test_page_heading_repeated_as_the_title_of_the_text_is_left_out_once() -> None:
    lines = (IMPORT / "wrapped.expected.txt").read_text(encoding="utf-8").splitlines()
    page = "购物车\n" + lines[0] + "\n\n" + " ".join(wrap(lines, 24)) + "\n"
    plan = plan_text(page)
    assert (plan.title, plan.page_heading) == (lines[0], lines[0])
    assert plan.sections == plan_file(IMPORT / "wrapped.expected.txt").sections


def test_a_document_sites_page_loses_its_headers_notice_and_related_list_and_nothing_else() -> None:
    lines = (IMPORT / "wrapped.expected.txt").read_text(encoding="utf-8").splitlines()
    title, printed = lines[0], wrap(lines[1:], 24)
    pages = [printed[start : start + 8] for start in range(0, len(printed), 8)]
    body = [line for n, page in enumerate(pages, 1) for line in [*page, f"{title} 第{n}页 共{len(pages)}页"]]
    tail = "本文档由用户上传，如有侵权请联系删除。\n相关文档\n某某讲话.doc\n"
    plan = plan_text(f"购物车\n{title}\n\n{title} " + " ".join(body) + "\n" + tail)
    assert plan.sections == plan_file(IMPORT / "wrapped.expected.txt").sections
    dropped = [(c.line, c.reason) for c in plan.changes if c.action == "dropped"]
    assert dropped == [
        (1, "web-page chrome"),
        *[(4, "running header with a page count")] * len(pages),
        (5, "site notice after the text"),
        (6, "a list of related documents after the text"),
        (7, "a list of related documents after the text"),
    ]


def wrap(paragraphs: list[str], width: int) -> list[str]:
    """Printed lines of `width` characters, as a PDF viewer shows them."""
    return [p[i : i + width] for p in paragraphs for i in range(0, len(p), width)]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "file is empty"), (b" \n\n", "file is empty"), ("讲话".encode("gb18030"), "not UTF-8")],
)
def test_empty_or_non_utf8_source_is_an_error_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(BriefingError) as caught:
        source_lines(data, Path("speech.txt"))
    assert message in str(caught.value) and "speech.txt" in str(caught.value)


def test_a_source_of_nothing_but_chrome_is_an_error() -> None:
    with pytest.raises(BriefingError, match="no text to import"):
        plan_text("购物车\n- 3 -\n立即下载\n")


# The bundled speech


def test_bundled_speech_splits_at_the_editors_paragraph_breaks() -> None:
    plan = plan_file(ROOT / "sources" / "speech.raw.txt")
    assert [s.id for s in plan.sections] == ["opening", "review-2023", "outlook-2024", "part-1", "part-2"]
    assert [len(s.blocks) for s in plan.sections] == [2, 7, 1, 9, 14]
    assert plan.page_heading == plan.title == "在2024年全省民政工作会议上的讲话"


# Word files


def add_chinese_numbering(document: WordDocument) -> str:
    """Add a list numbered 一、 二、 to the document; returns its numId."""
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="9"><w:abstractNumId w:val="7"/></w:num>'))
    return "9"


def numbered(paragraph: WordParagraph, num_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def word_file(with_numbering: bool) -> bytes:
    document = docx.Document()
    num_id = add_chinese_numbering(document) if with_numbering else ""
    document.add_heading("在2025年全市工作会议上的讲话", level=0)
    document.add_paragraph("同志们:")
    document.add_paragraph("今天召开会议,部署全年工作。")
    for text, point, body in (
        ("提高认识", "一要统一思想", "各级要统一思想。"),
        ("狠抓落实", "一要压实责任", "要层层压实。"),
    ):
        heading = document.add_heading(text if with_numbering else f"{'一' if '认识' in text else '二'}、{text}", 1)
        if with_numbering:
            numbered(heading, num_id)
        document.add_heading(point, level=2)
        document.add_paragraph(body)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


@pytest.mark.parametrize("with_numbering", [False, True])
def test_word_heading_styles_and_numbering_give_title_parts_and_points(with_numbering: bool) -> None:
    path = Path("speech.docx")
    lines, problems = source_lines(word_file(with_numbering), path)
    plan = plan_import(lines, path)
    assert problems == [] and plan.warnings == ()
    assert plan.title == "在2025年全市工作会议上的讲话"
    assert [(s.id, s.part, s.title) for s in plan.sections] == [
        ("opening", None, "开场"),
        ("part-1", "一、", "提高认识"),
        ("part-2", "二、", "狠抓落实"),
    ]
    assert outline(plan.sections[1]) == [("heading", 2, "一要统一思想"), ("paragraph", 0, "各级要统一思想。")]


def test_word_tables_are_reported_not_lost_silently() -> None:
    document = docx.Document()
    document.add_paragraph("讲话")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "表格"
    stream = io.BytesIO()
    document.save(stream)
    _, problems = source_lines(stream.getvalue(), Path("speech.docx"))
    assert [p.severity for p in problems] == ["warning"] and "table" in problems[0].message


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_a_damaged_word_file_is_an_error_naming_it(data: bytes) -> None:
    with pytest.raises(BriefingError, match=r"speech\.docx.*not a readable Word"):
        source_lines(data, Path("speech.docx"))


# Files


def test_files_have_front_matter_and_stubs_carry_the_same_blocks() -> None:
    plan = plan_file(IMPORT / "conventions.txt")
    files = {f.path: f.data.decode() for f in render_files(plan, "zh", ["en"])}
    assert sorted(files)[:4] == ["01-opening.en.md", "01-opening.zh.md", "02-review-2024.en.md", "02-review-2024.zh.md"]
    part = files["04-part-1.zh.md"]
    assert part.startswith("---\nid: part-1\norder: 4\npart: 一、\ntitle: 统一思想认识\n---\n")
    assert "{#point-1}\n## (一)提高政治站位。\n\n各级各部门要高度重视。\n" in part
    stub = files["04-part-1.en.md"]
    assert stub.startswith("---\nid: part-1\norder: 4\npart: 一、\ntitle: 统一思想认识\nstatus: pending\n---\n")
    assert stub.split("---\n", 2)[2] == part.split("---\n", 2)[2]


def test_markdown_syntax_in_the_source_stays_text() -> None:
    plan = plan_text("讲话\n一、总体要求\n# 不是标题\n1. 不是列表\n**不加粗** [^注] <b>x</b> &amp;\n")
    body = section_markdown(plan.sections[0])
    assert parsed_texts(body) == [b.text for b in plan.sections[0].blocks]


def parsed_texts(markdown: str) -> list[str]:
    md = make_markdown()
    blocks, _ = render_blocks(md, parse_document(md, markdown).tokens, RenderEnv("zh", lambda href, line: href))
    return [b.text for b in blocks]


# Properties

LINE_TEXT = st.text(
    alphabet=st.sampled_from(list("一二三四五要是第年同志们,。:!?“”()、 ,:;!?()0123456789abcXY #*[]<>&-\\{}\u3000")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["speech.txt", "speech.md"]))
def test_any_text_imports_or_fails_with_a_briefing_error(text: str, name: str) -> None:
    try:
        plan = plan_text(text, name)
    except BriefingError:
        return
    assert plan.sections
    render_files(plan, "zh", ["en"])


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_a_word_file_fail_with_a_briefing_error(data: bytes) -> None:
    with contextlib.suppress(BriefingError):
        source_lines(b"PK\x03\x04" + data, Path("speech.docx"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(LINE_TEXT, st.sampled_from([*CHROME_LINES, "- 3 -", "第 2 页", "", "一、总体要求", "2024年,"])),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from(["\n", " "]),
)
def test_no_chinese_character_is_lost_unseen(lines: list[str], separator: str) -> None:
    text = "标题行\n\n" + separator.join(lines)
    plan = plan_text(text)
    found = (plan.title or "") + (plan.page_heading or "")
    for section in plan.sections:
        found += (section.part + section.title) if section.part else ""
        found += "".join(block.text for block in section.blocks)
    # What the clean-up dropped is listed, piece by piece, in the plan's changes.
    found += "".join(change.text for change in plan.changes if change.action in ("dropped", "moved"))
    assert chinese(found) == chinese(text)


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40), st.booleans())
def test_escaped_text_parses_back_to_itself(text: str, heading: bool) -> None:
    # As the importer makes paragraphs: no control characters (clean-up drops them), no line ends, stripped.
    text = CONTROL.sub("", text).replace("\r", "").replace("\n", "").strip()
    if not text:
        return
    markdown = f"## {escape_text(text, heading=True)}\n" if heading else escape_text(text) + "\n"
    assert parsed_texts(markdown) == [text]


@pytest.mark.timeout(30)
def test_a_large_paste_of_wrapped_lines_without_sentence_ends_is_joined_in_linear_time() -> None:
    # 18 MB of printed lines with no full stop: one paragraph of 200,000 lines, joined in seconds (not hours).
    characters = [chr(code) for code in range(0x4E00, 0x4E00 + 500)]
    text = "\n".join("".join(characters[(line * 7 + n) % 500] for n in range(30)) for line in range(200_000))
    lines, _ = source_lines(text.encode("utf-8"), Path("paste.txt"))
    paragraphs = find_paragraphs(lines)
    assert len(paragraphs) == 1
    assert len(paragraphs[0].text) == 30 * 200_000
