"""The lexicon hits of an article, for callers that hold only its text (``words.of(text)``).

The hits are found once, when the read stage builds the article's ``Document``
(``verifier/words.py``); this returns that document's, or scans a text that no
document is being read for.
"""

from __future__ import annotations

from verifier import words as _words
from verifier.document import current


def of(text: str) -> _words.Words:
    doc = current(text)
    return doc.words if doc is not None else _words.scan(text)
