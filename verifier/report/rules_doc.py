"""``--list-checks`` and ``--explain``: the rule table and each rule's documentation.

The documentation is the rule module's docstring, the same text SARIF
carries as help, so there is one place to write it.
"""

from __future__ import annotations

from verifier.errors import UsageError
from verifier.report.view import UNUSED_CODE, UNUSED_NAME, UNUSED_SEVERITY


def _ledger_doc() -> tuple[str, str]:
    import verifier.ledger as ledger

    doc = (ledger.__doc__ or "").strip()
    return doc.splitlines()[0], doc


def rows() -> list[tuple[str, str, str, str]]:
    from verifier.check.registry import all_rules

    out = [(r.code, r.name, r.severity, r.summary) for r in all_rules()]
    return out + [(UNUSED_CODE, UNUSED_NAME, UNUSED_SEVERITY, "A claims/ ledger entry that matches no current finding.")]


def list_checks() -> str:
    table = rows()
    w_code = max(len(r[0]) for r in table)
    w_name = max(len(r[1]) for r in table)
    return "".join(f"{c:<{w_code}}  {n:<{w_name}}  {s:<7}  {summ}\n" for c, n, s, summ in table)


def explain_rule(code: str) -> str:
    from verifier.check.registry import get

    if code.upper() == UNUSED_CODE or code.lower() == UNUSED_NAME:
        return f"{UNUSED_CODE} {UNUSED_NAME} ({UNUSED_SEVERITY})\n\n{_ledger_doc()[1]}\n"
    r = get(code)
    if r is None:
        raise UsageError(f"unknown rule {code!r}; verify --list-checks shows the codes and names")
    return f"{r.code} {r.name} ({r.severity})\n\n{r.doc or r.summary}\n"
