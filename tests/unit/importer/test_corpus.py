"""The importer on the corpus of realistic inputs: sections, headings, paragraph counts and every line dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing.importer.model import ImportPlan
from briefing.importer.run import plan_import, source_lines
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "import" / "corpus"
INPUTS = sorted(path for path in CORPUS.iterdir() if path.suffix in (".txt", ".docx"))


def plan_of(path: Path) -> ImportPlan:
    lines, _ = source_lines(path.read_bytes(), path)
    return plan_import(lines, path)


def summary(plan: ImportPlan) -> dict[str, Any]:
    """What the expected files record of a plan."""
    return {
        "title": plan.title,
        "about": dict(plan.about),
        "truncated": any(section.truncated for section in plan.sections),
        "sections": [
            {
                "id": section.id,
                "title": (section.part or "") + section.title,
                "headings": [block.text for block in section.blocks if block.kind == "heading"],
                "paragraphs": sum(block.kind == "paragraph" for block in section.blocks),
            }
            for section in plan.sections
        ],
        "dropped": [{"line": c.line, "text": c.text} for c in plan.changes if c.action == "dropped"],
    }


def test_the_corpus_holds_at_least_ten_inputs_each_with_its_expectations() -> None:
    assert len(INPUTS) >= 10
    assert all(path.with_name(path.stem + ".expected.yaml").exists() for path in INPUTS)


@pytest.mark.parametrize("path", INPUTS, ids=lambda path: path.name)
def test_each_input_imports_as_expected(path: Path) -> None:
    expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
    assert summary(plan_of(path)) == expected


def paragraphs(plan: ImportPlan, section_id: str) -> list[str]:
    section = next(section for section in plan.sections if section.id == section_id)
    return [block.text for block in section.blocks if block.kind == "paragraph"]


def test_placeholders_and_broken_lines_join_into_the_sentences_they_belong_to() -> None:
    plan = plan_of(CORPUS / "placeholders.txt")
    assert paragraphs(plan, "opening")[1].startswith("刚才，XX区长通报了全区经济运行情况")
    assert paragraphs(plan, "review-2024") == [
        "2024年，全区上下克服多重困难，地区生产总值增长5.6%，高于全市平均水平0.8个百分点。"
        "这些成绩的取得，离不开××书记的坚强领导，离不开全区广大干部群众的辛勤付出。"
    ]
    assert paragraphs(plan, "part-2") == [
        "全年计划实施重点项目86个，年度投资120亿元。",
        "深化某某领域改革，持续优化营商环境。",
    ]


def test_a_header_inside_a_line_is_cut_out_and_the_text_around_it_kept() -> None:
    plan = plan_of(CORPUS / "squashed-header.txt")
    assert paragraphs(plan, "part-1") == [
        "当前，民政工作面临许多新情况新问题，人口老龄化程度持续加深，困难群众救助需求更加多样。",
        "要深刻把握新时代民政工作的思想指引、职责使命和基本要求。",
    ]


def test_a_flattened_page_keeps_its_headings_apart_from_the_text() -> None:
    plan = plan_of(CORPUS / "flattened.txt")
    assert paragraphs(plan, "part-1")[0] == "当前，巩固拓展脱贫攻坚成果任务依然艰巨。"
    assert plan.page_heading == plan.title


def test_brackets_of_mixed_widths_are_matched_and_matched_pairs_kept() -> None:
    plan = plan_of(CORPUS / "brackets.txt")
    texts = paragraphs(plan, "part-1")
    assert "发挥村（社区）党组织战斗堡垒作用" in texts[0] and "规范村(社区)工作事项" in texts[1]
    assert [(c.line, c.text) for c in plan.changes if c.action == "changed"] == [(5, "( → （ ×2"), (6, ") → ） ×1")]
