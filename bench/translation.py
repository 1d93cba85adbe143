"""The translation workflow's figures: `suggest` for a new briefing against the library, and the glossary
consistency check's share of `check`."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

from briefing.config import load_config
from briefing.load.consistency import inconsistent_terms
from briefing.load.library import load_library

from .corpus import Corpus, write_briefing
from .measure import ROOT, Measurement, report_progress, run_process

NEW_SECTIONS = 10
"""Sections of the new briefing `suggest` fills."""
REPEATED = 3
"""Of them, how many repeat an earlier briefing's sections word for word (as speeches repeat whole passages)."""


def measure_translation(corpus: Corpus, runs: int, seed: int) -> list[Measurement]:
    """`suggest --dry-run` over a new briefing of English stubs, and the glossary check beside a whole `check`."""
    folder = add_stub_briefing(corpus, seed)
    suggest = Measurement(f"suggest, new {NEW_SECTIONS}-section briefing", "s", feature="translation")
    reviewed = Measurement("suggest, after a review changed the memory", "s", feature="translation")
    kept = Measurement("suggest, memory kept from the last run", "s", feature="translation")
    check = Measurement("check", "s", feature="translation")
    glossary = Measurement("glossary consistency in check", "s", feature="translation")
    try:
        command = [sys.executable, str(ROOT / "build.py"), "suggest", "--config", str(corpus.config)]
        command += ["--briefing", folder.name, "--dry-run"]
        checking = [sys.executable, str(ROOT / "build.py"), "check", "--config", str(corpus.config)]
        reviewed_file = sorted((corpus.root / "content").glob("*/*.en.md"))[0]
        for run in range(runs):
            # The first run in a project: nothing kept, every sentence split and indexed.
            (corpus.root / ".briefing-cache" / "memory.en.pickle").unlink(missing_ok=True)
            suggest.values.append(run_process(command).seconds)
            report_progress(suggest.name, run, runs, suggest.values[-1])
            # A reviewed translation edited: the memory is built again from the splits kept.
            text = reviewed_file.read_text(encoding="utf-8").rstrip("\n")
            reviewed_file.write_text(f"{text} Reviewed {run}.\n", encoding="utf-8")
            reviewed.values.append(run_process(command).seconds)
            report_progress(reviewed.name, run, runs, reviewed.values[-1])
            kept.values.append(run_process(command).seconds)
            report_progress(kept.name, run, runs, kept.values[-1])
            check.values.append(run_process(checking, cwd=corpus.root).seconds)
            glossary.values.append(time_consistency(corpus.config))
            report_progress(glossary.name, run, runs, glossary.values[-1])
    finally:
        shutil.rmtree(folder)
    return [suggest, reviewed, kept, check, glossary]


def add_stub_briefing(corpus: Corpus, seed: int) -> Path:
    """A new briefing whose English files hold the Chinese (as `import` leaves them); its first sections repeat
    the first briefing's text."""
    content = corpus.root / "content"
    before = set(content.iterdir())
    write_briefing(content, corpus.briefings + 1, NEW_SECTIONS, seed)
    [folder] = sorted(set(content.iterdir()) - before)
    earlier = sorted(p for p in content.iterdir() if p.is_dir() and p != folder)[0]
    olds = sorted(earlier.glob("*.zh.md"))
    for number, zh in enumerate(sorted(folder.glob("*.zh.md"))):
        old = olds[number] if number < min(REPEATED, len(olds)) else zh
        body = _body(old.read_text(encoding="utf-8"))
        head = zh.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
        zh.write_text(head + body, encoding="utf-8")
        zh.with_name(zh.name.replace(".zh.md", ".en.md")).write_text(head + body, encoding="utf-8")
    return folder


def _body(text: str) -> str:
    """The text after the front matter, without links to sections the new briefing lacks."""
    body = text.split("\n---\n", 1)[1]
    return re.sub(r"\[([^\]]*)\]\([^)]*\.md[^)]*\)", r"\1", body)


def time_consistency(config_path: Path) -> float:
    """Seconds the glossary consistency check takes over the whole library, nothing remembered."""
    config = load_config(config_path)
    library, _ = load_library(config)
    start = time.perf_counter()
    for briefing in library.briefings:
        inconsistent_terms(briefing.glossary, briefing.sections, config.languages, {})
    return time.perf_counter() - start
