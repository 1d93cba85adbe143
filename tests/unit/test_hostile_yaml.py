"""YAML built to blow up (aliases, merge keys, structures as keys) is refused in time linear in its length."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.load.drift import read_lock
from briefing.reading import parse_yaml
from briefing.schema import Field, check_mapping, text

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def alias_bomb(fan_out: int, depth: int, style: str) -> str:
    """Each level refers `fan_out` times to the one before: fan_out ** depth leaves when expanded."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * fan_out) + "]"]
    for level in range(1, depth + 1):
        refs = ", ".join([f"*l{level - 1}"] * fan_out)
        if style == "merge":
            lines.append(f"l{level}: &l{level} {{<<: [{refs}], k{level}: x}}")
        elif style == "key":
            lines.append(f"? &l{level} [{refs}]\n: x")
        else:
            lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(st.integers(2, 12), st.integers(1, 40), st.sampled_from(["list", "merge", "key"]))
def test_an_alias_bomb_is_refused_at_its_first_alias_without_expanding(fan_out: int, depth: int, style: str) -> None:
    source = alias_bomb(fan_out, depth, style)
    start = time.perf_counter()
    node, problems = parse_yaml(source, Path("config.yaml"))
    assert time.perf_counter() - start < 0.5 + len(source) / 1e5
    assert node is None
    assert [(p.path, p.line) for p in problems] == [("config.yaml", 2)]
    assert "alias" in problems[0].message


@SETTINGS
@given(st.integers(2, 12), st.integers(1, 40))
def test_a_lock_file_with_merge_keys_is_refused_quickly(
    tmp_path_factory: pytest.TempPathFactory, fan_out: int, depth: int
) -> None:
    lock = tmp_path_factory.mktemp("lock") / "translations.lock.yaml"
    lock.write_text(alias_bomb(fan_out, depth, "merge"), encoding="utf-8")
    start = time.perf_counter()
    data, problems = read_lock(lock)
    assert time.perf_counter() - start < 1
    assert data == {}
    assert problems and problems[0].line == 2


LARGE_LIST = "[" + ", ".join(["[a, b]"] * 2000) + "]"
LARGE_MAPPING = "{" + ", ".join(f"k{n}: [a, b]" for n in range(2000)) + "}"


@pytest.mark.parametrize(("key", "kind"), [(LARGE_LIST, "a list"), (LARGE_MAPPING, "a mapping")])
def test_a_key_that_is_a_structure_is_named_briefly(key: str, kind: str) -> None:
    node, _ = parse_yaml(f"title: x\n? {key}\n: y\n", Path("f.md"))
    _, problems = check_mapping(node, [Field("title", text())], Path("f.md"), "front-matter")
    assert [(p.line, p.message) for p in problems] == [(2, f"a front-matter key must be plain text, not {kind}")]
