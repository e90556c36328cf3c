"""Where each report goes, and writing it so a reader never sees half a file.

The ``--output`` rule: ``--output FORMAT=PATH`` (repeatable) sends one format
to a file and implies ``--format FORMAT``; a bare ``--output PATH`` goes to the
one non-text format asked for. Formats without a file go to standard output,
and at most one may. HTML is never written to standard output: its PATH is a
file ending in ``.html`` (one article only) or a folder for
``<article-stem>.html``; by default the folder is ``reports/``. Nothing is ever
written over an input.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Iterable, Optional

from verifier import tempfiles
from verifier.errors import UsageError, VerifyError
from verifier.report.view import display_path

__all__ = ["AtomicFile", "FORMATS", "html_targets", "plan", "protect", "report_names", "write_atomic"]

FORMATS = ("text", "concise", "json", "html", "sarif", "junit", "github", "gitlab", "claimreview")


def plan(formats: tuple[str, ...], outputs: tuple[str, ...]) -> dict[str, Optional[Path]]:
    """Map each requested format to its file, or None for standard output (HTML: None = default folder)."""
    targets: dict[str, Optional[Path]] = {f: None for f in formats}
    bare = []
    for item in outputs:
        fmt, sep, path = item.partition("=")
        if sep and fmt in FORMATS:
            if not path:
                raise UsageError(f"--output {item}: give a path after {fmt}=")
            if targets.get(fmt) is not None:
                raise UsageError(f"--output gives two files for {fmt}; give one")
            if fmt == "html" and _names_stdout(path):
                raise UsageError(_HTML_NOT_STDOUT)
            targets[fmt] = None if path == "-" or _names_stdout(path) else Path(path)
        elif item == "-" or _names_stdout(item):
            continue  # `-o -`: standard output, where the format goes anyway
        else:
            bare.append(item)
    if not targets:
        targets["text"] = None
    if bare:
        open_ = [f for f, t in targets.items() if t is None and f != "text"]
        if len(bare) > 1 or len(open_) != 1:
            raise UsageError(
                "--output PATH needs exactly one non-text format to go with it; "
                "with several formats write --output FORMAT=PATH for each"
            )
        targets[open_[0]] = Path(bare[0])
    if any(item in ("-", "html=-") for item in outputs) and "html" in targets and targets["html"] is None and len(targets) == 1:
        raise UsageError(_HTML_NOT_STDOUT)
    stdout = [f for f, t in targets.items() if t is None and f != "html"]
    if len(stdout) > 1:
        raise UsageError(
            f"{', '.join(stdout)} would all go to standard output; "
            "send all but one to files with --output FORMAT=PATH"
        )
    return targets


_HTML_NOT_STDOUT = "the HTML report is never written to standard output; give a file ending in .html or a folder"
STDOUT_PATHS = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")  # standard output by name: a stream, never a file put there
SPECIAL_FOLDERS = ("/dev", "/proc")  # devices and processes: a report renamed into one would replace what is there


def _names_stdout(path: str) -> bool:
    return os.name != "nt" and os.path.abspath(path) in STDOUT_PATHS


def report_names(paths: list[Path]) -> dict[Path, str]:
    """``<stem>`` per article; articles sharing a stem get their path instead (``drafts_a_x_md``)."""
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    return {p: p.stem if stems[p.stem] == 1 else re.sub(r"[^\w\-]+", "_", display_path(p)).strip("_") for p in paths}


def html_targets(paths: list[Path], names: dict[Path, str], target: Optional[Path], default_dir: str) -> dict[Path, Path]:
    if target is not None and target.suffix.lower() in (".html", ".htm"):
        if len(paths) > 1:
            raise UsageError(f"--output html={target} names one file but there are {len(paths)} articles; give a folder")
        return {paths[0]: target}
    folder = target if target is not None else Path(default_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is a file; HTML reports need a folder or a name ending in .html")
    return {p: folder / f"{names[p]}.html" for p in paths}


KEPT_NAMES = ("verify.toml", "pyproject.toml")  # configuration a report never replaces


def protect(targets: list[Path], inputs: list[Path]) -> None:
    """Refuse to write over an article, source table, ledger or configuration (exit 2),
    onto a folder, or into anything that is not a regular file."""
    guarded = {_real(p) for p in inputs}
    for t in targets:
        if _real(t) in guarded:
            raise UsageError(f"refusing to write over {display_path(t)}, which verify reads or keeps; choose another --output")
        if t.name in KEPT_NAMES:
            raise UsageError(f"refusing to write a report over the configuration {display_path(t)}; choose another --output")
        if t.is_dir():
            raise UsageError(f"{display_path(t)} is a folder; --output needs a file name for this format")
        if (t.exists() and not t.is_file()) or _special(t):
            raise UsageError(f"refusing to write to {display_path(t)}: it is not a regular file (a device, FIFO or socket); choose a file name, or leave --output out for standard output")


def _special(p: Path) -> bool:
    """Under /dev or /proc, as written or once links are followed (/dev/stderr sent to a file is a file)."""
    return os.name != "nt" and any(
        where == folder or where.startswith(folder + "/") for where in (os.path.abspath(p), os.path.realpath(p)) for folder in SPECIAL_FOLDERS)


def _real(p: Path) -> str:
    return os.path.normcase(os.path.realpath(p))


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` and rename it over, so readers see old or new, never half.

    ``text`` may come in pieces (a long HTML report): each is written as it comes."""
    out = AtomicFile(path)
    try:
        for piece in (text,) if isinstance(text, str) else text:
            out.write(piece)
    except BaseException:
        out.discard()
        raise
    out.commit()


class AtomicFile:
    """``write_atomic`` for text that comes while other work goes on (a batch's JSON, an article at a time):
    ``write`` each piece to the temporary file, ``commit`` renames it over ``path``, ``discard`` (a run that
    stopped) removes it, leaving whatever ``path`` held before."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfiles.create(path)  # and the stale ones a killed run left there go
        except OSError as exc:
            raise VerifyError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        try:
            self.fh.write(text)
        except OSError as exc:
            self.discard()
            raise VerifyError(f"cannot write {display_path(self.path)}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.tmp, 0o666 & ~mask)
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise VerifyError(f"cannot write {display_path(self.path)}: {exc.strerror or exc}") from None
        self.fh = None

    def discard(self) -> None:
        if self.fh is None:
            return
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
        self.fh = None
