"""Source tables: published figures, with provenance, to check claims against.

A table is CSV or YAML with the columns ``entity, metric, period, value, unit,
source`` and optionally ``published, quote, note, aliases, basis, change, id``
(``sources/README.md`` documents them). ``load_sources`` reads ``sources/`` in
the working folder plus every ``--sources`` path and returns one
``SourceIndex``; the SR rules in ``verifier/check/rules`` ask it for the rows
of a claim's entity and metric and judge the claim against them.

    read.py      CSV/YAML → chunks of columns, with line numbers; rows read back by line
    units.py     unit and value cells → base units and printed figures (models.Figure)
    periods.py   period cells → labels; the base period of a yoy/qoq change
    resolve.py   entity and metric cells → canonical names, basis and change words
    checks.py    per-chunk cell checks (pydantic per column), each naming row and column
    table.py     validated Table: per-row codes, topic groups; SourceRow (a Figure) on demand
    cache.py     validated Tables of big files, kept as data (no pickle)
    index.py     SourceIndex over all tables; load_sources
    match.py     a claim → its topic's rows, by kind and period
    figures.py   rows shown and cited (comparing figures is verifier.rounding)
    judge.py     the rows a source rule weighs: levels, published changes, both periods of a change
    verdicts.py  the Judgement a source rule reports (frozen), and the parts SR001/SR002 share
    findings.py  Judgement → Finding

The verdicts themselves, and their messages, are the SR rules' own
(``verifier/check/rules/sr00*.py``).
"""

from verifier.sources.index import SourceIndex, load_sources, load_table
from verifier.sources.periods import base_period, normalise_period
from verifier.sources.table import SourceRow
from verifier.sources.units import parse_unit, parse_value

__all__ = [
    "SourceIndex",
    "SourceRow",
    "base_period",
    "load_sources",
    "load_table",
    "normalise_period",
    "parse_unit",
    "parse_value",
]
