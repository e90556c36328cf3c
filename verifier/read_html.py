"""HTML articles: a saved web page or a CMS export, read as the text a reader sees.

The later stages want plain text with exact offsets, and the editor wants a
finding to point at the line and column of the file they have. So the page is
tokenised once with the standard library's ``html.parser`` (which reports
where every tag, text run and character reference starts in the source),
the article's container is chosen (``<article>``, ``<main>``, an element
marked ``itemprop=articleBody`` or ``role=main``; else ``<body>``), boilerplate
elements inside it are left out, and the text is laid out as Markdown-like
blocks: a blank line between paragraphs, ``#`` before headings, and an HTML
``<table>`` written as a Markdown table so the claims stage reads its headers
as it reads a Markdown table's. Each run of text keeps where it came from in
an ``Origin``, which the report layer uses for SARIF and GitHub positions.

Encoding: a byte order mark, then the page's own ``<meta charset>`` or
``http-equiv`` declaration, then strict UTF-8, then detection.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from verifier.errors import InputError
from verifier.models import Article, Origin

__all__ = ["HTML_SUFFIXES", "is_html", "read_html_article", "html_to_text"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_DECLARED = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@lru_cache(maxsize=1)
def _tags() -> dict[str, frozenset[str]]:
    """Tag classes from verifier/data/html_tags.txt (``class: tag tag ...``)."""
    raw = resources.files("verifier").joinpath("data/html_tags.txt").read_text("utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, tags = line.partition(":")
            out[name.strip()] = frozenset(tags.split())
    return out


def is_html(path) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES


def read_html_article(path, data: bytes) -> Article:
    """An HTML file's article text; a page with no text is an InputError."""
    p = Path(path)
    source, encoding = _decode(data, p)
    text, origin = html_to_text(source)
    if not text.strip():
        raise InputError(f"{p} is an HTML page with no article text verify can find (no paragraphs in <article>, <main> or <body>)")
    from verifier.read import article_of

    return article_of(path, data, text, encoding, origin)


def _decode(data: bytes, p: Path) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"{p} starts with a {enc} byte order mark but is not valid {enc}; save it as UTF-8") from None
    m = _DECLARED.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            raise InputError(f"{p} declares charset {declared!r}, which Python does not know; fix the <meta charset> or save it as UTF-8") from None
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            raise InputError(f"{p} declares charset {declared} but byte {exc.start} is not valid {declared}; fix the <meta charset> or save it as UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from verifier.read_encoding import decode_legacy

    found = decode_legacy(data)
    if found is None:
        raise InputError(f"{p} is not text in any encoding verify recognises; save it as UTF-8")
    return found.text, found.encoding


# --- the tree -----------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict
    parent: "_Node | None" = None
    children: list = field(default_factory=list)  # _Node or (text, offset, verbatim)


class _Builder(HTMLParser):
    """A light tree whose text pieces carry their offset in the source."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.root = _Node("#root", {})
        self.cur = self.root
        self.void = _tags()["void"]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        implied = _tags()["implied_end"]
        if tag in implied and self.cur.tag == tag:  # <p>a<p>b, <li>a<li>b
            self.cur = self.cur.parent or self.root
        node = _Node(tag, {k: (v or "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in self.void:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(_Node(tag, {k: (v or "") for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append((data, self._offset(), True))

    def handle_entityref(self, name):
        self.cur.children.append((unescape(f"&{name};"), self._offset(), False))

    def handle_charref(self, name):
        self.cur.children.append((unescape(f"&#{name};"), self._offset(), False))


def _find(node: _Node, pred) -> "_Node | None":
    stack = [node]
    while stack:
        n = stack.pop(0)
        if pred(n):
            return n
        stack[:0] = [c for c in n.children if isinstance(c, _Node)]
    return None


def _container(root: _Node) -> _Node:
    """The element holding the article: a CMS's known containers first."""
    for pred in (
        lambda n: n.attrs.get("itemprop") == "articleBody",
        lambda n: n.tag == "article",
        lambda n: n.tag == "main" or n.attrs.get("role") == "main",
        lambda n: n.tag == "body",
    ):
        found = _find(root, pred)
        if found is not None:
            return found
    return root


# --- layout -------------------------------------------------------------------


class _Out:
    """Text being written, with (text offset, source offset, verbatim length) runs."""

    def __init__(self):
        self.parts: list[str] = []
        self.n = 0
        self.segments: list[tuple[int, int, int]] = []
        self.last_src = 0

    def put(self, s: str, src: int | None = None, verbatim: bool = False):
        if not s:
            return
        if src is not None:
            self.segments.append((self.n, src, len(s) if verbatim else 0))
            self.last_src = src + (len(s) if verbatim else 0)
        self.parts.append(s)
        self.n += len(s)

    def text(self) -> str:
        return "".join(self.parts)

    def tail(self) -> str:
        return "".join(self.parts[-3:])[-2:]

    def block(self):
        """End the current block with a blank line (once)."""
        t = self.tail()
        if self.n and t != "\n\n":
            self.put("\n\n" if not t.endswith("\n") else "\n", self.last_src)


_SPACE = re.compile(r"\s+")
_WIDE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")


def _inline(node: _Node, out: _Out, skip: frozenset[str]):
    for c in node.children:
        if isinstance(c, _Node):
            if c.tag in skip:
                continue
            if c.tag == "br":
                out.put("\n", out.last_src)
            else:
                _inline(c, out, skip)
            continue
        text, src, verbatim = c
        if not verbatim:
            out.put(text, src)
            continue
        # collapse whitespace as a browser does, keeping offsets of each word run
        pos = 0
        for m in _SPACE.finditer(text):
            if m.start() > pos:
                out.put(text[pos : m.start()], src + pos, True)
            # a line break between two Chinese characters is no space (CSS Text's segment break rule)
            cjk_break = "\n" in m.group() and 0 < m.start() and m.end() < len(text) and _WIDE.match(text[m.start() - 1]) and _WIDE.match(text[m.end()])
            if out.n and not cjk_break and not out.tail().endswith((" ", "\n")):
                out.put(" ", src + m.start())
            pos = m.end()
        if pos < len(text):
            out.put(text[pos:], src + pos, True)


def _cell_text(cell: _Node, skip) -> _Out:
    o = _Out()
    _inline(cell, o, skip)
    return o


def _table(node: _Node, out: _Out, skip):
    rows = []

    def walk(n: _Node):
        for c in n.children:
            if isinstance(c, _Node) and c.tag == "tr":
                rows.append([x for x in c.children if isinstance(x, _Node) and x.tag in ("td", "th")])
            elif isinstance(c, _Node) and c.tag != "table":  # a nested table is not this one's rows
                walk(c)

    walk(node)
    rows = [r for r in rows if r]
    if not rows:
        return
    out.block()
    for i, row in enumerate(rows):
        out.put("|", out.last_src)
        for cell in row:
            o = _cell_text(cell, skip)
            text = o.text().replace("\n", " ").replace("|", "/").strip()
            out.put(" ", out.last_src)
            base = out.n
            lead = len(o.text()) - len(o.text().lstrip())
            for t0, s0, ln in o.segments:
                if t0 - lead >= 0 and t0 - lead < len(text):
                    out.segments.append((base + t0 - lead, s0, ln))
            out.parts.append(text)
            out.n += len(text)
            out.last_src = o.last_src or out.last_src
            out.put(" |", out.last_src)
        out.put("\n", out.last_src)
        if i == 0:
            out.put("|" + "---|" * len(row) + "\n", out.last_src)
    out.block()


def _blocks(node: _Node, out: _Out, t: dict):
    skip = t["boilerplate"]
    for c in node.children:
        if not isinstance(c, _Node):
            text = c[0]
            if text.strip():
                _inline(_Node("#text", {}, None, [c]), out, skip)
            continue
        if c.tag in skip:
            continue
        if c.tag == "table":
            _table(c, out, skip)
        elif c.tag in t["heading"]:
            out.block()
            out.put("#" * int(c.tag[1]) + " ", out.last_src)
            _inline(c, out, skip)
            out.block()
        elif c.tag in t["block"]:
            if any(isinstance(x, _Node) and (x.tag in t["block"] or x.tag == "table" or x.tag in t["heading"]) for x in c.children):
                out.block()
                _blocks(c, out, t)
                out.block()
            else:
                out.block()
                if c.tag == "li":
                    out.put("- ", out.last_src)
                _inline(c, out, skip)
                out.block()
        else:
            _inline(c, out, skip) if not any(isinstance(x, _Node) and x.tag in t["block"] for x in c.children) else _blocks(c, out, t)


def html_to_text(source: str) -> tuple[str, Origin]:
    """The article text of an HTML page and where each run of it came from."""
    b = _Builder(source)
    b.feed(source)
    b.close()
    out = _Out()
    _blocks(_container(b.root), out, _tags())
    text = out.text()
    stripped = text.rstrip()
    return stripped + ("\n" if stripped else ""), Origin(kind="html", segments=tuple(out.segments), line_starts=tuple(b.line_starts))
