"""`suggest` fills stub blocks of a new briefing from the library's reviewed translations, offers near matches
without applying them, and never replaces what a person wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.library import SPECS, make_library

KNOWN_ZH = "全面贯彻党的二十大精神。兜底保障更加有力。\n\n一老一小服务体系不断完善。\n"
KNOWN_EN = (
    "We fully implemented the guiding principles of the 20th Party Congress. The basic safety net became stronger.\n\n"
    "Services for the elderly and the young kept improving.\n"
)
NEW_ZH = [
    "兜底保障更加有力。全面贯彻党的二十大精神。",  # both sentences known: assembled
    "一老一小服务体系不断完善。",  # the whole block known
    "一老一小服务体系持续完善。",  # one word changed: offered only
    "要把社会救助做实做细。",  # translated by a person below
    "这是一个全新的句子，记忆里没有。",  # unknown
]
PERSON = "Social assistance must be made solid, as our own translator put it."


def front(section_id: str, title: str) -> str:
    return f"---\nid: {section_id}\norder: 3\ntitle: {title}\n---\n"


@pytest.fixture
def project(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    """A library whose older briefing was translated and reviewed, and a new one whose English is stubs."""
    root = make_library(tmp_path / "library", SPECS[:2])
    old = root / "content" / SPECS[0].slug
    (old / "03-known.zh.md").write_text(front("known", "已知") + KNOWN_ZH, encoding="utf-8")
    (old / "03-known.en.md").write_text(front("known", "Known") + KNOWN_EN, encoding="utf-8")
    assert run_cli(root, "translated", "--all").code == 0
    new = root / "content" / SPECS[1].slug
    body = "\n\n".join(NEW_ZH) + "\n"
    (new / "03-work.zh.md").write_text(front("work", "工作") + body, encoding="utf-8")
    stub = body.replace(NEW_ZH[3], PERSON)
    (new / "03-work.en.md").write_text(front("work", "Work").replace("order: 3", "order: 3") + stub, encoding="utf-8")
    return root


def english(project: Path) -> str:
    return (project / "content" / SPECS[1].slug / "03-work.en.md").read_text(encoding="utf-8")


def test_dry_run_shows_the_fills_and_writes_nothing(project: Path, run_cli: Callable[..., Run]) -> None:
    before = english(project)
    result = run_cli(project, "suggest", "--briefing", SPECS[1].slug, "--dry-run")
    assert result.code == 0, result.err
    assert f"content/{SPECS[1].slug}/03-work.en.md:6: would fill 'p1'" in result.out
    assert "2 block(s) would fill" in result.err
    assert english(project) == before


def test_exact_matches_fill_stub_blocks_marked_as_from_memory(project: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(project, "suggest", "--briefing", SPECS[1].slug)
    assert result.code == 0, result.err
    text = english(project)
    assert (
        "{from=memory}\nThe basic safety net became stronger. "
        "We fully implemented the guiding principles of the 20th Party Congress.\n" in text
    )
    assert "{from=memory}\nServices for the elderly and the young kept improving.\n" in text
    assert "assembled from 2 sentences" in result.out and f"{SPECS[0].slug}/known#p1" in result.out
    # The near duplicate is offered with its similarity, not applied; the unknown block stays a stub.
    assert "offered for 'work#p3': 85% like 2023-spring-meeting/known#p2" in result.out
    assert "use:    Services for the elderly and the young kept improving." in result.out
    assert NEW_ZH[2] in text and NEW_ZH[4] in text
    # A person's translation is never replaced.
    assert PERSON in text


def test_filled_blocks_count_as_translated_but_not_reviewed(project: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(project, "suggest", "--briefing", SPECS[1].slug).code == 0
    status = run_cli(project, "status", "--briefing", SPECS[1].slug)
    line = f"content/{SPECS[1].slug}/03-work.en.md: 3 of 5 blocks translated: 0 reviewed, 3 not reviewed (2 from memory); 2 pending"
    assert line in status.out
    assert run_cli(project, "build").code == 0
    page = (project / "site" / SPECS[1].slug / "en" / "work" / "index.html").read_text(encoding="utf-8")
    assert page.count("filled in from earlier translations and has not been reviewed yet") == 2
    assert run_cli(project, "translated", "work", "--briefing", SPECS[1].slug).code == 0
    assert run_cli(project, "build").code == 0
    page = (project / "site" / SPECS[1].slug / "en" / "work" / "index.html").read_text(encoding="utf-8")
    assert "filled in from earlier translations" not in page


def test_suggest_again_fills_nothing_more(project: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(project, "suggest", "--briefing", SPECS[1].slug).code == 0
    once = english(project)
    again = run_cli(project, "suggest", "--briefing", SPECS[1].slug)
    assert again.code == 0 and "0 block(s) filled" in again.out
    assert english(project) == once


def test_a_title_still_the_original_s_is_filled_from_earlier_titles(project: Path, run_cli: Callable[..., Run]) -> None:
    folder = project / "content" / SPECS[1].slug
    for lang, title in (("zh", "工作"), ("en", "Work")):
        path = folder / f"03-work.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(f"title: {title}", "title: 已知"), encoding="utf-8")
    result = run_cli(project, "suggest", "--briefing", SPECS[1].slug)
    assert result.code == 0, result.err
    assert (
        f"content/{SPECS[1].slug}/03-work.en.md:1: filled 'title' (from memory: {SPECS[0].slug}/known#title)"
        in result.out
    )
    assert "\ntitle: Known\n" in english(project)
