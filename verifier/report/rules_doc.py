"""``--list-checks`` and ``--explain``: the codes table and each rule's documentation.

The documentation is the rule module's docstring, the same text SARIF
carries as help, so there is one place to write it.
"""

from __future__ import annotations

from verifier import codes
from verifier.errors import UsageError


def rows() -> list[tuple[str, str, str, str, str]]:
    """(code, name, severity, status, summary) of every rule, every stage."""
    from verifier.check.registry import all_rules

    return [(r.code, r.name, r.severity, r.status, r.summary) for r in all_rules(stage=None)]


def list_checks() -> str:
    table = rows()
    w_code = max(len(r[0]) for r in table)
    w_name = max(len(r[1]) for r in table)
    out = []
    for c, n, s, status, summ in table:
        tag = "" if status == "stable" else f"[{status}] "
        out.append(f"{c:<{w_code}}  {n:<{w_name}}  {s:<7}  {tag}{summ}\n")
    return "".join(out)


def explain_rule(code: str) -> str:
    from verifier.check.registry import get

    r = get(code)
    if r is None:
        raise UsageError(f"unknown rule {code!r}; verify --list-checks shows the codes and names")
    old = code.strip().upper()
    note = f"{old} was renamed {r.code}.\n\n" if codes.redirect(old) == r.code else ""
    status = "" if r.status == "stable" else f", {r.status}"
    return f"{note}{r.code} {r.name} ({r.severity}{status})\n\n{r.doc or r.summary}\n"
