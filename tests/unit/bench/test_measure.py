"""The benchmark times other processes: their own time, CPU time and peak memory, not the benchmark's."""

from __future__ import annotations

import sys

import pytest

from bench.measure import run_process

pytestmark = pytest.mark.bench


def test_a_small_process_reports_its_own_peak_memory_not_the_benchmarks() -> None:
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"\1" * len(held[::4096])  # resident, as a loaded corpus is
    small = run_process([sys.executable, "-c", "pass"])
    large = run_process([sys.executable, "-c", "x = bytearray(150 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"])
    assert small.peak_mb < 60, small
    assert 150 < large.peak_mb < 250, large
    assert 0 < small.seconds < large.seconds + 5 and small.cpu_seconds > 0
    del held


def test_a_failing_process_fails_with_its_output() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        run_process([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"])
