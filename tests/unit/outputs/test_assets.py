"""Static files are copied as they are, except stylesheets, which lose what only a person reading them needs."""

from __future__ import annotations

from briefing.outputs.assets import _compact_css


def compact(css: str) -> str:
    return _compact_css(css.encode("utf-8")).decode("utf-8")


def test_a_stylesheet_loses_comments_and_layout_space() -> None:
    css = """/* page */
body , p {
  margin: 0 ;  /* none */
  color: var(--fg);
}
@media (min-width: 64em) { .toc > li:hover { color: red !important; } }
"""
    assert (
        compact(css)
        == "body,p{margin:0;color:var(--fg);}@media (min-width: 64em){.toc > li:hover{color:red !important;}}\n"
    )


def test_quoted_text_stays_as_written() -> None:
    css = """/* it's "quoted" here */ a::before { content: "a, b; c: /* d */"; } q { quotes: '« ' ' »'; }"""
    assert compact(css) == """a::before{content:"a, b; c: /* d */";}q{quotes:'« ' ' »';}\n"""


def test_selectors_keep_their_descendant_spaces() -> None:
    assert compact(".flow > :target, a :is(b) { x: 1 }") == ".flow > :target,a :is(b){x:1}\n"
