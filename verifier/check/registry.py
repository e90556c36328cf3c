"""Rules as the codes table (``verifier/codes.py``) declares them, loaded on first use.

A rule module's docstring is its documentation (What it checks / Why it
matters / Example / How to fix) and it marks the one function that
implements it with ``@rule(code)``; code, name, severity and status come
from the table only. ``all_rules()`` imports every module the table lists
for a stage, so which rule module happens to be imported first never
decides which rules run.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

from verifier import codes

__all__ = ["Rule", "all_rules", "get", "replaced", "rule"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # default severity of a contradiction; a rule may report lower
    summary: str
    doc: str
    func: Callable[..., Iterable]
    status: str = "stable"
    stage: str = "check"
    module: str = ""


def rule(code: str):
    """Mark the function that implements ``code``; everything else about the rule is in the codes table."""

    def wrap(func):
        func.rule_code = code
        return func

    return wrap


def _load(entry: codes.Code) -> Rule:
    mod = importlib.import_module(entry.module)
    funcs = [f for f in vars(mod).values() if callable(f) and getattr(f, "rule_code", None) == entry.code]
    if len(funcs) != 1 or funcs[0].__module__ != mod.__name__:
        raise RuntimeError(f"{entry.module} must mark exactly one function @rule({entry.code!r})")
    doc = (mod.__doc__ or "").strip()
    summary = doc.splitlines()[0] if doc else entry.name
    return Rule(entry.code, entry.name, entry.severity, summary, doc, funcs[0], entry.status, entry.stage, entry.module)


_loaded: dict[str, Rule] = {}  # code -> Rule, filled from the table on first use
_stand_in: Optional[list[Rule]] = None  # set by ``replaced`` (tests)


def _rules() -> list[Rule]:
    if _stand_in is not None:
        return _stand_in
    for entry in codes.CODES:
        if entry.code not in _loaded:
            _loaded[entry.code] = _load(entry)
    return [_loaded[e.code] for e in codes.CODES]


def all_rules(stage: Optional[str] = "check") -> list[Rule]:
    """Every rule of ``stage`` (None: every stage), in code order."""
    return sorted((r for r in _rules() if stage is None or r.stage == stage), key=lambda r: r.code)


def get(code_or_name: str) -> Optional[Rule]:
    """The rule for a code or name, of any stage; a redirected code gives the rule that replaced it."""
    token = code_or_name.strip()
    code = codes.redirect(token.upper()) or token.upper()
    for r in _rules():
        if code == r.code or token.lower() == r.name:
            return r
    return None


@contextmanager
def replaced(rules: Iterable[Rule]) -> Iterator[list[Rule]]:
    """Run with stand-in rules instead of the table's (for tests of the report layer and the gate)."""
    global _stand_in
    before, _stand_in = _stand_in, list(rules)
    try:
        yield _stand_in
    finally:
        _stand_in = before
