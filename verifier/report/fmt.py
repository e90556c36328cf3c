"""Number formatting for reports; it lives in verifier.numfmt so checks can use it too."""

from verifier.numfmt import interval, number, pct, value

__all__ = ["interval", "number", "pct", "value"]
