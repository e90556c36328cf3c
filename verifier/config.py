"""Settings from ``verify.toml`` or ``[tool.verify]`` in pyproject.toml.

A newsroom keeps its gate's settings beside its articles, so CI and every
editor's machine agree. Only the current folder is looked in: ``verify.toml``
(keys at the top level or under ``[tool.verify]``) wins over pyproject.toml.
An option given on the command line replaces that setting; ``severity``
overrides merge, the command line winning per rule. Keys::

    select = ["AR", "source-figure"]     # codes, names or code prefixes
    ignore = ["scale-mismatch"]
    fail-on = "warning"                  # error | warning | never
    sources = ["sources/"]
    reports-dir = "reports"              # where the HTML reports go
    ledger-dir = "claims"                # the reviewed ledger
    html = true                          # write the HTML report with text output
    rules-url = "https://…/{module}.py"  # helpUri in SARIF: {code} {name} {module}
    url = "https://news.example/{stem}/" # an article's address (ClaimReview), unless it gives its own
    reviewer = "Example News Fact Desk"  # the ClaimReview author
    [severity]                           # or [tool.verify.severity]
    percentage-points = "warning"        # a code, name or prefix, as in select

Codes and names come from the codes table (``verifier/codes.py``); a code
that was renamed still works there, and verify says what it is now.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import click

from verifier.errors import UsageError
from verifier.models import Finding
from verifier.pipeline import Result

__all__ = ["Config", "apply", "load_config", "resolve_rules"]

SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "never")


@dataclass
class Config:
    select: Optional[list[str]] = None  # None: every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    sources: list[str] = field(default_factory=list)
    reports_dir: str = "reports"
    ledger_dir: str = "claims"
    html: bool = True
    rules_url: Optional[str] = None
    url: Optional[str] = None  # template: {stem} {path}; front matter or a canonical link wins
    reviewer: Optional[str] = None
    file: Optional[str] = None  # where the settings came from


_KEYS = {f.name.replace("_", "-"): f for f in dataclasses.fields(Config) if f.name != "file"}


def load_config(folder: Path | None = None) -> Config:
    folder = folder or Path.cwd()
    for name in ("verify.toml", "pyproject.toml"):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{name}: cannot read the settings: {exc}") from None
        table = data.get("tool", {}).get("verify")
        if table is None and name == "verify.toml":
            table = {k: v for k, v in data.items() if k != "tool"}
        if table is None:
            continue
        return _from_table(table, name)
    return Config()


def _from_table(table: dict, name: str) -> Config:
    cfg = Config(file=name)
    for key, value in table.items():
        f = _KEYS.get(key)
        if f is None:
            raise UsageError(f"{name}: unknown setting {key!r}; known: {', '.join(sorted(_KEYS))}")
        if key in ("select", "ignore", "sources"):
            value = [value] if isinstance(value, str) else value
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise UsageError(f"{name}: {key} must be a list of strings")
        elif key == "severity":
            if not isinstance(value, dict) or any(v not in SEVERITIES for v in value.values()):
                raise UsageError(f"{name}: severity must map rules to one of {', '.join(SEVERITIES)}")
        elif key == "fail-on" and value not in FAIL_ON:
            raise UsageError(f"{name}: fail-on must be one of {', '.join(FAIL_ON)}")
        elif key == "html" and not isinstance(value, bool):
            raise UsageError(f"{name}: html must be true or false")
        elif key in ("reports-dir", "ledger-dir", "rules-url", "url", "reviewer") and not isinstance(value, str):
            raise UsageError(f"{name}: {key} must be a string")
        elif key == "url":
            try:
                value.format(stem="a", path="a.md")
            except (KeyError, IndexError, ValueError):
                raise UsageError(f"{name}: url {value!r} may use {{stem}} and {{path}} only") from None
        setattr(cfg, f.name, value)
    return cfg


def resolve_rules(tokens: list[str], what: str = "rule") -> set[str]:
    """Rule codes for codes, kebab-case names, code prefixes (``AR``) or ``ALL``.

    A preview rule is chosen only by its own code or name. A renamed code
    resolves to its new one, with a note on standard error.
    """
    from verifier import codes as table
    from verifier.check.registry import all_rules

    known = all_rules(stage=None)
    out: set[str] = set()
    for tok in (t.strip() for t in tokens):
        if not tok:
            continue
        new = table.redirect(tok.upper())
        if new:
            click.echo(f"verify: rule {tok.upper()} was renamed {new}; write {new}", err=True)
            tok = new
        exact = {r.code for r in known if tok.upper() == r.code or tok.lower() == r.name}
        wide = {r.code for r in known if r.status != "preview" and (tok.upper() == "ALL" or r.code.startswith(tok.upper()))}
        hit = exact | wide
        if not hit:
            raise UsageError(f"unknown {what} {tok!r}; verify --list-checks shows the codes and names")
        out |= hit
    return out


def apply(result: Result, select: Optional[set[str]], ignore: set[str], severity: dict[str, str]) -> Result:
    """Drop unselected or ignored findings and apply severity overrides.

    An override changes every finding of the rule except those whose figure
    was found ``supported``: a pass stays a pass whatever the rule's level.
    """
    from verifier.check.registry import all_rules

    preview = {r.code for r in all_rules(stage=None) if r.status == "preview"}
    kept: list[Finding] = []
    for f in result.findings:
        if (f.rule not in select if select is not None else f.rule in preview) or f.rule in ignore:
            continue
        level = severity.get(f.rule)
        if level and f.verdict != "supported" and level != f.severity:
            f = f.model_copy(update={"severity": level})
        kept.append(f)
    return dataclasses.replace(result, findings=kept)


def severity_overrides(items: dict[str, str]) -> dict[str, str]:
    """``{"AR": "warning"}`` → each AR code mapped to ``"warning"``; later, more specific entries win."""
    out: dict[str, str] = {}
    for tok, level in items.items():
        if level not in SEVERITIES:
            raise UsageError(f"severity for {tok} must be one of {', '.join(SEVERITIES)}, not {level!r}")
        for code in resolve_rules([tok]):
            out[code] = level
    return out
