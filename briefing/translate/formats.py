"""XLIFF 1.2 and TMX 1.4b for CAT tools: units and pairs out, translators' files back, Markdown codes protected."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_ref

from ..load.markdown import make_markdown
from .model import STATES, FormatError, Pair, Unit

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
"""The XLIFF 1.2 namespace."""
_XML = "{http://www.w3.org/XML/1998/namespace}"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_KINDS = {
    "strong": "bold",
    "em": "italic",
    "s": "strike",
    "link": "link",
    "footnote_ref": "footnote",
    "code_inline": "code",
    "hardbreak": "break",
}
"""Markdown token types (opening and closing ones without _open, _close) that become codes, and their kinds."""
_XLIFF_TYPES = {"strike": "x-strike", "footnote": "x-footnote", "code": "x-code", "break": "lb"}
_TMX_TYPES = {"strike": "x-strike", "footnote": "fnote", "code": "x-code", "break": "lb"}
_CODES = ("bpt", "ept", "ph")
_STRUCTURE = {"xliff", "file", "header", "body", "group", "tmx", "tu"}
_TMX_CODES = (*_CODES, "it", "ut")
_STATE_ALIASES = {"final": "translated", "signed-off": "translated", "needs-translation": "new"}
_ENTITIES = "the file declares XML entities, which are not accepted"
_HINTS = {
    "xml": "Export the file again from the CAT tool; the file must be the XML it wrote, unedited by hand.",
    "entities": "Remove the DOCTYPE's entity declarations.",
    "tags": "Keep each bpt with its ept, and only the source's tags.",
    "xliff": "Export as XLIFF 1.2 from the CAT tool, every trans-unit with the id it was exported with.",
    "tmx": "Export as TMX 1.4 from the CAT tool.",
}


@dataclass(frozen=True)
class _Code:
    """An inline code: the opening (bpt) or closing (ept) half of a pair, or a placeholder (ph)."""

    role: str
    id: str
    native: str
    kind: str = ""
    line: int | None = None


_Piece = str | _Code


def _spanning(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the tokens it makes record the span of source they came from."""

    def spanning(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        start, count, delimiters = state.pos, len(state.tokens), state.delimiters
        marks, pending = len(delimiters), state.pending if name == "newline" else ""
        if not rule(state, silent):
            return False
        offset = start
        for delimiter in delimiters[marks:]:
            token = state.tokens[delimiter.token]
            token.meta["span"] = (offset, offset + len(token.content))
            offset += len(token.content)
        for token in state.tokens[count:]:
            if "span" in token.meta:
                continue
            if name == "link" and token.type in ("link_open", "link_close"):
                label_end = state.md.helpers.parseLinkLabel(state, start, True)
                token.meta["span"] = (start, start + 1) if token.nesting == 1 else (label_end, state.pos)
            elif token.type in ("footnote_ref", "code_inline", "hardbreak"):
                spaces = len(pending) - len(pending.rstrip(" ")) if name == "newline" else 0
                token.meta["span"] = (start - spaces, state.pos)
        return True

    return spanning


@cache
def _parser() -> MarkdownIt:
    """The project's Markdown dialect, its inline rules recording spans; any [^label] is a footnote ref."""
    md = make_markdown()
    rules: dict[str, Callable[[StateInline, bool], bool]] = {r.name: r.fn for r in md.inline.ruler.__rules__}
    rules["footnote_ref"] = partial(footnote_ref, always_match=True)
    for name, rule in rules.items():
        md.inline.ruler.at(name, _spanning(name, rule))
    return md


def _span(token: Token, kind: str, markdown: str) -> tuple[int, int] | None:
    """Where a code token's Markdown sits in the source; None when it was not recorded or looks wrong."""
    span: tuple[int, int] | None = token.meta.get("span")
    if span is not None and kind in ("bold", "italic", "strike"):
        size = len(token.markup)
        start = span[1] - size if token.nesting == 1 else span[0]
        span = (start, start + size) if markdown[start : start + size] == token.markup else None
    elif span is not None and kind == "link" and not markdown.startswith("[" if token.nesting == 1 else "]", span[0]):
        return None
    return span


def _pieces(markdown: str) -> list[_Piece]:
    """A Markdown inline source cut into text and codes; their natives and texts concatenate to it exactly."""
    md, tokens = _parser(), list[Token]()
    md.inline.parse(markdown, md, {}, tokens)
    pieces: list[_Piece] = []
    position, opened, number = 0, list[str](), 0
    for token in tokens:
        kind = _KINDS.get(token.type.rsplit("_", 1)[0] if token.nesting else token.type)
        if kind is None or "span" not in token.meta:
            continue
        span = _span(token, kind, markdown)
        if span is None or span[0] < position or span[1] <= span[0]:
            return [markdown]
        pieces.append(markdown[position : span[0]])
        native = markdown[span[0] : span[1]]
        if token.nesting == -1:
            if not opened:
                return [markdown]
            pieces.append(_Code("ept", opened.pop(), native, kind))
        else:
            number += 1
            pieces.append(_Code("bpt" if token.nesting else "ph", str(number), native, kind))
            opened += [str(number)] if token.nesting else []
        position = span[1]
    return [markdown] if opened else [*pieces, markdown[position:]]


def _matched(target: list[_Piece], source: list[_Piece], keep: bool) -> list[_Piece]:
    """Target pieces whose codes take the id of the source's like code; unmatched ones turn to text or stay."""

    def keys(pieces: list[_Piece]) -> list[tuple[str, tuple[str, str, str]]]:
        closes = {p.id: p.native for p in pieces if isinstance(p, _Code) and p.role == "ept"}
        return [
            (p.id, (p.role, p.native, closes.get(p.id, ""))) for p in pieces if isinstance(p, _Code) and p.role != "ept"
        ]

    free: dict[tuple[str, str, str], list[str]] = {}
    for code_id, key in keys(source):
        free.setdefault(key, []).append(code_id)
    fresh = max((int(p.id) for p in source if isinstance(p, _Code)), default=0)
    ids: dict[str, str | None] = {}
    for code_id, key in keys(target):
        taken = free.get(key, [])
        fresh += 0 if taken or not keep else 1
        ids[code_id] = taken.pop(0) if taken else str(fresh) if keep else None
    out: list[_Piece] = []
    for p in target:
        new = ids.get(p.id) if isinstance(p, _Code) else None
        out.append(p if isinstance(p, str) else p.native if new is None else _Code(p.role, new, p.native, p.kind))
    return out


def _attributes(code: _Code, tmx: bool) -> dict[str, str]:
    """A code's attributes: XLIFF id and ctype, or TMX i (pairing), x (matching across languages) and type."""
    names = {"bpt": ("i", "x"), "ept": ("i",), "ph": ("x",)}[code.role] if tmx else ("id",)
    attributes = dict.fromkeys(names, code.id)
    kind = (_TMX_TYPES if tmx else _XLIFF_TYPES).get(code.kind, code.kind)
    if code.role != "ept" and kind:
        attributes["type" if tmx else "ctype"] = kind
    return attributes


def _fill(parent: Any, pieces: Sequence[_Piece], tmx: bool) -> None:
    """Append text and inline code elements to an element: XLIFF codes (namespaced unless parent isn't) or TMX."""
    namespace = "" if tmx or not parent.tag.startswith("{") else f"{{{XLIFF_NS}}}"
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        last = etree.SubElement(parent, namespace + piece.role, _attributes(piece, tmx))
        last.text = piece.native


def _read_pieces(element: Any, path: Path, unit: str, tmx: bool) -> list[_Piece]:
    """The text and inline codes of a source, target or seg element, in order."""
    namespace = "" if tmx else f"{{{XLIFF_NS}}}"
    allowed = {namespace + name for name in (_TMX_CODES if tmx else _CODES)}
    pieces: list[_Piece] = [element.text or ""]
    for child in element:
        if child.tag is etree.Comment or child.tag is etree.PI:
            pass
        elif not isinstance(child.tag, str) or child.tag not in allowed:
            name = etree.QName(child).localname if isinstance(child.tag, str) else "an entity"
            message = f"{unit}: <{name}> is not an inline code this file may hold"
            raise FormatError(path, child.sourceline, message, _HINTS["tags"])
        elif any(isinstance(grand.tag, str) for grand in child):
            message = f"{unit}: an inline code holds elements; only text may be in it"
            raise FormatError(path, child.sourceline, message, _HINTS["tags"])
        else:
            role = etree.QName(child).localname
            key = ("i" if role in ("bpt", "ept") else "x") if tmx else "id"
            native = (child.text or "") + "".join(grand.tail or "" for grand in child)
            pieces.append(_Code(role, child.get(key, ""), native, line=child.sourceline))
        pieces.append(child.tail or "")
    return pieces


def _markdown(pieces: list[_Piece], source: list[_Piece] | None, path: Path, unit: str, strict: bool) -> str:
    """Markdown from read pieces: codes balanced, empty codes restored from the source's code with the same id."""
    known = {(p.role, p.id): p.native for p in source or [] if isinstance(p, _Code)}
    out, opened, seen = list[str](), dict[str, int | None](), set[tuple[str, str]]()
    hint = _HINTS["tags"]
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
            continue
        tag = f"<{p.role} id={p.id!r}>"
        if strict and (p.role, p.id) not in known:
            raise FormatError(path, p.line, f"{unit}: {tag} is not in the source", hint)
        if p.id and (p.role, p.id) in seen:
            raise FormatError(path, p.line, f"{unit}: {tag} appears twice", hint)
        if p.role in ("bpt", "ept") and (not p.id or (p.role == "ept" and p.id not in opened)):
            raise FormatError(path, p.line, f"{unit}: unbalanced tags: {tag} has no id or opening bpt", hint)
        seen.add((p.role, p.id))
        if p.role == "bpt":
            opened[p.id] = p.line
        elif p.role == "ept":
            del opened[p.id]
        out.append(p.native or known.get((p.role, p.id), ""))
    if opened:
        code_id, line = next(iter(opened.items()))
        raise FormatError(path, line, f"{unit}: unbalanced tags: <bpt id={code_id!r}> is never closed", hint)
    return "".join(out)


def inline_xml(markdown: str) -> str:
    """A Markdown inline source as XLIFF inline content: text with bpt/ept/ph codes holding the Markdown."""
    element = etree.Element("source")
    _fill(element, _pieces(markdown), tmx=False)
    text: str = etree.tostring(element, encoding="unicode")
    return "" if text.endswith("/>") else text[len("<source>") : -len("</source>")]


def inline_markdown(xml_fragment: str) -> str:
    """XLIFF inline content (as inline_xml writes it) back to its Markdown inline source."""
    path = Path("<inline>")
    root = _parse(f'<source xmlns="{XLIFF_NS}">{xml_fragment}</source>'.encode(), path)
    return _markdown(_read_pieces(root, path, "<inline>", tmx=False), None, path, "<inline>", strict=False)


def _checked(text: str, what: str) -> str:
    """The text, if XML 1.0 can carry it; ValueError naming what it belongs to otherwise."""
    bad = _NOT_XML_CHAR.search(text)
    if bad:
        raise ValueError(f"{what}: character U+{ord(bad.group()):04X} cannot be written to XML")
    return text


def _version() -> str:
    """This package's version, for the files' tool fields."""
    try:
        return metadata.version("briefing")
    except metadata.PackageNotFoundError:
        return "0"


def _indent(element: Any, level: int = 0) -> None:
    """Indent the file's structure; trans-units and tuvs, whose whitespace could be text, stay on one line."""
    if etree.QName(element).localname not in _STRUCTURE or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        child.tail = "\n" + "  " * (level + 1)
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def _serialize(root: Any) -> bytes:
    """UTF-8 bytes with the XML declaration, indented, the same for the same content."""
    _indent(root)
    body: bytes = etree.tostring(root, encoding="UTF-8")
    return _DECLARATION + body + b"\n"


def write_xliff(
    units: Sequence[Unit], *, original: str, source_tag: str, target_tag: str, tool: str = "Briefing"
) -> bytes:
    """An XLIFF 1.2 file of the units, one trans-unit each; a new unit with no target has no <target>."""
    x = f"{{{XLIFF_NS}}}"
    root = etree.Element(x + "xliff", nsmap={None: XLIFF_NS}, version="1.2")
    attributes = {"original": original, "source-language": source_tag, "target-language": target_tag}
    file = etree.SubElement(root, x + "file", {**attributes, "datatype": "plaintext"})
    header = etree.SubElement(file, x + "header")
    etree.SubElement(header, x + "tool", {"tool-id": tool, "tool-name": tool, "tool-version": _version()})
    body, seen = etree.SubElement(file, x + "body"), set()
    for unit in units:
        if not unit.id or unit.id in seen or unit.state not in STATES:
            raise ValueError(f"unit {unit.id!r}: empty or repeated id, or a state not in {STATES}")
        seen.add(unit.id)
        _write_unit(body, unit)
    return _serialize(root)


def _write_unit(body: Any, unit: Unit) -> None:
    """Append a unit's trans-unit: approved when translated, its target's codes numbered as the source's."""
    x, what = f"{{{XLIFF_NS}}}", f"unit {unit.id}"
    element = etree.SubElement(body, x + "trans-unit", {"id": _checked(unit.id, what), _XML + "space": "preserve"})
    if unit.state == "translated":
        element.set("approved", "yes")
    source = _pieces(_checked(unit.source, what))
    _fill(etree.SubElement(element, x + "source"), source, tmx=False)
    if unit.target or unit.state != "new":
        target = etree.SubElement(element, x + "target", state=unit.state)
        _fill(target, _matched(_pieces(_checked(unit.target, what)), source, keep=False), tmx=False)
    if unit.note:
        etree.SubElement(element, x + "note").text = _checked(unit.note, what)


def _parse(data: bytes, path: Path) -> Any:
    """The root element of XML bytes, parsed without entities, network or huge trees; FormatError otherwise."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        entities = b"<!ENTITY" in data
        message = _ENTITIES if entities else f"not well-formed XML: {error.msg}"
        raise FormatError(path, error.lineno or None, message, _HINTS["entities" if entities else "xml"]) from None
    except (ValueError, TypeError, etree.LxmlError) as error:
        raise FormatError(path, None, f"not readable as XML: {error}", _HINTS["xml"]) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(path, 1, _ENTITIES, _HINTS["entities"])
    return root


def _state(value: str | None, target: str, approved: str | None) -> str:
    """One of STATES for an XLIFF target state; a missing or unknown one is judged by the target and approved."""
    value = _STATE_ALIASES.get(value or "", value)
    if value in STATES:
        return str(value)
    if value and value.startswith("needs-"):
        return "needs-review-translation"
    return "new" if not target else "translated" if approved == "yes" else "needs-review-translation"


def _read_unit(element: Any, path: Path) -> Unit:
    """A Unit from a trans-unit element, with the element's line."""
    x, unit, label = f"{{{XLIFF_NS}}}", element.get("id"), f"unit {element.get('id')}"
    if not unit:
        raise FormatError(path, element.sourceline, "a <trans-unit> without an id", _HINTS["xliff"])
    source_element, target_element = element.find(x + "source"), element.find(x + "target")
    if source_element is None:
        raise FormatError(path, element.sourceline, f"{label}: no <source>")
    source = _read_pieces(source_element, path, label, tmx=False)
    text, target, state = _markdown(source, None, path, label, strict=False), "", "new"
    if target_element is not None:
        target = _markdown(_read_pieces(target_element, path, label, tmx=False), source, path, label, strict=True)
        state = _state(target_element.get("state"), target, element.get("approved"))
    note = "\n".join("".join(n.itertext()) for n in element.findall(x + "note"))
    return Unit(unit, text, target, state, note, line=element.sourceline)


def read_xliff(data: bytes, path: Path) -> tuple[dict[str, str], list[Unit]]:
    """The file attributes (original, source-language, target-language) and units of an XLIFF 1.2 file."""
    x, root = f"{{{XLIFF_NS}}}", _parse(data, path)
    if root.tag != x + "xliff" or root.get("version") != "1.2":
        name = etree.QName(root)
        found = f"<{name.localname}> in {name.namespace or 'no namespace'}, version {root.get('version')}"
        raise FormatError(path, root.sourceline, f"not an XLIFF 1.2 file: found {found}", _HINTS["xliff"])
    files = root.findall(x + "file")
    if len(files) != 1:
        raise FormatError(path, root.sourceline, f"expected one <file>, found {len(files)}")
    attributes = {name: files[0].get(name, "") for name in ("original", "source-language", "target-language")}
    units, lines = list[Unit](), dict[str, int | None]()
    for element in files[0].iter(x + "trans-unit"):
        unit = _read_unit(element, path)
        if unit.id in lines:
            message = f"unit {unit.id} appears twice (first on line {lines[unit.id]})"
            raise FormatError(path, element.sourceline, message, _HINTS["xliff"])
        lines[unit.id] = element.sourceline
        units.append(unit)
    return attributes, units


def write_tmx(pairs: Sequence[Pair], *, source_tag: str, target_tag: str, tool: str = "Briefing") -> bytes:
    """A TMX 1.4b memory of the pairs, paragraph-segmented, each tu's origin as an x-origin prop."""
    root = etree.Element("tmx", version="1.4")
    header = {"creationtool": tool, "creationtoolversion": _version(), "segtype": "paragraph", "o-tmf": tool}
    etree.SubElement(root, "header", {**header, "adminlang": "en", "srclang": source_tag, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for number, pair in enumerate(pairs, 1):
        tu = etree.SubElement(body, "tu")
        if pair.origin:
            etree.SubElement(tu, "prop", type="x-origin").text = _checked(pair.origin, f"pair {number}")
        source = _pieces(_checked(pair.source, f"pair {number}"))
        target = _matched(_pieces(_checked(pair.target, f"pair {number}")), source, keep=True)
        for tag, pieces in ((source_tag, source), (target_tag, target)):
            _fill(etree.SubElement(etree.SubElement(tu, "tuv", {_XML + "lang": tag}), "seg"), pieces, tmx=True)
    return _serialize(root)


def _language_score(language: str, tag: str) -> int:
    """2 when the tags are the same, 1 when their primary subtags are, else 0; case and _ or - aside."""
    language, tag = language.lower().replace("_", "-"), tag.lower().replace("_", "-")
    return 2 if language == tag else int(bool(language) and language.split("-")[0] == tag.split("-")[0])


def _choose(tuvs: list[Any], source_tag: str, target_tag: str) -> tuple[Any, Any] | None:
    """The tuvs of the source and target languages, best match first; None when either is missing."""
    chosen: list[Any] = []
    for tag in (source_tag, target_tag):
        free = [(_language_score(t.get(_XML + "lang") or t.get("lang") or "", tag), -n, t) for n, t in enumerate(tuvs)]
        best = max((s for s in free if s[0] and all(s[2] is not c for c in chosen)), default=None, key=lambda s: s[:2])
        if best is None:
            return None
        chosen.append(best[2])
    return chosen[0], chosen[1]


def _seg(tuv: Any, path: Path, unit: str) -> list[_Piece]:
    """The pieces of a tuv's seg."""
    seg = tuv.find("seg")
    if seg is None:
        raise FormatError(path, tuv.sourceline, f"{unit}: a <tuv> without <seg>")
    return _read_pieces(seg, path, unit, tmx=True)


def read_tmx(data: bytes, path: Path, source_tag: str, target_tag: str) -> list[Pair]:
    """The pairs of a TMX file in these languages (tags matched loosely); tus lacking either are skipped."""
    root = _parse(data, path)
    if root.tag != "tmx" or root.find("body") is None:
        raise FormatError(path, root.sourceline, f"not a TMX file: <{root.tag}>, or no <body>", _HINTS["tmx"])
    pairs = []
    for tu in root.find("body").iter("tu"):
        chosen = _choose(tu.findall("tuv"), source_tag, target_tag)
        if chosen is None:
            continue
        unit = f"tu on line {tu.sourceline}"
        source = _seg(chosen[0], path, unit)
        text = _markdown(source, None, path, unit, strict=False)
        pairs.append(Pair(text, _markdown(_seg(chosen[1], path, unit), source, path, unit, strict=False), path.name))
    return pairs
