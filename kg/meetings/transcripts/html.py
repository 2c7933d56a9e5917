"""A transcript saved as an HTML page -> its visible text as lines, each mapped to its page line.

Not a reader: it turns a page into the plain text that the readers read (the IGF publishes its
captions as web pages; Markdown transcripts are often saved as rendered pages). The text is what
a browser shows, laid out so that the readers see the conventions they know:

* ``<p>``, ``<div>``, ``<li>``, ``<h1>``…``<h6>``, ``<pre>``, table rows and other blocks each start
  a new line, and ``<br>`` breaks one; paragraphs are separated by a blank line, as in Markdown;
* whitespace inside a block collapses to single spaces (a wrapped ``<p>`` is one line), except in
  ``<pre>``, whose lines are kept;
* headings become Markdown headings (``## Title``), and a bold or strong element that opens a
  line is kept as Markdown bold (``**Name:** speech``), so the Markdown readers see their labels;
* scripts, styles, navigation, page header and footer, and hidden elements are dropped.

``SourceText.line_map`` gives, for every extracted line, the page line where its text starts, so a
reader's line numbers point into the file the user has. BeautifulSoup's ``html.parser`` gives every
tag's line; a text's line is its tag's line plus the newlines passed since.

html.parser does not know HTML's omitted end tags, so ``</p>`` and ``</li>`` are written in first
(no line moves). A page still nested thousands deep, a page over 16 M characters, or one the parser
fails on is read by a fallback that strips tags line by line: the text stays, the layout is lost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from kg.meetings.transcripts.model import SourceText

#: What may come before the first element (a BOM, whitespace, an XML declaration, comments), then
#: HTML's doctype or its first element.
_OPENING = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html\b|<(?:html|head|body)[\s>/])",
    re.IGNORECASE | re.DOTALL,
)
#: Pages larger than this are read by the line-preserving fallback: a parse tree costs many times
#: the page's size in memory.
_MAX_TREE_CHARS = 16_000_000
_DROPPED = frozenset((
    "script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg", "iframe", "object",
    "canvas", "button", "select", "aside", "form",
))  # fmt: skip
#: Blocks that are paragraphs: a blank line before and after, as Markdown separates paragraphs.
_PARAGRAPHS = frozenset((
    "p", "div", "pre", "blockquote", "table", "ul", "ol", "dl", "hr", "section", "article", "main", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "address", "details", "center",
))  # fmt: skip
#: Blocks that only start a new line.
_LINES = frozenset(("li", "tr", "dt", "dd", "figcaption", "caption", "summary", "option", "body", "html"))
_HEADINGS = {f"h{n}": "#" * n for n in range(1, 7)}
_BOLD = frozenset(("b", "strong"))
_MAX_BOLD_LABEL = 120
_MAX_LABEL_NODES = 40
#: How far a start tag is searched for its end: a tag longer than this is malformed anyway.
_MAX_TAG_CHARS = 8192
_START_TAG = re.compile(r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>?""")


#: Start tags that close an open ``<p>`` (HTML's rule for the omitted ``</p>``).
_CLOSES_P = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "pre", "table", "blockquote", "section",
    "article", "aside", "header", "footer", "nav", "main", "form", "hr", "address", "fieldset", "figure", "menu",
    "details",
))  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_TAG_END = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
))  # fmt: skip
#: Past this nesting (unclosed tags), the fallback reads the page: bs4 links each node of a deep
#: tree in time proportional to its depth, so 30,000 unclosed tags would take minutes.
_MAX_DEPTH = 3000


def close_omitted_ends(raw: str) -> str:
    """``raw`` with the ``</p>`` and ``</li>`` that HTML lets a page omit written in. html.parser
    does not apply HTML's implied-end rules, so ``<p>a<p>b<p>c`` would nest each paragraph in the
    last, and bs4 links a deep tree in quadratic time (minutes for an old page of 50,000
    paragraphs). Only tags are inserted, never a newline, so every line number stays."""
    pieces: list[str] = []
    last = 0
    p_open = False
    lists: list[bool] = [False]  # per open list: whether an <li> is open in it
    for match in _TAG.finditer(raw):
        closing, name = match.group(1) == "/", match.group(2).lower()
        insert = ""
        if not closing and p_open and name in _CLOSES_P:
            insert, p_open = "</p>", False
        if name == "p":
            p_open = not closing
        elif name in ("ul", "ol"):
            if closing and len(lists) > 1:
                lists.pop()
            elif not closing:
                lists.append(False)
        elif name == "li":
            if not closing and lists[-1]:
                insert += "</li>"
            lists[-1] = not closing
        if insert:
            pieces.extend((raw[last : match.start()], insert))
            last = match.start()
    pieces.append(raw[last:])
    return "".join(pieces)


def nesting_depth(raw: str) -> int:
    """How deep the page's elements nest, counted from its tags alone (void and self-closed
    elements do not nest): a linear estimate made before any tree is built."""
    depth = deepest = 0
    for match in _TAG_END.finditer(raw):
        closing, name, selfclosed = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif name not in _VOID and not selfclosed:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def looks_like_html(raw: str) -> bool:
    """True when the page's first element is ``<html>``, ``<head>`` or ``<body>``, or its doctype
    is HTML's, after any XML declaration and comments. Only the start counts: a TEI file has a
    ``<body>`` too, inside ``<TEI>``; a Markdown file may show HTML in a code block."""
    return _OPENING.match(raw[:8192]) is not None


@dataclass
class _Out:
    """The lines being written, with the page line of each."""

    lines: list[str] = field(default_factory=list)
    lmap: list[int] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the current line
    start: int | None = None  # the page line where the current line's text starts
    space: bool = False  # whitespace seen since the last text of the current line
    prefix: str = ""  # written before the line's first text: a heading's "## "

    def add(self, content: str, line: int) -> None:
        if self.start is None:
            self.start = line
            self.parts.append(self.prefix)
        elif self.space:
            self.parts.append(" ")
        self.parts.append(content)
        self.space = False

    def flush(self, line: int, *, empty: bool = False) -> None:
        """End the current line; ``empty`` writes an empty line even when nothing was written (``<br>``)."""
        text = "".join(self.parts).rstrip()
        if text or empty:
            self.lines.append(text)
            self.lmap.append(self.start if self.start is not None else line)
        self.parts, self.start, self.space, self.prefix = [], None, False, ""

    def blank(self, line: int) -> None:
        """A paragraph break: one blank line, never two, none at the top."""
        self.flush(line)
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.lmap.append(line)


class _Walker:
    """Walks the tree without recursion (a malformed page can nest thousands deep), writing lines
    and following the page line through every tag and every newline of text."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", raw))
        self.line = 1
        self.out = _Out()
        self.pre = 0  # inside <pre>
        self.pre_fresh = False  # nothing of the <pre> written yet
        self.hidden = 0  # inside a dropped element: lines are followed, nothing is written
        self.bold: Tag | None = None  # the bold element being kept as a Markdown label
        self.bold_text: list[str] = []
        self.bold_line: int | None = None

    def run(self, soup: BeautifulSoup) -> _Out:
        stack: list[tuple[PageElement, bool]] = [(child, False) for child in reversed(soup.contents)]
        while stack:
            node, leaving = stack.pop()
            if isinstance(node, Tag):
                if leaving:
                    self.leave(node)
                else:
                    self.enter(node)
                    stack.append((node, True))
                    stack.extend((child, False) for child in reversed(node.contents))
            elif isinstance(node, NavigableString):
                self.text(node)
        self.out.flush(self.line)
        return self.out

    def _tag_end_line(self, tag: Tag) -> int:
        """The page line where the tag's start tag ends (its attributes may span lines)."""
        if tag.sourceline is None:
            return self.line
        line = tag.sourceline
        if line - 1 >= len(self.starts):
            return line
        start = self.starts[line - 1] + (tag.sourcepos or 0)
        match = _START_TAG.match(self.raw, start, start + _MAX_TAG_CHARS)
        return line + (match.group(0).count("\n") if match else 0)

    def enter(self, tag: Tag) -> None:
        self.line = self._tag_end_line(tag)
        name = tag.name.lower()
        if self.hidden or name in _DROPPED or _is_hidden(tag):
            self.hidden += 1
            return
        self._break(name)
        if name in _HEADINGS:
            self.out.prefix = _HEADINGS[name] + " "
        elif name == "pre":
            self.pre += 1
            self.pre_fresh = True
        elif name in _BOLD and self.bold is None and self.out.start is None and not self.pre and _is_label(tag):
            self.bold, self.bold_text, self.bold_line = tag, [], None

    def _break(self, name: str) -> None:
        """What an opening tag does to the line being written."""
        if name == "br":
            self.out.flush(self.line, empty=True)
        elif name in _PARAGRAPHS:
            self.out.blank(self.line)
        elif name in _LINES:
            self.out.flush(self.line)
        elif name in ("td", "th") and self.out.parts:
            self.out.space = True  # cells of a row: "a | b"
            self.out.add("|", self.line)
            self.out.space = True

    def leave(self, tag: Tag) -> None:
        name = tag.name.lower()
        if self.hidden:
            self.hidden -= 1
            return
        if tag is self.bold:
            label = " ".join("".join(self.bold_text).split())
            if label:
                self.out.add(f"**{label}**", self.bold_line or self.line)
            self.bold = None
        if name == "pre":
            self.pre -= 1
        if name in _PARAGRAPHS:
            self.out.blank(self.line)
        elif name in _LINES:
            self.out.flush(self.line)

    def text(self, node: NavigableString) -> None:
        value = str(node)
        if self.hidden or type(node) is not NavigableString:
            self.line += value.count("\n")  # comments, doctypes, CDATA, scripts: followed, not shown
            return
        if self.pre:
            self._pre_text(value)
            return
        lead = len(value) - len(value.lstrip())
        self.line += value[:lead].count("\n")
        if self.bold is not None:
            self.bold_text.append(value)
            if self.bold_line is None and value.strip():
                self.bold_line = self.line
        else:
            if lead:
                self.out.space = True
            words = value.split()
            if words:
                self.out.add(" ".join(words), self.line)
                if value != value.rstrip():
                    self.out.space = True
        self.line += value[lead:].count("\n")

    def _pre_text(self, value: str) -> None:
        if self.pre_fresh and value.startswith("\n"):
            value = value[1:]  # a newline right after <pre> is not shown (HTML's rule)
            self.line += 1
        self.pre_fresh = False
        for index, piece in enumerate(value.split("\n")):
            if index:
                self.out.flush(self.line, empty=True)
                self.line += 1
            if piece.strip():
                self.out.add(piece.rstrip(), self.line)


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


def _is_label(tag: Tag) -> bool:
    """A bold element that can stand as a Markdown label: short, one line, no block inside. Looks
    at no more than a few nodes (by hand: bs4's ``descendants`` first walks to the last one), so
    that thousands of unclosed ``<b>`` cost linear time."""
    texts: list[str] = []
    stack: list[PageElement] = list(reversed(tag.contents))
    for _ in range(_MAX_LABEL_NODES):
        if not stack:
            label = " ".join("".join(texts).split())
            return 0 < len(label) <= _MAX_BOLD_LABEL
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br" or node.name in _PARAGRAPHS or node.name in _LINES:
                return False
            stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:
            texts.append(str(node))
            if sum(map(len, texts)) > 4 * _MAX_BOLD_LABEL:
                return False
    return False


def _fallback(raw: str, name: str) -> SourceText:
    """Tags removed line by line, entities decoded: for a page the parser cannot take (too large,
    nested too deep, or an error inside the parser). Line numbers stay the page's own."""
    lines = [" ".join(html.unescape(re.sub(r"<[^>]*>", " ", line)).split()) for line in raw.split("\n")]
    return SourceText(name=name, lines=tuple(lines), line_map=tuple(range(1, len(lines) + 1)))


def page_text(raw: str, name: str) -> SourceText | None:
    """The visible text of an HTML page as lines, each mapped to the page line it starts on; None
    when ``raw`` is not an HTML page. Never raises on a malformed page."""
    if not looks_like_html(raw):
        return None
    # Line numbers as str.splitlines would count \r\n and \r; the parser counts only \n.
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if len(raw) > _MAX_TREE_CHARS:
        return _fallback(raw, name)
    try:
        raw = close_omitted_ends(raw)
        if nesting_depth(raw) > _MAX_DEPTH:
            return _fallback(raw, name)
        soup = BeautifulSoup(raw, "html.parser")
        out = _Walker(raw).run(soup)
    except Exception:  # html.parser and bs4 on hostile markup: keep the page as stripped text
        return _fallback(raw, name)
    lines, lmap = out.lines, out.lmap
    while lines and not lines[-1]:
        lines.pop()
        lmap.pop()
    return SourceText(name=name, lines=tuple(lines), line_map=tuple(lmap))
