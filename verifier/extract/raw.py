"""A mention while it is being read; ``extract`` turns it into a ``models.Quantity``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Raw:
    start: int
    end: int
    value: float
    step: float  # one unit of the last printed digit, after scaling
    source: str  # "arabic", "cn", "en", "frac", "mult"
    scale: float = 1.0
    scaled: bool = False
    currency: str | None = None
    currency_surface: str | None = None
    unit: str | None = None  # percent, percentage_point, times, ratio, or a pint unit
    kind: str = "number"
    hedge: str | None = None
    per_share: bool = False
    per_unit: str | None = None  # a price per physical unit: USD per oil_barrel
    low: float | None = None
    high: float | None = None
    subunit: bool = False  # counted in cents, pence, 角
    num_end: int = 0  # where the numeral itself ends, before its scale and measure
    notes: list[str] = field(default_factory=list)

    @property
    def bare(self) -> bool:
        """Nothing measured: no currency and no unit."""
        return self.currency is None and self.unit is None
