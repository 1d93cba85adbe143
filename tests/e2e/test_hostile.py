"""Hostile input never reaches a page raw: control characters are refused or replaced, wherever they are written."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from tests.conftest import FIXTURES, ROOT

CONTROLS = st.one_of(st.integers(0, 8), st.integers(11, 12), st.integers(14, 31), st.integers(127, 159)).map(chr)
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
PLACES = {
    "title escape": lambda text, c: text.replace("title: Opening", f'title: "Open\\x{ord(c):02x}ing"'),
    "summary escape": lambda text, c: text.replace("title: Opening", f'title: Opening\nsummary: "a\\u{ord(c):04x}b"'),
    "body": lambda text, c: text.replace("Aid of", f"Aid{c} of"),
    "body reference": lambda text, c: text.replace("Aid of", f"Aid&#x{ord(c):x}; of"),
    "link title reference": lambda text, c: text.replace("(02-work.md#care)", f'(02-work.md#care "a&#{ord(c)};b")'),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONTROLS, st.sampled_from(sorted(PLACES)))
def test_a_control_character_is_refused_at_its_line_or_never_reaches_a_page(char: str, place: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(FIXTURES / "sites" / "mini", project)
        shutil.copytree(ROOT / "templates", project / "templates")
        section = project / "content" / "01-intro.en.md"
        section.write_text(PLACES[place](section.read_text(encoding="utf-8"), char), encoding="utf-8")
        code = main(["build", "--config", str(project / "config.yaml"), "--no-search", "--no-pdf"])
        pages = [p for p in (project / "site").rglob("*") if p.is_file()] if code == 0 else []
        assert code == (0 if "reference" in place else 1)
        assert not [p for p in pages if RAW_CONTROL.search(p.read_bytes())]
