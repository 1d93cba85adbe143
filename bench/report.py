"""Benchmark results: targets checked against measurements, a readable table, and the JSON record."""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .measure import Measurement

TARGET_SECTIONS = 1000
"""The corpus size the targets are set for."""


@dataclass(frozen=True)
class Target:
    """A goal for one figure derived from the measurements."""

    name: str
    limit: float
    unit: str
    value: float
    inclusive: bool
    """Whether reaching the limit exactly passes (≤) or not (<)."""

    @property
    def passed(self) -> bool:
        """Whether the measured value meets the limit."""
        return self.value <= self.limit if self.inclusive else self.value < self.limit

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        relation = "<=" if self.inclusive else "<"
        return {
            "name": self.name,
            "value": round(self.value, 4),
            "limit": self.limit,
            "relation": relation,
            "unit": self.unit,
            "passed": self.passed,
        }


def check_targets(measurements: Sequence[Measurement]) -> list[Target]:
    """The HTML build's targets: relative to the lower bound, to a cold build, and absolute."""
    by_name = {m.name: m for m in measurements}

    def median(name: str) -> float:
        return by_name[name].median

    def paired(name: str, base: str) -> float:
        """Median of the run-by-run ratios: the runs are interleaved, so each pair shares the machine's mood."""
        return statistics.median(a / b for a, b in zip(by_name[name].values, by_name[base].values, strict=True))

    peak = max(by_name["cold build peak memory"].values)
    small, large = (m for m in measurements if m.name.startswith("section page bytes"))
    growth = 100 * abs(large.median / small.median - 1)
    translation = []
    if "glossary consistency in check" in by_name:
        suggest = next(m for m in measurements if m.name.startswith("suggest, "))
        translation = [
            Target(suggest.name, 2.0, "s", suggest.median, inclusive=False),
            Target(
                "glossary consistency share of check",
                10.0,
                "%",
                100 * paired("glossary consistency in check", "check"),
                False,
            ),
        ]
    importing = [Target(m.name, 1.0, "s", m.median, inclusive=False) for m in measurements if m.feature == "import"]
    return [
        Target("cold build vs lower bound", 1.5, "×", paired("cold build", "lower bound"), inclusive=True),
        Target("no-change rebuild vs cold build", 10.0, "%", 100 * paired("no-change rebuild", "cold build"), False),
        Target("adding one briefing vs cold build", 10.0, "%", 100 * paired("adding one briefing", "cold build"), True),
        Target("one-section incremental build", 100.0, "ms", 1000 * median("one-section incremental build"), False),
        Target("cold build peak memory", 200.0, "MB", peak, inclusive=False),
        Target("check of the bundled briefing", 3.0, "s", median("check of the bundled briefing"), inclusive=False),
        Target(
            f"section page bytes, {large.name.split(', ')[1]} vs {small.name.split(', ')[1]}", 5.0, "%", growth, True
        ),
        *translation,
        *importing[:1],
    ]


def machine_info() -> dict[str, Any]:
    """What the figures were measured on; load average because the machine may be shared."""
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def format_value(value: float, unit: str) -> str:
    """Seconds below one as milliseconds; everything else with its unit."""
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.1f} {unit}"


def format_table(measurements: Sequence[Measurement]) -> str:
    """Rows of feature, measurement, min, median, max."""
    rows: list[tuple[str, ...]] = [("feature", "measurement", "min", "median", "max", "runs")]
    for m in measurements:
        values = [format_value(v, m.unit) for v in (min(m.values), m.median, max(m.values))]
        rows.append((m.feature, m.name, *values, str(len(m.values))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells))
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def format_targets(targets: Sequence[Target], sections: int) -> str:
    """One line per target: name, measured value, limit, PASS or FAIL."""
    note = "" if sections == TARGET_SECTIONS else f"; this run has {sections}, so they are indicative only"
    lines = [f"Targets (set for {TARGET_SECTIONS:,} sections, HTML only{note}):"]
    width = max(len(t.name) for t in targets)
    for t in targets:
        relation = "≤" if t.inclusive else "<"
        digits = 2 if t.unit == "×" else 1 if t.value < 1000 else 0
        measured = f"{t.value:.{digits}f}{'' if t.unit == '×' else ' '}{t.unit}".rjust(10)
        verdict = "PASS" if t.passed else "FAIL"
        limit = f"{t.limit:g}{t.unit}" if t.unit == "×" else f"{t.limit:g} {t.unit}"
        lines.append(f"  {t.name.ljust(width)}  {measured}   target {relation} {limit.ljust(7)}  {verdict}")
    return "\n".join(lines)


def write_json(path: Path, record: dict[str, Any]) -> None:
    """The whole record as indented JSON, creating the folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
