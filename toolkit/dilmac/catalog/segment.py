"""Publications → segments: one message per paragraph, heading, list item or table cell.

A segment is the source text of one block, inline markup kept as written (`**Türkiye**'nin`,
`<b>Bakı</b>`, links), so a translation can be put back in its place: `start`/`end` are the
offsets of the span that `build` replaces, `line` is where it starts. A Markdown paragraph's
lines are joined with a space (re-wrapping the source does not change the message); a hard line
break stays a newline. Left out: front matter, code blocks, HTML comments, scripts and styles,
link reference definitions, and blocks without a letter (numbers, rules, lone images).

Markdown is read block by block, CommonMark-style (block quotes, nested lists, fenced and
indented code, ATX and setext headings, GitHub tables, HTML blocks); the line patterns and the
front matter come from the Markdown reader. HTML, and HTML blocks inside Markdown, go through
the standard library's `html.parser`: a segment is a run of text and inline elements inside
one block element.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from dilmac.core.errors import DilmacError
from dilmac.readers.markdown import (
    ATX,
    FENCE_CLOSE,
    FENCE_OPEN,
    LINK_DEF,
    LIST_MARKER,
    THEMATIC,
    _front_matter,
    _indent,
)

KINDS = ("markdown", "html", "text")
# Block quotes and list items nest; each level reads its lines again, and Python recurses once
# per level: 800 nested lists took seconds, then crashed. Real documents nest 3 or 4 deep.
MAX_NESTING = 32
LETTER = re.compile(r"[^\W\d_]")
SPACE_RUN = re.compile(r"\s+")
# What is not words when deciding whether a block has anything to translate.
NOT_WORDS = re.compile(r"<[^>]*>|`+[^`]*`+|\]\([^)]*\)|(?:https?|ftp)://\S+|&[#\w]+;")

# Markdown
SETEXT = re.compile(r"(=+|-+)[ \t]*")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:[ \t]*")
FRONT_MATTER_TEXT = ("title", "description")  # front matter values that are text to translate
YAML_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |\s#|:$|\s$""")
ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
HTML_RAW = re.compile(r"<(script|pre|style|textarea)(?:[\s>]|$)", re.I)
HTML_BLOCK_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:[\s>]|/>|$)")
HTML_LONE_TAG = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+"
    r"|'[^']*'|\"[^\"]*\"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*"
)
HTML_BLOCK_NAMES = frozenset(
    """
address article aside base basefont blockquote body caption center col colgroup dd details
dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6
head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p
param search section summary table tbody td tfoot th thead title tr track ul
""".split()
)
# (opener, closer) of the HTML blocks whose content is never text: raw, comment, <? ?>, <!X >, CDATA
HTML_SKIPPED = (
    (re.compile(r"<!--"), "-->"),
    (re.compile(r"<\?"), "?>"),
    (re.compile(r"<![A-Za-z]"), ">"),
    (re.compile(r"<!\[CDATA\["), "]]>"),
)

# HTML: elements that end a segment, and those whose content is not text to translate
HTML_BLOCKS = HTML_BLOCK_NAMES | {"select"}
HTML_SKIP = frozenset(
    "script style template iframe noembed noframes datalist pre xmp listing plaintext textarea svg math".split()
)
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
HTML_LANG = re.compile(r"""\blang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


@dataclass(frozen=True)
class Segment:
    text: str  # the message: the block's source, inline markup kept, lines joined
    line: int  # 1-based line of its first character
    start: int  # source offsets of the span a translation replaces
    end: int
    kind: str  # paragraph, heading, cell, html, text or front matter
    # what starts each further line when a translation has line breaks; for a front matter
    # value "plain" if it was written unquoted (YAML), else "quoted"
    continuation: str

    def render(self, translation: str) -> str:
        """The translation as it must be written in this segment's place."""
        if self.kind in ("heading", "cell"):
            translation = SPACE_RUN.sub(" ", translation).strip()
            if self.kind == "cell":
                translation = re.sub(r"(?<!\\)\|", r"\\|", translation)
            return translation
        if self.kind == "paragraph":
            return translation.replace("\n", "\n" + self.continuation)
        if self.kind == "front matter":
            return _front_matter_value(translation, plain=self.continuation == "plain")
        return translation


@dataclass
class Segmented:
    """A publication's segments, and where its language is declared (front matter `lang:`,
    `<html lang>`) so that a translation can say its own."""

    source: str
    segments: list[Segment]
    lang_span: tuple[int, int] | None = None
    notices: list[str] = field(default_factory=list)


def segment_text(source: str, path: str, kind: str) -> Segmented:
    """Segments of a decoded publication; kind is "markdown", "html" or "text"."""
    if kind == "markdown":
        return _Markdown(source, path).run()
    if kind == "html":
        segmenter = _Html(source, 0, source, path)
        segmenter.run()
        return Segmented(source, segmenter.segments, segmenter.lang_span)
    if kind == "text":
        return Segmented(source, _plain(source))
    raise ValueError(f"unknown publication kind {kind!r}; expected one of {', '.join(KINDS)}")


def _front_matter_value(translation: str, plain: bool) -> str:
    """A translated front matter value as YAML (and TOML) reads it back: plain where it was
    plain and stays unambiguous text, else a double-quoted string."""
    import json

    import yaml

    text = SPACE_RUN.sub(" ", translation).strip()
    if plain and not YAML_PLAIN_UNSAFE.search(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _same_quoted(written: str, value: str) -> bool:
    import yaml

    try:
        return yaml.safe_load(written) == value
    except yaml.YAMLError:
        return False


def has_words(text: str) -> bool:
    return LETTER.search(NOT_WORDS.sub(" ", text)) is not None


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", source)]


# --------------------------------------------------------------------------- plain text


def _plain(source: str) -> list[Segment]:
    starts = _line_starts(source)
    segments = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[ \t\r]*\S[^\n]*)*", source):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.start() + len(match.group().rstrip())
        text = " ".join(line.strip() for line in source[start:end].split("\n"))
        if has_words(text):
            segments.append(Segment(text, bisect.bisect_right(starts, start), start, end, "text", ""))
    return segments


# --------------------------------------------------------------------------- Markdown


@dataclass(frozen=True)
class _Line:
    number: int
    start: int  # where the content starts, after the container markers
    end: int  # end of the line, before "\r\n" or "\n"


class _Markdown:
    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.segments: list[Segment] = []
        self.notices: list[str] = []
        self.depth = 0

    def run(self) -> Segmented:
        source = self.source
        start = 1 if source.startswith("\ufeff") else 0
        body, meta = _front_matter(source, start, self.path, self.notices)
        lang_span = None
        if meta is not None:
            for key in ("lang", "language", "locale"):
                _, value_at, raw = meta.where(key)
                if value_at is not None and raw:
                    at = source.find(raw, value_at)
                    lang_span = (at, at + len(raw))
                    break
            self.front_matter(meta, source[start : start + 3] == "+++")
        lines, number, pos = [], source.count("\n", 0, body) + 1, body
        while pos <= len(source):
            newline = source.find("\n", pos)
            end = len(source) if newline == -1 else newline
            stop = end - 1 if end > pos and source[end - 1] == "\r" else end
            lines.append(_Line(number, pos, stop))
            if newline == -1:
                break
            pos, number = newline + 1, number + 1
        self.blocks(lines, "")
        self.segments.sort(key=lambda s: s.start)
        return Segmented(source, self.segments, lang_span, self.notices)

    def front_matter(self, meta, toml: bool) -> None:
        """`title` and `description`: single-line values, plain or quoted; block scalars and
        values over several lines are left to the writer."""
        for key in FRONT_MATTER_TEXT:
            value = meta.values.get(key)
            _, value_at, _ = meta.where(key)
            if not isinstance(value, str) or value_at is None or not has_words(value):
                continue
            line_end = self.source.find("\n", value_at)
            written = self.source[value_at : len(self.source) if line_end < 0 else line_end].rstrip()
            quoted = written[:1] in "\"'" and len(written) > 1
            if quoted:
                written = written[: written.rfind(written[0]) + 1]
                if not _same_quoted(written, value):
                    continue
            elif toml or written != value:
                continue  # TOML values are quoted; a plain YAML value with a comment is not all text
            line = self.source.count("\n", 0, value_at) + 1
            self.add(value, line, value_at, value_at + len(written), "front matter", "quoted" if quoted else "plain")

    # -- helpers

    def blank(self, line: _Line) -> bool:
        return self.source[line.start : line.end].strip() == ""

    def first(self, line: _Line) -> tuple[int, int]:
        """Indentation in columns, and the offset of the first non-blank character."""
        return _indent(self.source, line.start, line.end)

    def at_column(self, line: _Line, column: int) -> int:
        """The offset `column` columns into the line (or its first non-blank character)."""
        col, i = 0, line.start
        while i < line.end and col < column and self.source[i] in " \t":
            col = col + 4 - col % 4 if self.source[i] == "\t" else col + 1
            i += 1
        return i

    def fence(self, first: int, stop: int) -> re.Match | None:
        opening = FENCE_OPEN.match(self.source, first, stop)
        if opening and opening.group(1)[0] == "`" and "`" in opening.group(2):
            return None
        return opening

    def starts_block(self, line: _Line) -> bool:
        """Whether the line begins a block that ends a paragraph (so it is no lazy line)."""
        source = self.source
        indent, first = self.first(line)
        if first >= line.end:
            return True
        if indent >= 4:
            return False
        marker = LIST_MARKER.match(source, first, line.end)
        return bool(
            ATX.match(source, first, line.end)
            or self.fence(first, line.end)
            or THEMATIC.fullmatch(source, first, line.end)
            or source[first] == ">"
            or (marker and self.interrupts(marker, line))
            or self.html_block(first, line.end, paragraph=True)
        )

    def interrupts(self, marker: re.Match, line: _Line) -> bool:
        """A list item may end a paragraph only if it is not empty and, when numbered,
        starts at 1."""
        bullet = marker.group(1)
        if marker.end() >= line.end or self.source[marker.end() : line.end].strip() == "":
            return False
        return not bullet[0].isdigit() or bullet[:-1] == "1"

    def html_block(self, first: int, stop: int, paragraph: bool) -> str | None:
        """Which HTML block starts here: "skip" (its content is not text), "html", or None."""
        source = self.source
        if source[first] != "<":
            return None
        if HTML_RAW.match(source, first, stop):
            return "raw"
        if any(opener.match(source, first, stop) for opener, _ in HTML_SKIPPED):
            return "skip"
        tag = HTML_BLOCK_TAG.match(source, first, stop)
        if tag and tag.group(1).lower() in HTML_BLOCK_NAMES:
            return "html"
        if not paragraph and HTML_LONE_TAG.fullmatch(source, first, stop):
            return "html"
        return None

    # -- blocks

    def blocks(self, lines: list[_Line], prefix: str) -> None:
        if self.depth >= MAX_NESTING and lines:
            raise DilmacError(
                f"block quotes and lists are nested more than {MAX_NESTING} levels deep here",
                path=self.path,
                line=lines[0].number,
                hint="dilmac does not extract text nested this deep; flatten the quotes or lists",
            )
        self.depth += 1
        try:
            self._blocks(lines, prefix)
        finally:
            self.depth -= 1

    def _blocks(self, lines: list[_Line], prefix: str) -> None:
        source = self.source
        paragraph: list[_Line] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            indent, first = self.first(line)
            stop = line.end
            if first >= stop:
                self.paragraph(paragraph, prefix)
                paragraph = []
                i += 1
                continue
            if indent >= 4:
                if paragraph:
                    paragraph.append(line)
                    i += 1
                    continue
                i += 1  # indented code
                while i < n and (self.blank(lines[i]) or self.first(lines[i])[0] >= 4):
                    i += 1
                continue
            if paragraph and SETEXT.fullmatch(source, first, stop):
                self.heading(paragraph)
                paragraph = []
                i += 1
                continue
            if THEMATIC.fullmatch(source, first, stop):
                self.paragraph(paragraph, prefix)
                paragraph = []
                i += 1
                continue
            opening = self.fence(first, stop)
            if opening:
                self.paragraph(paragraph, prefix)
                paragraph = []
                i = self.skip_fence(lines, i, opening, indent)
                continue
            if ATX.match(source, first, stop):
                self.paragraph(paragraph, prefix)
                paragraph = []
                self.atx(line, first)
                i += 1
                continue
            if source[first] == ">":
                self.paragraph(paragraph, prefix)
                paragraph = []
                i = self.quote(lines, i, prefix)
                continue
            marker = LIST_MARKER.match(source, first, stop)
            if marker and (not paragraph or self.interrupts(marker, line)):
                self.paragraph(paragraph, prefix)
                paragraph = []
                i = self.item(lines, i, marker, indent, prefix)
                continue
            html = self.html_block(first, stop, bool(paragraph))
            if html:
                self.paragraph(paragraph, prefix)
                paragraph = []
                i = self.html(lines, i, html, first)
                continue
            if not paragraph and i + 1 < n and self.table_start(line, lines[i + 1]):
                i = self.table(lines, i)
                continue
            if not paragraph and LINK_DEF.fullmatch(source, first, stop):
                i += 1
                continue
            footnote = None if paragraph else FOOTNOTE.match(source, first, stop)
            if footnote:  # a footnote definition: its text is the message, not its marker
                paragraph.append(_Line(line.number, footnote.end(), line.end))
                i += 1
                continue
            paragraph.append(line)
            i += 1
        self.paragraph(paragraph, prefix)

    def skip_fence(self, lines: list[_Line], i: int, opening: re.Match, indent: int) -> int:
        char, length = opening.group(1)[0], len(opening.group(1))
        i += 1
        while i < len(lines):
            inner, first = self.first(lines[i])
            closing = FENCE_CLOSE.fullmatch(self.source, first, lines[i].end)
            i += 1
            if closing and inner <= 3 and closing.group(1)[0] == char and len(closing.group(1)) >= length:
                break
        return i

    def quote(self, lines: list[_Line], i: int, prefix: str) -> int:
        source = self.source
        quoted: list[_Line] = []
        while i < len(lines):
            line = lines[i]
            indent, first = self.first(line)
            if first < line.end and indent < 4 and source[first] == ">":
                start = first + 1
                if start < line.end and source[start] in " \t":
                    start += 1
                quoted.append(_Line(line.number, start, line.end))
            elif quoted and not self.blank(quoted[-1]) and not self.blank(line) and not self.starts_block(line):
                quoted.append(line)  # lazy continuation
            else:
                break
            i += 1
        self.blocks(quoted, prefix + "> ")
        return i

    def item(self, lines: list[_Line], i: int, marker: re.Match, indent: int, prefix: str) -> int:
        source = self.source
        line = lines[i]
        width = marker.end(1) - self.first(line)[1]
        spaces, rest = _indent(source, marker.end(1), line.end)
        if rest >= line.end or spaces > 4:
            content, start = indent + width + 1, min(marker.end(1) + 1, line.end)
        else:
            content, start = indent + width + spaces, rest
        inside = [_Line(line.number, start, line.end)]
        i += 1
        while i < len(lines):
            line = lines[i]
            if self.blank(line):
                inside.append(line)
            elif self.first(line)[0] >= content:
                inside.append(_Line(line.number, self.at_column(line, content), line.end))
            elif (
                not self.blank(inside[-1])
                and not self.starts_block(line)
                and not LIST_MARKER.match(source, self.first(line)[1], line.end)
            ):
                inside.append(line)  # lazy continuation (not a sibling item)
            else:
                break
            i += 1
        while inside and self.blank(inside[-1]):
            inside.pop()
        self.blocks(inside, prefix + " " * content)
        return i

    def table_start(self, line: _Line, following: _Line) -> bool:
        source = self.source
        if "|" not in source[line.start : line.end]:
            return False
        _, first = self.first(following)
        if not TABLE_DELIMITER.fullmatch(source, first, following.end) or "-" not in source[first : following.end]:
            return False
        return len(self._cells(line)) == len(self._cells(following))

    def table(self, lines: list[_Line], i: int) -> int:
        rows = [lines[i]]
        i += 2  # the delimiter row holds no text
        while i < len(lines) and not self.blank(lines[i]) and not self.starts_block(lines[i]):
            rows.append(lines[i])
            i += 1
        for row in rows:
            for start, end in self._cells(row):
                text = self.source[start:end]
                if has_words(text):
                    self.add(text, row.number, start, end, "cell", "")
        return i

    def _cells(self, line: _Line) -> list[tuple[int, int]]:
        """(start, end) of each cell's content, split at pipes that are not escaped."""
        source = self.source
        _, pos = self.first(line)
        end = line.end
        while end > pos and source[end - 1] in " \t":
            end -= 1
        if pos < end and source[pos] == "|":
            pos += 1
        cells, cell_start, k = [], pos, pos
        while k < end:
            if source[k] == "\\":
                k += 2
                continue
            if source[k] == "|":
                cells.append((cell_start, k))
                cell_start = k + 1
            k += 1
        if cell_start < end:
            cells.append((cell_start, end))
        trimmed = []
        for start, stop in cells:
            while start < stop and source[start] in " \t":
                start += 1
            while stop > start and source[stop - 1] in " \t":
                stop -= 1
            trimmed.append((start, stop))
        return trimmed

    def html(self, lines: list[_Line], i: int, which: str, first: int) -> int:
        """An HTML block: raw and comment-like blocks run to their closer, the others to a
        blank line; only the latter can hold text."""
        source = self.source
        start_line = i
        if which in ("raw", "skip"):
            if which == "raw":
                name = HTML_RAW.match(source, first).group(1).lower()
                closer = re.compile(rf"</{name}\s*>", re.I)
            else:
                closer = next(re.compile(re.escape(c)) for o, c in HTML_SKIPPED if o.match(source, first))
            search_from = first + 2
            while i < len(lines):
                found = closer.search(source, search_from if i == start_line else lines[i].start, lines[i].end)
                i += 1
                if found:
                    break
            return i
        while i < len(lines) and not self.blank(lines[i]):
            i += 1
        block = lines[start_line:i]
        # Container markers (">" of a quote) inside the block become spaces for the parser.
        chars = list(source[block[0].start : block[-1].end])
        base = block[0].start
        for line in block[1:]:
            line_start = source.rfind("\n", 0, line.start) + 1
            for k in range(line_start, line.start):
                chars[k - base] = " "
        segmenter = _Html("".join(chars), base, source, self.path)
        segmenter.run()
        self.segments.extend(segmenter.segments)
        return i

    # -- leaves

    def add(self, text: str, line: int, start: int, end: int, kind: str, continuation: str) -> None:
        self.segments.append(Segment(text, line, start, end, kind, continuation))

    def pieces(self, lines: list[_Line]) -> tuple[str, int, int]:
        """A block's lines as one message: soft breaks become spaces, hard breaks (two
        spaces or a backslash at the end of a line) stay line breaks."""
        source = self.source
        parts: list[str] = []
        start = end = None
        for k, line in enumerate(lines):
            _, first = self.first(line)
            stop = line.end
            content_end = stop
            while content_end > first and source[content_end - 1] in " \t":
                content_end -= 1
            if start is None:
                start = first
            end = content_end
            text = source[first:content_end]
            if k + 1 < len(lines):
                if source[content_end - 1 : content_end] == "\\":
                    text += "\n"
                elif stop - content_end >= 2 and source[content_end:stop].startswith("  "):
                    text = source[first:stop] + "\n"
                else:
                    text += " "
            parts.append(text)
        return "".join(parts), start, end

    def paragraph(self, lines: list[_Line], prefix: str) -> None:
        if not lines:
            return
        text, start, end = self.pieces(lines)
        if has_words(text):
            self.add(text, lines[0].number, start, end, "paragraph", prefix)

    def heading(self, lines: list[_Line]) -> None:
        text, start, end = self.pieces(lines)
        text = SPACE_RUN.sub(" ", text)
        if has_words(text):
            self.add(text, lines[0].number, start, end, "heading", "")

    def atx(self, line: _Line, first: int) -> None:
        source = self.source
        opening = ATX.match(source, first, line.end)
        start = opening.end()
        while start < line.end and source[start] in " \t":
            start += 1
        closing = ATX_CLOSE.search(source, start, line.end)
        end = closing.start() if closing else line.end
        while end > start and source[end - 1] in " \t":
            end -= 1
        text = source[start:end]
        if has_words(text):
            self.add(text, line.number, start, end, "heading", "")


# --------------------------------------------------------------------------- HTML


class _Html(HTMLParser):
    """Runs of text and inline elements inside one block element. `text` is the HTML to read,
    `base` its offset in `source` (an HTML block of a Markdown file)."""

    def __init__(self, text: str, base: int, source: str, path: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.base = base
        self.source = source
        self.path = path
        self.starts = _line_starts(text)
        self.source_starts = _line_starts(source)
        self.skipping: list[str] = []
        self.run_start: int | None = None
        self.run_end = 0
        self.segments: list[Segment] = []
        self.lang_span: tuple[int, int] | None = None

    def run(self) -> None:
        try:
            self.feed(self.text)
            self.close()
        except AssertionError as exc:  # html.parser's answer to some malformed declarations
            line, _ = self.getpos()
            raise DilmacError(
                f"the HTML cannot be parsed here ({exc})",
                path=self.path,
                line=line + self.source.count("\n", 0, self.base),
                hint="fix the markup near this line",
            ) from None
        self.flush()

    def here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def extend(self, start: int, end: int) -> None:
        if self.run_start is None:
            self.run_start = start
        self.run_end = max(self.run_end, end)

    def flush(self) -> None:
        if self.run_start is None:
            return
        start, end = self.run_start + self.base, self.run_end + self.base
        self.run_start = None
        text = SPACE_RUN.sub(" ", self.text[start - self.base : end - self.base]).strip()
        if has_words(text):
            line = bisect.bisect_right(self.source_starts, start)
            self.segments.append(Segment(text, line, start, end, "html", ""))

    def handle_starttag(self, tag: str, attrs) -> None:
        self.start_tag(tag, void=False)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.start_tag(tag, void=True)

    def start_tag(self, tag: str, void: bool) -> None:
        at = self.here()
        raw = self.get_starttag_text() or ""
        if tag == "html" and self.lang_span is None:
            found = HTML_LANG.search(raw)
            if found:
                group = next(g for g in (1, 2, 3) if found.group(g) is not None)
                self.lang_span = (self.base + at + found.start(group), self.base + at + found.end(group))
        if self.skipping:
            if tag == self.skipping[-1] and not void:
                self.skipping.append(tag)
            return
        if tag in HTML_SKIP:
            self.flush()
            if not void:
                self.skipping.append(tag)
        elif tag in HTML_BLOCKS:
            self.flush()
        else:
            self.extend(at, at + len(raw))

    def handle_endtag(self, tag: str) -> None:
        at = self.here()
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in HTML_SKIP or tag in HTML_BLOCKS:
            self.flush()
        elif self.run_start is not None:
            close = self.text.find(">", at)
            self.extend(at, len(self.text) if close == -1 else close + 1)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data.strip():
            return
        at = self.here()
        lead = len(data) - len(data.lstrip())
        self.extend(at + lead, at + len(data.rstrip()))

    def handle_entityref(self, name: str) -> None:
        self.reference()

    def handle_charref(self, name: str) -> None:
        self.reference()

    def reference(self) -> None:
        if self.skipping:
            return
        at = self.here()
        found = ENTITY.match(self.text, at)
        self.extend(at, found.end() if found else at + 1)
