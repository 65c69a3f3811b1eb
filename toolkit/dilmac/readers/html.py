"""HTML and XHTML: the visible text, where it stands in the file.

Built on the standard library's lenient `html.parser` (charrefs left alone so that every entity's
position and length are known). That parser stops parsing at an `&#` that starts no character
reference ("C&# 1") and hands the rest of the page over as text, script and comments included;
so it reads a copy in which such an `&` is replaced by a character of the same length, and the
tag structure is the same whatever the references. As a second guard, text the parser hands over
that starts like markup (`<a`, `</`, `<!`, `<?`: its error recovery) is not revealed, so what is
linted, and what `--fix` may edit, is never a tag, a comment, a script or an attribute.

The text starts fully blank and only visible text nodes are
copied back in; entities are decoded in place (`&amp;` → `&` + FILLER). Tags of block elements,
`<br>`, images and the like stay spaces; tags of inline formatting elements (`<b>`, `<span>`,
`<a>`, …) and comments become FILLER, which normalisation deletes, so
`<b>Türkiye</b>'nin` reads `Türkiye'nin` as it does on screen.

Not visible, so blanked: `<head>` (except `<title>`), `<script>`, `<style>`, `<template>`,
`<iframe>`, code (`<code>`, `<pre>`, `<kbd>`, `<samp>`), attribute values, comments, CDATA.

Languages: `<html lang>` (else `<body lang>`, else `<meta http-equiv="content-language">`) is the
document's language; every other element's `lang` (or `xml:lang`) that differs from it yields a
Region over that element's content. Regions are flattened: they never overlap, nested elements
split their parent's region, and stretches in the document's own language are not regions.
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser

from dilmac.core.document import FILLER, Document, Region
from dilmac.readers.common import Blanker, normalize_lang, parse_date, path_language

HIDDEN = frozenset(
    """
script style template iframe noembed noframes datalist code pre kbd samp xmp listing plaintext
""".split()
)
HEAD_CONTENT = frozenset("title meta link style script base noscript template".split())
INLINE_TAGS = frozenset(
    """
a abbr b bdi bdo big cite data del dfn em font i ins label mark nobr q s small span strike
strong time tt u wbr
""".split()
)
VOID = frozenset(
    """
area base basefont bgsound br col command embed frame hr image img input keygen link meta param
source track wbr
""".split()
)
P_CLOSERS = frozenset(
    """
address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary
table ul listing xmp plaintext
""".split()
)
DATE_META = frozenset(
    {
        "date",
        "dc.date",
        "dcterms.date",
        "dc.date.issued",
        "dcterms.created",
        "article:published_time",
        "datepublished",
        "publish-date",
        "pubdate",
    }
)
COMMENT_CLOSE = re.compile(r"--\s*>")
MARKUP_OPENERS = ((re.compile(r"<[A-Za-z/?!]"), ">"), (re.compile("<!--"), "-->"), (re.compile(r"<!\["), "]>"))
MAX_PARSER_COST = 5_000_000
RAW_TEXT_START = re.compile(r"<(script|style)[\s/>]")
TAIL_REFERENCE = re.compile(r"&[#A-Za-z][#\w]*\Z")
# An `&#` that html.parser cannot read as a reference (its `charref` pattern fails there).
LONE_CHARREF = re.compile(r"&(?=#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]))")
MARKUP_START = re.compile(r"<[A-Za-z/!?]")
LOOSE_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _closes(top: str, tag: str) -> bool:
    """Whether the start tag `tag` implicitly ends an open `top` element."""
    if top == "p":
        return tag in P_CLOSERS
    if top == "li":
        return tag == "li"
    if top in ("dt", "dd"):
        return tag in ("dt", "dd")
    if top in ("td", "th"):
        return tag in ("td", "th", "tr", "tbody", "thead", "tfoot")
    if top == "tr":
        return tag in ("tr", "tbody", "thead", "tfoot")
    if top in ("thead", "tbody", "tfoot"):
        return tag in ("thead", "tbody", "tfoot")
    if top == "option":
        return tag in ("option", "optgroup")
    return False


class _Element:
    __slots__ = ("hidden", "lang", "own_lang", "tag")

    def __init__(self, tag: str, lang: str | None, hidden: bool, own_lang: bool) -> None:
        self.tag, self.lang, self.hidden, self.own_lang = tag, lang, hidden, own_lang


class _Reader(HTMLParser):
    def __init__(self, source: str, buf: Blanker) -> None:
        super().__init__(convert_charrefs=False)
        self.original = source
        self.source = _parsable(source)  # what the parser reads: same length, same offsets
        self.buf = buf
        starts = [0]
        for m in re.finditer("\n", source):
            starts.append(m.end())
        self.line_starts = starts
        self.stack: list[_Element] = []
        self.open: dict[str, int] = {}  # tag → how many are on the stack
        self.events: list[tuple[int, str | None]] = []  # (offset, effective language from it)
        self.html_lang: str | None = None
        self.body_lang: str | None = None
        self.meta_lang: str | None = None
        self.date = None
        self.notices: list[str] = []

    # -- positions

    def _pos(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    @property
    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1].hidden

    @property
    def _lang(self) -> str | None:
        return self.stack[-1].lang if self.stack else None

    # -- element stack

    def _push(self, tag: str, own: str | None, tag_start: int, content_start: int) -> None:
        """Open an element; a language change starts after its tag (the tag is in no region)."""
        parent = self.stack[-1] if self.stack else None
        hidden = tag in HIDDEN or (
            parent is not None and parent.hidden and not (tag == "title" and parent.tag == "head")
        )
        if tag == "head":
            hidden = True
        inherited = parent.lang if parent else None
        lang = own or inherited
        self.stack.append(_Element(tag, lang, hidden, own is not None))
        self.open[tag] = self.open.get(tag, 0) + 1
        if lang != inherited:
            self.events.append((tag_start, None))
            self.events.append((content_start, lang))

    def _pop(self, at: int, resume: int | None = None) -> None:
        """Close the innermost element at `at`; its parent's language resumes at `resume`
        (after the end tag)."""
        element = self.stack.pop()
        self.open[element.tag] -= 1
        after = self._lang
        if element.lang != after:
            self.events.append((at, None))
            self.events.append((at if resume is None else resume, after))

    def _pop_to(self, tag: str, at: int, resume: int | None = None) -> bool:
        if not self.open.get(tag):
            return False  # a stray end tag: ignored
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k].tag == tag:
                while len(self.stack) > k:
                    self._pop(at, resume)
                return True
        return False

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        off = self._pos()
        raw = self.get_starttag_text() or ""
        end = off + len(raw) if self.source.startswith(raw, off) else off
        values = dict(attrs)
        own = normalize_lang(values.get("lang", values.get("xml:lang")))

        if self.open.get("head") and tag not in HEAD_CONTENT:
            self._pop_to("head", off)  # the body starts implicitly
        while self.stack and _closes(self.stack[-1].tag, tag):
            self._pop(off)
        if tag == "html" and own:
            self.html_lang = self.html_lang or own
        elif tag == "body" and own:
            self.body_lang = self.body_lang or own
        elif tag == "meta":
            self._meta(values, off)

        if not self._hidden and tag in INLINE_TAGS and end > off:
            self.buf.blank(off, end, FILLER)
        if not void:
            self._push(tag, own, off, end)

    def handle_endtag(self, tag: str) -> None:
        off = self._pos()
        close = self.source.find(">", off + 1)
        end = close + 1 if close != -1 else off
        if not self._hidden and tag in INLINE_TAGS and end > off:
            self.buf.blank(off, end, FILLER)
        if tag not in VOID:
            self._pop_to(tag, off, end)

    def handle_data(self, data: str) -> None:
        if self._hidden or not data:
            return
        off = self._pos()
        if not self.source.startswith(data, off) or MARKUP_START.match(data):
            return
        self.buf.reveal(off, off + len(data))
        if "&" in data:  # a reference the parser left in the data (one cut off by the end)
            for match in LOOSE_REFERENCE.finditer(data):
                self.buf.decode(off + match.start(), match.group())

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, raw: str) -> None:
        if self._hidden:
            return
        off = self._pos()
        if self.source.startswith(";", off + len(raw)):
            raw += ";"
        if not self.source.startswith(raw, off):
            return
        self.buf.reveal(off, off + len(raw))
        self.buf.decode(off, raw)

    def handle_comment(self, data: str) -> None:
        off = self._pos()
        if self._hidden or not self.source.startswith("<!--" + data, off):
            return
        close = COMMENT_CLOSE.match(self.source, off + 4 + len(data))
        if close:
            self.buf.blank(off, close.end(), FILLER)

    def parse_html_declaration(self, i: int) -> int:
        # Python's parser raises AssertionError on some malformed `<![…` declarations, after
        # moving its position forward: put the position back and read it as a bogus comment.
        position = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position
            return self.parse_bogus_comment(i)

    # -- metadata

    def _meta(self, values: dict[str, str | None], off: int) -> None:
        content = (values.get("content") or "").strip()
        if (values.get("http-equiv") or "").lower() == "content-language" and content:
            self.meta_lang = self.meta_lang or normalize_lang(content.split(",")[0])
        key = values.get("name") or values.get("property") or values.get("itemprop") or ""
        if key.lower() in DATE_META and content and self.date is None:
            try:
                self.date = parse_date(content)
            except ValueError:
                line = bisect.bisect_right(self.line_starts, off)
                self.notices.append(
                    f"line {line}: the page's date “{content}” is not a YYYY-MM-DD date, so it is not used"
                )

    def finish(self) -> None:
        self.close()
        # The parser drops the `&` of a reference cut off by the end of the file ("AT&T").
        tail = TAIL_REFERENCE.search(self.original)
        if tail and not self._hidden:
            start, end = tail.span()
            if self.buf.chars[start + 1 : end] == list(self.original[start + 1 : end]):
                self.buf.reveal(start, end)
                self.buf.decode(start, tail.group())
        end = len(self.source)
        while self.stack:
            self._pop(end)


def read_html(source: str, path: str) -> Document:
    if _parser_cost(source) > MAX_PARSER_COST:
        return _rough(
            source,
            path,
            "this does not look like well-formed HTML (many tags or "
            "comments are never closed); tags were removed roughly",
        )
    buf = Blanker(source, blank=True)
    reader = _Reader(source, buf)
    try:
        reader.feed(reader.source)
        reader.finish()
    except Exception as exc:
        return _rough(
            source,
            path,
            f"the HTML could not be fully parsed ({exc}); tags were removed roughly, so some findings may be in markup",
        )
    doc_lang = reader.html_lang or reader.body_lang or reader.meta_lang or path_language(path)
    return Document(
        path=path,
        source=source,
        text=buf.text(),
        lang=doc_lang,
        date=reader.date,
        regions=_regions(reader.events, len(source), doc_lang),
        notices=reader.notices,
    )


def _parsable(source: str) -> str:
    """The source with each `&` of a lone `&#` replaced by `_`, so the parser goes on parsing."""
    return LONE_CHARREF.sub("_", source) if "&#" in source else source


def _parser_cost(source: str) -> int:
    """Roughly how many characters html.parser will scan: for each `<…` the distance to where
    it can end. Linear for real pages; quadratic for thousands of tags or comments that never
    close (the parser re-scans to the end of the file for each), which would take minutes."""
    cost = 0
    source = _without_raw_text(source)
    for opener, closer in MARKUP_OPENERS:
        close = -1
        for match in opener.finditer(source):
            start = match.start()
            if close < start:
                close = source.find(closer, start)
                if close == -1:
                    close = len(source)
            cost += close - start
            if cost > MAX_PARSER_COST:
                return cost
    return cost


def _without_raw_text(source: str) -> str:
    """The source less the content of <script> and <style> (the parser does not look for
    tags there)."""
    lowered = source.lower()
    pieces, pos = [], 0
    while match := RAW_TEXT_START.search(lowered, pos):
        pieces.append(source[pos : match.end()])
        close = lowered.find("</" + match.group(1), match.end())
        pos = len(source) if close == -1 else close
    pieces.append(source[pos:])
    return "".join(pieces)


def _regions(events: list[tuple[int, str | None]], end: int, doc_lang: str | None) -> list[Region]:
    spans: list[list] = []
    pos, lang = 0, None
    for at, new in events + [(end, None)]:
        at = max(at, pos)
        if at > pos and lang is not None:
            if spans and spans[-1][1] == pos and spans[-1][2] == lang:
                spans[-1][1] = at
            else:
                spans.append([pos, at, lang])
        pos, lang = at, new
    return [Region(s, e, lang) for s, e, lang in spans if lang != doc_lang]


# Comments, hidden elements with their content (as the parser would blank them), then any tag.
_ROUGH = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|template|textarea|pre|code|kbd|samp|xmp|listing)\b.*?(?:</\1\s*>|$)|<[^>]*>?",
    re.S | re.I,
)


def _rough(source: str, path: str, notice: str) -> Document:
    """Fallback if the parser fails: blank anything tag-like, decode nothing."""
    buf = Blanker(source)
    for match in _ROUGH.finditer(source):
        buf.blank(match.start(), match.end())
    return Document(path=path, source=source, text=buf.text(), lang=path_language(path), notices=[notice])
