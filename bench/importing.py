"""The importer's figures: a 20,000-character speech as pasted from a PDF viewer, 15 pages with running headers
(the title and the page count) and page numbers, imported in a fresh process and planned in process."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from briefing.importer.conventions import starts_block
from briefing.importer.run import plan_import, source_lines

from .measure import ROOT, Measurement, report_progress, run_process
from .text import chinese_numeral, read_vocabulary

CHARACTERS = 20_000
"""Characters of the speech's text, furniture aside."""
PAGES = 15
"""Pages it is printed on, each after the first with a running header, each with a page number."""
LINE = 30
"""Characters per printed line."""
TITLE = "在2025年全市工作会议上的讲话"
IMPORT_NAME = f"import, {CHARACTERS:,} characters, {PAGES} pages of furniture"


def messy_speech(seed: int) -> str:
    """The speech's printed lines with a header `<title> 第N页 共15页` atop every page after the first, `- N -` below."""
    clauses = [c for c in read_vocabulary(ROOT / "content").clauses if len(c) >= 4 and not starts_block(c)]
    rng = random.Random(seed)
    paragraphs = [TITLE, "同志们："]
    part = 0
    while sum(map(len, paragraphs)) < CHARACTERS:
        if len(paragraphs) % 6 == 2:
            part += 1
            # Part headings as printed: short lines of their own.
            paragraphs.append(f"{chinese_numeral(part)}、{rng.choice([c for c in clauses if len(c) <= LINE // 2])}")
        sentences = ["，".join(rng.sample(clauses, rng.randint(2, 4))) + "。" for _ in range(rng.randint(3, 6))]
        paragraphs.append("".join(sentences))
    lines = [text[start : start + LINE] for text in paragraphs for start in range(0, len(text), LINE)]
    per_page = -(-len(lines) // PAGES)
    printed: list[str] = []
    for number in range(1, PAGES + 1):
        if number > 1:
            printed.append(f"{TITLE} 第{number}页 共{PAGES}页")
        printed += [*lines[(number - 1) * per_page : number * per_page], f"- {number} -"]
    return "\n".join(printed) + "\n"


def measure_import(work: Path, runs: int, seed: int) -> list[Measurement]:
    """`build.py import` of the messy speech in a fresh process, and its plan (read, clean, split) in process."""
    source = work / "pasted-speech.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(messy_speech(seed), encoding="utf-8")
    _check_furniture_found(source)
    command = [sys.executable, str(ROOT / "build.py"), "import", str(source), "--config", str(ROOT / "config.yaml")]
    command += ["--out", str(work / "imported"), "--force"]
    whole = Measurement(IMPORT_NAME, "s", feature="import")
    plan = Measurement("import plan in process (clean-up, paragraphs, sections)", "s", feature="import")
    for run in range(runs):
        whole.values.append(run_process(command).seconds)
        report_progress(whole.name, run, runs, whole.values[-1])
        start = time.perf_counter()
        lines, _ = source_lines(source.read_bytes(), source)
        plan_import(lines, source)
        plan.values.append(time.perf_counter() - start)
    return [whole, plan]


def _check_furniture_found(source: Path) -> None:
    """The figure counts only if the importer drops every header and page number, and nothing else."""
    lines, _ = source_lines(source.read_bytes(), source)
    dropped = [change for change in plan_import(lines, source).changes if change.action == "dropped"]
    if len(dropped) != 2 * PAGES - 1:
        raise RuntimeError(f"the importer dropped {len(dropped)} lines of the {2 * PAGES - 1} of furniture")
