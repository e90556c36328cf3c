"""verify: a numeric fact-checker for newsrooms."""

__version__ = "0.1.0"
