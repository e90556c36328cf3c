"""Archive runs on Dask: the same reports as a local run, and no article lost with a worker.

Runs on a LocalCluster; CI installs dask.distributed through the test extra,
so these skip only where the extra is truly absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main

distributed = pytest.importorskip("distributed")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A folder of articles: the cross-article ones, an HTML page, and many copies."""
    root = tmp_path_factory.mktemp("archive")
    for src in sorted((FIXTURES / "cross").rglob("*.txt")):
        shutil.copy(src, root / f"{src.parent.name}-{src.name}")
    shutil.copy(FIXTURES / "html" / "quarterly-table.html", root)
    base = (FIXTURES / "cross" / "periods" / "q3.txt").read_text("utf-8")
    for i in range(30):
        (root / f"copy-{i:02}.txt").write_text(base, "utf-8")
    return root


def test_a_cluster_run_is_byte_identical_to_a_local_run(archive):
    local = CliRunner().invoke(main, ["--format", "json", str(archive)])
    dask = CliRunner().invoke(main, ["--dask", "local", "--format", "json", str(archive)])
    assert local.exit_code == dask.exit_code == 1  # the cross-article conflicts fail the gate in both
    assert dask.stdout == local.stdout
    assert '"cross_article"' in dask.stdout


def test_a_worker_that_dies_loses_no_article(archive, capsys):
    from distributed import Client, LocalCluster

    from verifier.check.across import cross_article
    from verifier.cli import _load_sources
    from verifier.config import apply
    from verifier.dask_run import run_articles
    from verifier.pipeline import run
    from verifier.read import collect_articles
    from verifier.report.json_report import report_dict

    articles = collect_articles([archive])
    levels = (None, set(), {})
    index = _load_sources([])  # ./sources, as the workers load it
    expected = [apply(run(p, sources=index), *levels) for p in articles]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        nanny = next(iter(cluster.workers.values()))
        victim = nanny.worker_address

        def kill():  # mid-run: the workers are importing spaCy or checking their first batches
            time.sleep(0.5)
            os.kill(nanny.process.process.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill)
        killer.start()
        got = run_articles("unused", articles, [], levels, batch_size=1, client=client)
        killer.join()
        assert "were checked again" in capsys.readouterr().err
        assert victim not in client.scheduler_info()["workers"]
    assert [report_dict(r) for r in got] == [report_dict(r) for r in expected]
    paths = [str(p) for p in articles]
    assert cross_article(paths, got) == cross_article(paths, expected)


def test_without_the_extra_dask_is_a_one_line_error(archive, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    res = CliRunner().invoke(main, ["--dask", "local", "--format", "json", str(archive)])
    assert res.exit_code == 2
    assert res.stderr.strip() == "verify: error: --dask needs the dask extra: pip install 'verify[dask]'"


def _worker_state():
    import sys

    return "verifier.dask_preload" in sys.modules


def test_a_local_cluster_starts_its_workers_warm_and_sizes_batches_from_the_archive():
    """--dask local forks its workers from a server that imported and warmed the pipeline once;
    an archive goes out in a few batches per worker, not one task per handful of articles."""
    from verifier.dask_run import BATCH, MAX_BATCH, _client, batch_for

    client, cluster = _client("local")
    try:
        assert set(client.run(_worker_state).values()) == {True}
    finally:
        client.close()
        cluster.close()
    assert batch_for(3_000, 2) == 188  # 16 tasks, 8 a worker
    assert batch_for(10_000, 2) == MAX_BATCH and batch_for(100, 2) == BATCH
