"""Workers end with the build that started them, even when it is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHILD = """
import os, sys, time
from pathlib import Path
from briefing import workers

def record(folder, item):
    (Path(folder) / str(os.getpid())).touch()
    time.sleep(600)

workers.run_all(record, sys.argv[1], list(range(64)))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


@pytest.mark.timeout(60)
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers start only on a machine with several cores")
def test_workers_of_a_killed_build_end_with_it(tmp_path: Path) -> None:
    build = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) >= 2 and all(alive(pid) for pid in pids)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # so a failure leaves no sleeping workers behind
    assert not left
