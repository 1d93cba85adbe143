"""Markdown -> blocks: markdown-it-py with front matter, anchors, footnotes and CJK fixes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..cjk import cjk_emphasis_plugin, joins_without_space
from ..reading import CONTROL

_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "hr": "rule",
}
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|tel:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
"""What an explicit block anchor may look like."""
BLOCK_MARKS = {
    "from": (re.compile(r"memory"), "from=memory: the text was filled from the translation memory"),
    "variant": (re.compile(r"\S+(?: \S+)*"), 'variant="低保": a glossary term rendered differently on purpose'),
}
"""Block attributes a translation may carry besides {#anchor}: what their values look like, and an example."""


@dataclass
class RenderEnv:
    """Per-document state the render rules read and report into."""

    doc_id: str
    """Prefix for footnote ids, so two languages can share a page."""
    resolve_link: Callable[[str, int], str]
    """Maps a link target in content to the href written to the page."""
    line: int = 0
    """Line of the block being rendered, for reports."""
    issues: list[tuple[int, str, str | None]] = field(default_factory=list)
    """(line, message, hint) found while rendering."""

    def as_env(self) -> dict[str, Any]:
        """The dict markdown-it passes to render rules."""
        return {"docId": self.doc_id, "briefing": self}


@dataclass(frozen=True)
class RawBlock:
    """A rendered top-level block before anchors are assigned."""

    kind: str
    level: int
    explicit_anchor: str | None
    html: str
    text: str
    line: int
    marks: tuple[tuple[str, str], ...] = ()
    """Block attributes besides the anchor, as written: ('from', 'memory'), ('variant', '低保')."""
    spans: tuple[str, ...] = ()
    """The Markdown of its translatable spans (a heading's or paragraph's text, each list item's, each cell's)."""


@dataclass(frozen=True)
class Document:
    """A parsed Markdown file: front matter text and body tokens."""

    front_matter: str | None
    """YAML between the --- lines, or None when there is none."""
    front_matter_lines: tuple[int, int]
    """0-based first and last line of the front matter block."""
    tokens: list[Token]
    """Body tokens, front matter removed."""
    issues: tuple[tuple[int, str, str | None], ...] = ()
    """(line, message, hint) of what parsing found wrong: footnotes never defined, or defined twice."""


def make_markdown() -> MarkdownIt:
    """The Markdown dialect of section files: CommonMark, tables, footnotes, {#anchor} lines."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(attrs_block_plugin, allowed=("id", *BLOCK_MARKS))
    md.use(footnote_plugin, inline=False)
    md.use(cjk_emphasis_plugin)
    md.core.ruler.push("no_controls", _replace_controls)
    md.core.ruler.after("inline", "footnote_check", _check_footnotes)
    md.validateLink = lambda url: bool(_SAFE_SCHEME.match(url.strip()))  # type: ignore[method-assign]
    md.add_render_rule("softbreak", _softbreak)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    md.add_render_rule("footnote_ref", _unindexed(md.renderer.rules["footnote_ref"]))  # type: ignore[attr-defined]
    md.add_render_rule("footnote_block_open", lambda *a: '<ol class="notes-list">\n')
    md.add_render_rule("footnote_block_close", lambda *a: "</ol>\n")
    return md


def _replace_controls(state: Any) -> None:
    """Character references to control characters (&#x0c;) become U+FFFD: no page shows one raw.

    The file itself holds none (reading refuses them); a reference is decoded by the parser, after that check.
    """
    for token in state.tokens:
        for child in token.children or ():
            if CONTROL.search(child.content):
                child.content = CONTROL.sub("\ufffd", child.content)
            for name, value in child.attrs.items():
                if isinstance(value, str) and CONTROL.search(value):
                    child.attrs[name] = CONTROL.sub("\ufffd", value)


_ISSUES = "briefing_issues"
_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")


def _check_footnotes(state: Any) -> None:
    """Note a footnote defined twice (the plugin keeps one silently) and a mark no definition matches (left as text).

    Runs before the footnotes are moved to the end, while each definition still stands at its line.
    """
    issues, defined, line = state.env.setdefault(_ISSUES, []), set(), 1
    for position, token in enumerate(state.tokens):
        line = token.map[0] + 1 if token.map else line
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
            following = state.tokens[position + 1] if position + 1 < len(state.tokens) else token
            at = following.map[0] + 1 if following.map else line
            if label in defined:
                issues.append((at, f"footnote [^{label}] is defined twice", "give each note its own label"))
            defined.add(label)
        for child in token.children or ():
            if child.type == "text" and (mark := _FOOTNOTE_MARK.search(child.content)):
                hint = f"add a line '[^{mark[1]}]: the note' below the text, or write \\[^ for the characters"
                issues.append((line, f"footnote [^{mark[1]}] is never defined", hint))


_OPENING = re.compile(r"^(-{3,})")


def split_front_matter(source: str) -> tuple[str, int] | None:
    """The front matter's YAML and the 0-based line that closes it, as the front-matter plugin reads them.

    Opens with a first line of three or more dashes; closes at a line of as many dashes (indented less
    than four spaces) or a `...` line. None when there is no front matter or it is never closed.
    """
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    opening = _OPENING.match(lines[0])
    if not opening:
        return None
    closing = re.compile(rf"^ {{0,3}}-{{{len(opening.group(1))},}}[ \t]*$|^\.\.\.[ \t]*$")
    for number in range(1, len(lines)):
        if closing.match(lines[number]):
            return "\n".join(lines[1:number]), number
    return None


def parse_document(md: MarkdownIt, source: str) -> Document:
    """Tokenise a whole file, separating front matter from the body."""
    env: dict[str, Any] = {}
    tokens = md.parse(source, env)
    issues = tuple(env.get(_ISSUES, ()))
    if tokens and tokens[0].type == "front_matter":
        fm = tokens[0]
        span = (fm.map[0], fm.map[1] - 1) if fm.map else (0, 0)
        return Document(fm.content, span, tokens[1:], issues)
    return Document(None, (0, 0), tokens, issues)


def render_blocks(md: MarkdownIt, tokens: Sequence[Token], env: RenderEnv) -> tuple[list[RawBlock], str]:
    """Render top-level blocks one by one; returns the blocks and the footnotes' HTML."""
    blocks: list[RawBlock] = []
    notes = ""
    options, env_dict = md.options, env.as_env()
    for group in top_level(tokens):
        first = group[0]
        if first.type == "footnote_block_open":
            notes = md.renderer.render(group, options, env_dict)
            continue
        env.line = first.map[0] + 1 if first.map else env.line
        explicit = first.attrs.pop("id", None) if first.attrs else None
        marks = _block_marks(first, env)
        for name in sorted(first.meta.get("insecure_attrs", {})):
            hint = "a block may carry {#anchor}, " + ", ".join(example for _, example in BLOCK_MARKS.values())
            env.issues.append((env.line, f"block attribute '{name}' is not allowed", hint))
        kind = _KINDS.get(first.type)
        if kind is None:
            env.issues.append((env.line, f"unsupported block '{first.type}'", None))
            continue
        level = int(first.tag[1]) if kind == "heading" else 0
        html = md.renderer.render(group, options, env_dict)
        anchor = str(explicit) if explicit else None
        spans = tuple(t.content for t in group if t.type == "inline")
        blocks.append(RawBlock(kind, level, anchor, html, _plain_text(group), env.line, marks, spans))
    return blocks, notes


def _block_marks(first: Token, env: RenderEnv) -> tuple[tuple[str, str], ...]:
    """The block's marks (removed from its attributes, so the HTML has none); a value not allowed is reported."""
    marks = []
    for name, (pattern, example) in BLOCK_MARKS.items():
        value = first.attrs.pop(name, None) if first.attrs else None
        if value is None:
            continue
        if not pattern.fullmatch(str(value)):
            env.issues.append((env.line, f"block attribute {name}={value!r} is not understood", f"write {example}"))
            continue
        marks.append((name, str(value)))
    return tuple(marks)


def top_level(tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens into top-level blocks (a nesting-0 token or an open…close run)."""
    groups: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    return groups


def _plain_text(group: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in group:
        if token.type in ("fence", "code_block"):
            parts.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
        if token.type in ("paragraph_close", "heading_close") and parts and not parts[-1].endswith("\n"):
            parts.append("\n")
    return _join_lines("".join(parts).strip())


def _join_lines(text: str) -> str:
    """Join wrapped lines: nothing between two CJK characters, a space otherwise."""
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        out += line if joins_without_space(out, line) else " " + line
    return out


def _unindexed(rule: Any) -> Any:
    """Footnote markers are not words: keep them out of the search index."""

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        return str(rule(tokens, idx, options, env)).replace("<sup ", "<sup data-pagefind-ignore ", 1)

    return render


def _softbreak(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    """A line break inside Chinese text is not a space; elsewhere it is one, as in the block's plain text."""
    before = tokens[idx - 1].content if idx > 0 else ""
    after = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
    return "" if joins_without_space(before, after) else " "


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    state: RenderEnv = env["briefing"]
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    token.attrSet("href", state.resolve_link(href, state.line))
    if re.match(r"^https?:", href):
        token.attrSet("rel", "noopener")
    return str(self.renderToken(tokens, idx, options, env))


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    state: RenderEnv = env["briefing"]
    state.issues.append(
        (state.line, "images are not supported in section text", "describe the figure in words, or link to a file")
    )
    return ""


_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<~]|&(?=#?[A-Za-z0-9]+;)")
_ORDERED_ITEM = re.compile(r"\d{1,9}(?=[.)])")


def escape_text(text: str, heading: bool = False) -> str:
    """Markdown for one line whose plain text, once parsed, is exactly `text` (stripped, no line breaks)."""
    escaped = _INLINE_SYNTAX.sub(lambda match: "\\" + match.group(), text)
    if heading:
        # A run of # at the end of a heading line would be read as its closing sequence.
        return escaped.replace("#", "\\#")
    item = _ORDERED_ITEM.match(escaped)
    if item:
        return f"{escaped[: item.end()]}\\{escaped[item.end() :]}"
    return "\\" + escaped if escaped[:1] in ("#", ">", "+", "-", "=", "|", "{", ":") else escaped
