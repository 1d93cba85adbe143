"""Spans of a section file: found exactly where they are written, replaced without touching anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.model import Block, Translation
from briefing.translate.spans import SpanError, read_spans, write_spans

TEXT = """---
id: work
order: 2
title: Work
---
An opening paragraph[^n].

{#care}
## First, elderly care.

- item *one*
  continues
- item two

> quote
> more

| a | b |
|---|---|
| c | d |

[^n]: An editor's note.
"""
KINDS = [("paragraph", 6, "p1"), ("heading", 9, "care"), ("list", 11, "p2"), ("quote", 15, "p3"), ("table", 18, "p4")]


def translation() -> Translation:
    blocks = tuple(Block(kind, 2 if kind == "heading" else 0, anchor, "", "", line) for kind, line, anchor in KINDS)
    return Translation("en", Path("work.en.md"), "work", 2, "Work", None, None, False, False, blocks, "")


def test_spans_are_found_with_ids_from_the_anchors() -> None:
    spans = {s.id: s.text for s in read_spans(TEXT, translation())}
    assert spans == {
        "work#p1": "An opening paragraph[^n].",
        "work#care": "First, elderly care.",
        "work#p2.1": "item *one*\ncontinues",
        "work#p2.2": "item two",
        "work#p3": "quote\nmore",
        "work#p4.1": "a",
        "work#p4.2": "b",
        "work#p4.3": "c",
        "work#p4.4": "d",
    }


def test_new_text_goes_into_its_span_and_nowhere_else() -> None:
    changes = {"work#p2.1": "first item\non two lines", "work#p3": "a quote\nover\nthree lines", "work#p4.4": "D"}
    result = write_spans(TEXT, translation(), changes, {"care": True})
    assert "- first item\n  on two lines\n- item two" in result
    assert "> a quote\n> over\n> three lines\n" in result
    assert "| c | D |" in result
    assert "{#care from=memory}\n## First, elderly care." in result
    assert write_spans(result, translation(), {}, {"care": False}).count("from=memory") == 0


@pytest.mark.parametrize(
    ("span", "text", "message"),
    [
        ("work#p1", "two\n\nparagraphs", "a blank line would split the block"),
        ("work#care", "a heading\non two lines", "must stay on one line"),
        ("work#p1", "# now a heading", "would not stay one span"),
        ("work#p9", "x", "no such span"),
        ("work#p1", "  ", "empty"),
    ],
)
def test_text_that_would_change_the_blocks_is_refused(span: str, text: str, message: str) -> None:
    with pytest.raises(SpanError, match=message):
        write_spans(TEXT, translation(), {span: text}, {})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="同志们，。“”abc *_[]()\\", min_size=1, max_size=30).filter(lambda t: t.strip() == t))
def test_any_text_that_stays_a_paragraph_is_written_exactly(text: str) -> None:
    try:
        result = write_spans(TEXT, translation(), {"work#p1": text}, {})
    except SpanError:
        return
    assert {s.id: s.text for s in read_spans(result, translation())}["work#p1"] == text
