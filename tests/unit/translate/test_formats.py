"""XLIFF 1.2 and TMX 1.4b files: round trips, what translate-toolkit and the OASIS schema make of them, bad files."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tmx, xliff

from briefing.translate.formats import (
    XLIFF_NS,
    inline_markdown,
    inline_xml,
    read_tmx,
    read_xliff,
    write_tmx,
    write_xliff,
)
from briefing.translate.model import STATES, FormatError, Pair, Unit

SCHEMAS = Path(__file__).parent / "schemas"
XLF = Path("review-2023.zh-Hans-en.xlf")
TMX = Path("memory.tmx")
SAMPLE = "这是**重点**和[链接](other-section#p3)以及脚注[^1]，还有*斜体*和`code`。"
SAMPLE_XML = (
    '这是<bpt id="1" ctype="bold">**</bpt>重点<ept id="1">**</ept>和<bpt id="2" ctype="link">[</bpt>链接'
    '<ept id="2">](other-section#p3)</ept>以及脚注<ph id="3" ctype="x-footnote">[^1]</ph>，还有'
    '<bpt id="4" ctype="italic">*</bpt>斜体<ept id="4">*</ept>和<ph id="5" ctype="x-code">`code`</ph>。'
)
FUZZ = settings(max_examples=100, deadline=None)

_ALPHABET = "这是重点链接脚注斜体ab Z09。，；：“”《》（）、！？*_[]()^`\\~<>&#!\n\r\t \"'"
_words = st.text(alphabet="这是重点ab 。，“”*\\&<", max_size=6)
_markup = st.one_of(
    _words,
    _words.map(lambda w: f"**{w}**"),
    _words.map(lambda w: f"*{w}*"),
    _words.map(lambda w: f"~~{w}~~"),
    st.tuples(_words, _words, _words).map(lambda t: f"[{t[0]}]({t[1]}#{t[2]})"),
    st.integers(1, 12).map(lambda n: f"[^{n}]"),
    _words.map(lambda w: f"`{w}`"),
    st.sampled_from(["\\\n", "  \n", "\n", "\\*", "*", "[", "]", "&amp;", "<b>", "![图](a.png)", "<http://a.b>"]),
)
_xml_char = st.characters(codec="utf-8").filter(
    lambda c: c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
)
TEXTS = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=40),
    st.lists(_markup, max_size=8).map("".join),
    st.text(alphabet=_xml_char, max_size=20),
)
UNITS = st.lists(
    st.builds(
        Unit,
        id=st.text(alphabet="review-2023#p.一 &<\"'", min_size=1, max_size=12),
        source=TEXTS,
        target=TEXTS,
        state=st.sampled_from(STATES),
        note=TEXTS,
    ),
    max_size=5,
    unique_by=lambda unit: unit.id,
)


def _xliff(body: str, *, root: str = f'<xliff xmlns="{XLIFF_NS}" version="1.2">') -> bytes:
    """A hand-written XLIFF file whose trans-units start on line 5."""
    file = '<file original="o.md" source-language="zh-Hans" target-language="en" datatype="plaintext">'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n{file}\n<body>\n{body}\n</body>\n</file>\n</xliff>\n'.encode()
    )


def _unit(source: str, target: str, unit_id: str = "s#p1") -> str:
    """A trans-unit line."""
    return (
        f'<trans-unit id="{unit_id}"><source>{source}</source><target state="translated">{target}</target></trans-unit>'
    )


def _representative() -> list[Unit]:
    """Units with notes, inline codes, codes the source lacks, and all three states."""
    return [
        Unit("review-2023#p3", SAMPLE, "This is **key**, a [link](other-section#p3)[^1] and `code`.", "translated"),
        Unit("review-2023#p4", "第二段  \n换行\\\n再换行", "", "new", note="Filled from memory."),
        Unit("review-2023#p5.2", "列表项 ~~删除~~", "List item *added*", "needs-review-translation", "Source changed."),
        Unit("review-2023#p6", "a < b & c", "", "translated"),
    ]


@cache
def _oasis_schema() -> etree.XMLSchema:
    """The vendored XLIFF 1.2 strict schema, its xml.xsd import pointed at the local copy in memory."""
    tree = etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), etree.XMLParser(no_network=True))
    imports = list(tree.iter("{http://www.w3.org/2001/XMLSchema}import"))
    assert [i.get("schemaLocation") for i in imports] == ["http://www.w3.org/2001/xml.xsd"]
    imports[0].set("schemaLocation", (SCHEMAS / "xml.xsd").as_uri())
    return etree.XMLSchema(tree)


def test_inline_codes_wrap_the_markdown_they_protect() -> None:
    assert inline_xml(SAMPLE) == SAMPLE_XML
    assert inline_markdown(SAMPLE_XML) == SAMPLE


def test_line_breaks_become_placeholders_and_lookalikes_stay_text() -> None:
    assert inline_xml("一  \n二\\\n三") == '一<ph id="1" ctype="lb">  \n</ph>二<ph id="2" ctype="lb">\\\n</ph>三'
    for text in ("a * b", "[^ x] [y", "\\*not\\*", "1 < 2 & 3", "**", "a\nb", "![图](a.png)"):
        assert "<" not in inline_xml(text).replace("&lt;", ""), text
        assert inline_markdown(inline_xml(text)) == text


@FUZZ
@given(TEXTS)
def test_inline_round_trip_is_identity(text: str) -> None:
    assert inline_markdown(inline_xml(text)) == text


@FUZZ
@given(UNITS)
def test_xliff_round_trip_is_identity(units: list[Unit]) -> None:
    data = write_xliff(units, original="review-2023.md", source_tag="zh-Hans", target_tag="en")
    attributes, back = read_xliff(data, XLF)
    assert [replace(unit, line=None) for unit in back] == units
    assert all(isinstance(unit.line, int) and unit.line > 5 for unit in back)
    assert _oasis_schema().validate(etree.fromstring(data)), _oasis_schema().error_log
    assert attributes == {"original": "review-2023.md", "source-language": "zh-Hans", "target-language": "en"}


@FUZZ
@given(st.lists(st.builds(Pair, source=TEXTS, target=TEXTS, origin=st.text(max_size=5).filter(str.isprintable))))
def test_tmx_round_trip_is_identity(pairs: list[Pair]) -> None:
    back = read_tmx(write_tmx(pairs, source_tag="zh-Hans", target_tag="en"), TMX, "zh-Hans", "en")
    assert back == [Pair(pair.source, pair.target, TMX.name) for pair in pairs]


def test_xliff_is_deterministic_and_omits_only_new_empty_targets() -> None:
    units = _representative()
    data = write_xliff(units, original="review-2023.md", source_tag="zh-Hans", target_tag="en")
    assert data == write_xliff(units, original="review-2023.md", source_tag="zh-Hans", target_tag="en")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="' + XLIFF_NS.encode())
    root = etree.fromstring(data)
    ns = {"x": XLIFF_NS}
    targets = {u.get("id"): u.find("x:target", ns) for u in root.iterfind(".//x:trans-unit", ns)}
    assert targets["review-2023#p4"] is None
    assert targets["review-2023#p6"] is not None and targets["review-2023#p6"].get("state") == "translated"
    approved = [u.get("id") for u in root.iterfind(".//x:trans-unit[@approved='yes']", ns)]
    assert approved == ["review-2023#p3", "review-2023#p6"]


def test_target_codes_take_source_ids_and_codes_the_source_lacks_stay_text() -> None:
    units = [Unit("s#p1", "甲[^2]乙**丙**", "B **C** A[^2] *D*", "translated")]
    root = etree.fromstring(write_xliff(units, original="o", source_tag="zh-Hans", target_tag="en"))
    target = root.find(f".//{{{XLIFF_NS}}}target")
    assert target is not None
    xml = etree.tostring(target, encoding="unicode")
    assert '<bpt id="2" ctype="bold">**</bpt>C<ept id="2">**</ept>' in xml
    assert '<ph id="1" ctype="x-footnote">[^2]</ph> *D*</target>' in xml


def test_translate_toolkit_reads_our_xliff_with_the_same_segments() -> None:
    units = _representative()
    store = xliff.xlifffile.parsestring(write_xliff(units, original="r.md", source_tag="zh-Hans", target_tag="en"))
    assert [u.xmlelement.get("id") for u in store.units] == [u.id for u in units]
    assert [u.source for u in store.units] == [u.source for u in units]
    assert [u.target or "" for u in store.units] == [u.target for u in units]
    assert [u.isapproved() for u in store.units] == [True, False, False, True]
    assert store.units[1].getnotes() == "Filled from memory."
    rich = store.units[0].rich_source[0].flatten()
    assert "".join(str(part) for part in rich) == SAMPLE
    assert [(etree.QName(e.xml_node).localname, str(e)) for e in rich if hasattr(e, "xml_node")] == [
        ("bpt", "**"),
        ("ept", "**"),
        ("bpt", "["),
        ("ept", "](other-section#p3)"),
        ("ph", "[^1]"),
        ("bpt", "*"),
        ("ept", "*"),
        ("ph", "`code`"),
    ]


@FUZZ
@given(UNITS)
def test_translate_toolkit_reads_the_texts_we_write(units: list[Unit]) -> None:
    store = xliff.xlifffile.parsestring(write_xliff(units, original="r.md", source_tag="zh-Hans", target_tag="en"))
    assert [(u.xmlelement.get("id"), u.source, u.target or "") for u in store.units] == [
        (u.id, u.source, u.target) for u in units
    ]


@FUZZ
@given(st.lists(st.builds(Pair, source=TEXTS, target=TEXTS), max_size=4))
def test_translate_toolkit_reads_our_tmx_with_the_same_segments(pairs: list[Pair]) -> None:
    pairs = [*pairs, *(Pair(u.source, u.target, u.id) for u in _representative())]
    store = tmx.tmxfile.parsestring(write_tmx(pairs, source_tag="zh-Hans", target_tag="en"))
    assert [(u.source, u.target) for u in store.units] == [(p.source, p.target) for p in pairs]


def test_xliff_export_validates_against_the_oasis_schema() -> None:
    schema = _oasis_schema()
    document = etree.fromstring(write_xliff(_representative(), original="r.md", source_tag="zh-Hans", target_tag="en"))
    assert schema.validate(document), schema.error_log
    broken = etree.fromstring(_xliff(_unit("a", '<ph id="1" ctype="bogus">x</ph>')))
    assert not schema.validate(broken)


def test_tmx_has_the_header_and_structure_tmx_14b_asks_for() -> None:
    data = write_tmx([Pair(SAMPLE, "**Key** [^1]", "s#p1")], source_tag="zh-Hans", target_tag="en")
    root = etree.fromstring(data)
    header = root.find("header")
    assert root.tag == "tmx" and root.get("version") == "1.4" and header is not None
    assert {k: header.get(k) for k in ("segtype", "o-tmf", "adminlang", "srclang", "datatype")} == {
        "segtype": "paragraph",
        "o-tmf": "Briefing",
        "adminlang": "en",
        "srclang": "zh-Hans",
        "datatype": "plaintext",
    }
    assert header.get("creationtool") == "Briefing" and header.get("creationtoolversion")
    assert [p.text for p in root.iterfind("body/tu/prop[@type='x-origin']")] == ["s#p1"]
    target = etree.tostring(root.findall("body/tu/tuv")[1], encoding="unicode", with_tail=False)
    assert target == (
        '<tuv xml:lang="en"><seg><bpt i="1" x="1" type="bold">**</bpt>Key<ept i="1">**</ept> '
        '<ph x="3" type="fnote">[^1]</ph></seg></tuv>'
    )


def test_read_tmx_matches_languages_loosely_and_skips_incomplete_units() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="ZH-CN" segtype="sentence" adminlang="en" datatype="plaintext"
 o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="EN-us"><seg>One</seg></tuv><tuv xml:lang="zh-CN"><seg>\xe4\xb8\x80</seg></tuv></tu>
<tu><tuv lang="ZH"><seg>\xe4\xba\x8c</seg></tuv><tuv lang="en-GB"><seg>Two</seg></tuv></tu>
<tu><tuv xml:lang="zh-Hans"><seg>\xe4\xb8\x89</seg></tuv><tuv xml:lang="fr"><seg>Trois</seg></tuv></tu>
<tu><tuv xml:lang="zh_TW"><seg>\xe5\x9b\x9b</seg></tuv><tuv xml:lang="zh-Hans"><seg>\xe5\x9b\x9b!</seg></tuv>
<tuv xml:lang="en"><seg>Four <ph x="1">&lt;br/&gt;</ph></seg></tuv></tu>
</body></tmx>"""
    assert read_tmx(data, TMX, "zh-Hans", "en") == [
        Pair("一", "One", "memory.tmx"),
        Pair("二", "Two", "memory.tmx"),
        Pair("四!", "Four <br/>", "memory.tmx"),
    ]


def test_empty_codes_in_a_target_are_restored_from_the_source() -> None:
    body = _unit(
        '<bpt id="1">**</bpt>重点<ept id="1">**</ept><ph id="2">[^1]</ph>',
        '<ph id="2"/> <bpt id="1"></bpt>key<ept id="1"/>',
    )
    _, units = read_xliff(_xliff(body), XLF)
    assert units == [Unit("s#p1", "**重点**[^1]", "[^1] **key**", "translated", line=5)]


@pytest.mark.parametrize(
    ("attributes", "target", "state"),
    [
        ('state="final"', "x", "translated"),
        ('state="signed-off"', "x", "translated"),
        ('state="needs-translation"', "", "new"),
        ('state="needs-review-l10n"', "x", "needs-review-translation"),
        ("", "x", "needs-review-translation"),
        ("", "", "new"),
    ],
)
def test_states_from_cat_tools_map_to_ours(attributes: str, target: str, state: str) -> None:
    body = f'<trans-unit id="u"><source>s</source><target {attributes}>{target}</target></trans-unit>'
    assert read_xliff(_xliff(body), XLF)[1][0].state == state
    approved = f'<trans-unit id="u" approved="yes"><source>s</source><target>{target}</target></trans-unit>'
    assert read_xliff(_xliff(approved), XLF)[1][0].state == ("translated" if target else "new")


def _error(data: bytes, reader: str = "xliff") -> FormatError:
    """The FormatError reading the bytes raises."""
    with pytest.raises(FormatError) as caught:
        if reader == "xliff":
            read_xliff(data, XLF)
        else:
            read_tmx(data, TMX, "zh-Hans", "en")
    assert caught.value.path == (XLF if reader == "xliff" else TMX)
    return caught.value


def test_malformed_xml_is_reported_with_its_line() -> None:
    error = _error(_xliff('<trans-unit id="a"><source>x</trans-unit>'))
    assert error.line == 5 and "not well-formed" in error.message and error.hint


@pytest.mark.parametrize(
    "root",
    [
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0">',
        '<xliff version="1.2">',
        f'<xliff xmlns="{XLIFF_NS}" version="1.1">',
        f'<tmx xmlns="{XLIFF_NS}" version="1.2">',
    ],
)
def test_files_that_are_not_xliff_12_are_refused(root: str) -> None:
    data = _xliff("", root=root).replace(b"</xliff>", b"</" + root[1:].split()[0].encode() + b">")
    error = _error(data)
    assert error.line == 2 and "not an XLIFF 1.2 file" in error.message


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (
            '<trans-unit id="a"><source>x</source></trans-unit>\n<trans-unit id="a"><source>y</source></trans-unit>',
            6,
            "unit a appears twice (first on line 5)",
        ),
        ("<trans-unit><source>x</source></trans-unit>", 5, "without an id"),
        ('<trans-unit id="a"/>', 5, "unit a: no <source>"),
        (_unit("x", '<g id="1">y</g>', "s#p9"), 5, "unit s#p9: <g> is not an inline code"),
        (_unit("x", '\n<x id="1"/>', "s#p9"), 6, "unit s#p9: <x> is not an inline code"),
        (_unit('<ph id="1">[^1]</ph>', 'y<ph id="7"/>'), 5, "unit s#p1: <ph id='7'> is not in the source"),
        (_unit('<bpt id="1">*</bpt>a<ept id="1">*</ept>', 'y<ept id="1">*</ept>'), 5, "unit s#p1: unbalanced tags"),
        (_unit('<bpt id="1">*</bpt>a<ept id="1">*</ept>', '<bpt id="1">*</bpt>y'), 5, "<bpt id='1'> is never closed"),
        (_unit('<ph id="1">`a`</ph>', '<ph id="1"/><ph id="1"/>'), 5, "unit s#p1: <ph id='1'> appears twice"),
        (_unit('<ph id="1">a<sub>b</sub></ph>', ""), 5, "an inline code holds elements"),
    ],
)
def test_bad_units_are_reported_with_unit_and_line(body: str, line: int, words: str) -> None:
    error = _error(_xliff(body))
    assert error.line == line and words in error.message


def test_entity_declarations_are_refused_without_expanding_them() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY l0 "ha">{laughs}]>\n<xliff>&l9;</xliff>'.encode()
    assert "entities" in _error(data).message
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    assert "entities" in _error(external, "tmx").message


def test_an_external_dtd_is_neither_fetched_nor_needed() -> None:
    data = _xliff(_unit("a", "b")).replace(b"\n", b'\n<!DOCTYPE xliff SYSTEM "http://example.invalid/x.dtd">\n', 1)
    assert read_xliff(data, XLF)[1] == [Unit("s#p1", "a", "b", "translated", line=6)]


def test_tmx_that_is_not_xml_or_not_tmx_is_reported() -> None:
    error = _error(b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu>\n</body>', "tmx")
    assert error.line == 5 and "not well-formed" in error.message
    assert "not a TMX file" in _error(b"<xliff/>", "tmx").message
    unbalanced = b'<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg><ept i="1">*</ept></seg></tuv>'
    unbalanced += b'<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
    assert "unbalanced tags" in _error(unbalanced, "tmx").message


def test_writers_refuse_what_xml_cannot_carry() -> None:
    with pytest.raises(ValueError, match=r"U\+000B"):
        write_xliff([Unit("a", "Word\x0bbreak", "")], original="o", source_tag="zh", target_tag="en")
    with pytest.raises(ValueError, match="repeated"):
        write_xliff([Unit("a", "x", ""), Unit("a", "y", "")], original="o", source_tag="zh", target_tag="en")


def _errors_reading(data: bytes) -> list[FormatError]:
    """The FormatErrors each reader raises on the bytes; any other exception propagates."""
    errors = []
    for reader in ("xliff", "tmx"):
        try:
            read_xliff(data, XLF) if reader == "xliff" else read_tmx(data, TMX, "zh-Hans", "en")
        except FormatError as error:
            assert re.search(r"\S", error.message) and (error.line is None or error.line >= 1)
            errors.append(error)
    return errors


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_format_errors(data: bytes) -> None:
    assert len(_errors_reading(data)) >= 1


@FUZZ
@given(
    st.integers(0, 10_000),
    st.integers(0, 40),
    st.sampled_from(["", "<", ">", '"', "</", "<g>", "&", "<ph id='1'/>", "<ept i='9'/>"]),
)
def test_damaged_files_raise_only_format_errors(at: int, cut: int, insert: str) -> None:
    units = _representative()
    for data in (
        write_xliff(units, original="r.md", source_tag="zh-Hans", target_tag="en"),
        write_tmx([Pair(u.source, u.target) for u in units], source_tag="zh-Hans", target_tag="en"),
    ):
        at %= len(data)
        assert len(_errors_reading(data[:at] + insert.encode() + data[at + cut :])) >= 1
