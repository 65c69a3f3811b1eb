"""Readers: a file (or a string) → a `Document` whose `text` keeps the source's positions.

    read_document(path, display_path=None)  dispatch on the file's suffix
    read_text(source, path, kind)           the same from a string: kind "text"|"markdown"|"html"|
                                            "po"|"pot"|"xliff"
    supported(path)                         files the directory walker lints
    path_language(path)                     language from the path's naming convention

Every problem with the input is a `DilmacError` naming the file (and line where there is one);
binary files raise `BinaryFileError`, a subclass, so the walker can skip them with a notice.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from dilmac.core.document import Document
from dilmac.readers.common import normalize_lang, path_language
from dilmac.readers.decode import BinaryFileError, decode, read_bytes

__all__ = [
    "KINDS",
    "SUFFIXES",
    "BinaryFileError",
    "kind_of",
    "normalize_lang",
    "path_language",
    "read_document",
    "read_text",
    "supported",
]

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".po": "po",
    ".pot": "pot",
    ".xlf": "xliff",
    ".xliff": "xliff",
}
KINDS = ("text", "markdown", "html", "po", "pot", "xliff")


def kind_of(path: PurePath | str) -> str:
    """The reader a file gets: its suffix's, else plain text."""
    return SUFFIXES.get(PurePath(path).suffix.lower(), "text")


def supported(path: PurePath | str) -> bool:
    """Whether the directory walker should lint this file (Office lock files excluded)."""
    pure = PurePath(path)
    if pure.name.startswith(("~$", ".~lock.")):
        return False
    return pure.suffix.lower() in SUFFIXES


def read_text(source: str, path: str, kind: str) -> Document:
    """A Document from a decoded string, read as one of KINDS."""
    if kind == "text":
        from dilmac.readers.text import read_plain

        return read_plain(source, path)
    if kind == "markdown":
        from dilmac.readers.markdown import read_markdown

        return read_markdown(source, path)
    if kind == "html":
        from dilmac.readers.html import read_html

        return read_html(source, path)
    if kind in ("po", "pot"):
        from dilmac.readers.po import read_po

        return read_po(source, path, template=kind == "pot")
    if kind == "xliff":
        from dilmac.readers.xliff import read_xliff

        return read_xliff(source, path)
    raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")


def read_document(path: Path, *, display_path: str | None = None) -> Document:
    """Read and decode a file and pick its reader by suffix (unknown suffixes: plain text)."""
    display = display_path if display_path is not None else str(path)
    data = read_bytes(path, display)
    kind = kind_of(path)
    if kind == "docx":
        from dilmac.readers.docx import read_docx

        doc = read_docx(data, display)
        if doc.lang is None:
            doc.lang = path_language(path)
        return doc
    if kind in ("po", "pot"):
        from dilmac.readers.po import decode_po

        source, notices = decode_po(data, display)
    else:
        source, notices = decode(data, display)
    doc = read_text(source, display, kind)
    if doc.lang is None and display != str(path):
        doc.lang = path_language(path)
    doc.notices[:0] = notices
    return doc
