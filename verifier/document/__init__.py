"""One article as the later stages read it, built once by the read stage.

A ``Document`` holds the text as decoded (every offset indexes it), its format, the
spans extraction skips (``masks``), a folded view of the same length (``fold``: width,
case and script, so lexicons hold a concept once), its sentences, its Markdown tables
and the lexicon hits. Stages take what they need from it instead of recomputing it.

Callers that were written against the text alone (``claims.cues.find(cue, text, …)``)
reach the document through ``reading(doc)``: the pipeline binds the document it is
reading for the duration of one article, in a context variable, and a look-up by a
text that is not that document's scans afresh rather than guess.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, Optional

from verifier import words as _words
from verifier.document.sentences import clause_bounds, clause_marks, sentences
from verifier.document.tables import Tables
from verifier.fold import fold
from verifier.models import Article

__all__ = ["Document", "current", "document_of", "reading"]

Format = Literal["text", "markdown", "html"]


@dataclass(frozen=True, eq=False)
class Document:
    article: Article
    format: Format
    masks: tuple[tuple[int, int], ...]  # what extraction skips: Markdown code, URLs, front matter
    folded: str  # fold(text): len(folded) == len(text), offsets shared
    sentences: tuple[tuple[int, int], ...]
    tables: Optional[Tables]  # Markdown tables, parsed once; None when the text has none
    words: _words.Words  # entity, metric and cue hits, found on the folded view
    clause_marks: tuple[tuple[int, int], ...]  # every clause end, found once: clause look-ups bisect them

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def language(self) -> str:
        return self.article.language

    def clause(self, sent: tuple[int, int], pos: int) -> tuple[int, int]:
        """The clause of ``sent`` holding ``pos``."""
        return clause_bounds(self.text, sent, pos, self.clause_marks)


def _format(article: Article) -> Format:
    from verifier.read import is_markdown

    if article.origin is not None:
        return "html"
    return "markdown" if is_markdown(article.path) else "text"


def document_of(article: Article, masks=None) -> Document:
    """The Document of ``article``; ``masks`` default to what its format leaves out of prose."""
    from verifier.read import prose_masks

    text = article.text
    fmt = _format(article)
    if masks is None:
        masks = prose_masks(article.path, text)
    folded = fold(text)
    return Document(
        article=article,
        format=fmt,
        masks=tuple(tuple(m) for m in masks),
        folded=folded,
        sentences=tuple(sentences(text, article.language)),
        tables=Tables(text) if "|" in text else None,
        words=_words.scan(text, folded),
        clause_marks=clause_marks(text),
    )


_CURRENT: contextvars.ContextVar[Optional[Document]] = contextvars.ContextVar("verifier_document", default=None)


@contextmanager
def reading(doc: Document):
    """Bind ``doc`` as the article being read, for the look-ups that are handed only its text."""
    token = _CURRENT.set(doc)
    try:
        yield doc
    finally:
        _CURRENT.reset(token)


def current(text: str) -> Optional[Document]:
    """The document being read, if ``text`` is its text (compared by value, not identity)."""
    doc = _CURRENT.get()
    return doc if doc is not None and doc.text == text else None
