"""Archive runs on Dask: the same reports as a local run, cross-article conflicts by a shuffle,
and no article lost with a worker.

Runs on LocalClusters; CI installs dask.distributed through the test extra,
so these skip only where the extra is truly absent.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main

distributed = pytest.importorskip("distributed")

FIXTURES = Path(__file__).parent / "fixtures"
CROSS = FIXTURES / "cross"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A folder of articles: the cross-article ones, an HTML page, and many copies."""
    root = tmp_path_factory.mktemp("archive")
    for src in sorted(CROSS.rglob("*.txt")):
        shutil.copy(src, root / f"{src.parent.name}-{src.name}")
    shutil.copy(FIXTURES / "html" / "quarterly-table.html", root)
    base = (CROSS / "periods" / "q3.txt").read_text("utf-8")
    for i in range(60):
        (root / f"copy-{i:02}.txt").write_text(base, "utf-8")
    return root


@pytest.fixture(scope="module")
def cluster():
    """A cluster as ``--dask local`` starts it, shared by the tests that only read from it."""
    from verifier.dask_run import local_cluster

    with local_cluster(2) as c:
        yield c


def test_a_cluster_run_is_byte_identical_to_a_local_run(archive):
    local = CliRunner().invoke(main, ["--format", "json", str(archive)])
    dask = CliRunner().invoke(main, ["--dask", "local", "--format", "json", str(archive)])
    assert local.exit_code == dask.exit_code == 1  # the cross-article conflicts fail the gate in both
    assert dask.stdout == local.stdout
    assert '"cross_article"' in dask.stdout


def test_the_terminal_report_and_html_reports_are_the_local_runs(archive, cluster, tmp_path, monkeypatch):
    """The workers render each article's text and write its HTML report; the client only prints."""
    runs = {}
    for kind, extra in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster.scheduler_address])):
        (tmp_path / kind).mkdir()
        monkeypatch.chdir(tmp_path / kind)
        res = CliRunner().invoke(main, [str(archive), "--fail-on", "never", *extra])
        assert res.exit_code == 0, res.stderr
        html = {p.name: p.read_bytes() for p in sorted(Path("reports").iterdir())}
        runs[kind] = (res.stdout, res.stderr, html)
    (out_l, err_l, html_l), (out_d, err_d, html_d) = runs["local"], runs["dask"]
    assert out_d == out_l and "Across articles: 3 findings" in out_d
    assert err_d == err_l
    assert len(html_d) == len(list(archive.iterdir())) and html_d == html_l


def _session_and_job(folder: Path):
    import functools

    from verifier.cli import _selected
    from verifier.config import Config
    from verifier.dask_run import Job
    from verifier.read import collect_articles
    from verifier.report.session import Session

    articles = collect_articles([folder])
    session = Session(articles, {"text": None}, Config(html=False), fail_on="error", source_paths=[])
    session.load_ledgers()
    session.active = functools.partial(_selected, select=None, ignore=set())
    session.start_text()
    return articles, session, Job(str(Path.cwd()))


@pytest.mark.parametrize("folder, expected", [("conflict", 3), ("consistent", 0), ("periods", 0)])
def test_cross_article_conflicts_are_found_by_a_shuffle_on_the_cluster(cluster, folder, expected):
    """CN003 on Dask: the client receives each article's text and only the conflicts, never the keyed
    records; the conflicts are the local run's, numbered alike."""
    from distributed import Client

    from verifier.check.across import cross_of_conflicts, cross_of_entries
    from verifier.dask_run import ArchiveRun
    from verifier.pipeline import run

    articles, session, job = _session_and_job(CROSS / folder)
    with Client(cluster) as client, ArchiveRun("unused", articles, session, job, client=client, batch_size=1) as archive:
        streamed = list(archive)
        found = cross_of_conflicts(archive.conflicts(), len(articles))
    assert [p for p, _, _ in streamed] == articles
    assert all(error is None and processed[4] == [] for _, processed, error in streamed)  # no record reached the client
    _, here, _ = _session_and_job(CROSS / folder)  # the same articles processed in this process, as --jobs 1 does
    keyed = [e for p in articles for e in here.process(p, run(p), here.active, False)[4]]
    assert len(found) == expected and found == cross_of_entries(keyed, len(articles))
    assert all(f["rule"] == "CN003" for f in found)


def test_an_unreadable_article_is_one_line_and_the_others_are_checked(cluster, tmp_path):
    for src in sorted((CROSS / "conflict").iterdir()):
        shutil.copy(src, tmp_path / src.name)
    (tmp_path / "empty.txt").write_text("", "utf-8")
    local = CliRunner().invoke(main, ["--format", "json", "--jobs", "1", str(tmp_path)])
    dask = CliRunner().invoke(main, ["--dask", cluster.scheduler_address, "--format", "json", str(tmp_path)])
    assert local.exit_code == dask.exit_code == 2
    assert dask.stdout == local.stdout and len(json.loads(dask.stdout)["reports"]) == 3
    assert dask.stderr == local.stderr and "empty.txt" in dask.stderr


def test_a_worker_killed_mid_batch_loses_no_article(archive):
    """SIGKILL to a worker while it is checking a batch: the batch is checked again on the other
    worker (or the restarted one), and the run reports every article as a local run does."""
    from verifier.dask_run import local_cluster

    local = CliRunner().invoke(main, ["--format", "json", str(archive)])
    with local_cluster(2) as cluster:
        nanny = next(iter(cluster.workers.values()))
        victim, pid = nanny.worker_address, nanny.process.process.pid
        killed: dict = {}

        def kill():  # as soon as the scheduler has given the victim a batch to check
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and "busy" not in killed:
                try:
                    ws = cluster.scheduler.workers.get(victim)
                    busy = [str(ts.key) for ts in list(ws.processing)] if ws else []
                except RuntimeError:  # the scheduler changed the set while it was read
                    continue
                if any(key.startswith("_check-") for key in busy):
                    os.kill(pid, signal.SIGKILL)
                    killed["busy"] = busy
                time.sleep(0.002)

        killer = threading.Thread(target=kill)
        killer.start()
        res = CliRunner().invoke(main, ["--dask", cluster.scheduler_address, "--format", "json", str(archive)])
        killer.join()
        assert killed.get("busy"), "the victim never received a batch"
        assert victim not in cluster.scheduler.workers
    assert "left during the run" in res.stderr and "checked again" in res.stderr
    assert res.exit_code == local.exit_code == 1
    assert res.stdout == local.stdout
    assert len(json.loads(res.stdout)["reports"]) == len(list(archive.iterdir()))


def test_without_the_extra_dask_is_a_one_line_error(archive, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    monkeypatch.setitem(sys.modules, "distributed", None)  # not found either (found without importing it)
    res = CliRunner().invoke(main, ["--dask", "local", "--format", "json", str(archive)])
    assert res.exit_code == 2
    assert res.stderr.strip() == "verify: error: --dask needs the dask extra: pip install 'verify[dask]'"


def _worker_state():
    """Forked from the warmed server: what a batch needs is imported before the first one comes."""
    import sys

    wanted = ("verifier.dask_preload", "verifier.dask_run", "verifier.read_html", "verifier.report.session", "verifier.report.terminal",
              "verifier.check.across", "rich.console")
    return all(m in sys.modules for m in wanted)


def test_a_local_cluster_starts_its_workers_warm_and_sizes_batches_from_the_archive(cluster):
    """--dask local forks its workers from a server that imported and warmed the pipeline once;
    an archive goes out in a few batches per worker, not one task per handful of articles."""
    from distributed import Client

    from verifier.dask_run import BATCH, MAX_BATCH, batch_for

    with Client(cluster) as client:
        assert set(client.run(_worker_state).values()) == {True}
    assert batch_for(3_000, 2) == 188  # 16 tasks, 8 a worker
    assert batch_for(10_000, 2) == MAX_BATCH and batch_for(100, 2) == BATCH


def test_the_last_batches_taper_so_the_workers_finish_together():
    from verifier.dask_run import BATCH, MAX_BATCH, batches

    spans = batches(10_000, 2)
    assert [k for k, _ in spans] == [sum(c for _, c in spans[:i]) for i in range(len(spans))] and sum(c for _, c in spans) == 10_000
    counts = [c for _, c in spans]
    assert counts[0] == MAX_BATCH and counts[-2] == BATCH and counts == sorted(counts, reverse=True)
    assert len(spans) < 10_000 // MAX_BATCH + 12  # a dozen small batches at most beyond the full ones
    assert batches(10, 2, 1) == [(i, 1) for i in range(10)]  # a size given is kept


def test_a_key_goes_to_the_same_bucket_in_every_process(cluster):
    """The shuffle's buckets come from a stable hash: each worker process salts ``hash`` of a str its own way."""
    from distributed import Client

    from verifier.dask_run import bucket, parts_for

    keys = [("Amazon", "revenue", None, f"2025-Q{q}", "level", "USD", False) for q in range(1, 5)] + [("小米", "revenue", None, "2025", "level", "CNY", False)]
    with Client(cluster) as client:
        there = client.run(lambda: [bucket(k, 7) for k in keys])
    assert list(there.values()) == [[bucket(k, 7) for k in keys]] * 2
    assert parts_for(1_000, 2) == 2 and parts_for(100_000, 2) == 20  # a reduce task takes at most about 5,000 articles' records


def test_a_run_that_stops_before_checking_closes_the_cluster_it_started(tmp_path):
    """--dask local starts the cluster while the articles are read; a bad path still ends in one line
    and exit 2, and the cluster started meanwhile is closed, not left running."""
    import multiprocessing

    before = set(multiprocessing.active_children())
    res = CliRunner().invoke(main, ["--dask", "local", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "missing.txt" in res.stderr
    left = [p for p in multiprocessing.active_children() if p not in before and p.is_alive()]
    assert left == []


def test_coloured_text_renders_on_the_workers_as_it_does_here(cluster, monkeypatch, tmp_path):
    """The terminal's settings (colour, width) travel with the shard; the workers' text is the local run's.
    (Written to a file: on the forced terminal a progress bar draws frames as time passes.)"""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    folder = str(CROSS / "conflict")
    out = {}
    for kind, extra in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster.scheduler_address])):
        target = tmp_path / f"{kind}.txt"
        res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "-v", "-o", f"text={target}", folder, *extra])
        assert res.exit_code == 0, res.stderr
        out[kind] = target.read_text("utf-8")
    assert "\x1b[" in out["local"] and out["dask"] == out["local"]
