"""Imported once by the fork server a local Dask cluster's workers are forked from.

A spawned worker starts a fresh interpreter: it imports dask.distributed and
then the pipeline, and its first articles load every lexicon, pint's unit
registry and the matching automata, seconds of CPU on each worker that the
one-process run pays once. Forked from a server that did all of that once,
the workers start warm and share those pages until they write to them. The
warm-up checks two short articles of its own words, English and Chinese, so
every lazy table is built; it keeps no article's state. Then it takes the
command line's collector policy (``cli.main``): what it built is frozen out of
the cyclic collector's reach, so no worker's collection writes to (and copies)
every shared page, and the collector runs at the command line's slower pace.
"""

from __future__ import annotations

import distributed  # noqa: F401  (the worker's own imports, done once)
import distributed.nanny  # noqa: F401

import gc

from verifier.pipeline import analyse_text
from verifier.read import article_from_text

for _text in (
    "Acme Corp said revenue rose 12% to $1.2 billion in the third quarter of 2025, beating estimates of $1.1 billion.\n",
    "亞馬遜2025年第四季營收年增20%至355.8億美元，高於預期的350億美元。\n",
    "小米第三季度营收同比增长15%至1000亿元。\n",
):
    analyse_text(article_from_text(_text))
del _text
gc.freeze()
gc.set_threshold(100_000, 20, 100)
