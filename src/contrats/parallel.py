"""Map a function over many items in forked worker processes (2 cores here), serially when the work is small."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 64  # below this, starting processes costs more than it saves


def jobs() -> int:
    """Worker count: $CONTRATS_JOBS, else the cores this process may use."""
    env = os.environ.get("CONTRATS_JOBS")
    if env:
        return max(1, int(env))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS) -> list[R]:
    """`[func(x) for x in items]`, in order; workers are forked so they share the parent's loaded data."""
    n = jobs()
    if n <= 1 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return [func(x) for x in items]
    with multiprocessing.get_context("fork").Pool(n) as pool:
        return pool.map(func, items, chunksize=max(1, len(items) // (n * 16)))
