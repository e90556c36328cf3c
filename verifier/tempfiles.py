"""Temporary files written beside a file and renamed over it, and the ones a killed run left behind.

A run killed mid-write (SIGKILL, a power cut, the OOM killer) cannot remove its temporary
file, so the next run that writes into the same folder does. Each is named
``.<target>.verify-<pid>-<random>.tmp``; one is stale, and removed, when it is a regular file
of this user's and its process is gone, or is this process (which has written nothing there
yet), or started after the file was last written (the pid reused). Nothing else in the folder
is touched: not a file another verify is still writing, not a file verify did not name. A
folder is swept once per process, before the first temporary file goes into it.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
from pathlib import Path

__all__ = ["create", "make_folder", "sweep", "sweep_folders"]

MARK = "verify"
_NAME = re.compile(r"\..+\." + MARK + r"-(?P<pid>[0-9]{1,10})-[a-z0-9_]{8}\.tmp", re.S)  # mkstemp's 8 characters
_TARGET_BYTES = 96  # of the target's name kept in the temporary one, so it stays within a file name's limit
_swept: set[str] = set()  # folders swept by this process (a process-wide fact, not an article's)
_lock = threading.Lock()


def create(path: Path) -> tuple[int, str]:
    """``mkstemp`` beside ``path``, named so a later run knows it for verify's; sweeps the folder first."""
    folder = path.parent
    name = path.name
    while len(os.fsencode(name)) > _TARGET_BYTES:
        name = name[:-1]
    with _lock:  # the sweep is over before this process puts a file of its own there
        key = os.path.realpath(folder)
        if key not in _swept:
            sweep(folder)
            _swept.add(key)
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.{MARK}-{os.getpid()}-", suffix=".tmp")


_FOLDER = re.compile(MARK + r"-(?P<kind>[a-z0-9]+)-(?P<pid>[0-9]{1,10})-[a-z0-9_]{8}")


def make_folder(kind: str) -> str:
    """A private folder in the system's temporary place (``verify-<kind>-<pid>-<random>``), for work a
    run spills to disk (CN003's records); the stale ones of killed runs are removed first, once per process."""
    base = tempfile.gettempdir()
    with _lock:
        key = f"folder:{kind}:{os.path.realpath(base)}"
        if key not in _swept:
            sweep_folders(base, kind)
            _swept.add(key)
    return tempfile.mkdtemp(prefix=f"{MARK}-{kind}-{os.getpid()}-", dir=base)


def sweep_folders(base: str, kind: str) -> list[str]:
    """Remove the folders of ``kind`` a killed run left in ``base``: this user's, not links, their process gone."""
    return _sweep(base, lambda name: (m := _FOLDER.fullmatch(name)) and m["kind"] == kind and m,
                  stat.S_ISDIR, lambda path: shutil.rmtree(path, ignore_errors=True))


def sweep(folder: Path) -> list[str]:
    """Remove the stale temporary files verify left in ``folder`` (not below it); the names removed."""
    return _sweep(folder, _NAME.fullmatch, stat.S_ISREG, os.unlink)


def _sweep(folder, named, of_type, remove) -> list[str]:
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = named(entry.name)
        if not m:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not of_type(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                continue
            if _stale(int(m["pid"]), st.st_mtime):
                remove(entry.path)
                removed.append(entry.name)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _stale(pid: int, written: float) -> bool:
    if pid == os.getpid():
        return True  # this process has written nothing in the folder yet: an earlier process's, same pid
    if pid <= 0 or os.name == "nt":  # Windows: os.kill(pid, 0) would send Ctrl+C, not ask
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # alive (another user's), or it cannot be told: keep it
    started = _started(pid)
    return started is not None and written < started - 2  # btime is whole seconds; a margin, never a live file


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), from /proc; None where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rpartition(b")")[2].split()
        with open("/proc/stat", "rb") as f:
            btime = next(int(line.split()[1]) for line in f if line.startswith(b"btime"))
        return btime + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
