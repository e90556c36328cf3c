"""The command line: ``verify [OPTIONS] PATH...``.

Exit codes are a contract with CI: 0 pass, 1 a finding at or above
``--fail-on`` remains (and is not reviewed in the claims/ ledger), 2 bad
usage or unreadable input (one line on stderr, never a traceback). A bug in
verify also exits 2, so a crash never reads as "findings remain".
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from pathlib import Path

import click

from verifier import __version__
from verifier.errors import UsageError, VerifyError
from verifier.report.output import FORMATS

def _split(values) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS), help="Report format; repeat for several (default: text, plus the HTML report).")
@click.option("--output", "-o", "outputs", multiple=True, metavar="[FORMAT=]PATH", help="Write a format to a file instead of standard output; repeat as FORMAT=PATH for several.")
@click.option("--sources", "sources", multiple=True, metavar="PATH", help="A source table or folder of them; repeatable.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=None, help="Lowest severity that fails the gate (exit 1)  [default: error].")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules: comma-separated codes, names or code prefixes.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Leave out these rules (comma-separated).")
@click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL", help="Override a rule's severity (error, warning, info); repeatable.")
@click.option("--update-ledger", is_flag=True, help="Write claims/<article-stem>.yaml with the current findings, keeping decisions.")
@click.option("--html/--no-html", "html", default=None, help="With text output, also write reports/<article-stem>.html  [default: on].")
@click.option("--dask", "dask", metavar="ADDRESS|local", help="Check the articles on a Dask cluster (a scheduler address, or local); needs verify[dask].")
@click.option("--list-checks", is_flag=True, help="List the check rules and exit.")
@click.option("--explain", metavar="CODE", help="Show a rule's documentation and exit.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no summary lines.")
@click.option("--verbose", "-v", is_flag=True, help="Show every finding, the figures that hold and notes too (--show all).")
@click.option("--show", "show", multiple=True, metavar="LEVELS", help="Levels to show, comma-separated: error, warning, info, supported, all  [default: error,warning].")
@click.option("--figures", "figures", is_flag=True, help="Also list every figure found, with what it was read as.")
@click.option("--statistics", is_flag=True, help="Count findings per rule at the end.")
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERNS", help="Leave out files in folder walks (gitignore patterns, comma-separated).")
@click.option("--lang", type=click.Choice(["en", "zh-Hant", "zh-Hans"]), default=None, help="Language of the messages and the report's own words  [default: each article's].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for a batch  [default: the machine's cores].")
@click.option("--stdin-filename", metavar="NAME", help="The name standard input stands for (report name, Markdown or text, ledger).")
@click.option("--max-size", "max_size", metavar="SIZE", help="Largest article, ledger or source table read, e.g. 50MB  [default: 256MB; tables 4GB].")
@click.version_option(__version__, prog_name="verify")
def main(paths, **opts):
    """Check the figures in articles (PATH: a file or a folder of .txt/.md)."""
    import gc

    # The pipeline builds hundreds of thousands of long-lived, acyclic objects per megabyte; the
    # cyclic collector's default pace re-walks them all again and again (about a tenth of a 10 MB run).
    gc.freeze()
    gc.set_threshold(100_000, 20, 100)
    try:
        code = _main(paths, **opts)
    except VerifyError as exc:
        from verifier.report.view import show_controls

        click.echo(f"verify: error: {show_controls(exc.message, breaks=True)}", err=True)  # one line, whatever a file is called
        sys.exit(2)
    except Exception as exc:  # a bug in verify: exit 2 like ruff, so CI never reads a crash as "findings remain"
        if os.environ.get("VERIFY_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:300]
        click.echo(f"verify: internal error, a bug in verify: {type(exc).__name__}: {detail} (set VERIFY_DEBUG=1 for the traceback)", err=True)
        sys.exit(2)
    sys.exit(code)


def _main(paths, formats, outputs, sources, fail_on, select, ignore, severities, update_ledger, html, dask, list_checks, explain, quiet, verbose, show, figures, statistics, stdin_filename, max_size, jobs, exclude, lang) -> int:
    from verifier.config import load_config

    cfg = load_config()
    if list_checks or explain:
        from verifier.report.rules_doc import explain_rule, list_checks as listing

        click.echo(explain_rule(explain) if explain else listing(), nl=False)
        return 0
    if not dask:
        return _run(paths, formats, outputs, sources, fail_on, select, ignore, severities, update_ledger, html, None, quiet, verbose, show,
                    figures, statistics, stdin_filename, jobs, exclude, lang, cfg, max_size)
    from verifier import dask_run

    connecting = dask_run.Connection(dask)  # the cluster starts while the articles, ledgers and tables are read
    try:
        return _run(paths, formats, outputs, sources, fail_on, select, ignore, severities, update_ledger, html, connecting, quiet, verbose,
                    show, figures, statistics, stdin_filename, jobs, exclude, lang, cfg, max_size)
    finally:
        connecting.close()  # unless the run took it


def _run(paths, formats, outputs, sources, fail_on, select, ignore, severities, update_ledger, html, connecting, quiet, verbose, show,
         figures, statistics, stdin_filename, jobs, exclude, lang, cfg, max_size=None) -> int:
    """The run itself; ``connecting``: the Dask connection being made (``--dask``), else None."""
    dask = connecting is not None
    max_bytes = _size(max_size) if max_size is not None else None
    implied = not paths and (stdin_filename is not None or not sys.stdin.isatty())
    if implied:
        paths = ("-",)  # `cat a.txt | verify`, like ruff
    if not paths:
        raise UsageError("no article given; usage: verify [OPTIONS] PATH... (try verify --help)")
    fail_on = fail_on or cfg.fail_on
    from verifier.report.terminal import parse_show

    levels = parse_show(show, verbose)
    select_codes, ignore_codes, overrides = _rule_options(cfg, select, ignore, severities)

    from verifier.report.output import plan

    targets = plan(tuple(dict.fromkeys(formats)), outputs)
    if "text" in targets and "html" not in targets and (cfg.html if html is None else html):
        targets["html"] = None

    from verifier.report.session import Session
    from verifier.report.view import show_controls

    unlisted: list[str] = []  # folders below a folder argument that cannot be listed: said, and exit 2 at the end
    articles, piped = _articles(paths, stdin_filename, implied, _split(exclude), unlisted, max_bytes)
    if piped is not None and update_ledger and not stdin_filename:
        raise UsageError("--update-ledger on standard input needs --stdin-filename to name the article")
    if piped is not None and not stdin_filename and html is None and targets.get("html") is None:
        targets.pop("html", None)  # no name to give the HTML report
    source_paths = list(sources) or list(cfg.sources)
    session = Session(articles, targets, cfg, fail_on=fail_on, source_paths=source_paths)
    session.lang = lang  # messages of the ledger stage and across articles, like the check stage's
    session.max_bytes = max_bytes
    session.check_targets(update_ledger)
    session.load_ledgers()
    index = _load_sources(source_paths, max_bytes)  # a bad table stops the run here, before any article
    for line in unlisted:
        click.echo(f"verify: error: {show_controls(line, breaks=True)}", err=True)
    from verifier.config import apply
    from verifier.pipeline import run

    def check(p):
        if piped is not None and p == _stdin_path(stdin_filename):
            from verifier.pipeline import analyse_text
            from verifier.read import prose_masks

            return analyse_text(piped, prose_masks(p, piped.text), index, lang)
        return run(p, sources=index, lang=lang, max_bytes=max_bytes)

    # Each article is reported as soon as it is checked; an unreadable one is one line on
    # stderr and the batch goes on (exit 2 at the end).
    from verifier.errors import InputError

    from verifier.batch import checked, default_jobs, progress

    active = functools.partial(_selected, select=select_codes, ignore=ignore_codes)  # it travels to Dask workers
    session.severity = overrides

    def check_applied(p):
        return session.process(p, apply(check(p), select_codes, ignore_codes, overrides), active, update_ledger)

    try:
        with contextlib.ExitStack() as stack:
            if dask:
                from verifier.dask_run import ArchiveRun, Job

                session.active = active
                stdin = (_stdin_path(stdin_filename), piped) if piped is not None else None
                job = Job(str(Path.cwd()), tuple(source_paths), (select_codes, ignore_codes, overrides), lang, update_ledger, stdin, max_bytes)
                stream = archive = stack.enter_context(ArchiveRun("", articles, session, job, connecting=connecting))
            else:
                stream = checked(articles, check_applied, jobs or default_jobs())
            session.start_text(quiet=quiet, show=levels, figures=figures, statistics=statistics, lang=lang)
            bar = progress(session.progress_console(), len(articles))
            failed = []
            with bar or contextlib.nullcontext():
                task = bar.add_task("", total=len(articles), figures=0, findings=0, rate="") if bar else None
                started = time.perf_counter()
                for done, (p, result, error) in enumerate(stream, 1):
                    if error is not None:
                        if len(articles) == 1:
                            raise InputError(error)
                        click.echo(f"verify: error: {show_controls(error, breaks=True)}", err=True)
                        failed.append(p)
                    else:
                        session.take(result, live=bar is not None)
                    if bar:
                        figs, finds = result[3] if result else (0, 0)
                        rate = done / max(time.perf_counter() - started, 1e-9)
                        fields = bar.tasks[0].fields
                        bar.update(task, advance=1, figures=fields["figures"] + figs, findings=fields["findings"] + finds, rate=f"{rate:.1f} articles/s")
            session.say_sources(index, any(_selected(r.code, select_codes, ignore_codes) for r in _source_rules()))
            from verifier.check.across import cross_of_conflicts, cross_of_entries

            if dask:
                found = cross_of_conflicts(archive.conflicts(), len(articles), select_codes, ignore_codes, overrides)
            else:
                found = cross_of_entries(session.cross_entries, len(articles), select_codes, ignore_codes, overrides)
            session.set_cross(found)
        session.finish()
    except BaseException:
        session.discard()  # a batch's JSON streamed to --output: its temporary file goes, the old file stays
        raise
    return 2 if failed or unlisted else session.exit_code()


def _stdin_path(name) -> Path:
    return Path(name) if name else Path("-")


def _articles(paths, stdin_filename, implied, exclude=(), unlisted=None, max_bytes=None):
    """Article paths in order, and standard input read once if ``-`` is among them."""
    from verifier.errors import InputError, TooLargeError
    from verifier.read import STDIN, collect_articles, read_stdin

    if paths.count(STDIN) > 1:
        raise UsageError("- (standard input) given twice; give it once")
    articles = collect_articles(paths, exclude, unlisted)
    if STDIN not in paths:
        if stdin_filename:
            raise UsageError("--stdin-filename names standard input, but - is not among the paths")
        return articles, None
    try:
        piped = read_stdin(stdin_filename, max_bytes=max_bytes)
    except InputError as exc:
        if implied and not isinstance(exc, TooLargeError):
            raise UsageError("no article given; usage: verify [OPTIONS] PATH... or pipe the article in (try verify --help)") from None
        raise
    name = _stdin_path(stdin_filename)
    return [name if p == Path(STDIN) else p for p in articles], piped


def _rule_options(cfg, select, ignore, severities):
    from verifier.config import resolve_rules, severity_overrides

    sel = _split(select) if select else cfg.select
    ign = _split(ignore) if ignore else cfg.ignore
    sev = dict(cfg.severity)
    for item in _split(severities):
        rule, eq, level = item.partition("=")
        if not eq:
            raise UsageError(f"--severity {item}: write RULE=LEVEL, e.g. AR002=warning")
        sev[rule.strip()] = level.strip().lower()
    return (None if sel is None else resolve_rules(sel)), resolve_rules(ign), severity_overrides(sev)


def _source_rules():
    from verifier.codes import CODES

    return [c for c in CODES if c.needs_sources]


def _selected(code: str, select, ignore) -> bool:
    return (select is None or code in select) and code not in ignore


_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20,
          "G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30, "T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40}


def _size(text: str) -> int:
    """``--max-size``: bytes, or a number with K, M, G or T (binary multiples, B and iB optional)."""
    import re

    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", text)
    if m is None or m[2].upper() not in _UNITS or float(m[1]) * _UNITS[m[2].upper()] < 1:
        raise UsageError(f"--max-size {text}: write a size such as 50MB, 2GB or 500KB")
    return int(float(m[1]) * _UNITS[m[2].upper()])


def _load_sources(paths: list[str], max_bytes=None):
    """Load every source table once per run; works before verifier.sources exists."""
    try:
        from verifier.sources import load_sources
    except ModuleNotFoundError as exc:
        if exc.name not in ("verifier.sources",):
            raise
        if paths:
            raise UsageError("--sources needs the source-table loader, which this installation of verify lacks") from None
        return None
    return load_sources([str(p) for p in paths], Path.cwd(), max_bytes)
