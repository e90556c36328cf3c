"""Plain frozen data types that cross pipeline stages.

They hold no spaCy or pint objects, so they pickle, compare and serialise,
and the checks run without either library loaded. Offsets are Python ``str``
indices into the article text as decoded (end exclusive).
"""

from __future__ import annotations

import dataclasses
from typing import Literal, NamedTuple, Optional

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

Kind = Literal[
    "amount",  # money or a physical/count quantity
    "percent",  # a percentage (unit "percent")
    "percentage_point",  # a change measured in percentage points
    "multiple",  # doubled, 3x, 兩倍
    "fraction",  # one third, 三分之一 (value is the ratio, unit "ratio")
    "number",  # a bare count or number with no unit
]

Hedge = Literal[
    "approx",  # 約, about, roughly, around
    "nearly",  # 近, nearly, almost: a little below the figure
    "more_than",  # 逾, 超過, more than, over
    "at_least",  # 至少, 以上, at least
    "less_than",  # 不到, under, less than
    "at_most",  # up to, 最多
]


class _Frozen:
    """The few model methods the stages use, for the ``frozen`` types.

    A pydantic dataclass with slots validates as a model does (same schema: an int given
    for a float is a float, a list for a tuple a tuple, an unknown field an error) but holds
    its fields in slots: a claim with its quantity and sentence span is a fifth of the
    memory of models with a ``__dict__`` and a fields-set each, and an article of a hundred
    thousand figures holds that many.
    """

    __slots__ = ()
    _fields = ()  # set by ``frozen``

    def model_copy(self, *, update: dict | None = None):
        """A shallow copy with ``update`` set, unvalidated (as ``BaseModel.model_copy``)."""
        new = object.__new__(type(self))
        for name in self._fields:
            object.__setattr__(new, name, getattr(self, name))
        for name, value in (update or {}).items():
            if name not in self._fields:
                raise AttributeError(f"{type(self).__name__} has no field {name!r}")
            object.__setattr__(new, name, value)
        return new

    @classmethod
    def model_construct(cls, **values):
        """An instance from trusted values, unvalidated; missing fields take their defaults."""
        new = object.__new__(cls)
        for f in dataclasses.fields(cls):
            if f.name in values:
                value = values[f.name]
            elif f.default is not dataclasses.MISSING:
                value = f.default
            else:
                value = f.default_factory()
            object.__setattr__(new, f.name, value)
        return new

    def model_dump(self) -> dict:
        return {name: _dump(getattr(self, name)) for name in self._fields}

    def __iter__(self):
        return ((name, getattr(self, name)) for name in self._fields)


def _dump(x):
    if isinstance(x, _Frozen):
        return x.model_dump()
    if isinstance(x, dict):
        return {k: _dump(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_dump(v) for v in x)
    return x


_as_dataclass = dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))


def frozen(cls):
    """Make ``cls`` (a ``_Frozen`` subclass) a validated, frozen, slotted dataclass; subclasses are decorated too."""
    new = _as_dataclass(cls)
    new._fields = tuple(f.name for f in dataclasses.fields(new))
    _rebind_class_cells(cls, new)
    return new


def _rebind_class_cells(old: type, new: type) -> None:
    """Point zero-argument ``super()`` in the methods at the slotted class that replaced ``old``
    (dataclass ``slots=True`` builds a new class; Python 3.11 leaves the ``__class__`` cells at the old one)."""
    for member in vars(new).values():
        for fn in (member, getattr(member, "__func__", None), getattr(member, "fget", None)):
            for cell in getattr(fn, "__closure__", None) or ():
                try:
                    if cell.cell_contents is old:
                        cell.cell_contents = new
                except ValueError:  # an empty cell
                    pass


@frozen
class Span(_Frozen):
    start: int
    end: int


Interval = tuple[float, float]


class Part(NamedTuple):
    """One part of a figure a single figure may match: the whole (``name`` ""), or a range's midpoint or an end."""

    name: str
    interval: Interval
    point: float


@frozen
class Figure(_Frozen):
    """A printed figure in base units and the interval its printing allows: the one value type.

    ``value`` is in the unit's base (USD, not billions; percent as 24.0); a
    range has ``low`` and ``high`` and ``value`` is its midpoint. ``lo``/``hi``
    bound what the printed figure can stand for: the printed precision
    (``3.2兆`` → 3.15e12..3.25e12) widened or bounded by the hedge. A figure
    in an article (``Quantity``) and in a source table (``SourceRow``) is one;
    ``verifier.rounding`` compares and judges them.
    """

    value: float
    lo: float
    hi: float
    low: Optional[float] = None
    high: Optional[float] = None
    precision: float = 0.0  # half a unit of the last printed digit, in base units
    hedge: Optional[Hedge] = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def interval(self) -> Interval:
        return self.lo, self.hi

    def parts(self) -> tuple[Part, ...]:
        """What a single figure may match: the whole figure, or a range's midpoint, low end and high end.

        A hedge widens a range outward (``~630-660``: its low end reaches below 630,
        its high end above 660); the inner side of each end, and the midpoint, stand
        at the printed precision.
        """
        if not self.is_range:
            return (Part("", (self.lo, self.hi), self.value),)
        p = self.precision
        return (Part("midpoint", (self.value - p, self.value + p), self.value),
                Part("low end", (self.lo, self.low + p), self.low),
                Part("high end", (self.high - p, self.hi), self.high))  # fmt: skip

    def part(self, name: str) -> Part:
        return next(x for x in self.parts() if x.name == name)

    def scaled(self, k: float) -> "Figure":
        """The figure times ``k`` (a unit conversion, or −1 for a fall), as a plain figure.

        A negative ``k`` turns a range over (its low end is the old high end) and drops
        the hedge, whose word would point the other way.
        """
        if k == 1:
            return self
        lo, hi = sorted((self.lo * k, self.hi * k))
        low = high = None
        if self.is_range:
            low, high = sorted((self.low * k, self.high * k))
        return Figure.model_construct(value=self.value * k, lo=lo, hi=hi, low=low, high=high,
                                      precision=abs(self.precision * k), hedge=self.hedge if k > 0 else None)  # fmt: skip


@frozen
class Quantity(Figure):
    """One numeric mention found in the text: a printed figure with its place and unit."""

    start: int
    end: int
    text: str
    unit: str  # ISO currency code, "percent", "percentage_point", "ratio", "dimensionless", or a pint unit name
    kind: Kind
    per_share: bool = False
    sign_word: Optional[str] = None  # e.g. "up", "年增", "fell" immediately attached
    notes: tuple[str, ...] = ()  # e.g. "bare 元 read as CNY from Simplified script"

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)


PeriodKind = Literal["year", "quarter", "half", "month", "date", "fiscal_year", "relative"]


@frozen
class Period(_Frozen):
    """A date or period mention: kept apart from quantities, used by claims."""

    start: int
    end: int
    text: str
    kind: PeriodKind
    label: str  # normalised: "2025", "2025-Q4", "Q4" (year unknown), "2026-02", "2026-02-04", "M02-04" (year unknown), "D10" (day only: 今(10)日), "FY2026", "prev-year"
    year: Optional[int] = None


@frozen
class Extraction(_Frozen):
    quantities: tuple[Quantity, ...] = ()
    periods: tuple[Period, ...] = ()
    unrepresentable: tuple[Span, ...] = ()  # figures too large (or small) to compute with: reported, never checked


@frozen
class Origin(_Frozen):
    """Where an article's text came from when it is not the file's own text (an HTML page).

    ``segments`` are (text offset, file offset, verbatim length) runs, sorted:
    a text offset inside a run's verbatim length maps one to one, past it to
    the run's end. ``line_starts`` are the file's line start offsets, so a
    finding gets the line and column of the file the user has.
    """

    kind: Literal["html"]
    segments: tuple[tuple[int, int, int], ...]
    line_starts: tuple[int, ...]

    def file_offset(self, offset: int) -> int:
        """The file offset a text offset came from."""
        from bisect import bisect_right

        i = bisect_right(self.segments, (offset, float("inf"), 0)) - 1
        if i < 0:
            return self.segments[0][1] if self.segments else 0
        t0, f0, n = self.segments[i]
        return f0 + min(offset - t0, n)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the file (code points) of a text offset."""
        from bisect import bisect_right

        f = self.file_offset(offset)
        i = bisect_right(self.line_starts, f) - 1
        return i + 1, f - self.line_starts[i] + 1


@frozen
class Article(_Frozen):
    path: str
    text: str
    sha256: str
    encoding: str
    encoding_confidence: float = 1.0  # 1.0 for UTF-8 and byte order marks; the detector's for a guess
    encoding_note: Optional[str] = None  # one line when the bytes were not clean UTF-8 (stray bytes named)
    language: str  # "en", "zh-Hant", "zh-Hans"
    origin: Optional[Origin] = None  # set when text was laid out from markup (HTML)


ClaimKind = Literal[
    "amount",
    "change",
    "percentage_point_change",
    "share",
    "ratio",
    "multiple",
    "cagr",
    "estimate",
    "guidance",
    "range",
    "price",
    "count",
]


@frozen
class Comparator(_Frozen):
    """A link from one claim to another it is compared with."""

    relation: str  # "change_from", "compared_with", "above", "below", "beat", "miss", "gap", "up_from", "down_from", "per_day_of", "converted_of"
    target: str  # claim id
    cue: str  # the words that made the link, as printed


@frozen
class Claim(_Frozen):
    id: str
    quantity: Quantity
    kind: ClaimKind
    entity: Optional[str] = None
    metric: Optional[str] = None
    subject: Optional[str] = None  # a word qualifying the metric as printed: "Data-center" revenue, 海外 销量
    period: Optional[str] = None
    period_guessed: bool = False
    entity_guessed: bool = False  # the entity was carried over or taken from the article's main one, not read
    base_period: Optional[str] = None  # for a change: the period it is measured from ("2024-Q4")
    change_basis: Optional[str] = None  # "yoy", "qoq", "cagr", "vs-estimate", "vs-base"
    direction: Optional[str] = None  # "up" / "down" for changes and comparisons
    forecast: bool = False
    attribution: Optional[str] = None
    comparators: tuple[Comparator, ...] = ()
    sentence: Span = Field(default_factory=lambda: Span(start=0, end=0))

    @property
    def start(self) -> int:
        return self.quantity.start

    @property
    def end(self) -> int:
        return self.quantity.end


Severity = Literal["error", "warning", "info"]
Verdict = Literal["supported", "contradicted", "needs-review", "unverifiable"]


PairingHow = Literal["clause", "linked", "table", "matched", "source"]


@frozen
class Pairing(_Frozen):
    """How a finding's figures were put together, so an editor can weigh the reading.

    ``clause``: stated together in one clause or sentence (``rose 15% to $230m from $200m``);
    ``linked``: tied across sentences by explicit wording (``A year earlier, …``, ``去年同期為``);
    ``table``: laid out in one column of a table, the relation (a subtotal) confirmed by the table's
    other columns, where it holds;
    ``matched``: found apart and paired by entity, metric and period; ``source``: a claim
    against a source table's row. ``guessed`` lists what was read from context, not printed.

    A pairing is firm when the wording put the figures together; then no guess entered it
    (figures stated together are compared whoever and whenever they are about). A pairing
    by entity, metric and period relies on them, guessed or not, and is never firm.
    """

    how: PairingHow
    guessed: tuple[str, ...] = ()

    @property
    def firm(self) -> bool:
        return self.how in ("clause", "linked", "table")


@frozen
class Finding(_Frozen):
    id: str = ""
    rule: str  # stable code, e.g. "AR001"
    name: str = ""  # kebab-case rule name
    severity: Severity
    verdict: Verdict
    message: str
    spans: tuple[Span, ...]
    claims: tuple[str, ...]
    evidence: dict = Field(default_factory=dict)
    advice: Optional[str] = None
    pairing: Optional[Pairing] = None
