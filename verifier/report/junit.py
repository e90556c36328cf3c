"""JUnit XML, the format every CI system can show as a test report.

One testsuite per article, one testcase per finding: a ``failure`` when it is
at or above ``--fail-on`` and not reviewed, ``skipped`` when the claims/
ledger accepted or dismissed it, a pass otherwise; an article with no
findings gets one passing testcase. No timestamps or durations, so the same
input gives the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from verifier.ledger import figures
from verifier.report.view import CONTROLS, ArticleReport, fails_gate, is_source_row, source_line

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(s) -> str:
    return _NOT_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(s))


def _details(rep: ArticleReport, f) -> str:
    line, col = rep.position(rep.start(f))
    lines = [f"{rep.path}:{line}:{col}: {f.rule} {f.name} ({f.severity}, {f.verdict})", f.message]
    ev = f.evidence or {}
    for key in ("formula", "arithmetic", "tolerance"):
        if ev.get(key):
            lines.append(f"{key}: {ev[key]}")
    src = ev.get("source")
    if is_source_row(src):
        lines.append("source: " + source_line(src, rep.language))
        if src.get("quote"):
            lines.append(f"quote: {src['quote']}")
    elif isinstance(src, str) and src:
        lines.append(f"source: {src}")
    if f.advice:
        lines.append(f"advice: {f.advice}")
    return "\n".join(lines)


def _suite(rep: ArticleReport, fail_on: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_x(rep.path))
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="language", value=rep.result.article.language)
    ET.SubElement(props, "property", name="fail-on", value=fail_on)
    failures = skipped = tests = 0
    for f in rep.findings():
        tests += 1
        line, col = rep.position(rep.start(f))
        figure = " / ".join(figures(rep.result, f, rep.claims_by_id))
        case = ET.SubElement(suite, "testcase", classname=_x(rep.path), name=_x(f"{f.rule} {f.name} {line}:{col} {figure}"), file=_x(rep.path), line=str(line))
        entry = rep.review(f)
        if entry is not None and entry.reviewed:
            skipped += 1
            ET.SubElement(case, "skipped", message=_x(f"{entry.decision}: {entry.reason}"))
            ET.SubElement(case, "system-out").text = _x(_details(rep, f))
        elif fails_gate(f.severity, fail_on):
            failures += 1
            fail = ET.SubElement(case, "failure", message=_x(f.message), type=f"{f.rule} {f.severity} {f.verdict}")
            fail.text = _x(_details(rep, f))
        else:
            ET.SubElement(case, "system-out").text = _x(_details(rep, f))
    for lf in rep.ledger_findings:
        tests += 1
        figure = ", ".join(lf.entry.figures) or lf.fingerprint
        case = ET.SubElement(suite, "testcase", classname=_x(rep.path), name=_x(f"{lf.rule} {lf.name} {figure}"), file=_x(lf.file))
        text = f"{lf.file}:{lf.line}: {lf.message}" if lf.line else f"{lf.file}: {lf.message}"
        text += f"\nadvice: {lf.advice}" if lf.advice else ""
        if fails_gate(lf.severity, fail_on):
            failures += 1
            ET.SubElement(case, "failure", message=_x(lf.message), type=f"{lf.rule} {lf.severity}").text = _x(text)
        else:
            ET.SubElement(case, "system-out").text = _x(text)
    if tests == 0:
        tests = 1
        ET.SubElement(suite, "testcase", classname=_x(rep.path), name="no findings", file=_x(rep.path))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


COUNTS = ("tests", "failures", "errors", "skipped")


def article_piece(rep: ArticleReport, fail_on: str = "error") -> tuple[str, tuple[int, ...]]:
    """One article's testsuite as its lines stand in the batch's file (one level's indent), and its counts:
    all the batch's header needs of it, so the suite is written as it comes."""
    suite = _suite(rep, fail_on)
    ET.indent(suite, level=1)
    return _refs("  " + ET.tostring(suite, encoding="unicode") + "\n"), tuple(int(suite.get(k)) for k in COUNTS)


def _refs(xml: str) -> str:
    """Bidi overrides and C1 controls as character references: the text stays the same, the file shows none raw."""
    return CONTROLS.sub(lambda m: f"&#x{ord(m.group()):04X};", xml)


def _ends(totals) -> tuple[str, str]:
    """The file before the suites (declaration, ``<testsuites>`` with the totals) and after them."""
    root = ET.Element("testsuites", name="verify")
    for key, n in zip(COUNTS, totals):
        root.set(key, str(n))
    root.text = "\n"
    head, tail = ET.tostring(root, encoding="unicode").split("\n")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n", tail + "\n"


def dumps(reports: list[ArticleReport], fail_on: str = "error") -> str:
    pieces = [article_piece(rep, fail_on) for rep in reports]
    if not pieces:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(ET.Element("testsuites", name="verify", **dict.fromkeys(COUNTS, "0")), encoding="unicode") + "\n"
    head, tail = _ends([sum(c[i] for _, c in pieces) for i in range(len(COUNTS))])
    return head + "".join(text for text, _ in pieces) + tail


class BatchStream:
    """A batch's JUnit file: ``<testsuites>`` carries the totals, so each suite is spooled (defused, to an
    anonymous temporary file) as it comes with only the counts kept, and ``close`` writes it all out."""

    def __init__(self, sink):
        import tempfile

        self.sink = sink
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self.totals = [0] * len(COUNTS)

    def add(self, piece: tuple[str, tuple[int, ...]]) -> None:
        from verifier.report.view import defuse

        text, counts = piece
        self.spool.write(defuse(text))  # its own lines: defused alone as in the whole file
        self.totals = [a + b for a, b in zip(self.totals, counts)]

    def close(self) -> None:
        head, tail = _ends(self.totals)
        self.sink.write(head)
        self.spool.seek(0)
        for chunk in iter(lambda: self.spool.read(1 << 16), ""):
            self.sink.write(chunk, ready=True)
        self.sink.write(tail)
        self.sink.commit()
        self.discard()

    def discard(self) -> None:
        self.sink.discard()
        self.spool.close()
