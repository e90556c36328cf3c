"""HTML articles: a saved web page or a CMS export, read as the text a reader sees.

The later stages want plain text with exact offsets, and the editor wants a
finding to point at the line and column of the file they have. Two parsers
share the work, each for what it does well:

* selectolax (lexbor, a maintained HTML5 parser) finds the article: the
  container chosen by the CSS selectors in ``verifier/data/html_select.txt``
  (a CMS's known containers such as WordPress's ``.entry-content``, then an
  element marked ``itemprop=articleBody``, ``<article>``, ``<main>``,
  ``role=main``, ``<body>``), the boilerplate inside it chosen by selectors
  too (share bars, related links, hidden and screen-reader text), and the
  page's own metadata (canonical address, author, date) for ClaimReview.
* The standard library's ``html.parser`` tokenises the page once and reports
  where every tag, text run and character reference starts in the source;
  the text is laid out from its tree as Markdown-like blocks (a blank line
  between paragraphs, ``#`` before headings, an HTML ``<table>`` as a
  Markdown table so the claims stage reads its headers as it reads a
  Markdown table's), each run keeping where it came from in an ``Origin``,
  which the report layer uses for SARIF and GitHub positions.

Why not one maintained extractor for everything: neither selectolax nor
trafilatura reports source positions. lexbor's nodes carry no offsets, and
trafilatura (lxml underneath) returns cleaned text whose paragraphs it
re-flows, trims and filters by heuristics (short lines, tables), with at
most an element's line (``sourceline``), never a column or a text node's
place; offsets recovered by searching its text back in the page would be
guesses wherever a figure repeats. So lexbor's choices are carried over to
html.parser's tree by element identity: the n-th element in document order
with the same tag and attributes in both trees (lexbor adds implied
``<html>``/``<body>``/``<tbody>`` and may clone formatting elements, which
the selectors therefore never name).

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

__all__ = ["HTML_SUFFIXES", "is_html", "page_meta", "read_html_article", "html_to_text"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_DECLARED = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@lru_cache(maxsize=1)
def _selectors() -> dict[str, tuple[str, ...]]:
    """CSS selectors from verifier/data/html_select.txt (``class: selector``), in file order."""
    raw = resources.files("verifier").joinpath("data/html_select.txt").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, sel = line.partition(":")
            out.setdefault(name.strip(), []).append(sel.strip())
    return {k: tuple(v) for k, v in out.items()}


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


def page_meta(data: bytes) -> dict:
    """url, headline, author and date a page declares in its head (canonical link, Open Graph, meta)."""
    from selectolax.lexbor import LexborHTMLParser

    source, _ = _decode(data, Path("page.html"))
    tree = LexborHTMLParser(source)
    out = {}
    for key, selectors in _META:
        for sel, attr in selectors:
            node = tree.css_first(sel)
            value = "" if node is None else (node.text() if attr is None else node.attributes.get(attr) or "").strip()
            if value:
                out[key] = value
                break
    return out


_META = (
    ("url", (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content"))),
    ("headline", (('meta[property="og:title"]', "content"), ("title", None))),
    ("author", (('meta[name="author"]', "content"), ('meta[property="article:author"]', "content"))),
    ("date", (('meta[property="article:published_time"]', "content"), ("time[datetime]", "datetime"))),
)


# --- the tree -----------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict
    parent: "_Node | None" = None
    children: list = field(default_factory=list)  # _Node or (text, offset, verbatim)
    drop: bool = False  # boilerplate chosen by a selector


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


def _signature(tag: str, attrs: dict) -> tuple:
    return tag, tuple(sorted((k, v or "") for k, v in attrs.items()))


def _elements(root: _Node) -> dict[tuple, list[_Node]]:
    """html.parser's elements by signature, each list in document order; a <template>'s
    content is not in the document (lexbor keeps it apart), so it is not counted."""
    out: dict[tuple, list[_Node]] = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if n is not root:
            out.setdefault(_signature(n.tag, n.attrs), []).append(n)
        if n.tag != "template":
            stack.extend(reversed([c for c in n.children if isinstance(c, _Node)]))
    return out


def _choose(source: str, root: _Node) -> _Node:
    """The article's container by lexbor and the selectors; boilerplate in it marked ``drop``."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(source)
    order: dict[int, tuple[tuple, int]] = {}  # lexbor node -> (signature, ordinal)
    seen: dict[tuple, int] = {}
    for node in tree.root.traverse() if tree.root is not None else ():
        sig = _signature(node.tag, node.attributes)
        order[node.mem_id] = (sig, seen.get(sig, 0))
        seen[sig] = seen.get(sig, 0) + 1
    ours = _elements(root)

    def mapped(node) -> "_Node | None":
        sig, i = order.get(node.mem_id, (None, 0))
        same = ours.get(sig, ())
        return same[i] if i < len(same) else None

    sel = _selectors()
    container = root
    for css in sel["container"]:
        found = tree.css_first(css)
        hit = mapped(found) if found is not None else None
        if hit is not None:
            container = hit
            break
    for css in sel.get("boilerplate", ()):
        for found in tree.css(css):
            hit = mapped(found)
            if hit is not None:
                hit.drop = True
    return container


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
            if c.tag in skip or c.drop:
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
        if c.tag in skip or c.drop:
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
    _blocks(_choose(source, b.root), out, _tags())
    text = out.text()
    stripped = text.rstrip()
    return stripped + ("\n" if stripped else ""), Origin(kind="html", segments=tuple(out.segments), line_starts=tuple(b.line_starts))
