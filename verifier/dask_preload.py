"""Imported once by the fork server a local Dask cluster's workers are forked from.

A spawned worker starts a fresh interpreter: it imports dask.distributed and
then the pipeline, and its first articles load every lexicon, pint's unit
registry and the matching automata, seconds of CPU on each worker that the
one-process run pays once. Forked from a server that did all of that once,
the workers start warm and share those pages until they write to them.

The warm-up does what a worker does with an article (``dask_run._check``):
it reads, checks and renders the articles of ``data/warm-up.tsv`` (our own
words: English, both Chinese scripts, an HTML page) through ``Job.check`` and
``Session.process``, in a temporary folder, so the HTML reader, the terminal
report (rich), the message catalogues and the cross-article keys are loaded
too; checking only the pipeline left each worker some 60 modules to import and
tables to load on its first batch. It keeps no article's state. Then it takes
the command line's collector policy (``cli.main``): what it built is frozen
out of the cyclic collector's reach, so no worker's collection writes to (and
copies) every shared page, and the collector runs at the command line's slower pace.
"""

from __future__ import annotations

import distributed  # noqa: F401  (the worker's own imports, done once)
import distributed.nanny  # noqa: F401

import contextlib
import gc
import tempfile
from pathlib import Path


def _warm_up() -> None:
    from verifier.config import Config
    from verifier.dask_run import Job
    from verifier.lexicon import rows
    from verifier.report.session import Session

    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        paths = []
        for name, text in rows("warm-up.tsv"):
            Path(name).write_text(text.replace("\\n", "\n"), encoding="utf-8")
            paths.append(Path(name))
        session = Session(paths, {"text": None}, Config(), fail_on="error", source_paths=[])
        session.entries = {p: None for p in paths}  # no ledger
        session.start_text()
        job = Job(tmp)
        for p in paths:
            session.process(p, job.check(p), session.active, False)


_warm_up()
gc.freeze()
gc.set_threshold(100_000, 20, 100)
