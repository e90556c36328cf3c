"""The read stage: article files to text, with offsets kept exact.

Every later stage reports character offsets into ``Article.text``, and the
report prints ``text[start:end]`` back to the editor. So the text is the bytes
decoded and nothing else: no newline conversion, no Unicode normalisation,
Markdown kept as written. Only a leading byte order mark is dropped, because
it is an encoding signal and not something the article printed.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Literal, Union

from verifier.errors import InputError, TooLargeError
from verifier.models import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "collect_articles",
    "detect_language",
    "file_problem",
    "is_markdown",
    "markdown_masks",
    "read_article",
]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")

Language = Literal["en", "zh-Hant", "zh-Hans"]

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAVE_AS_UTF8 = "save it as UTF-8 text and try again"


def article_from_text(text: str, path: str = "<text>") -> Article:
    """An article held in memory (tests, benchmarks, callers embedding verify)."""
    return Article(
        path=path,
        text=text,
        # surrogatepass: any str is accepted, lone surrogates included (they hash as their code points)
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        encoding="utf-8",
        language=detect_language(text[:20000]),
    )


STDIN = "-"


def read_stdin(name: Union[str, None] = None, stream=None, max_bytes: Union[int, None] = None) -> Article:
    """Standard input as an article; ``name`` (``--stdin-filename``) stands for its path in reports.
    A stream has no size to check first: reading stops one byte past the limit, and refuses."""
    import sys

    label = Path(name or "standard input")
    limit = max_bytes or MAX_ARTICLE_BYTES
    data = (stream or sys.stdin.buffer).read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{label} is more than the {size_text(limit)} an article may be (--max-size); check what is piped in")
    if not data:
        raise InputError(f"{label} is empty; pipe the article text in, or name a file")
    dec = _decode(data, label)
    if not dec.text.strip():
        raise InputError(f"{label} holds only whitespace; pipe the article text in, or name a file")
    return article_of(name or STDIN, data, dec.text, dec.encoding, confidence=dec.confidence, note=dec.note)


def read_article(path: Union[str, Path], max_bytes: Union[int, None] = None) -> Article:
    """Read one article (at most ``max_bytes``, else ``MAX_ARTICLE_BYTES``); anything that is not
    readable text is an InputError naming the file, so a CI gate exits 2 with a message, not a traceback."""
    p = Path(path)
    data = _read_bytes(p, max_bytes)
    from verifier.read_html import is_html, read_html_article

    if is_html(p):
        return read_html_article(path, data)
    dec = _decode(data, p)
    if not dec.text.strip():
        raise InputError(f"{p} holds only whitespace; add the article text or leave the file out")
    return article_of(path, data, dec.text, dec.encoding, confidence=dec.confidence, note=dec.note)


def article_of(path, data: bytes, text: str, encoding: str, origin=None, confidence: float = 1.0, note=None) -> Article:
    """The Article for text decoded from ``data`` (hashed as read), in whatever format it came."""
    return Article(
        path=str(path),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        encoding_confidence=confidence,
        encoding_note=note,
        language=detect_language(text),
        **({"origin": origin} if origin is not None else {}),
    )


# Files past these sizes are refused before reading: a gate must not stall on a stray
# archive or disk image. An article: ten times the largest newspaper supplement; a source
# table: a few tens of millions of rows. ``--max-size`` sets one limit for every file.
MAX_ARTICLE_BYTES = 256 * 1024 * 1024
MAX_TABLE_BYTES = 4 * 1024 * 1024 * 1024


def file_problem(p: Path, limit: int, what: str = "a file") -> Union[str, None]:
    """What keeps ``p`` from being read as a file of at most ``limit`` bytes, found from its
    status before a byte is read (a FIFO or device would block or never end); None when nothing."""
    try:
        st = os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself; point it at a file"
        if isinstance(exc, FileNotFoundError):
            return "is a symbolic link to a file that does not exist; point it at a file" if os.path.islink(p) else "does not exist; check the path"
        return f"cannot be read ({exc.strerror or exc}); check the file"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return f"is not a regular file (a device, FIFO or socket); name {what}"
    if st.st_size > limit:
        return f"is {size_text(st.st_size)}, past the {size_text(limit)} a file may be (--max-size); check it is the right file"
    return None


def size_text(n: int) -> str:
    """A size as people write it: 300 MB, 12 KB, 80 bytes (binary multiples)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _read_bytes(p: Path, limit: Union[int, None] = None) -> bytes:
    if p.is_dir():
        raise InputError(f"{p} is a folder, not an article; pass it as a folder argument or name a file")
    problem = file_problem(p, limit or MAX_ARTICLE_BYTES, "an article file")
    if problem is not None:
        raise InputError(f"{p} {problem}")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p} does not exist; check the path") from None
    except PermissionError:
        raise InputError(f"{p} cannot be read (permission denied); check its permissions") from None
    except OSError as exc:
        raise InputError(f"{p} cannot be read ({exc.strerror or exc}); check the file") from None
    if not data:
        raise InputError(f"{p} is empty; add the article text or leave the file out")
    return data


def _decode(data: bytes, p: Path):
    """``Decoded`` text, encoding, confidence and a one-line note when the bytes were not clean UTF-8."""
    from verifier.read_encoding import Decoded, decode_legacy

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise InputError(
                    f"{p} starts with a {encoding} byte order mark but is not valid {encoding}; {_SAVE_AS_UTF8}"
                ) from None
            return Decoded(_check_text(text, p), encoding, 1.0)
    if b"\x00" in data:
        raise InputError(
            f"{p} looks like a binary file (it has NUL bytes), not an article; if it is UTF-16 text, {_SAVE_AS_UTF8}"
        )
    try:
        # Most articles are UTF-8; decoding strictly is fast and never guesses.
        return Decoded(_check_text(data.decode("utf-8"), p), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    found = decode_legacy(data)
    if found is None:
        raise InputError(f"{p} is not text in any encoding verify recognises; {_SAVE_AS_UTF8}")
    _check_text(found.text, p)
    return found


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc minus whitespace


def _check_text(text: str, p: Path) -> str:
    """Reject decoded text that is mostly control characters: a binary file
    can decode without error in a single-byte encoding."""
    if len(_CONTROL.findall(text)) > 0.3 * len(text):
        raise InputError(
            f"{p} looks like a binary file (mostly control characters), not an article; {_SAVE_AS_UTF8}"
        )
    return text


# --- language ---------------------------------------------------------------

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> Language:
    """Guess "en", "zh-Hant" or "zh-Hans" for lexicon choice.

    Chinese when CJK ideographs are at least a fifth of the letters: an
    English story quoting a Chinese name stays English, and a Chinese story
    full of AWS, ETF and Claude stays Chinese. The script is decided by
    characters that exist in only one of the two; a tie (no such characters)
    goes to Simplified, the script most Chinese text is written in.
    """
    cjk = _CJK.findall(text)
    letters = len(_LETTER.findall(text))
    if not cjk or len(cjk) < 0.2 * letters:
        return "en"
    traditional, simplified = _script_chars()
    hant = sum(1 for c in cjk if c in traditional)
    hans = sum(1 for c in cjk if c in simplified)
    return "zh-Hant" if hant > hans else "zh-Hans"


@lru_cache(maxsize=1)
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional-only, Simplified-only) characters from the data file."""
    raw = resources.files("verifier").joinpath("data/script_chars.txt").read_text("utf-8")
    pairs = [tok for line in raw.splitlines() if not line.startswith("#") for tok in line.split()]
    bad = [tok for tok in pairs if len(tok) != 2]
    if bad:
        raise ValueError(f"script_chars.txt: tokens must be two characters, got {bad[:5]}")
    return frozenset(t for t, _ in pairs), frozenset(s for _, s in pairs)


# --- finding articles -------------------------------------------------------


def collect_articles(paths: Iterable[Union[str, Path]], exclude: Iterable[str] = (), unlisted: Union[list, None] = None) -> list[Path]:
    """Expand the command line's paths into article files.

    A file named explicitly is taken whatever its suffix: the user asked for
    it. A folder contributes its article files, sorted so reports come out in
    the same order on every machine, skipping what git would not track (the
    ``.gitignore`` files from the repository root down), hidden and vendored
    folders (``node_modules``) and the ``exclude`` patterns (gitignore syntax).
    A folder below that cannot be listed goes into ``unlisted`` as a one-line message
    (the caller reports it and exits 2 at the end); without the list it is an InputError.
    """
    found: dict[Path, None] = {}
    for arg in paths:
        p = Path(arg)
        if str(arg) == STDIN:
            found[p] = None
        elif p.is_dir():
            missed: list[str] = []
            files = sorted(_walk(p, list(exclude), missed))
            if missed and (unlisted is None or not files):
                raise InputError(missed[0])
            if not files:
                raise InputError(f"no articles (.txt, .md, .html) in {p}; check the folder or name the files")
            if unlisted is not None:
                unlisted += missed
            found.update(dict.fromkeys(files))
        elif p.exists():
            found[p] = None
        else:
            raise InputError(f"{p} {file_problem(p, MAX_ARTICLE_BYTES) or 'does not exist; check the path'}")
    return list(found)


def _vendored() -> frozenset[str]:
    from importlib import resources

    text = resources.files("verifier").joinpath("data/vendored_dirs.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _ignore_specs(folder: Path) -> list[tuple[Path, object]]:
    """``.gitignore`` files above ``folder`` up to the repository root (the folder holding .git)."""
    here = folder.resolve()
    chain = [here, *here.parents]
    root = next((d for d in chain if (d / ".git").exists()), None)
    above = chain[1 : chain.index(root) + 1] if root is not None else []
    return [s for d in reversed(above) if (s := _spec(d)) is not None]


def _spec(d: Path):
    import pathspec

    f = d / ".gitignore"
    if not f.is_file():
        return None
    try:
        return d, pathspec.GitIgnoreSpec.from_lines(f.read_text(encoding="utf-8", errors="replace").splitlines())
    except (OSError, ValueError):
        return None


def _ignored(path: Path, specs, is_dir: bool) -> bool:
    for base, spec in specs:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(rel + ("/" if is_dir else "")):
            return True
    return False


def _walk(top: Path, exclude: list[str], missed: list[str]):
    """The article files below ``top``; a folder that cannot be listed is said in ``missed``, not skipped unsaid."""
    import pathspec

    vendored = _vendored()
    top_abs = top.resolve()
    specs = _ignore_specs(top_abs)
    if exclude:
        specs.append((top_abs, pathspec.GitIgnoreSpec.from_lines(exclude)))
    inherited = {top_abs: specs}  # each folder's .gitignore applies below it only
    def unlisted(exc: OSError) -> None:
        try:
            where = top / Path(exc.filename).relative_to(top_abs)
        except (TypeError, ValueError):
            where = top
        missed.append(f"{where} cannot be listed ({exc.strerror or exc}); its articles were not checked")

    for dirpath, dirnames, filenames in os.walk(top_abs, onerror=unlisted):
        d = Path(dirpath)
        specs = inherited.pop(d)
        if (s := _spec(d)) is not None:
            specs = specs + [s]
        dirnames[:] = sorted(n for n in dirnames if not n.startswith(".") and n not in vendored and not _ignored(d / n, specs, True))
        inherited.update({d / n: specs for n in dirnames})
        for name in filenames:
            f = d / name
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES or _ignored(f, specs, False):
                continue
            yield top / f.relative_to(top_abs)


# --- Markdown ---------------------------------------------------------------


def is_markdown(path: Union[str, Path]) -> bool:
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


# Order matters: each pattern runs on the text with earlier matches blanked,
# so a backtick inside a fenced block cannot start an inline code span.
_MD_PATTERNS = [
    re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?=\r?$)", re.S | re.M),  # YAML front matter
    re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?(?:^[ \t]{0,3}\1[`~]*[ \t]*(?=\r?$)|\Z)", re.S | re.M),  # fences
    re.compile(r"<!--.*?(?:-->|\Z)", re.S),  # HTML comments
    re.compile(r"(?<!`)(`+)(?!`)(?:(?!\r?\n[ \t]*\r?\n).)+?(?<!`)\1(?!`)", re.S),  # inline code
    re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)"),  # ](url "title")
    re.compile(r"\b(?:https?|ftp)://[\w\-.~:/?#\[\]@!$&'*+,;=%]*[\w\-~/#@$&*+=%]", re.A),  # bare URLs
]


def markdown_masks(text: str) -> list[tuple[int, int]]:
    """Character ranges of Markdown that are not prose, for extraction to skip.

    Offsets index the raw Markdown, so figures in code, URLs, comments and
    front matter are masked out rather than stripped: removing them would
    shift every offset after them.
    """
    ranges: list[tuple[int, int]] = []
    for pattern in _MD_PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                ranges.append((m.start(), m.end()))
        if ranges:
            text = _blank(text, ranges)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_URL = _MD_PATTERNS[-1]


def url_masks(text: str) -> list[tuple[int, int]]:
    """Bare URLs in plain text: their digits are addresses, not figures."""
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


def prose_masks(path: Union[str, Path], text: str) -> list[tuple[int, int]]:
    """What extraction should skip in this file: Markdown non-prose, or URLs."""
    return markdown_masks(text) if is_markdown(path) else url_masks(text)
