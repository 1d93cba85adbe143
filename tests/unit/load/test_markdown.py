"""Markdown -> blocks: escaping, links, line breaks in Chinese, footnotes, anchors."""

from __future__ import annotations

from briefing.load.markdown import RawBlock, RenderEnv, make_markdown, parse_document, render_blocks

md = make_markdown()


def render(source: str, lang: str = "zh") -> tuple[list[RawBlock], str, RenderEnv]:
    env = RenderEnv(doc_id=lang, resolve_link=lambda href, line: href)
    blocks, notes = render_blocks(md, parse_document(md, source).tokens, env)
    return blocks, notes, env


def test_raw_html_is_shown_as_text_not_markup() -> None:
    blocks, _, _ = render('<script>alert(1)</script>\n\n段落<img src=x onerror="alert(1)">文字')
    html = "".join(b.html for b in blocks)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_script_links_are_not_links() -> None:
    blocks, _, _ = render("[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](https://example.org)")
    html = blocks[0].html
    assert 'href="javascript' not in html and 'href="data' not in html and 'href="vbscript' not in html
    assert html.count("<a ") == 1
    assert '<a href="https://example.org" rel="noopener">d</a>' in html


def test_line_break_between_chinese_characters_adds_no_space() -> None:
    blocks, _, _ = render("第一行文字\n第二行文字\n\nfirst line\nsecond line")
    assert "第一行文字第二行文字" in blocks[0].html
    assert blocks[0].text == "第一行文字第二行文字"
    assert blocks[1].text == "first line second line"


def test_line_break_beside_a_quotation_mark_in_chinese_adds_no_space() -> None:
    blocks, _, _ = render("加强兜底保障。\n“一老一小”服务\n\nsaid:\n“Care for all”\n\n- 第一项。\n- “单人保”政策")
    assert "保障。“一老一小”服务" in blocks[0].html
    assert blocks[0].text == "加强兜底保障。“一老一小”服务"
    assert blocks[1].text == "said: “Care for all”"
    assert blocks[2].text == "第一项。“单人保”政策"
    english, _, _ = render("known as “one old, one young”\n一老一小 here; the slogan 共同富裕\n“common prosperity”")
    assert english[0].text == "known as “one old, one young” 一老一小 here; the slogan 共同富裕 “common prosperity”"
    quoted, _, _ = render("“一老一小”\n“单人保”")
    assert quoted[0].text == "“一老一小”“单人保”"


def test_blocks_are_top_level_with_lines_and_explicit_anchors() -> None:
    source = "---\nid: x\n---\n段一\n\n{#care}\n## 标题\n\n- 甲\n- 乙\n\n> 引文\n"
    blocks, _, _ = render(source)
    assert [(b.kind, b.level, b.explicit_anchor, b.line) for b in blocks] == [
        ("paragraph", 0, None, 4),
        ("heading", 2, "care", 7),
        ("list", 0, None, 9),
        ("quote", 0, None, 12),
    ]
    assert blocks[1].html == "<h2>标题</h2>\n"


def test_footnotes_are_kept_apart_and_ids_carry_the_language() -> None:
    blocks, notes, _ = render("正文[^a]。\n\n[^a]: 注释。\n", lang="en")
    assert len(blocks) == 1
    assert 'href="#fn-en-1"' in blocks[0].html
    assert 'id="fn-en-1"' in notes and "注释。" in notes
    assert blocks[0].text == "正文。"


def test_images_are_reported_not_fetched() -> None:
    blocks, _, env = render("文字 ![图](https://example.org/x.png)")
    assert "<img" not in blocks[0].html
    assert env.issues and "images are not supported" in env.issues[0][1]


def test_event_handler_attributes_are_dropped_and_reported() -> None:
    blocks, _, env = render('{#ok onclick="alert(1)"}\n段落')
    assert "onclick" not in blocks[0].html
    assert blocks[0].explicit_anchor == "ok"
    assert any("onclick" in message for _, message, _ in env.issues)
