"""The table of check rules: one stable code per rule, never reused.

A rule is a small module in ``verifier/check/rules`` whose docstring is its
documentation (What it checks / Why it matters / Example / How to fix) and
which registers one function with ``@rule(code, name, severity)``. The
function takes the article's ``Context`` and yields findings.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = ["Rule", "all_rules", "get", "rule"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # default severity of a contradiction; a rule may report lower
    summary: str
    doc: str
    func: Callable[..., Iterable]


_RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str):
    """Register a check function under a stable code and kebab-case name."""

    def wrap(func):
        import sys

        module = sys.modules[func.__module__]
        doc = (module.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else name
        if code in _RULES and _RULES[code].func is not func:
            raise RuntimeError(f"rule code {code} registered twice")
        _RULES[code] = Rule(code, name, severity, summary, doc, func)
        return func

    return wrap


def _load() -> None:
    from verifier.check import rules

    for mod in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"verifier.check.rules.{mod.name}")


_LOADED: list[bool] = []  # set once every rule module is imported (one rule imported early is not all)


def all_rules() -> list[Rule]:
    if not _LOADED:
        _load()
        _LOADED.append(True)
    return [_RULES[c] for c in sorted(_RULES)]


def get(code_or_name: str) -> Rule | None:
    for r in all_rules():
        if code_or_name.upper() == r.code or code_or_name.lower() == r.name:
            return r
    return None
