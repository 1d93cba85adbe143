"""Glossary terms and figures are marked in the text of a page, never inside its markup."""

from __future__ import annotations

from briefing.load.annotate import FigureMark, TermMark, TermMarker, mark_figures


def test_a_term_spelt_like_a_character_reference_is_not_marked_inside_one() -> None:
    marker = TermMarker([TermMark("amp", ("amp", "39"), "../glossary/index.html#amp", "tip-amp")])
    html = marker.mark("<p>Tom &amp; Jerry&#39;s amp</p>", set())
    assert html == (
        '<p>Tom &amp; Jerry&#39;s <a class="term" href="../glossary/index.html#amp" data-tip="tip-amp">amp</a></p>'
    )


def test_a_term_with_an_ampersand_is_marked_whole() -> None:
    marker = TermMarker([TermMark("rd", ("R&D",), "g.html#rd", "tip-rd")])
    assert (
        marker.mark("<p>R&amp;D</p>", set()) == '<p><a class="term" href="g.html#rd" data-tip="tip-rd">R&amp;D</a></p>'
    )


def test_a_figure_is_not_marked_inside_a_character_reference() -> None:
    html = mark_figures("<p>&#39;39 days&#39;</p>", [FigureMark("39", "39", None)])
    assert html == '<p>&#39;<mark class="figure">39</mark> days&#39;</p>'
