"""A document as the linter sees it, whatever format it was read from.

Readers keep positions simple by producing `text` with exactly the length and newlines of
`source` (the decoded file): markup, code and front matter are blanked with spaces (newlines
kept), and characters that a decoded entity or escape leaves over are filled with FILLER, which
normalisation deletes. So an offset into `text` is an offset into the file's text, and line and
column come straight from it.

Translation catalogs (PO, XLIFF) also carry a `Catalog`: their `text` holds the translations
(the document's language), and `Catalog.source_text` the source strings laid out the same way,
so the matcher scans each once and every occurrence still has a file position.

Word documents carry a `Place` per line (paragraph): where a person finds it in the document.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, pairwise
from typing import NamedTuple

FILLER = "\u200b"


@dataclass(frozen=True)
class Region:
    """A stretch of the text in a language other than the document's (HTML `lang` attributes)."""

    start: int
    end: int
    lang: str


class Unit(NamedTuple):
    """One message of a catalog: a PO entry or an XLIFF unit (2.0: one segment of it). A named
    tuple: a large catalog has tens of thousands."""

    msgid: str  # the source text (PO: msgid; XLIFF: the <source> content)
    msgctxt: str | None  # PO: msgctxt; XLIFF: the unit id
    spans: tuple[tuple[int, int], ...]  # the checked text in Document.text, per plural form
    source_spans: tuple[tuple[int, int], ...]  # msgid (and msgid_plural) in Catalog.source_text
    flags: frozenset[str] = frozenset()  # PO `#,` flags (python-format, …)
    fuzzy: bool = False  # PO `fuzzy`; XLIFF states that ask for review
    untranslated: bool = False  # no translation at all (every form empty, or not yet translated)


@dataclass
class Catalog:
    """What a catalog adds to its document: its messages and the source strings."""

    format: str  # "po" or "xliff"
    source_lang: str | None  # language of the source strings
    units: list[Unit]
    # The source strings laid out like Document.text (same length and newlines), or None for a
    # template (.pot), whose Document.text is its source strings and which has no translations.
    source_text: str | None
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def unit_at(self, offset: int) -> Unit | None:
        """The message whose text (one of its forms) holds `offset`, if any."""
        if self._index is None:
            spans = [(start, end, unit) for unit in self.units for start, end in unit.spans]
            if any(b[0] < a[0] for a, b in pairwise(spans)):  # plural forms out of file order
                spans.sort(key=lambda span: span[0])
            self._index = ([s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans])
        starts, ends, units = self._index
        index = bisect.bisect_right(starts, offset) - 1
        return units[index] if index >= 0 and offset <= ends[index] else None


@dataclass(frozen=True)
class Place:
    """Where a paragraph of a Word document is, told the way a person looks for it: the part of
    the document, the paragraph's number there and its first words, the table cells around it."""

    part: str  # body, header, footer, footnote, endnote, text box
    paragraph: int  # 1-based within the part (in the body: the line number)
    first_words: str
    cells: tuple[tuple[int, int, int], ...] = ()  # (table, row, cell), outermost table first
    note: int | None = None  # footnotes and endnotes: the number the reader sees
    section: int | None = None  # headers and footers: the section that shows it first
    which: str | None = None  # headers and footers: default, first (page) or even (pages)
    in_paragraph: int | None = None  # text boxes: the body paragraph that holds the box

    def story(self) -> str:
        """The part of the document in words (empty for the body), e.g. `footnote 2`."""
        if self.part in ("footnote", "endnote"):
            return f"{self.part} {self.note}"
        if self.part in ("header", "footer"):
            kind = {"first": " (first page)", "even": " (even pages)"}.get(self.which or "", "")
            return f"{self.part}{kind} of section {self.section}" if self.section else self.part + kind
        if self.part == "text box":
            return f"text box in paragraph {self.in_paragraph}" if self.in_paragraph else "text box"
        return ""

    def describe(self) -> str:
        """The place in words, e.g. `table 1, row 2, cell 3, paragraph 7 “The delegation met…”`."""
        where = [self.story()] if self.story() else []
        where += [f"table {t}, row {r}, cell {c}" for t, r, c in self.cells]
        where.append(f"paragraph {self.paragraph} “{self.first_words}”")
        return ", ".join(where)

    def to_json(self) -> dict:
        data: dict = {"part": self.part, "paragraph": self.paragraph, "first_words": self.first_words}
        if self.cells:
            data["cells"] = [{"table": t, "row": r, "cell": c} for t, r, c in self.cells]
        for key in ("note", "section", "which", "in_paragraph"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["description"] = self.describe()
        return data


@dataclass
class Document:
    path: str
    source: str
    text: str
    lang: str | None = None
    date: date | None = None
    regions: list[Region] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    catalog: Catalog | None = field(default=None, repr=False)
    places: list[Place] | None = field(default=None, repr=False)  # Word documents: one per line
    _line_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.source):
            raise ValueError(f"{self.path}: reader broke the position contract")
        if (
            self.catalog is not None
            and self.catalog.source_text is not None
            and len(self.catalog.source_text) != len(self.source)
        ):
            raise ValueError(f"{self.path}: reader broke the position contract of the source strings")

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # Cumulative line lengths: C loops only, which matters for 100 000-line catalogs.
            starts = [0]
            starts += accumulate(len(line) + 1 for line in self.source.split("\n"))
            starts.pop()
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, columns counted in characters."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span_positions(self, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, int, int]]:
        """(line, column, end_line, end_column) of each (start, end), as `position` gives them,
        found in one sweep of the text where the spans come by start: for the few spans of a
        document's findings, cheaper than building the line index."""
        source = self.source
        line, line_start, last = 1, 0, 0
        for start, end in spans:
            if start < last:  # out of order: sweep again from the top
                line, line_start, last = 1, 0, 0
            newlines = source.count("\n", last, start)
            if newlines:
                line += newlines
                line_start = source.rfind("\n", last, start) + 1
            last = start
            inside = source.count("\n", start, end)
            end_column = end - source.rfind("\n", start, end) if inside else end - line_start + 1
            yield line, start - line_start + 1, line + inside, end_column

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.source)
        return self.source[start:end].rstrip("\r")
