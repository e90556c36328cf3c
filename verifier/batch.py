"""Checking many articles: in order, one at a time or in worker processes.

``checked(paths, check, jobs)`` yields ``(path, result, error)`` in the order
given, as soon as each is ready, so the report streams and memory stays flat.
Workers are forked processes (each holds the loaded source index and rules
once); output is identical to ``--jobs 1`` because results come back in
order and every article is checked by the same function.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterable, Iterator, Optional

from verifier.errors import InputError

# The worker's check function, set once per process by the initializer (not per article).
_CHECK: Optional[Callable] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _init(check: Callable) -> None:
    global _CHECK
    _CHECK = check


def _one(path):
    try:
        return path, _CHECK(path), None
    except InputError as exc:
        return path, None, exc.message




def checked(paths: list, check: Callable, jobs: int) -> Iterator[tuple]:
    """``(path, result, None)`` or ``(path, None, message)`` per article, in order.

    A pool only pays when there are more articles than workers; below that the
    articles are checked here, which is also what ``--jobs 1`` does.
    """
    if jobs <= 1 or len(paths) <= jobs or "fork" not in multiprocessing.get_all_start_methods():
        _init(check)
        yield from map(_one, paths)
        return
    # The first article is checked here: it loads the lexicons, rules and lazy imports once,
    # and the forked workers inherit them instead of each paying the cold start.
    _init(check)
    yield _one(paths[0])
    # What the parent loaded is shared with the forked workers page by page until written to; the
    # cyclic collector would write to every object it visits (and copy its page) in each worker.
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    chunk = max(1, min(8, len(paths) // (jobs * 16)))
    with ctx.Pool(jobs, initializer=_init, initargs=(check,)) as pool:
        yield from pool.imap(_one, paths[1:], chunksize=chunk)


def progress(console, total: int):
    """A rich progress bar on a terminal: articles done, figures, findings and the rate; None elsewhere."""
    if total < 2 or not console.is_terminal:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[figures]:,} figures, {task.fields[findings]:,} findings"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )

