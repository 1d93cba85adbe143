"""A translation's state is per block: a block still holding the original's text awaits translation wherever it
appears, and `translated` never records it as reviewed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.htmlcheck import read_page

PARTIAL = """---
id: intro
order: 1
title: Opening
---
Comrades,

**一是民生兜底保障更加有力。**全年发放各类救助资金84.5亿元。

A third paragraph; see [section two](02-work.md#care).
"""


def partial(mini: Path) -> Path:
    """The intro's English with its second paragraph still the importer's stub (the Chinese)."""
    path = mini / "content" / "01-intro.en.md"
    path.write_text(PARTIAL, encoding="utf-8")
    return path


def test_a_stub_block_shows_the_original_marked_as_awaiting_translation(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    partial(mini)
    assert run_cli(mini, "build").code == 0
    html = (mini / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")
    page = read_page(mini / "site" / "en" / "intro" / "index.html")
    [stub] = page.tags_with_id("p2")
    assert stub["class"] == "awaiting" and stub["lang"] == "zh-Hans" and "data-pagefind-ignore" in stub
    assert "This passage has not been translated yet; the original follows." in html
    assert "This section has not been translated yet" not in html
    # The translated blocks read as English and are searchable.
    [done] = page.tags_with_id("p1")
    assert done.get("class") is None and "data-pagefind-ignore" not in done
    assert "data-pagefind-body" in html

    side = (mini / "site" / "zh-en" / "intro" / "index.html").read_text(encoding="utf-8")
    row = side[side.index('id="p2"') : side.index('id="p3"')]
    assert row.count("一是民生兜底保障更加有力。") == 1
    assert "This passage has not been translated yet." in row


def test_check_counts_blocks_pending_and_strict_fails(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = partial(mini)
    assert run_cli(mini, "translated", "--all").code == 0
    result = run_cli(mini, "check")
    assert result.code == 0
    assert "content/01-intro.en.md: 2 of 3 blocks translated: 2 reviewed; 1 pending" in result.out
    assert "content (en): 5 of 6 blocks translated: 5 reviewed; 1 pending" in result.out
    assert f"{path.relative_to(mini)}:8: warning: 1 of 3 blocks await translation into 'en' (p2)" in result.err
    assert run_cli(mini, "check", "--strict").code == 1
    report = json.loads(run_cli(mini, "check", "--format", "json").out)["translations"]
    assert report["briefings"] == [
        {
            "briefing": "content",
            "lang": "en",
            "blocks": 6,
            "translated": 5,
            "reviewed": 5,
            "stale": 0,
            "unreviewed": 0,
            "memory": 0,
            "pending": 1,
        }
    ]


def test_translated_refuses_blocks_that_await_translation(mini: Path, run_cli: Callable[..., Run]) -> None:
    partial(mini)
    result = run_cli(mini, "translated", "intro")
    assert result.code == 0
    assert "recorded 2 block(s) of intro (en) as reviewed" in result.out
    assert "content/01-intro.en.md:8: not recorded: 'p2' awaits translation" in result.err
    lock = (mini / "content" / "translations.lock.yaml").read_text(encoding="utf-8")
    assert "p1:" in lock and "p3:" in lock and "p2:" not in lock

    # A section with nothing translated records nothing, and says so.
    work = mini / "content" / "02-work.en.md"
    work.write_text((mini / "content" / "02-work.zh.md").read_text(encoding="utf-8"), encoding="utf-8")
    nothing = run_cli(mini, "translated", "work")
    assert nothing.code == 1 and "nothing was recorded" in nothing.err
    assert "work:" not in (mini / "content" / "translations.lock.yaml").read_text(encoding="utf-8")


def test_a_file_whose_blocks_all_await_translation_is_pending_without_a_status(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    (mini / "content" / "02-work.en.md").write_text(
        (mini / "content" / "02-work.zh.md").read_text(encoding="utf-8").replace("title: 重点工作", "title: Key Tasks"),
        encoding="utf-8",
    )
    result = run_cli(mini, "check")
    assert "content/02-work.en.md: warning: awaiting translation into 'en' (no block translated yet)" in result.err
    assert run_cli(mini, "build").code == 0
    html = (mini / "site" / "en" / "work" / "index.html").read_text(encoding="utf-8")
    assert "This section has not been translated yet; the original text is shown." in html
    assert "data-pagefind-body" not in html


def test_text_not_in_the_language_awaits_translation(mini: Path, run_cli: Callable[..., Run]) -> None:
    """A pasted block in Chinese, though not the original's words, is not English."""
    path = partial(mini)
    path.write_text(PARTIAL.replace("一是民生兜底保障更加有力。", "一是兜底保障有力。"), encoding="utf-8")
    result = run_cli(mini, "check")
    assert "1 of 3 blocks await translation into 'en' (p2)" in result.err


def test_status_pending_is_shorthand_for_every_block(mini: Path, run_cli: Callable[..., Run]) -> None:
    path = mini / "content" / "01-intro.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Opening", "title: Opening\nstatus: pending"))
    result = run_cli(mini, "check")
    assert "content/01-intro.en.md: 0 of 3 blocks translated: 0 reviewed; 3 pending" in result.out
    assert "awaiting translation into 'en' (status: pending)" in result.err


def test_one_chinese_paragraph_may_become_several_english_ones_with_line_breaks(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    """The README's way: keep one block, break its lines with a backslash."""
    path = mini / "content" / "01-intro.en.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "**First, the safety net became stronger.** Aid of 8.45 billion yuan was paid out.",
        "**First, the safety net became stronger.**\\\nAid of 8.45 billion yuan was paid out.\\\nThat is all.",
    )
    path.write_text(text, encoding="utf-8")
    assert run_cli(mini, "translated", "--all").code == 0
    result = run_cli(mini, "check", "--strict")
    assert result.code == 0, result.err
    assert run_cli(mini, "build").code == 0
    html = (mini / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")
    assert "stronger.</strong><br />\nAid of 8.45 billion yuan was paid out.<br />\nThat is all." in html


GLOSSARY = """terms:
  - id: dibao
    zh: 低保
    en: subsistence allowances
    explain:
      zh: 最低生活保障。
      en: The minimum living allowance.
"""


def glossary_fixture(mini: Path, english: str) -> Path:
    (mini / "content" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    zh = mini / "content" / "01-intro.zh.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("全年发放各类救助资金", "全年发放低保等救助资金"), "utf-8")
    en = mini / "content" / "01-intro.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Aid of 8.45 billion yuan", english), encoding="utf-8")
    return en


def test_a_translation_without_the_glossary_rendering_warns(mini: Path, run_cli: Callable[..., Run]) -> None:
    glossary_fixture(mini, "Aid of 8.45 billion yuan")
    result = run_cli(mini, "check")
    expected = (
        "content/01-intro.en.md:8: warning: 'p2' translates “低保” (term 'dibao') without “subsistence allowances”"
    )
    assert expected in result.err
    assert (
        'hint: use the glossary\'s rendering, or mark a deliberate choice above the block: {variant="低保"}'
        in result.err
    )
    assert run_cli(mini, "check", "--strict").code == 1


def test_the_rendering_in_the_singular_or_capitalised_is_consistent(mini: Path, run_cli: Callable[..., Run]) -> None:
    glossary_fixture(mini, "Subsistence allowance and other aid of 8.45 billion yuan")
    assert "(term 'dibao') without" not in run_cli(mini, "check").err


def test_a_marked_variant_silences_the_warning(mini: Path, run_cli: Callable[..., Run]) -> None:
    en = glossary_fixture(mini, "Minimum living aid of 8.45 billion yuan")
    en.write_text(en.read_text(encoding="utf-8").replace("**First,", '{variant="低保"}\n**First,'), encoding="utf-8")
    result = run_cli(mini, "check")
    assert "(term 'dibao') without" not in result.err and "not allowed" not in result.err
    assert run_cli(mini, "build").code == 0
    assert "variant" not in (mini / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_block_mark_is_an_error_naming_the_line(mini: Path, run_cli: Callable[..., Run]) -> None:
    en = mini / "content" / "01-intro.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("**First,", "{from=somewhere}\n**First,"), encoding="utf-8")
    result = run_cli(mini, "check")
    assert result.code == 1
    assert "content/01-intro.en.md:9: block attribute from='somewhere' is not understood" in result.err


def test_a_block_with_a_note_may_await_translation(mini: Path, run_cli: Callable[..., Run]) -> None:
    """Side by side, the notes' links back land beside the block that awaits translation."""
    en = mini / "content" / "02-work.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("An opening paragraph[^n].", "导语段落[^n]。"), "utf-8")
    result = run_cli(mini, "build")
    assert result.code == 0, result.err
    side = (mini / "site" / "zh-en" / "work" / "index.html").read_text(encoding="utf-8")
    assert '<span id="fnref-en-1"></span>' in side


@pytest.mark.parametrize(
    ("english", "pending"),
    [
        ("推进GDP增长。", True),  # a stub with an acronym, after its Chinese was edited
        ("The Jiangxi Jiuzhutong (江西救助通) service reached every county.", False),
        ("GDP", False),  # the same acronym in both languages is no stub
    ],
)
def test_a_block_is_pending_when_mostly_in_the_original_script(
    mini: Path, run_cli: Callable[..., Run], english: str, pending: bool
) -> None:
    zh = mini / "content" / "01-intro.zh.md"
    if english == "GDP":
        zh.write_text(zh.read_text(encoding="utf-8").replace("同志们:", "GDP"), encoding="utf-8")
    en = mini / "content" / "01-intro.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Comrades,", english), encoding="utf-8")
    result = run_cli(mini, "check")
    assert ("await translation into 'en' (p1)" in result.err) is pending, result.err


def test_a_list_is_translated_only_when_each_item_is(mini: Path, run_cli: Callable[..., Run]) -> None:
    zh, en = mini / "content" / "01-intro.zh.md", mini / "content" / "01-intro.en.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("同志们:", "- 养老服务\n- 儿童福利"), encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace("Comrades,", "- Elderly care\n- 儿童福利"), encoding="utf-8")
    assert "await translation into 'en' (p1)" in run_cli(mini, "check").err
    en.write_text(en.read_text(encoding="utf-8").replace("- 儿童福利", "- Child welfare"), encoding="utf-8")
    assert "await translation" not in run_cli(mini, "check").err


def test_a_title_left_in_the_original_warns(mini: Path, run_cli: Callable[..., Run]) -> None:
    en = mini / "content" / "01-intro.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("title: Opening", "title: 开场"), encoding="utf-8")
    result = run_cli(mini, "check")
    assert "content/01-intro.en.md: warning: the title '开场' is still the original's" in result.err
