"""Property: a clean speech messed up as pastes are (wraps, wrap spaces, page furniture, CRLF) imports back exactly."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.cjk import is_cjk
from briefing.importer.cleanup import display_width, ends_sentence
from briefing.importer.conventions import chinese_numeral
from briefing.importer.furniture import RECURS
from briefing.importer.model import ImportPlan
from briefing.importer.run import plan_import, source_lines

WORDS = tuple(
    [
        "推进",
        "工作",
        "发展",
        "群众",
        "服务",
        "改革",
        "建设",
        "保障",
        "加强",
        "完善",
        "体系",
        "机制",
        "落实",
        "责任",
        "持续",
        "全面",
        "提升",
        "质量",
        "基层",
        "治理",
        "民生",
        "重点",
        "任务",
        "项目",
        "资金",
        "政策",
        "社会",
        "经济",
        "城市",
        "乡村",
        "教育",
        "医疗",
        "养老",
        "就业",
        "生态",
        "环境",
        "安全",
        "创新",
        "产业",
        "开放",
    ]
)


@dataclass(frozen=True)
class Speech:
    """A clean speech: a title, an opening paragraph and parts of whole paragraphs, long enough to fill pages."""

    title: str
    opening: str
    parts: tuple[tuple[str, tuple[str, ...]], ...]

    def lines(self) -> list[str]:
        """One paragraph per line, as the editors would keep it."""
        found = [self.title, "同志们：", self.opening]
        for number, (heading, paragraphs) in enumerate(self.parts, start=1):
            found += [f"{chinese_numeral(number)}、{heading}", *paragraphs]
        return found


def phrase(draw: st.DrawFn, low: int, high: int) -> str:
    return "".join(draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high)))


@st.composite
def paragraph(draw: st.DrawFn, width: int) -> str:
    """Sentences of words, clauses split by commas; its last printed line is short, so a reader sees it end."""
    sentences = [
        "，".join(phrase(draw, 3, 5) for _ in range(draw(st.integers(2, 4)))) + "。"
        for _ in range(draw(st.integers(3, 5)))
    ]
    text = "".join(sentences)
    while not 3 <= len(text) % width <= 0.6 * width:
        text = text[:-1] + "化。"
    return text


@st.composite
def speeches(draw: st.DrawFn, width: int) -> Speech:
    title = "在全市" + phrase(draw, 1, 2) + "工作会议上的讲话"
    parts = tuple(
        (phrase(draw, 2, 4), tuple(draw(st.lists(paragraph(width), min_size=2, max_size=3))))
        for _ in range(draw(st.integers(2, 3)))
    )
    return Speech(title, draw(paragraph(width)), parts)


def printed(paragraphs: list[str], width: int) -> list[str]:
    """Long paragraphs as the printed lines of a PDF page `width` characters wide; short lines as they are."""
    lines = []
    for text in paragraphs:
        if len(text) <= width:
            lines.append(text)
        else:
            lines += [text[start : start + width] for start in range(0, len(text), width)]
    return lines


def reads_as_printed(lines: list[str]) -> bool:
    """True when the lines are what the README says printed lines are: mostly of one width, mostly ending
    mid-sentence (a text of one-line paragraphs, or sentences that end at the margin, cannot be told apart)."""
    widths = [display_width(line) for line in lines]
    typical = statistics.median(widths)
    regular = sum(abs(width - typical) <= 0.1 * typical for width in widths)
    return regular >= 0.7 * len(lines) and sum(map(ends_sentence, lines)) < 0.3 * len(lines)


def with_furniture(lines: list[str], title: str, page: int) -> list[str]:
    """A running header with the page count at the top of every page after the first, a page number below each."""
    pages = [lines[start : start + page] for start in range(0, len(lines), page)]
    found: list[str] = []
    for number, body in enumerate(pages, start=1):
        if number > 1:
            found.append(f"{title} 第{number}页 共{len(pages)}页")
        found += [*body, f"- {number} -"]
    return found


def mess_up(speech: Speech, layout: str, width: int, page: int, furniture: bool, crlf: bool) -> str:
    """The speech as it arrives: per line, blank-line separated, printed, or printed lines joined by spaces."""
    lines = speech.lines()
    if layout in ("printed", "spaces"):
        lines = printed(lines, width)
    if furniture:
        lines = with_furniture(lines, speech.title, page)
    if layout == "spaces":
        head, body = lines[:2], lines[2:]
        text = "\n".join(head) + "\n" + " ".join(body)
    else:
        text = ("\n\n" if layout == "blank" else "\n").join(lines)
    return text.replace("\n", "\r\n") if crlf else text


def imported(text: str) -> ImportPlan:
    path = Path("speech.txt")
    lines, _ = source_lines(text.encode("utf-8"), path)
    return plan_import(lines, path)


def chinese(text: str) -> Counter[str]:
    return Counter(char for char in text if is_cjk(char) and not char.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.integers(16, 30).flatmap(lambda width: st.tuples(st.just(width), speeches(width))),
    st.sampled_from(["lines", "blank", "printed", "spaces"]),
    st.integers(8, 14),
    st.booleans(),
    st.booleans(),
)
def test_a_messed_up_speech_imports_back_to_its_clean_paragraphs(
    drawn: tuple[int, Speech], layout: str, page: int, furniture: bool, crlf: bool
) -> None:
    width, speech = drawn
    # A printed line without a mark that recurs three times is what a running header is: the clean text has none.
    lines = printed(speech.lines(), width)
    assume(max(Counter(line for line in lines if "，" not in line and "。" not in line).values(), default=0) < RECURS)
    assume(layout in ("lines", "blank") or reads_as_printed(lines))
    plan = imported(mess_up(speech, layout, width, page, furniture, crlf))
    assert plan.title == speech.title
    found = [(s.title, tuple(b.text for b in s.blocks)) for s in plan.sections]
    assert found == [("开场", ("同志们：", speech.opening)), *speech.parts]
    body = "".join(text for _, paragraphs in speech.parts for text in paragraphs) + speech.opening
    kept = "".join(text for _, texts in found for text in texts)
    assert not chinese(body) - chinese(kept)
    assert {change.action for change in plan.changes} <= {"dropped", "split", "joined"}
