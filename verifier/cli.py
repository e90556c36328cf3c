"""The command line: ``verify [OPTIONS] PATH...``.

Exit codes are a contract with CI: 0 pass, 1 a finding at or above
``--fail-on`` remains, 2 bad usage or unreadable input (one line on stderr,
never a traceback).
"""

from __future__ import annotations

import sys

import click

from verifier import __version__
from verifier.errors import VerifyError

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "formats", multiple=True, type=click.Choice(["text", "json"]), help="Output format (default: text summary).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True, help="Lowest severity that fails the gate (exit 1).")
@click.option("--quiet", "-q", is_flag=True, help="Findings only, no list of figures.")
@click.version_option(__version__, prog_name="verify")
def main(paths, formats, fail_on, quiet):
    """Check the figures in articles (PATH: a file or a folder of .txt/.md)."""
    try:
        code = _run(paths, formats or ("text",), fail_on, quiet)
    except VerifyError as exc:
        click.echo(f"verify: error: {exc.message}", err=True)
        sys.exit(2)
    sys.exit(code)


def _run(paths, formats, fail_on, quiet) -> int:
    from verifier.errors import UsageError
    from verifier.pipeline import run
    from verifier.read import collect_articles

    if not paths:
        raise UsageError("no article given; usage: verify [OPTIONS] PATH... (try verify --help)")
    results = [run(p) for p in collect_articles(paths)]
    for f in formats:
        if f == "json":
            from verifier.report.json_report import dumps

            click.echo(dumps(results))
        else:
            from verifier.report.terminal import render

            render(results, show_figures=not quiet)
    return gate(results, fail_on)


def gate(results, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    floor = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[f.severity] >= floor for r in results for f in r.findings))
