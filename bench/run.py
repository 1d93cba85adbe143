"""`python -m bench.run`: generate a corpus, measure every build side by side in one run, print and save the figures."""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .corpus import DEFAULT_BRIEFINGS, DEFAULT_SEED, Corpus, describe_corpus, generate_corpus, write_briefing
from .extras import measure_bundled_check, measure_pdf, measure_search
from .importing import measure_import
from .measure import (
    Measurement,
    build_command,
    lower_bound_command,
    measure_cold_builds,
    measure_edits,
    measure_folder,
    measure_page_bytes,
    report_progress,
    run_process,
)
from .report import Target, check_targets, format_table, format_targets, machine_info, write_json
from .translation import measure_translation

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"
_PROCESS_ROWS = (
    ("lower bound", "s"),
    ("cold build", "s"),
    ("no-change rebuild", "s"),
    ("adding one briefing", "s"),
    ("lower bound CPU time", "s"),
    ("cold build CPU time", "s"),
    ("lower bound peak memory", "MB"),
    ("cold build peak memory", "MB"),
    ("no-change rebuild peak memory", "MB"),
)


def make_parser() -> argparse.ArgumentParser:
    """Arguments of `python -m bench.run`."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sections", type=int, default=1000, help="sections in the corpus (default 1000)")
    parser.add_argument(
        "--briefings", type=int, help="briefings they are shared out over (default: one per 10 sections)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; medians are reported (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the corpus text")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results as JSON")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--search", action="store_true", help="also time the search index and a Chinese query")
    parser.add_argument(
        "--pdf-sections", type=int, default=0, metavar="N", help="also time printing the PDFs of an N-section corpus"
    )
    return parser


def measure_processes(corpus: Corpus, work: Path, runs: int, seed: int) -> tuple[list[Measurement], dict[str, Any]]:
    """Lower bound, cold build, no-change rebuild and a build after adding one briefing, each a fresh process,
    interleaved run by run."""
    lower, site = work / "lower-bound", work / "site"
    rows = {name: Measurement(name, unit) for name, unit in _PROCESS_ROWS}
    # Untimed: brings Python and the libraries into the page cache, as they are for every later run.
    run_process(lower_bound_command(corpus.config, lower))
    for run in range(runs):
        # A cold build starts from nothing: no site, and no briefings kept by earlier builds.
        for folder in (lower, site, corpus.root / ".briefing-cache"):
            shutil.rmtree(folder, ignore_errors=True)
        added: list[Path] = []
        for name, command in (
            ("lower bound", lower_bound_command(corpus.config, lower)),
            ("cold build", build_command(corpus.config, site)),
            ("no-change rebuild", build_command(corpus.config, site)),
            ("adding one briefing", build_command(corpus.config, site)),
        ):
            if name == "adding one briefing":
                added = _add_briefing(corpus, seed)
            measured = run_process(command)
            rows[name].values.append(measured.seconds)
            if f"{name} peak memory" in rows:
                rows[f"{name} peak memory"].values.append(measured.peak_mb)
            if f"{name} CPU time" in rows:
                rows[f"{name} CPU time"].values.append(measured.cpu_seconds)
            report_progress(name, run, runs, measured.seconds)
        for folder in added:
            shutil.rmtree(folder)
    # Untimed: the site without the added briefing again, to compare with the lower bound's.
    run_process(build_command(corpus.config, site))
    output = {"build": measure_folder(site), "lower_bound": measure_folder(lower)}
    if output["build"]["files"] != output["lower_bound"]["files"]:
        raise RuntimeError(f"the build and the lower bound wrote different numbers of files: {output}")
    return list(rows.values()), output


def _add_briefing(corpus: Corpus, seed: int) -> list[Path]:
    """One more briefing, the next of the corpus's, in content/; returns its new folder."""
    content = corpus.root / "content"
    before = set(content.iterdir())
    write_briefing(content, corpus.briefings, corpus.sections // corpus.briefings, seed)
    return sorted(set(content.iterdir()) - before)


def run_benchmark(
    sections: int, runs: int, seed: int, search: bool = False, pdf_sections: int = 0, briefings: int = DEFAULT_BRIEFINGS
) -> tuple[list[Measurement], list[Target], dict[str, Any]]:
    """Every measurement on one freshly generated corpus; returns them, the targets and the JSON record."""
    started = machine_info()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as temp:
        work = Path(temp)
        corpus = generate_corpus(work / "project", sections, seed, briefings=briefings)
        print(describe_corpus(corpus), file=sys.stderr, flush=True)
        processes, output = measure_processes(corpus, work, runs, seed)
        translation = measure_translation(corpus, runs, seed)
        importing = measure_import(work / "import", runs, seed)
        in_process, result = measure_cold_builds(corpus.config, work / "in-process", runs)
        edits = measure_edits(corpus.config, work / "served", runs)
        checks = measure_bundled_check(runs)
        # The same first briefings in a library a tenth the size: their section pages must be the same size.
        small_count = max(1, corpus.briefings // 10)
        per_briefing = corpus.sections // corpus.briefings
        small = generate_corpus(work / "small-project", per_briefing * small_count, seed, briefings=small_count)
        sizes = measure_page_bytes(
            [(small.config, work / "small-site", small_count), (corpus.config, work / "in-process", corpus.briefings)],
            small_count,
        )
        extras = measure_search(work / "in-process", runs) if search else []
        if pdf_sections:
            small = generate_corpus(work / "pdf-project", pdf_sections, seed)
            extras += measure_pdf(small.config, work / "pdf-site", runs)
    measurements = [*processes, *edits, *checks, *sizes, *in_process, *translation, *importing, *extras]
    targets = check_targets(measurements)
    record = {
        "benchmark": "briefing build speed",
        "format": 1,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": f"python -m bench.run --sections {sections} --briefings {briefings} --runs {runs} --seed {seed}",
        "machine": {**started, "load_average_after": machine_info()["load_average"]},
        "corpus": {
            "sections": corpus.sections,
            "briefings": corpus.briefings,
            "source_files": corpus.files,
            "seed": seed,
            "zh_chars_per_section": round(corpus.zh_chars / sections),
            "en_words_per_section": round(corpus.en_words / sections),
            "pages": result.pages,
            "output": output,
        },
        "runs": runs,
        "measurements": [m.as_dict() for m in measurements],
        "targets": [t.as_dict() for t in targets],
    }
    return measurements, targets, record


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and the targets, write the JSON."""
    parser = make_parser()
    args = parser.parse_args(argv)
    args.briefings = args.briefings or max(1, args.sections // 10)
    if args.sections < 2 or args.runs < 1 or not 1 <= args.briefings <= args.sections:
        parser.error("--sections must be at least 2, --runs at least 1, --briefings between 1 and --sections")
    measurements, targets, record = run_benchmark(
        args.sections, args.runs, args.seed, args.search, args.pdf_sections, args.briefings
    )
    corpus, machine = record["corpus"], record["machine"]
    print(
        f"Briefing build benchmark, {record['date']}: {corpus['sections']} sections in {corpus['briefings']} "
        f"briefings ({corpus['pages']} pages), "
        f"{args.runs} runs, {machine['cpu_count']} CPUs, Python {machine['python']}, "
        f"load average {machine['load_average'][0]:.1f}"
    )
    print(format_table(measurements))
    print()
    print(format_targets(targets, args.sections))
    write_json(args.json, record)
    print(f"\nresults written to {args.json}")
    return 1 if args.strict and not all(t.passed for t in targets) else 0


if __name__ == "__main__":
    raise SystemExit(main())
