"""The line and list formats of a batch (concise, GitHub, GitLab, JUnit, ClaimReview), written as each article comes.

Each article's part is rendered where it is checked (a worker too, ``piece``) and written at
once by its format's stream (``stream``) to standard output or to the temporary file that
``commit`` renames over ``--output``; only what a format's header or closing needs is kept
(JUnit's totals, the GitHub job summary's lines, spooled to disk).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Optional

import click

from verifier.errors import UsageError
from verifier.report.view import defuse

FORMATS = ("concise", "github", "gitlab", "junit", "claimreview")


class Options(NamedTuple):
    """What the formats' pieces need of the run, the same in every worker."""

    fail_on: str
    url: Optional[str]
    reviewer: Optional[str]
    today: str


def piece(fmt: str, rep, opts: Options):
    """``fmt``'s part of one article; a ClaimReview article with no address gives its error, raised at the end as before."""
    if fmt == "concise":
        from verifier.report.concise import article_piece

        return article_piece(rep)
    if fmt == "github":
        from verifier.report.github import article_piece

        return article_piece(rep, opts.fail_on)
    if fmt == "gitlab":
        from verifier.report.gitlab import article_piece

        return article_piece(rep)
    if fmt == "junit":
        from verifier.report.junit import article_piece

        return article_piece(rep, opts.fail_on)
    from verifier.report.claimreview import article_piece

    try:
        return article_piece(rep, opts.url, opts.reviewer, opts.today)
    except UsageError as exc:
        return exc


def stream(fmt: str, sink: "Sink"):
    if fmt == "github":
        from verifier.report.github import BatchStream

        return BatchStream(sink)
    if fmt == "junit":
        from verifier.report.junit import BatchStream

        return BatchStream(sink)
    if fmt in ("gitlab", "claimreview"):
        return JsonList(sink)
    return Joined(sink)


class Sink:
    """Where a streamed format goes: standard output as it comes, or ``target``'s temporary file
    (opened at the first write, renamed over ``target`` by ``commit``). ``defused``: no line of the
    text may read as a CI workflow command (every format but GitHub's own commands)."""

    def __init__(self, target: Optional[Path], defused: bool = True):
        self.target, self.defused, self.file = target, defused, None

    def write(self, text: str, ready: bool = False) -> None:
        """``text`` starts a line or follows a piece that ended in no mark; ``ready``: defused already."""
        if self.defused and not ready:
            text = defuse(text)
        if not text:
            return
        if self.target is None:
            click.echo(text, nl=False)
        else:
            self._file().write(text)

    def _file(self):
        if self.file is None:
            from verifier.report.output import AtomicFile

            self.file = AtomicFile(self.target)
        return self.file

    def commit(self) -> None:
        if self.target is not None:
            self._file().commit()
            self.file = None

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()
            self.file = None


class Joined:
    """A format whose batch text is its articles' texts one after another (concise)."""

    def __init__(self, sink: Sink):
        self.sink = sink

    def add(self, text: str) -> None:
        self.sink.write(text)

    def close(self) -> None:
        self.sink.commit()

    def discard(self) -> None:
        self.sink.discard()


def json_list(items) -> str:
    """``json.dumps(list, indent=2)`` from its items' texts at one level's indent, and the line's end."""
    items = list(items)
    return ("[\n  " + ",\n  ".join(items) + "\n]" if items else "[]") + "\n"


class JsonList(Joined):
    """A JSON list of items (GitLab issues, ClaimReviews) written an item at a time: ``json_list``'s text.
    An article's error (ClaimReview's missing address) stops the writing and is raised at ``close``."""

    def __init__(self, sink: Sink):
        super().__init__(sink)
        self.count, self.error = 0, None

    def add(self, items) -> None:
        if isinstance(items, Exception) or self.error is not None:
            self.error = self.error or items
            return
        for item in items:
            self.sink.write(("[\n  " if self.count == 0 else ",\n  ") + item)
            self.count += 1

    def close(self) -> None:
        if self.error is not None:
            self.sink.discard()
            raise self.error
        self.sink.write(("\n]" if self.count else "[]") + "\n")
        self.sink.commit()
