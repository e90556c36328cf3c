"""The terminal report: what an editor reads first, laid out like ruff and Vale.

One line per finding, ``path:line:col: CODE [severity] message`` (clickable in
terminals and editors), then the source line with a caret under the figure,
then the arithmetic, indented. Errors first, then warnings; what held is
counted, not listed, unless asked. Only evidence written for people (strings)
is shown; numbers, intervals and claim ids stay in JSON, so no unrounded
float or internal name reaches the reader. The words are in
``verifier/data/ui/<lang>.yaml``.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from typing import Iterable, Optional

from verifier.pipeline import Result
from verifier.report.ui import LANGS, plural, words
from verifier.report.view import ArticleReport, defuse, fails_gate, is_source_row, row_label, show_controls, source_rows, worst_verdict

LEVELS = ("error", "warning", "info", "supported")
DEFAULT_SHOW = ("error", "warning")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "supported": "green"}
# Evidence keys shown with a label of their own, in this order; other string evidence follows, labelled by its key.
_TEXT_KEYS = ("formula", "arithmetic", "tolerance")
_HIDDEN = {"computed", "inputs", "computed_interval", "stated_interval", "files", "periods", "years"}
_INDENT = "    "
_NO_TTY_WIDTH = 120  # source excerpts are cut to this many cells when output is not a terminal


def level(f) -> str:
    """What a finding is to a reader: a figure that held, or its severity."""
    return "supported" if f.verdict == "supported" else f.severity


def parse_show(values: Iterable[str], verbose: bool = False) -> tuple[str, ...]:
    from verifier.errors import UsageError

    chosen = [v.strip().lower() for item in values for v in item.split(",") if v.strip()]
    if verbose or "all" in chosen:
        return LEVELS
    aliases = {"errors": "error", "warnings": "warning", "notes": "info", "note": "info", "held": "supported"}
    out = []
    for v in chosen:
        v = aliases.get(v, v)
        if v not in LEVELS:
            raise UsageError(f"--show {v}: choose from {', '.join(LEVELS)} or all")
        out.append(v)
    return tuple(dict.fromkeys(out)) or DEFAULT_SHOW


def console(file=None):
    """rich Console: colour on a terminal; NO_COLOR turns it off, FORCE_COLOR on (NO_COLOR wins)."""
    from rich.console import Console

    file = file or sys.stdout
    tty = _isatty(file)
    color = (tty or bool(os.environ.get("FORCE_COLOR"))) and not os.environ.get("NO_COLOR")
    return Console(file=file, no_color=not color, color_system="standard" if color else None, highlight=False,
                   soft_wrap=not tty, force_terminal=color, emoji=False, markup=True,
                   width=None if tty else 10_000, legacy_windows=False)


def _isatty(file) -> bool:
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError):
        return False


def _esc(s) -> str:
    from rich.markup import escape

    return escape(show_controls(str(s)))


class TerminalReport:
    """Prints one article at a time (so a batch streams) and the batch's total at the end."""

    def __init__(self, file=None, *, show: tuple[str, ...] = DEFAULT_SHOW, show_figures: bool = False, fail_on: str = "error",
                 quiet: bool = False, statistics: bool = False, lang: Optional[str] = None):
        self.out = console(file)
        self.tty = _isatty(self.out.file)
        self.show, self.show_figures, self.fail_on, self.quiet, self.statistics = show, show_figures, fail_on, quiet, statistics
        self.lang_override = lang  # None: each article in its own language
        self.langs: set[str] = set()
        self._use(lang or "en")
        self.totals: Counter = Counter()
        self.per_rule: Counter = Counter()
        self.names: dict[str, str] = {}

    def __getstate__(self) -> dict:
        """To render on a worker (``rendered``): the console's settings travel, not its file."""
        state = dict(self.__dict__)
        out = state.pop("out")
        state["_console"] = {"width": out.width, "color_system": out.color_system, "no_color": out.no_color,
                             "force_terminal": out.is_terminal, "soft_wrap": out.soft_wrap}
        return state

    def __setstate__(self, state: dict) -> None:
        import io

        from rich.console import Console

        settings = state.pop("_console")
        self.__dict__.update(state)
        self.out = Console(file=io.StringIO(), highlight=False, emoji=False, markup=True, legacy_windows=False, **settings)

    def _use(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "en"
        self.w = words(self.lang)
        self._colon = self.w["evidence"]["colon"]

    # --- one article --------------------------------------------------------

    def article(self, rep: ArticleReport) -> None:
        """Prints straight to the console; callers that write output go through ``rendered`` and ``take``."""
        r = rep.result
        self._use(self.lang_override or r.article.language)
        self.langs.add(self.lang)
        found = sorted(r.findings, key=lambda f: (LEVELS.index(level(f)), rep.start(f), f.rule, f.id))
        counts = Counter(level(f) for f in r.findings)
        ledger = list(rep.ledger_findings)
        for lf in ledger:
            counts[lf.severity] += 1
        held = self._held(rep)
        for f in r.findings:
            self.per_rule[(f.rule, level(f))] += 1
            self.names[f.rule] = f.name
        for lf in ledger:
            self.per_rule[(lf.rule, lf.severity)] += 1
            self.names[lf.rule] = lf.name
        self.totals.update(articles=1, figures=len(r.claims), held=held, error=counts["error"], warning=counts["warning"],
                           info=counts["info"], flagged=int(bool(counts["error"] or counts["warning"])))
        if self.show_figures:
            self._figures(rep)
        unused = [lf for lf in ledger if lf.severity in self.show]
        shown = [f for f in found if level(f) in self.show]
        # Ledger findings (unused entries): after the article's errors, before its other warnings.
        errors = [f for f in shown if level(f) == "error"]
        for f in errors:
            self._finding(rep, f)
        for lf in unused:
            self._ledger(rep, lf)
        for f in shown[len(errors):]:
            self._finding(rep, f)
        if not self.quiet:
            self._summary(rep, counts, held)

    def _held(self, rep: ArticleReport) -> int:
        """Figures some check looked at, all of whose findings say they hold."""
        return sum(1 for fs in rep.claim_findings().values() if fs and worst_verdict(fs) == "supported")

    def _finding(self, rep: ArticleReport, f) -> None:
        lvl = level(f)
        line, col = rep.position(rep.start(f))
        style = _STYLE[lvl]
        mark = ""
        entry = rep.review(f)
        if entry is not None and entry.reviewed:
            mark = f" [dim]({_esc(entry.decision)}: {_esc(entry.reason)})[/dim]"
        elif fails_gate(f.severity, self.fail_on) and lvl != "supported":
            mark = f" [dim]({self.w['review']['fails_gate']})[/dim]"
        name = words("en")["level"][lvl]  # the bracket is a token tools match, like ruff's codes: always English
        self._print(f"[bold]{_esc(rep.path)}:{line}:{col}:[/bold] [{style}]{f.rule} \\[{name}][/{style}] {_esc(f.message)}{mark}")
        self._excerpt(rep, f)
        self._evidence(f.evidence or {})
        if f.advice:
            self._print(f"{_INDENT}[dim]{self.w['evidence']['advice']}{self._colon}[/dim]{_esc(f.advice)}", indent=True)

    def _ledger(self, rep: ArticleReport, lf) -> None:
        """A finding of the ledger stage, at its line of the ledger file."""
        where = f"{lf.file}:{lf.line or 1}:1"
        style = _STYLE.get(lf.severity, _STYLE["warning"])
        name = words("en")["level"].get(lf.severity, lf.severity)
        mark = f" [dim]({self.w['review']['fails_gate']})[/dim]" if fails_gate(lf.severity, self.fail_on) else ""
        self._print(f"[bold]{_esc(where)}:[/bold] [{style}]{lf.rule} \\[{name}][/{style}] {_esc(lf.message)}{mark}")
        if lf.advice:
            self._print(f"{_INDENT}[dim]{self.w['evidence']['advice']}{self._colon}[/dim]{_esc(lf.advice)}", indent=True)

    def _excerpt(self, rep: ArticleReport, f) -> None:
        """The figure's line, cut to the width around the figure, with carets under every span on it."""
        from rich.cells import cell_len

        start = rep.start(f)
        text = rep.text
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", start)
        le = len(text) if le < 0 else le
        marked = [(s.start - ls, min(s.end, le) - ls) for s in f.spans if ls <= s.start < le]
        line = text[ls:le]
        n = len(line)
        shown: dict[int, tuple[str, int]] = {}

        def char(i: int) -> tuple[str, int]:
            """The i-th character of the line as shown, and its width in cells (only those near the figure are looked at)."""
            if i not in shown:
                c = show_controls(" " if line[i] == "\t" else line[i])
                shown[i] = (c, cell_len(c))
            return shown[i]

        lineno = str(rep.position(start)[0])
        gutter = len(lineno) + 3
        width = (self.out.width if self.tty else _NO_TTY_WIDTH) - gutter - len(_INDENT)
        # A window around the figure: start a little before it, extend while it fits.
        first = start - ls
        lo, total = 0, 0
        for i in range(n):
            total += char(i)[1]
            if total > width:
                break
        if total > width:
            lo = max(0, first - 12)
            before = sum(char(i)[1] for i in range(lo, min(first + 1, n)))
            while lo > 0 and before < width // 3:
                lo -= 1
                before += char(lo)[1]
        hi, used = lo, 0
        while hi < n and used + char(hi)[1] <= width - 2:
            used += char(hi)[1]
            hi += 1
        window = [(char(i)[0], any(a <= i < b for a, b in marked)) for i in range(lo, hi)]
        src = ("…" if lo > 0 else "") + "".join(c for c, _ in window) + ("…" if hi < n else "")
        carets = (" " if lo > 0 else "") + "".join(("^" if m else " ") * cell_len(c) for c, m in window)
        from rich.markup import escape

        pad = " " * len(lineno)
        self._print(f"{_INDENT}[dim]{lineno} |[/dim] {escape(src.rstrip())}")
        self._print(f"{_INDENT}[dim]{pad} |[/dim] [bold]{carets.rstrip()}[/bold]")

    def _evidence(self, ev: dict) -> None:
        labels = self.w["evidence"]
        for key in _TEXT_KEYS:
            v = ev.get(key)
            if isinstance(v, str) and v:
                label = "" if key == "arithmetic" else f"[dim]{labels.get(key, key)}{self._colon}[/dim]"
                self._print(f"{_INDENT}{label}{_esc(v)}", indent=True)
        src = ev.get("source")
        if is_source_row(src):
            self._print(f"{_INDENT}[dim]{labels['source']}{self._colon}[/dim]{_esc(row_label(src, self.lang))}: {_esc(src.get('source', ''))}", indent=True)
            if src.get("quote"):
                self._print(f"{_INDENT}  “{_esc(src['quote'])}”", indent=True)
            if src.get("url") and src.get("url") != src.get("source"):
                self._print(f"{_INDENT}  {_esc(src['url'])}", indent=True)
        elif isinstance(src, str) and src:
            self._print(f"{_INDENT}[dim]{labels['source']}{self._colon}[/dim]{_esc(src)}", indent=True)
        rows = source_rows(ev)
        for _, items in rows:
            for row in items:
                bits = " ".join(str(x) for x in (row.get("figure"), row.get("source")) if x)
                self._print(f"{_INDENT}[dim]{labels['also']}{self._colon}[/dim]{_esc(row_label(row, self.lang))}: {_esc(bits)}".rstrip(), indent=True)
        skip = set(_TEXT_KEYS) | _HIDDEN | {"source"} | {k for k, _ in rows}
        for k, v in ev.items():
            if k in skip:
                continue
            label = labels.get(k, labels["note"])
            if isinstance(v, str) and v:
                self._print(f"{_INDENT}[dim]{label}{self._colon}[/dim]{_esc(v)}", indent=True)
            elif isinstance(v, (list, tuple)) and v and all(isinstance(x, str) for x in v):
                from verifier import messages as msg

                with msg.language(self.lang):
                    self._print(f"{_INDENT}[dim]{label}{self._colon}[/dim]{_esc(msg.join(v))}", indent=True)

    def _figures(self, rep: ArticleReport) -> None:
        """Each figure as read: its value and what it measures, in words of the report's language."""
        from verifier import messages as msg

        w = self.w["figure"]
        with msg.language(self.lang):
            for cl in rep.result.claims:
                q = cl.quantity
                bits = [msg.value(q.value, q.unit) if q.low is None else f"{msg.value(q.low, q.unit)} {w['to']} {msg.value(q.high, q.unit)}"]
                if q.hedge:
                    bits.append(msg.t(f"hedge.{q.hedge}"))
                for label, show in (("entity", msg.entity), ("metric", msg.metric), ("period", msg.period)):
                    val = getattr(cl, label)
                    if val:
                        bits.append(f"{w[label]} {show(val)}")
                line, col = rep.position(q.start)
                self._print(f"[bold]{_esc(rep.path)}:{line}:{col}:[/bold] {_esc(q.text)}  → {_esc(msg.join(bits, 'sep.figures'))}")

    def _summary(self, rep: ArticleReport, counts: Counter, held: int) -> None:
        s = self.w["summary"]
        found = [plural(k, counts[k], self.lang) for k in ("error", "warning") if counts[k]]
        if counts["info"] and "info" in self.show:
            found.append(plural("info", counts["info"], self.lang))
        findings = s["sep"].join(found) or s["no_findings"]
        line = s["article"].format(path=_esc(rep.path), figures=plural("figure", len(rep.result.claims), self.lang), findings=findings)
        self._print(f"[bold]{line}[/bold]")
        extra = []
        if held:
            key = "held" if "supported" in self.show else "held_hidden"
            extra.append(s[key].format(held=plural("held", held, self.lang)))
        if counts["info"] and "info" not in self.show:
            extra.append(s["notes_hidden"].format(notes=plural("info", counts["info"], self.lang)))
        for e in extra:
            self._print(f"  {_esc(e)}")
        if rep.html_path:
            self._print(f"  {s['html'].format(path=_esc(rep.html_path))}")

    def rendered(self, rep: ArticleReport) -> tuple[str, tuple]:
        """One article's text and its counts, for a worker process to hand to ``take``."""
        saved = self.totals, self.per_rule, self.names, self.langs
        self.totals, self.per_rule, self.names, self.langs = Counter(), Counter(), {}, set()
        try:
            if self._plain_text():
                self._lines = []
                self.article(rep)
                return "".join(self._lines), (self.totals, self.per_rule, self.names, self.langs)
            with self.out.capture() as cap:
                self.article(rep)
            return cap.get(), (self.totals, self.per_rule, self.names, self.langs)
        finally:
            self._lines = None
            self.totals, self.per_rule, self.names, self.langs = saved

    def _plain_text(self) -> bool:
        """Not a terminal and no colour: no wrapping and no styles, so a line is its markup's plain text
        (rich's console would lay out each line for the same result, at a tenth of the speed)."""
        return not self.tty and self.out.color_system is None

    def take(self, text: str, counts: tuple, live: bool = False) -> None:
        """An article rendered elsewhere: write it, count it."""
        totals, per_rule, names, langs = counts
        text = defuse(text)  # no line of an article or a file name becomes a CI workflow command
        self.langs |= langs
        self.totals.update(totals)
        self.per_rule.update(per_rule)
        self.names.update(names)
        if live:  # a progress bar is showing: rich prints above it
            from rich.text import Text

            self.out.print(Text.from_ansi(text.rstrip("\n")), soft_wrap=True)
        else:
            self.out.file.write(text)

    # --- the batch ----------------------------------------------------------

    def finish(self) -> None:
        self._use(self.lang_override or (next(iter(self.langs)) if len(self.langs) == 1 else "en"))
        t, s = self.totals, self.w["summary"]
        if self.statistics and self.per_rule:
            self._statistics()
        if self.quiet or t["articles"] < 2:
            return
        arts = plural("article", t["articles"], self.lang)
        figs = plural("figure", t["figures"], self.lang)
        found = [plural(k, t[k], self.lang) for k in ("error", "warning") if t[k]]
        if found:
            total = s["total"].format(**{"findings": s["sep"].join(found), "with": f"{t['flagged']:,}", "articles": arts, "figures": figs})
            self._print(f"[bold]{total}[/bold]")
        else:
            self._print(f"[bold]{s['total_clean'].format(articles=arts, figures=figs)}[/bold]")

    def _statistics(self) -> None:
        self._print(self.w["summary"]["statistics"])
        by_rule: dict[str, Counter] = {}
        for (rule, lvl), n in self.per_rule.items():
            by_rule.setdefault(rule, Counter())[lvl] += n
        width = max(len(f"{sum(c.values()):,}") for c in by_rule.values())
        for rule, c in sorted(by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            parts = self.w["summary"]["sep"].join(plural(k, c[k], self.lang) if k != "supported" else f"{c[k]:,} {self.w['level']['supported']}"
                              for k in LEVELS if c[k])
            self._print(f"  {sum(c.values()):>{width},}  {rule}  {_esc(self.names.get(rule, ''))}  ({parts})")

    def _print(self, markup: str, indent: bool = False) -> None:
        lines = getattr(self, "_lines", None)
        if lines is not None:
            lines.append(plain(markup) + "\n")
            return
        if indent and self.tty:
            from rich.padding import Padding
            from rich.text import Text

            body = markup[len(_INDENT):] if markup.startswith(_INDENT) else markup
            self.out.print(Padding(Text.from_markup(body), (0, 0, 0, len(_INDENT))), soft_wrap=False)
        else:
            self.out.print(markup)


_TAG = re.compile(r"(\\*)\[([a-z#/@][^[]*?)]")  # rich's console markup tag (rich.markup.RE_TAGS)


def plain(markup: str) -> str:
    """The text of console markup without its styles: what rich's ``Text.from_markup(markup, emoji=False).plain``
    gives (escaped brackets restored, control codes rich strips stripped), without building styled text
    for every line; emoji codes in an article (``:smile:``) stay as printed, as on a terminal."""
    from rich.control import strip_control_codes

    if "[" not in markup:
        return strip_control_codes(markup)
    out, pos = [], 0
    for m in _TAG.finditer(markup):
        start = m.start()
        if start > pos:
            out.append(markup[pos:start].replace("\\[", "["))
        pos = m.end()
        backslashes, escaped = divmod(len(m.group(1)), 2)
        out.append("\\" * backslashes)
        if escaped:  # an escaped bracket: text, not a tag
            out.append(m.group(0)[len(m.group(1)):].replace("\\[", "["))
    out.append(markup[pos:].replace("\\[", "["))
    return strip_control_codes("".join(out))


def render(reports: list[ArticleReport | Result], *, show_figures: bool = False, fail_on: str = "error", file=None,
           verbose: bool = False, show: Optional[tuple[str, ...]] = None, quiet: bool = False, statistics: bool = False,
           lang: Optional[str] = None) -> None:
    term = TerminalReport(file, show=show or (LEVELS if verbose else DEFAULT_SHOW), show_figures=show_figures,
                          fail_on=fail_on, quiet=quiet, statistics=statistics, lang=lang)
    for rep in reports:
        term.take(*term.rendered(rep if isinstance(rep, ArticleReport) else ArticleReport(rep)))
    term.finish()
