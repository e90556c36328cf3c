"""One command-line run after the pipeline: ledgers, files written, output, gate.

Every target is checked before anything is written, so a run that would
overwrite an input stops with exit 2 having changed nothing.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Optional

import click

from verifier import ledger
from verifier.config import Config
from verifier.pipeline import Result
from verifier.report.output import html_targets, protect, report_names, write_atomic
from verifier.report.view import UNUSED_CODE, ArticleReport, display_path


TABLE_SUFFIXES = (".csv", ".tsv", ".yaml", ".yml", ".json")


class Session:
    """Built from the article list before the pipeline runs, so bad targets or ledgers stop it early."""

    def __init__(self, articles: list[Path], targets: dict[str, Optional[Path]], cfg: Config, *, fail_on: str, source_paths: list[str]):
        self.articles, self.targets, self.cfg, self.fail_on = articles, targets, cfg, fail_on
        self.source_paths = [Path(p) for p in source_paths]
        self.names = report_names(articles)
        self.reports: list[ArticleReport] = []
        self.ledger_files = {p: Path(cfg.ledger_dir) / f"{self.names[p]}.yaml" for p in articles}
        self.html_files = html_targets(articles, self.names, targets["html"], cfg.reports_dir) if "html" in targets else {}
        self.entries: dict[Path, Optional[list]] = {}

    def load_ledgers(self) -> None:
        self.entries = {p: ledger.load(f) for p, f in self.ledger_files.items()}

    def add_results(self, results: list[Result], active=lambda rule: True) -> None:
        """``active(rule)``: whether the rule ran; entries for rules left out are neither unused nor dropped."""
        self.active = active
        for path, r in zip(self.articles, results):
            self.add(path, r)

    def add(self, path: Path, r: Result, active=None) -> ArticleReport:
        """One checked article, matched against its ledger."""
        if active is not None:
            self.active = active
        rep = ArticleReport(r)
        rep.source_file = path
        entries = self.entries[path]
        rep.ledger_path = display_path(self.ledger_files[path]) if entries is not None else None
        self._match(rep, entries)
        self.reports.append(rep)
        return rep

    def _match(self, rep: ArticleReport, entries) -> None:
        rep.reviews, unused = ledger.match(rep.fingerprints, entries)
        rep.unused = [e for e in unused if self.active(e.rule)] if self.active(UNUSED_CODE) else []

    def check_targets(self, update_ledger: bool) -> None:
        files = list(self.html_files.values()) + [t for f, t in self.targets.items() if t is not None and f != "html"]
        if update_ledger:
            files += list(self.ledger_files.values())
        inputs = list(self.articles)
        for src in self.source_paths + [Path("sources")]:  # the loader also reads ./sources/
            if src.is_file():
                inputs.append(src)
            elif src.is_dir():
                inputs += [f for f in src.rglob("*") if f.suffix.lower() in TABLE_SUFFIXES]
        protect(files, inputs)

    def update_ledgers(self, reports=None) -> None:
        for rep in self.reports if reports is None else reports:
            path = rep.source_file
            lf = self.ledger_files[path]
            entries = self.entries[path]
            if entries is None and not rep.result.findings:
                continue
            text, added, dropped = ledger.update(rep.result, rep.fingerprints, entries, rep.path, keep=lambda e: not self.active(e.rule))
            write_atomic(lf, text)
            entries = ledger.load(lf)
            click.echo(f"verify: ledger {display_path(lf)}: {len(entries)} entries, {added} new, {dropped} dropped", err=True)
            self._match(rep, entries)
            rep.ledger_path = display_path(lf)

    def write_html(self, reports=None) -> None:
        from verifier.report.html import render_html

        quiet = "text" in self.targets and self.targets.get("text") is None
        for rep in self.reports if reports is None else reports:
            target = self.html_files.get(rep.source_file)
            if target is None:
                continue
            write_atomic(target, render_html(rep, self.fail_on))
            rep.html_path = display_path(target)
            if not quiet:
                click.echo(f"verify: HTML report {rep.html_path}", err=True)

    def start_text(self, quiet: bool = False, show=None, figures: bool = False, statistics: bool = False, lang=None) -> None:
        """Open the terminal report, so each article prints as soon as it is checked."""
        self.term = None
        if "text" in self.targets:
            from verifier.report.terminal import DEFAULT_SHOW, TerminalReport

            self.text_buf = io.StringIO() if self.targets["text"] else None
            self.term = TerminalReport(self.text_buf, show=show or DEFAULT_SHOW, show_figures=figures, fail_on=self.fail_on,
                                       quiet=quiet, statistics=statistics, lang=lang)

    def progress_console(self):
        """Where a progress bar may go: the terminal report's own console (so lines print above it), else stderr."""
        term = getattr(self, "term", None)
        if term is not None and self.targets.get("text") is None:
            return term.out
        from verifier.report.terminal import console

        return console(sys.stderr)

    def process(self, path: Path, result: Result, active, update_ledger: bool) -> tuple:
        """Everything one article needs, done where it was checked (a worker, or here):
        its ledger, HTML report and rendered text; the report itself only if a batch format needs it."""
        rep = self.add(path, result, active=active)
        if update_ledger:
            self.update_ledgers([rep])
        self.write_html([rep])
        self.reports.pop()
        term = getattr(self, "term", None)
        text = term.rendered(rep) if term is not None else None
        gate = bool(rep.gating(self.fail_on) or rep.unused_gating(self.fail_on))
        if rep.result is not None and not self._needs_batch():
            rep = None
        elif rep is not None:
            rep.result.extraction = None  # the reports read claims and findings only
        return text, gate, rep, (len(result.claims), len(result.findings))

    def take(self, processed: tuple, live: bool = False) -> None:
        text, gate, rep, _ = processed
        if text is not None:
            self.term.take(*text, live=live)
        self.gate_failed = getattr(self, "gate_failed", False) or gate
        if rep is not None:
            self.reports.append(rep)

    def _needs_batch(self) -> bool:
        return any(f not in ("text", "html") for f in self.targets)

    def emit_article(self, rep: ArticleReport) -> None:
        """The article is done: print it, note the gate, and let it go unless a whole-batch format needs it."""
        if getattr(self, "term", None) is not None:
            self.term.article(rep)
        self.gate_failed = getattr(self, "gate_failed", False) or bool(rep.gating(self.fail_on) or rep.unused_gating(self.fail_on))
        if not any(f not in ("text", "html") for f in self.targets) and self.reports and self.reports[-1] is rep:
            self.reports.pop()  # memory stays flat over a long batch

    def emit(self, quiet: bool = False, show=None, figures: bool = False, statistics: bool = False) -> None:
        """Everything at once (callers that did not stream)."""
        self.start_text(quiet=quiet, show=show, figures=figures, statistics=statistics)
        for rep in list(self.reports):
            self.emit_article(rep)
        self.finish()

    def finish(self) -> None:
        """The batch total, then the formats that need every article (JSON, SARIF, JUnit, GitHub)."""
        for fmt, target in self.targets.items():
            if fmt == "html":
                continue
            if fmt == "text":
                if self.term is not None:
                    self.term.finish()
                    if target:
                        write_atomic(target, self.text_buf.getvalue())
                continue
            if not self.reports:
                continue
            text = self.render(fmt)
            if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
                from verifier.report.github import summary

                with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:  # the job summary page
                    fh.write(summary(self.reports, self.fail_on))
            if target is None:
                if text:
                    click.echo(text, nl=not text.endswith("\n"))
            else:
                write_atomic(target, text)
                click.echo(f"verify: {fmt} report {display_path(target)}", err=True)

    def render(self, fmt: str) -> str:
        if fmt == "json":
            from verifier.report.json_out import dumps

            return dumps(self.reports)
        if fmt == "sarif":
            from verifier.report.sarif import dumps

            return dumps(self.reports, self.fail_on, rules_url=self.cfg.rules_url or os.environ.get("VERIFY_RULES_URL"))
        if fmt == "junit":
            from verifier.report.junit import dumps

            return dumps(self.reports, self.fail_on)
        if fmt == "concise":
            from verifier.report.concise import render as concise

            return concise(self.reports)
        if fmt == "gitlab":
            from verifier.report.gitlab import dumps as gitlab

            return gitlab(self.reports)
        from verifier.report.github import render

        return render(self.reports, self.fail_on)

    def exit_code(self) -> int:
        return int(getattr(self, "gate_failed", False) or any(r.gating(self.fail_on) or r.unused_gating(self.fail_on) for r in self.reports))
