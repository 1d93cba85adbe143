"""Independent work spread over the machine's cores: forked workers inherit what they need, results come back."""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 48
"""Below this many items the work is done in this process: starting workers would cost more."""

_job: tuple[Callable[[Any, Any], Any], Any] | None = None
"""In a worker process only: the function and the shared data it was forked with."""


def run_all(
    function: Callable[[Any, Item], Result], shared: Any, items: Sequence[Item], parallel: bool = True
) -> list[Result]:
    """`[function(shared, item) for item in items]`, on every core when there are enough items.

    Workers are forked, so `shared` (the loaded site, say) reaches them without being copied or pickled;
    only items and results cross between processes.
    """
    workers = min(os.cpu_count() or 1, 8)
    if not parallel or workers < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(shared, item) for item in items]
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (workers * 4))
    # Ctrl-C arriving while workers are forked would be lost in fork's own callbacks: hold it back until
    # the pool exists, then let it through inside the `with`, which stops the workers.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(workers, initializer=_remember, initargs=(function, shared, os.getpid()))
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    with pool:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return pool.map(_call, items, chunksize=chunk)


def _remember(function: Callable[[Any, Any], Any], shared: Any, parent: int) -> None:
    global _job
    follow_parent(parent)
    # Workers leave Ctrl-C to the parent, which stops them; they need not print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _job = (function, shared)


def _call(item: Any) -> Any:
    assert _job is not None, "worker started without its job"
    function, shared = _job
    return function(shared, item)


def follow_parent(parent: int) -> None:
    """End this worker process as soon as process `parent` (the build) ends, however it ended.

    A build killed with SIGKILL cannot stop its workers; without this they live on, each holding hundreds of
    megabytes, waiting for work that never comes.
    """
    threading.Thread(target=_exit_after, args=(parent,), name="follow-parent", daemon=True).start()


def _exit_after(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)
    except (AttributeError, OSError):
        # No process descriptors (not Linux, or the parent is gone already): look every second.
        while is_alive(parent):
            time.sleep(1)
    else:
        select.select([handle], [], [])
    os._exit(1)


def is_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
