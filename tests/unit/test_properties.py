"""For any input, the loaders return a result or raise BriefingError, never anything else; links stay safe."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.build.incremental import manifest_bytes
from briefing.config import load_config
from briefing.errors import BriefingError
from briefing.load.markdown import RenderEnv, make_markdown, parse_document, render_blocks
from tests.conftest import FIXTURES, load_briefing

MINI_CONFIG = (FIXTURES / "sites" / "mini" / "config.yaml").read_text(encoding="utf-8")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.text(max_size=20),
    st.sampled_from(["zh", "en", "一、", "../x"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
front_matter_keys = st.sampled_from(["id", "order", "title", "part", "summary", "truncated", "status", "titel", ""])
front_matters = st.dictionaries(front_matter_keys, yaml_values, max_size=7).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True)
)
markdown_bodies = st.lists(
    st.sampled_from([*list("abc 一二、。:*_#[]()!<>`\n-{}^&\"'\\"), "\n\n", "## ", "[^1]", "[^1]: n\n", "{#a}\n"]),
    max_size=80,
).map("".join)


def load_file(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "config.yaml").write_text(MINI_CONFIG, encoding="utf-8")
        (project / "content").mkdir()
        (project / "content" / "01-a.zh.md").write_text(source, encoding="utf-8")
        (project / "content" / "01-a.en.md").write_text(source, encoding="utf-8")
        try:
            load_briefing(load_config(project / "config.yaml"))
        except BriefingError as error:
            assert error.problems and all(p.message for p in error.problems)


@SETTINGS
@given(st.text(max_size=300))
def test_any_section_text_loads_or_fails_cleanly(source: str) -> None:
    load_file(source)


@SETTINGS
@given(front_matters, markdown_bodies)
def test_any_front_matter_and_body_load_or_fail_cleanly(front: str, body: str) -> None:
    load_file(f"---\n{front}---\n{body}")


@SETTINGS
@given(
    st.one_of(st.text(max_size=300), st.dictionaries(st.text(max_size=10), yaml_values, max_size=8).map(yaml.safe_dump))
)
def test_any_config_loads_or_fails_cleanly(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_config(path)
        except BriefingError as error:
            assert error.problems


SAFE_HREF = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$|[^:/?#]*[/?#])", re.IGNORECASE)
schemes = st.sampled_from(
    ["javascript:", "JaVaScRiPt:", "data:", "vbscript:", "file:", "http:", "https:", "", "//", " java\tscript:"]
)


@SETTINGS
@given(schemes, st.text(max_size=30), st.text(max_size=10))
def test_links_never_carry_script_or_data_urls(scheme: str, rest: str, label: str) -> None:
    md = make_markdown()
    env = RenderEnv(doc_id="zh", resolve_link=lambda href, line: href)
    source = f"[{label}]({scheme}{rest}) <{scheme}{rest}> ![i]({scheme}{rest})"
    blocks, _ = render_blocks(md, parse_document(md, source).tokens, env)
    for block in blocks:
        for href in re.findall(r'(?:href|src)="([^"]*)"', block.html):
            assert SAFE_HREF.match(href), href
            assert not re.match(r"\s*(javascript|vbscript|data|file):", href, re.IGNORECASE)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["---", "----", "...", "  ---", "    ---", "id: a", "", "text", "--- x", "-- ", "---  "]),
        max_size=8,
    )
)
def test_front_matter_is_read_as_the_markdown_parser_reads_it(lines: list[str]) -> None:
    from briefing.load.markdown import split_front_matter

    source = "\n".join(lines)
    md = make_markdown()
    document = parse_document(md, source)
    found = split_front_matter(source)
    if document.front_matter is None:
        assert found is None
    else:
        assert found is not None and found[0] == document.front_matter


manifests = st.dictionaries(
    st.text(min_size=1, max_size=12),
    st.tuples(st.text(max_size=6), st.integers(0, 10**9), st.sampled_from(["pages", "pdf"])),
    max_size=6,
)


@SETTINGS
@given(st.lists(manifests, min_size=1, max_size=4), st.text(max_size=6))
def test_a_manifest_written_again_after_changes_reads_back_as_it_is(series: list[dict[str, Any]], inputs: str) -> None:
    """Serve rewrites the site's manifest after every edit, reusing what it wrote before: it must read back exact."""
    for manifest in series:
        data = json.loads(manifest_bytes(manifest, inputs))
        assert data["inputs"] == inputs
        assert {path: tuple(record) for path, record in data["files"].items()} == manifest
        assert list(data["files"]) == sorted(manifest)


plain_lock_words = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    st.from_regex(r"[0-9a-f]{8}", fullmatch=True),
    st.sampled_from(["no", "on", "off", "yes", "null", "y", "n", "2024-01-05", "0b010011", "1_000", "12:30", "p1"]),
)
"""Ids, anchors, language codes and versions as the build makes them, with words YAML reads as no text."""


def lock_of(words: st.SearchStrategy[str], least: int) -> st.SearchStrategy[dict[str, dict[str, dict[str, str]]]]:
    blocks = st.dictionaries(words, words, min_size=least, max_size=4)
    return st.dictionaries(
        words, st.dictionaries(words, blocks, min_size=least, max_size=2), min_size=least, max_size=4
    )


lock_lines = st.sampled_from(
    [
        "a:",
        "  en:",
        "    p1: 0b010011",
        "    p2: '12345678'",
        "  'no':",
        "    p3: x # note",
        "# c",
        "",
        "    p4:",
        "  on:",
        "b: {}",
        "    p1: 1b53fa6a",
        "\tx:",
        "'a''b':",
        "    y: n",
        "c:",
        "  zh:",
        "    p1: dead-beef",
    ]
)


@SETTINGS
@given(lock_of(plain_lock_words | st.text(max_size=6), 0))
def test_a_written_lock_reads_back_as_yaml_reads_it(lock: dict[str, dict[str, dict[str, str]]]) -> None:
    from briefing.load.drift import lock_text, read_written_lock

    text = lock_text(lock)
    fast = read_written_lock(text)
    assert fast is None or fast == (yaml.safe_load(text) or {})


@SETTINGS
@given(lock_of(plain_lock_words, 1))
def test_every_lock_the_build_writes_is_read_without_yaml(lock: dict[str, dict[str, dict[str, str]]]) -> None:
    from briefing.load.drift import lock_text, read_written_lock

    assert read_written_lock(lock_text(lock)) == lock == yaml.safe_load(lock_text(lock))


@SETTINGS
@given(lock_of(plain_lock_words, 1), st.lists(st.tuples(st.integers(0, 40), st.booleans(), lock_lines), max_size=3))
def test_a_lock_read_without_yaml_is_what_yaml_reads(
    lock: dict[str, dict[str, dict[str, str]]], edits: list[tuple[int, bool, str]]
) -> None:
    """A written lock edited by hand: lines replaced or inserted."""
    from briefing.load.drift import lock_text, read_written_lock

    lines = lock_text(lock).split("\n")
    for at, insert, line in edits:
        at %= len(lines)
        lines[at : at + (0 if insert else 1)] = [line]
    text = "\n".join(lines)
    fast = read_written_lock(text)
    if fast is not None:
        assert fast == (yaml.safe_load(text) or {})


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  en:\n    p: v\n# c\x85b:\x85  en:\x85    q: w\n",  # NEL, LS and PS break lines for YAML
        "a:\n  en:\n    p: v\n# \u2028    q: w\n",
        "a:\n  en:\n    p: 'x\u2029y'\n",
        "a:\n  en:\n    p: 'x\ry'\n",
        "a:\n  en:\n    p: 'x\x07y'\n",  # a control character: YAML refuses the file
        "k" * 1025 + ":\n  en:\n    p: v\n",  # a key YAML finds too long
        "a:\n  en:\n    p: 12345678\n",  # a number, not text
        "a:\n  en:\n    p: v\nb:\n",  # a section without entries
        "a:\n  en:\n    p: v\n  zh:\n",
        "a:\n  en:\n    p: v\n    p: w\n",  # a repeated key
        "'no':\n  en:\n    p: v\nno:\n  en:\n    q: w\n",
    ],
)
def test_a_lock_the_build_did_not_lay_out_is_left_to_yaml(text: str) -> None:
    from briefing.load.drift import read_written_lock

    assert read_written_lock(text) is None


def test_a_written_lock_with_words_yaml_reads_as_no_text_still_reads_as_text() -> None:
    from briefing.load.drift import lock_text, read_written_lock

    lock = {"no": {"on": {"p1": "12345678", "2024-01-05": "0b010011", "y": "null"}}, "a" * 100: {"en": {"p": "x"}}}
    assert read_written_lock(lock_text(lock)) == lock == yaml.safe_load(lock_text(lock))
