"""One command-line run after the pipeline: ledgers, files written, output, gate.

Every target is checked before anything is written, so a run that would
overwrite an input stops with exit 2 having changed nothing.
"""

from __future__ import annotations

import contextlib
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
from verifier.ledger_rules import LedgerContext, run_ledger_rules
from verifier.report.view import ArticleReport, defuse, defuse_chunks, display_path, show_controls


TABLE_SUFFIXES = (".csv", ".tsv", ".yaml", ".yml", ".json")


class Session:
    """Built from the article list before the pipeline runs, so bad targets or ledgers stop it early."""

    def __init__(self, articles: list[Path], targets: dict[str, Optional[Path]], cfg: Config, *, fail_on: str, source_paths: list[str]):
        self.articles, self.targets, self.cfg, self.fail_on = articles, targets, cfg, fail_on
        self.many = len(articles) > 1  # a batch: its articles are also compared with each other
        self.source_paths = [Path(p) for p in source_paths]
        self.names = report_names(articles)
        self.reports: list[ArticleReport] = []
        self.ledger_files = {p: Path(cfg.ledger_dir) / f"{self.names[p]}.yaml" for p in articles}
        self.html_files = html_targets(articles, self.names, targets["html"], cfg.reports_dir) if "html" in targets else {}
        self.entries: dict[Path, Optional[list]] = {}
        self.cross: Optional[list[dict]] = None  # cross-article findings (cross-article-conflict) of a batch
        from verifier.check.across import Store

        self.cross_entries = Store()  # what each article gives the cross-article comparison (compact records, spilled to disk)
        self.active, self.severity = (lambda rule: True), {}
        self.lang: Optional[str] = None  # --lang: the messages' language; None: each article's own
        self.json_stream = None  # a batch's JSON, written as each article is taken (json_out.BatchStream)
        self._json_file = None  # its temporary file with --output json=PATH, renamed over PATH at the end
        self.sarif_stream = None  # a batch's SARIF entries, spooled to temporary files as each article is taken
        self.streams: dict = {}  # a batch's other formats (batch_out.FORMATS), written as each article is taken
        self.today = None  # the ClaimReviews' date, one for the run (set when the format is asked for)
        if "claimreview" in targets:
            from verifier.report.claimreview import today

            self.today = today()
        self.max_bytes: Optional[int] = None  # --max-size: the largest ledger read

    def set_cross(self, found: list[dict]) -> None:
        """Cross-article findings; a batch of one article has none and shows none."""
        self.cross = found if self.many else None

    def shard(self, paths: list[Path]) -> "Session":
        """A copy for a worker on another machine to ``process`` ``paths`` as this session would:
        their ledgers, report names and files, the rendering settings; no output, no other article."""
        s = object.__new__(Session)  # not copy.copy, which would pickle the whole session through __getstate__
        s.__dict__.update(self.__dict__)
        s.articles = list(paths)
        s.names = {p: self.names[p] for p in paths}
        s.ledger_files = {p: self.ledger_files[p] for p in paths}
        s.html_files = {p: self.html_files[p] for p in paths if p in self.html_files}
        s.entries = {p: self.entries.get(p) for p in paths}
        s.reports, s.cross, s.cross_entries, s.text_buf = [], None, type(self.cross_entries)(self.cross_entries.bound), None
        s.json_stream = s._json_file = s.sarif_stream = s._text_file = None
        s.streams = {}
        return s

    _PER_ARTICLE = ("names", "ledger_files", "html_files", "entries")

    def __getstate__(self) -> dict:
        """A shard on its way to a Dask worker: the per-article tables as lists of strings in article
        order. The scheduler unpickles every task's arguments, and a pickled Path costs it ten times
        what a string does (a batch of 256 articles holds some 1,300 of them)."""
        state = dict(self.__dict__)
        for key in ("json_stream", "_json_file", "sarif_stream", "_text_file", "text_buf"):  # the parent's output, never a worker's
            state[key] = None
        state["streams"] = {}
        articles = state.pop("articles")
        state["articles"] = [str(p) for p in articles]
        for key in self._PER_ARTICLE:
            table = state.pop(key)
            state[key] = [(str(v) if isinstance(v, Path) else v) for v in (table.get(p) for p in articles)]
        return state

    def __setstate__(self, state: dict) -> None:
        articles = [Path(p) for p in state.pop("articles")]
        tables = {key: state.pop(key) for key in self._PER_ARTICLE}
        self.__dict__.update(state)
        self.articles = articles
        self.names = dict(zip(articles, tables["names"]))
        self.ledger_files = {p: Path(f) for p, f in zip(articles, tables["ledger_files"])}
        self.html_files = {p: Path(f) for p, f in zip(articles, tables["html_files"]) if f is not None}
        self.entries = dict(zip(articles, tables["entries"]))

    def load_ledgers(self) -> None:
        self.entries = {p: ledger.load(f, self.max_bytes) for p, f in self.ledger_files.items()}

    def add_results(self, results: list[Result], active=lambda rule: True, severity: Optional[dict[str, str]] = None) -> None:
        """``active(rule)``: whether the rule ran; entries for rules left out are neither unused nor dropped.

        ``severity``: the run's overrides, for the ledger stage's findings (the check stage's are applied already).
        """
        self.active, self.severity = active, severity or {}
        for path, r in zip(self.articles, results):
            self.add(path, r)

    def add(self, path: Path, r: Result, active=None) -> ArticleReport:
        """One checked article, matched against its ledger (a renamed code's entries follow it)."""
        if active is not None:
            self.active = active
        rep = ArticleReport(r, lang=self.lang)
        rep.source_file = path
        entries, notes = ledger.follow_redirects(r, rep.fingerprints, self.entries[path])
        self.entries[path] = entries
        for note in notes:
            click.echo(f"verify: ledger {display_path(self.ledger_files[path])}: {note}", err=True)
        rep.ledger_path = display_path(self.ledger_files[path]) if entries is not None else None
        self._match(rep, entries)
        self.reports.append(rep)
        return rep

    def _match(self, rep: ArticleReport, entries) -> None:
        rep.reviews, unused = ledger.match(rep.fingerprints, entries)
        rep.unused = [e for e in unused if self.active(e.rule)]
        from verifier import messages

        with messages.language(self.lang or rep.result.article.language):
            rep.ledger_findings = run_ledger_rules(LedgerContext(rep.path, rep.ledger_path, tuple(rep.unused)), self.active, self.severity)

    def check_targets(self, update_ledger: bool) -> None:
        files = list(self.html_files.values()) + [t for f, t in self.targets.items() if t is not None and f != "html"]
        inputs = list(self.articles)
        for src in self.source_paths + [Path("sources")]:  # the loader also reads ./sources/
            if src.is_file():
                inputs.append(src)
            elif src.is_dir():
                inputs += [f for f in src.rglob("*") if f.suffix.lower() in TABLE_SUFFIXES]
        ledgers = list(self.ledger_files.values())
        for folder in {p.parent for p in ledgers}:  # every reviewed ledger, not only this run's
            if folder.is_dir():
                ledgers += [f for f in folder.iterdir() if f.suffix.lower() in (".yaml", ".yml")]
        protect(files, inputs + ledgers)  # a report never replaces a ledger
        if update_ledger:
            protect(list(self.ledger_files.values()), inputs)

    def say_sources(self, index, source_rules_selected: bool) -> None:
        """One line on standard error: which tables were read, or that the source rules had none."""
        if index is not None:
            tables = ", ".join(f"{t.path} ({len(t):,} row{'' if len(t) == 1 else 's'})" for t in getattr(index, "tables", ()))
            click.echo(f"verify: source tables read: {tables}", err=True)
        elif source_rules_selected:
            where = "the --sources given" if self.source_paths else "no --sources, no sources setting and no ./sources/ folder"
            click.echo(f"verify: warning: no source table loaded ({where}); the source rules checked nothing", err=True)

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
            rep.ledger_path = display_path(lf)
            self._match(rep, entries)

    def write_html(self, reports=None) -> None:
        from verifier.report.html import html_chunks

        quiet = "text" in self.targets and self.targets.get("text") is None
        for rep in self.reports if reports is None else reports:
            target = self.html_files.get(rep.source_file)
            if target is None:
                continue
            write_atomic(target, defuse_chunks(html_chunks(rep, self.fail_on)))
            rep.html_path = display_path(target)
            if not quiet:
                click.echo(f"verify: HTML report {rep.html_path}", err=True)

    def start_text(self, quiet: bool = False, show=None, figures: bool = False, statistics: bool = False, lang=None) -> None:
        """Open the terminal report, so each article prints as soon as it is checked."""
        self.term = None
        if "text" in self.targets:
            from verifier.report.terminal import DEFAULT_SHOW, TerminalReport

            self._text_file = None
            if self.targets["text"]:  # --output text=PATH: written as it comes to a temporary file, renamed over at the end
                from verifier.report.output import AtomicFile

                self._text_file = AtomicFile(self.targets["text"])
            self.text_buf = self._text_file.fh if self._text_file is not None else None
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
        its ledger, HTML report and rendered text; the report itself only if a batch format needs it.
        What it says on stderr (ledger and HTML lines) travels with it, so it prints in article order
        on the terminal that started the run, wherever the worker is."""
        said = io.StringIO()
        with contextlib.redirect_stderr(said):
            rep = self.add(path, result, active=active)
            if update_ledger:
                self.update_ledgers([rep])
            self.write_html([rep])
        self.reports.pop()
        piece = sarif = None
        if self._streams_json():  # rendered here, so what travels back and waits is text, not the report
            from verifier.report.json_out import article_piece

            piece = article_piece(rep)
        if self._streams("sarif"):
            from verifier.report import sarif as sarif_out

            sarif = sarif_out.article_piece(rep)
        more = self._pieces(rep)
        term = getattr(self, "term", None)
        text = term.rendered(rep) if term is not None else None
        gate = bool(rep.gating(self.fail_on) or rep.ledger_gating(self.fail_on))
        keyed = []
        if self.many:
            from verifier.check.across import keyed_entries

            from verifier import messages

            with messages.language(self.lang or result.article.language):
                keyed = keyed_entries(str(rep.path), result)
        if rep.result is not None and not self._needs_batch():
            rep = None
        elif rep is not None:
            rep.result.extraction = None  # the reports read claims and findings only
        note = result.article.encoding_note
        lines = said.getvalue().splitlines() + ([f"verify: warning: {display_path(path)}: {show_controls(note, breaks=True)}"] if note else [])
        return text, gate, rep, (len(result.claims), len(result.findings)), keyed, "\n".join(lines) or None, piece, sarif, more

    def _pieces(self, rep: ArticleReport) -> dict:
        """The article's part of each line or list format a batch streams (batch_out), rendered here."""
        from verifier.report import batch_out

        opts = batch_out.Options(self.fail_on, self.cfg.url, self.cfg.reviewer, self.today)
        return {fmt: batch_out.piece(fmt, rep, opts) for fmt in batch_out.FORMATS if self._streams(fmt)}

    def take(self, processed: tuple, live: bool = False) -> None:
        text, gate, rep, _, keyed, note, piece, sarif, more = processed
        if note:  # its ledger and HTML lines, how the file was decoded when not clean UTF-8: on stderr, in article order
            click.echo(note, err=True)
        self.cross_entries.add(keyed)
        if text is not None:
            self.term.take(*text, live=live)
        self.gate_failed = getattr(self, "gate_failed", False) or gate
        if rep is not None:
            self.reports.append(rep)
        if piece is not None:
            if self.json_stream is None:
                from verifier.report.json_out import BatchStream

                self.json_stream = BatchStream(self._open_json)
            self.json_stream.add(piece)
        if sarif is not None:
            if self.sarif_stream is None:
                from verifier.report.sarif import BatchStream

                self.sarif_stream = BatchStream()
            self.sarif_stream.add(sarif)
        for fmt, part in more.items():
            if fmt not in self.streams:
                from verifier.report import batch_out

                self.streams[fmt] = batch_out.stream(fmt, batch_out.Sink(self.targets[fmt], defused=fmt != "github"))
            self.streams[fmt].add(part)

    def _streams_json(self) -> bool:
        """A batch's JSON is written an article at a time as each is taken (one article's is written whole)."""
        return self._streams("json")

    STREAMED = ("json", "sarif", "concise", "github", "gitlab", "junit", "claimreview")  # the batch formats written from each article's piece, never its report

    def _streams(self, fmt: str) -> bool:
        """Whether a batch's ``fmt`` is made from each article's piece as it is taken (a single article's from its report)."""
        return self.many and fmt in self.targets and fmt in self.STREAMED

    def _needs_batch(self) -> bool:
        """Whether a format needs every article's report until the end (a streamed batch format does not)."""
        return any(f not in ("text", "html") and not self._streams(f) for f in self.targets)

    def _open_json(self):
        """Where the batch's JSON goes from its second article on: standard output as it comes, or the
        temporary file beside ``--output json=PATH`` (``write_atomic``'s, renamed over at the end)."""
        target = self.targets["json"]
        if target is None:
            return lambda text: click.echo(defuse(text), nl=False)
        from verifier.report.output import AtomicFile

        self._json_file = AtomicFile(target)
        return lambda text: self._json_file.write(defuse(text))

    def discard(self) -> None:
        """A run that stopped before ``finish``: the streamed JSON's temporary file goes, the old file stays;
        the cross-article records' store goes too."""
        self.cross_entries.close()
        if getattr(self, "_text_file", None) is not None:
            self._text_file.discard()
            self._text_file = None
        if self.sarif_stream is not None:
            self.sarif_stream.close()
            self.sarif_stream = None
        if self._json_file is not None:
            self._json_file.discard()
            self._json_file = None
        for stream in self.streams.values():
            stream.discard()
        self.streams = {}

    def emit_article(self, rep: ArticleReport) -> None:
        """The article is done: print it, note the gate, and let it go unless a whole-batch format needs it."""
        if getattr(self, "term", None) is not None:
            self.term.take(*self.term.rendered(rep))
        self.gate_failed = getattr(self, "gate_failed", False) or bool(rep.gating(self.fail_on) or rep.ledger_gating(self.fail_on))
        if not any(f not in ("text", "html") for f in self.targets) and self.reports and self.reports[-1] is rep:
            self.reports.pop()  # memory stays flat over a long batch

    def emit(self, quiet: bool = False, show=None, figures: bool = False, statistics: bool = False) -> None:
        """Everything at once (callers that did not stream)."""
        self.start_text(quiet=quiet, show=show, figures=figures, statistics=statistics)
        for rep in list(self.reports):
            self.emit_article(rep)
        self.finish()

    def finish(self) -> None:
        """The batch total, then the formats that need every article (a single article's), and the ends of the streamed batch formats."""
        for fmt, target in self.targets.items():
            if fmt == "html":
                continue
            if fmt == "text":
                if self.term is not None:
                    self.term.finish()
                    if self.cross:
                        from verifier.report.cross import render_text

                        click.echo(defuse(render_text(self.cross, self.term.lang)), file=self.text_buf if target else None, nl=False)
                    if target:
                        self._text_file.commit()
                        self._text_file = None
                continue
            if fmt == "json" and self.json_stream is not None:
                text = self.json_stream.close(self.cross)
                if text is None:  # the batch's JSON is out but for its end, written just now
                    if target is None:
                        click.echo("")
                    else:
                        self._json_file.commit()
                        self._json_file = None
                        click.echo(f"verify: {fmt} report {display_path(target)}", err=True)
                    continue
            elif fmt in self.streams:
                self._close_stream(fmt, target)
                continue
            elif fmt == "sarif" and self.sarif_stream is not None:
                self._write_pieces(target, fmt, self.sarif_stream.pieces(self.fail_on, self._rules_url()))
                self.sarif_stream = None
                continue
            elif not self.reports:
                continue
            else:
                text = self.render(fmt)
            if fmt != "github":  # the GitHub format's own lines are commands, their text escaped
                text = defuse(text)
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

    def _close_stream(self, fmt: str, target: Optional[Path]) -> None:
        """A streamed format's end written and its file renamed over ``target``; GitHub's job summary too."""
        stream = self.streams.pop(fmt)
        if fmt == "github":
            stream.close(os.environ.get("GITHUB_STEP_SUMMARY"))
        else:
            stream.close()
        if target is not None:
            click.echo(f"verify: {fmt} report {display_path(target)}", err=True)

    def _rules_url(self) -> Optional[str]:
        return self.cfg.rules_url or os.environ.get("VERIFY_RULES_URL")

    def _write_pieces(self, target: Optional[Path], fmt: str, pieces) -> None:
        """A format's text written as it is made: on standard output with a newline after, or through a
        temporary file renamed over ``target`` (what ``write_atomic`` of the whole text writes)."""
        if target is None:
            for chunk in defuse_chunks(pieces):
                click.echo(chunk, nl=False)
            click.echo("")
            return
        write_atomic(target, defuse_chunks(pieces))
        click.echo(f"verify: {fmt} report {display_path(target)}", err=True)

    def render(self, fmt: str) -> str:
        if fmt == "json":
            from verifier.report.json_out import dumps

            return dumps(self.reports, cross=self.cross)
        if fmt == "sarif":
            from verifier.report.sarif import dumps

            return dumps(self.reports, self.fail_on, rules_url=self._rules_url())
        if fmt == "junit":
            from verifier.report.junit import dumps

            return dumps(self.reports, self.fail_on)
        if fmt == "claimreview":
            from verifier.report.claimreview import dumps as claimreview

            return claimreview(self.reports, url=self.cfg.url, reviewer=self.cfg.reviewer)
        if fmt == "concise":
            from verifier.report.concise import render as concise

            return concise(self.reports)
        if fmt == "gitlab":
            from verifier.report.gitlab import dumps as gitlab

            return gitlab(self.reports)
        from verifier.report.github import render

        return render(self.reports, self.fail_on)

    def exit_code(self) -> int:
        from verifier.report.view import fails_gate

        cross = any(fails_gate(f["severity"], self.fail_on) for f in self.cross or ())
        return int(cross or getattr(self, "gate_failed", False)
                   or any(r.gating(self.fail_on) or r.ledger_gating(self.fail_on) for r in self.reports))
