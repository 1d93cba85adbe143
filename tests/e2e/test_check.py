"""`check` finds every problem without writing; translation drift is tracked block by block."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.htmlcheck import read_page


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_check_passes_on_a_good_site_and_writes_nothing(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "translated", "--all").code == 0
    result = run_cli(mini, "check")
    assert result.code == 0, result.err
    assert "content (en): all 6 blocks translated and reviewed" in result.out
    assert not (mini / "site").exists()


@pytest.mark.pdf
def test_check_leaves_the_project_byte_for_byte_as_it_was(mini: Path, run_cli: Callable[..., Run]) -> None:
    """No PDF printed into the cache, no lock, no site: on a cold cache and beside a published site alike."""
    config = mini / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdf: false", "pdf: true"), encoding="utf-8")
    before = snapshot(mini)
    result = run_cli(mini, "check")
    assert result.code == 0, result.err
    assert snapshot(mini) == before and not (mini / ".briefing-cache").exists()
    assert run_cli(mini, "build").code == 0
    edit(mini / "content" / "01-intro.zh.md", "一是民生兜底保障更加有力。", "一是民生兜底保障更加有力了。")
    before = snapshot(mini)
    assert run_cli(mini, "check").code == 0
    assert snapshot(mini) == before


def test_check_lists_every_problem_at_once(mini: Path, run_cli: Callable[..., Run]) -> None:
    edit(mini / "content" / "01-intro.en.md", "title: Opening", "titel: Opening")
    edit(mini / "content" / "02-work.zh.md", "order: 2", "order: second")
    result = run_cli(mini, "check")
    assert result.code == 1
    assert "content/01-intro.en.md:4: unknown front-matter key 'titel' (did you mean 'title'?)" in result.err
    assert "content/02-work.zh.md:3: 'order' must be a whole number ≥ 0, not 'second'" in result.err


def test_check_reports_json_for_tools(mini: Path, run_cli: Callable[..., Run]) -> None:
    edit(mini / "content" / "01-intro.en.md", "title: Opening", "titel: Opening")
    result = run_cli(mini, "check", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert {
        "path": "content/01-intro.en.md",
        "line": 4,
        "column": None,
        "severity": "error",
        "message": "unknown front-matter key 'titel' (did you mean 'title'?)",
        "hint": "allowed keys: id, order, title, title_by, part, summary, truncated, status",
    } in report["problems"]


def test_leftover_wrap_spaces_are_warnings_that_fail_strict(mini: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(mini, "translated", "--all")
    edit(mini / "content" / "01-intro.zh.md", "全年发放各类救助资金", "全年发放各类救 助资金")
    result = run_cli(mini, "check")
    assert result.code == 0
    assert "content/01-intro.zh.md:8: warning: space between Chinese characters ('救 助')" in result.err
    assert run_cli(mini, "check", "--strict").code == 1
    strict = run_cli(mini, "build", "--strict")
    assert strict.code == 1 and not (mini / "site").exists()
    assert run_cli(mini, "build").code == 0


def test_list_items_and_lines_opening_with_a_quotation_mark_are_not_wrap_debris(
    mini: Path, run_cli: Callable[..., Run]
) -> None:
    tail = "\n\n- 加强救助。\n- “一老一小”服务更加优质。\n\n兜底保障更加有力。\n“单人保”政策全面实施。\n"
    edit(mini / "content" / "01-intro.zh.md", "(02-work.md#care)。\n", "(02-work.md#care)。" + tail)
    tail_en = "\n\n- Stronger aid.\n- Better services for “the elderly and the young”.\n\nA stronger net.\nMore.\n"
    edit(mini / "content" / "01-intro.en.md", "(02-work.md#care).\n", "(02-work.md#care)." + tail_en)
    run_cli(mini, "translated", "--all")
    result = run_cli(mini, "check")
    assert result.code == 0, result.err
    assert "looks like policy shorthand" in result.err  # the edit is read...
    assert "space between Chinese characters" not in result.err  # ...and a line or item boundary is no wrap debris
    assert run_cli(mini, "build", "--no-pdf", "--no-search").code == 0
    assert "更加有力。“单人保”政策" in (mini / "site" / "zh" / "intro" / "index.html").read_text(encoding="utf-8")


def test_pasted_page_chrome_is_a_warning(mini: Path, run_cli: Callable[..., Run]) -> None:
    """The lines the importer drops (in any letter case, several on one line) are flagged in hand-made files too."""
    run_cli(mini, "translated", "--all")
    edit(mini / "content" / "01-intro.zh.md", "同志们:\n", "同志们:\n\n加入VIP免费下载 展开阅读全文\n")
    edit(mini / "content" / "01-intro.en.md", "Comrades,\n", "Comrades,\n\n(chrome)\n")
    result = run_cli(mini, "check")
    assert result.code == 0, result.err
    assert "content/01-intro.zh.md:8: warning: '加入VIP免费下载 展开阅读全文' looks like web-page chrome" in result.err


def test_check_flags_what_the_importer_drops_and_not_a_bylines_space(mini: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(mini, "translated", "--all")
    pasted = "同志们:\n\n县长\u3000李某某\n\n在全县会议上的讲话 第2页共5页\n"
    edit(mini / "content" / "01-intro.zh.md", "同志们:\n", pasted)
    edit(mini / "content" / "01-intro.en.md", "Comrades,\n", "Comrades,\n\nCounty head Li\n\n(page)\n")
    result = run_cli(mini, "check")
    assert result.code == 0, result.err
    assert "'在全县会议上的讲话 第2页共5页' looks like page furniture (running header with a page count)" in result.err
    assert "李某某" not in result.err and "space between Chinese characters" not in result.err


def test_changed_source_marks_its_translation_stale_until_reviewed(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "translated", "--all").code == 0
    edit(mini / "content" / "02-work.zh.md", "养老服务段落。", "养老服务段落,有所修改。")

    result = run_cli(mini, "check")
    assert "content/02-work.en.md:13: warning: 'p2' translates an earlier version of its source" in result.err
    assert "content/02-work.zh.md:13 changed since" in result.err
    assert "content (en): 6 of 6 blocks translated: 5 reviewed, 1 stale" in result.out
    assert "content/02-work.en.md: 3 of 3 blocks translated: 2 reviewed, 1 stale" in result.out

    run_cli(mini, "build")
    en = read_page(mini / "site" / "en" / "work" / "index.html")
    assert [a.get("class") for a in en.tags_with_id("p2")] == ["stale"]
    assert "may be out of date" in (mini / "site" / "en" / "work" / "index.html").read_text(encoding="utf-8")
    assert "out of date" in (mini / "site" / "zh-en" / "work" / "index.html").read_text(encoding="utf-8")

    assert run_cli(mini, "translated", "work", "--lang", "en").code == 0
    result = run_cli(mini, "check")
    assert "earlier version" not in result.err and "all 6 blocks translated and reviewed" in result.out
    run_cli(mini, "build")
    assert "may be out of date" not in (mini / "site" / "en" / "work" / "index.html").read_text(encoding="utf-8")


def test_translated_refuses_unknown_sections(mini: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(mini, "translated", "nope")
    assert result.code == 1 and "unknown section id(s): nope" in result.err
    assert not (mini / "content" / "translations.lock.yaml").exists()


def test_a_folder_given_as_config_is_reported_not_crashed_on(mini: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(mini, "check", "--config", "content")
    assert result.code == 1
    assert "content: is a folder, not a file" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


REPORT_ZH = (
    "\n\n今年要坚持“稳中求进”,做好“六稳”工作,啃下“硬骨头”,当好“领头雁”,打造“新引擎”,筑牢“压舱石”,"
    "用好“金钥匙”,跑出“加速度”,推进“一网通办”,从“小切口”入手,激活“大场景”,做实“放管服”改革,"
    "让“一网通办”更好用。\n"
)
REPORT_EN = "\n\nThis year we will pursue progress while keeping stability, and more.\n"


def test_a_report_full_of_slogans_gets_a_handful_of_suggestions(mini: Path, run_cli: Callable[..., Run]) -> None:
    """Numbered formulas, phrases quoted twice and known formulas are suggested one by one; slogans quoted once
    are named together in one note; none of it fails --strict, and not_terms silences a phrase."""
    edit(mini / "content" / "01-intro.zh.md", "(02-work.md#care)。\n", "(02-work.md#care)。" + REPORT_ZH)
    edit(mini / "content" / "01-intro.en.md", "(02-work.md#care).\n", "(02-work.md#care)." + REPORT_EN)
    run_cli(mini, "translated", "--all")
    result = run_cli(mini, "check", "--strict")
    assert result.code == 0, result.err
    suggested = re.findall(r"“([^”]+)” looks like policy shorthand", result.err)
    assert sorted(suggested) == ["一网通办", "六稳", "放管服"]
    assert "9 phrases are quoted once and may be terms too: “稳中求进”、“硬骨头”" in result.err
    (mini / "content" / "glossary.yaml").write_text("not_terms: [六稳, 硬骨头]\n", encoding="utf-8")
    again = run_cli(mini, "check")
    assert "“六稳” looks like" not in again.err and "“一网通办” looks like" in again.err
    assert "8 phrases are quoted once" in again.err and "“硬骨头”" not in again.err
