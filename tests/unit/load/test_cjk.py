"""Emphasis in Chinese text, as Chinese authors write it."""

from __future__ import annotations

import pytest

from briefing.load.markdown import make_markdown

md = make_markdown()


def inline(source: str) -> str:
    return md.renderInline(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**一是民生兜底保障更加有力。**全年发放", "<strong>一是民生兜底保障更加有力。</strong>全年发放"),
        ("提升**“一老一小”**服务水平", "提升<strong>“一老一小”</strong>服务水平"),
        ("这是*强调。*后文", "这是<em>强调。</em>后文"),
        ("**要在加强智慧救助上下功夫。**推进", "<strong>要在加强智慧救助上下功夫。</strong>推进"),
        ("**(一)**做好", "<strong>(一)</strong>做好"),
        ("前文**《意见》**后文", "前文<strong>《意见》</strong>后文"),
        ("**加粗**和*斜体*", "<strong>加粗</strong>和<em>斜体</em>"),
    ],
)
def test_bold_and_italic_work_next_to_chinese_punctuation(source: str, expected: str) -> None:
    assert inline(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** text", "<strong>bold</strong> text"),
        ("a **b.** c", "a <strong>b.</strong> c"),
        # CommonMark's rules still hold for Latin text: no emphasis here.
        ("**foo.**bar", "**foo.**bar"),
        ("a * b * c", "a * b * c"),
        ("snake_case_name", "snake_case_name"),
        ("*(a)*b", "*(a)*b"),
    ],
)
def test_latin_text_keeps_commonmark_emphasis(source: str, expected: str) -> None:
    assert inline(source) == expected
