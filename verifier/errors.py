"""The exceptions verify raises for bad usage and bad input.

Anything in this tree is the user's to fix, so the command line prints its
one-line message and exits with code 2 instead of showing a traceback. Any
other exception is a bug in verify.

    VerifyError
    ├── UsageError            wrong options or arguments
    └── InputError            an article or folder that cannot be read
        ├── SourceTableError  a source table row or cell that cannot be used
        └── TooLargeError     more than --max-size piped in

Every message is one line: what was wrong, then what to do about it.
"""

from __future__ import annotations

from typing import Optional, Union

__all__ = ["InputError", "SourceTableError", "TooLargeError", "UsageError", "VerifyError"]


class VerifyError(Exception):
    """Base class: a problem the user can fix, reported as one line."""

    def __init__(self, message: str) -> None:
        # One line, so a CI log or terminal shows the whole message.
        self.message = " ".join(message.split())
        super().__init__(self.message)


class UsageError(VerifyError):
    """The command line asked for something verify cannot do."""


class InputError(VerifyError):
    """An article is missing, unreadable, empty, binary or undecodable, or a
    folder holds no articles."""


class TooLargeError(InputError):
    """Standard input ran past ``--max-size``: said as such, never read as no input at all."""


class SourceTableError(InputError):
    """A source table cannot be read; names the file, and row and column when
    the problem is in one cell, so the data desk can go straight to it."""

    def __init__(
        self,
        file: str,
        row: Optional[int] = None,
        column: Union[str, int, None] = None,
        problem: str = "cannot be read; check it is CSV or YAML with the columns "
        "entity, metric, period, value, unit, source",
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.problem = problem
        where = [self.file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {problem}")
