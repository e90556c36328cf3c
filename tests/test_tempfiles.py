"""A run killed mid-write leaves a temporary file; the next run into that folder removes it,
and nothing it did not make, nor one another run is still writing (issue 10 item 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier import tempfiles
from verifier.cli import main

ROOT = Path(__file__).parents[1]
ARTICLE = "Revenue rose 10% to $11 billion from $10 billion.\n"
# a process that starts writing --output json=PATH and is killed before it renames the file over
WRITER = """
import sys, time
from pathlib import Path
from verifier.report.output import AtomicFile
out = AtomicFile(Path(sys.argv[1]))
out.write('{"half": ')
out.fh.flush()
print(out.tmp, flush=True)
time.sleep(60)
"""


def _killed_mid_write(target: Path) -> Path:
    """The temporary file a SIGKILLed writer of ``target`` left."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True, env=env)
    tmp = Path(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert tmp.exists() and tmp.parent == target.parent
    return tmp


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_next_run_removes_what_a_killed_run_left_and_nothing_else(tmp_path):
    art = tmp_path / "story.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    left = _killed_mid_write(out)
    keep = ["notes.tmp", ".report.json.abcdefgh.tmp", f".x.verify-{os.getppid()}-abcdefgh.tmp"]  # the user's, a live process's
    for name in keep:
        (out.parent / name).write_text("keep", encoding="utf-8")
    below = out.parent / "sub"
    below.mkdir()
    (below / left.name).write_text("not the folder written to", encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-html", "-f", "json", "-o", str(out), str(art)])
    assert res.exit_code == 0, res.stderr
    assert not left.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(keep + ["report.json", "sub"])
    assert [p.name for p in below.iterdir()] == [left.name]


def test_a_sweep_removes_only_verifys_own_stale_temporary_files(tmp_path):
    dead, alive, me = _dead_pid(), os.getppid(), os.getpid()
    names = {
        f".a.json.verify-{dead}-abc_0123.tmp": True,  # its process is gone
        f".b.html.verify-{me}-abc_0123.tmp": True,  # this process has written nothing here: an earlier one's
        f".c.yaml.verify-{alive}-abc_0123.tmp": False,  # another run still writing
        f".d.json.verify-{dead}-abc.tmp": False,  # not a name verify makes
        f"e.json.verify-{dead}-abc_0123.tmp": False,
        f".f.json.verify-{dead}-abc_0123.tmp.bak": False,
    }
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    link = tmp_path / f".g.json.verify-{dead}-abc_0123.tmp"
    link.symlink_to(tmp_path / f".c.yaml.verify-{alive}-abc_0123.tmp")
    removed = tempfiles.sweep(tmp_path)
    assert sorted(removed) == sorted(n for n, gone in names.items() if gone)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([n for n, gone in names.items() if not gone] + [link.name])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times come from /proc")
def test_a_file_older_than_the_process_now_holding_its_pid_is_stale(tmp_path):
    alive = os.getppid()
    old = tmp_path / f".a.json.verify-{alive}-abc_0123.tmp"
    old.write_text("x", encoding="utf-8")
    os.utime(old, (0, 0))  # written long before that process started: the pid was reused
    assert tempfiles.sweep(tmp_path) == [old.name]


def test_temporary_files_are_named_for_the_sweep_and_a_folder_is_swept_once(tmp_path):
    stale = tmp_path / f".a.json.verify-{_dead_pid()}-abc_0123.tmp"
    stale.write_text("x", encoding="utf-8")
    target = tmp_path / ("長" * 200 + ".html")  # a long name still makes a temporary name within the limit
    fd, tmp = tempfiles.create(target)
    os.close(fd)
    assert not stale.exists()
    assert tempfiles._NAME.fullmatch(Path(tmp).name) and f"-{os.getpid()}-" in tmp
    fd, second = tempfiles.create(target)  # the folder is not swept again: the first stays
    os.close(fd)
    assert Path(tmp).exists() and Path(second).exists()


# a batch whose CN003 records went to disk, killed before it could remove its folder
SPILLER = """
import os, signal, sys
from verifier import tempfiles
folder = tempfiles.make_folder("cn003")
open(os.path.join(folder, "records.sqlite"), "wb").write(b"x")
print(folder, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_batch_s_spill_folder_is_removed_by_the_next_run(tmp_path, monkeypatch):
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", SPILLER], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL
    left = Path(run.stdout.strip())
    assert left.is_dir() and left.parent == tmp_path
    mine = tmp_path / f"verify-cn003-{os.getppid()}-abcdefgh"  # a live process's: kept
    mine.mkdir()
    other = tmp_path / "verify-cn003-notours"  # not verify's naming: kept
    other.mkdir()
    link = tmp_path / "verify-cn003-999999999-linklink"  # a link, even with a dead pid: kept
    link.symlink_to(other)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(tempfiles, "_swept", set())
    fresh = Path(tempfiles.make_folder("cn003"))
    assert not left.exists()
    assert mine.is_dir() and other.is_dir() and link.is_symlink() and fresh.is_dir()
