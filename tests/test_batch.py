"""``batch.checked``: articles in worker processes come back in order, whatever happens to a worker."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from verifier import batch
from verifier.errors import InputError

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked")


def square(p):
    if p % 7 == 3:
        raise InputError(f"article {p} cannot be read")
    return p * p, os.getpid()


def test_results_in_order_with_errors_as_one_job_gives_them():
    paths = list(range(100))
    one = list(batch.checked(paths, square, 1))
    two = list(batch.checked(paths, square, 2))
    assert [(p, r and r[0], e) for p, r, e in two] == [(p, r and r[0], e) for p, r, e in one]
    assert [p for p, _, _ in two] == paths and two[3] == (3, None, "article 3 cannot be read")
    assert len({r[1] for _, r, _ in two[1:] if r}) == 2  # two workers did the checking
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_loses_no_article(tmp_path, capfd):
    marker = tmp_path / "died"

    def dies_once(p):
        if p == 40 and not marker.exists():
            marker.touch()
            os._exit(9)
        return p + 1

    got = list(batch.checked(list(range(120)), dies_once, 2))
    assert [r for _, r, _ in got] == [p + 1 for p in range(120)]
    assert marker.exists() and "worker process stopped (exit code 9)" in capfd.readouterr().err


def test_every_worker_dying_leaves_the_rest_to_the_parent(tmp_path):
    parent = os.getpid()

    def only_here(p):
        if os.getpid() != parent:
            os._exit(1)
        return -p

    assert [r for _, r, _ in batch.checked(list(range(50)), only_here, 2)] == [-p for p in range(50)]


def test_a_bug_in_a_worker_is_raised_in_the_parent():
    def bug(p):
        if p == 30:
            raise ZeroDivisionError("a bug")
        return p

    with pytest.raises(ZeroDivisionError, match="a bug"):
        list(batch.checked(list(range(60)), bug, 2))
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_workers():
    stream = batch.checked(list(range(200)), lambda p: p, 2)
    assert [next(stream)[0] for _ in range(20)] == list(range(20))
    stream.close()
    assert multiprocessing.active_children() == []


def test_chunks_cover_the_articles_in_order_and_shrink_at_the_end():
    chunks = batch._chunks(list(range(999)), 2)
    assert [p for _, chunk in chunks for p in chunk] == list(range(999))
    assert all(first == chunk[0] for first, chunk in chunks)
    sizes = [len(chunk) for _, chunk in chunks]
    assert sizes[0] == batch.CHUNK and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
