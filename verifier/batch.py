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
import sys
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator, Optional

from verifier.errors import InputError

# The worker's check function, set once per process before the workers fork (not per article).
_CHECK: Optional[Callable] = None

CHUNK = 8  # articles a worker is sent at a time (fewer over the last ones): some 80 ms of checking a round trip
AHEAD = 2  # chunks a worker holds at once, so it never waits for the parent between them


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
    _init(check)
    if jobs <= 1 or len(paths) <= jobs or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_one, paths)
        return
    # The first article is checked here: it loads the lexicons, rules and lazy imports once,
    # and the forked workers inherit them instead of each paying the cold start.
    yield _one(paths[0])
    yield from _forked(paths[1:], jobs)


def _serve(conn) -> None:
    """A worker: chunks ``(first, paths)`` in, ``(first, results)`` out, until the parent says None."""
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        first, chunk = job
        try:
            out = [_one(p) for p in chunk]
        except BaseException as exc:  # a bug in verify: the parent raises it, as the serial run would
            try:
                conn.send((first, exc))
            except Exception:
                conn.send((first, RuntimeError(f"{type(exc).__name__}: {exc}")))
            return
        conn.send((first, out))


def _forked(paths: list, jobs: int) -> Iterator[tuple]:
    """The articles in forked workers, yielded in order as they come back.

    Not ``multiprocessing.Pool``: its worker-handler thread waits on the result
    queue's pipe as well as on the workers, so each result wakes it (and, until
    the result thread has read it, keeps waking it): on 1,000 articles it took
    a quarter of a second of the parent's CPU, with the result thread another
    tenth, while two workers wanted both cores. Here the parent's one thread
    waits on one pipe per worker, reads what comes, and sends the next chunk.
    A worker that dies (killed, out of memory) loses nothing: its chunks are
    checked again by the others, or here if none is left.
    """
    # What the parent loaded is shared with the forked workers page by page until written to; the
    # cyclic collector would write to every object it visits (and copy its page) in each worker.
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    chunks = _chunks(paths, jobs)
    todo = list(reversed(chunks))  # popped from the end: first chunk first
    workers: dict = {}  # parent's end of the pipe -> (process, chunks it holds)
    ready: dict[int, list] = {}  # results come back by chunk, in any order; yielded in the article order
    upto = 0
    try:
        for _ in range(min(jobs, len(chunks))):
            here, there = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(there,), daemon=True)
            proc.start()
            there.close()
            workers[here] = (proc, [])
        for conn, (_, held) in workers.items():
            while todo and len(held) < AHEAD:
                _send(conn, held, todo.pop())
        while upto < len(paths):
            if not workers:  # every worker died: the rest here
                while todo:
                    first, chunk = todo.pop()
                    ready[first] = [_one(p) for p in chunk]
            for conn in wait(list(workers)) if workers else ():
                proc, held = workers[conn]
                try:
                    first, out = conn.recv()
                except (EOFError, OSError):  # the worker died: what it held goes to the others
                    del workers[conn]
                    conn.close()
                    proc.join()
                    print(f"verify: a worker process stopped (exit code {proc.exitcode}); its {sum(len(c[1]) for c in held)} "
                          "articles in hand are checked again", file=sys.stderr)
                    todo.extend(reversed(held))
                    todo.sort(key=lambda c: -c[0])
                    for other, (_, others_held) in workers.items():
                        while todo and len(others_held) < AHEAD:
                            _send(other, others_held, todo.pop())
                    continue
                if isinstance(out, BaseException):
                    raise out
                held[:] = [c for c in held if c[0] != first]
                ready[first] = out
                while todo and len(held) < AHEAD:
                    _send(conn, held, todo.pop())
            while upto in ready:
                out = ready.pop(upto)
                upto += len(out)
                yield from out
    finally:
        done = upto >= len(paths)  # else the consumer stopped early, or a worker raised: no more waiting
        for conn, (proc, _) in workers.items():
            if done:
                try:
                    conn.send(None)
                except OSError:
                    pass
            else:
                proc.terminate()
            conn.close()
        for proc, _ in workers.values():
            proc.join()


def _chunks(paths: list, jobs: int) -> list[tuple[int, list]]:
    """``(first, paths)`` of CHUNK articles, smaller over the last ones so the workers finish together."""
    out, k = [], 0
    while k < len(paths):
        count = max(1, min(CHUNK, (len(paths) - k) // (2 * jobs * AHEAD)))
        out.append((k, paths[k : k + count]))
        k += count
    return out


def _send(conn, held: list, chunk: tuple) -> None:
    held.append(chunk)
    try:
        conn.send(chunk)
    except OSError:  # it died since: the receive says so and its chunks go elsewhere
        pass


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

