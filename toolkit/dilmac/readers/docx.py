"""Word .docx: one line per paragraph, so that line N of a finding is paragraph N.

Paragraphs are taken from the document body in order, including the paragraphs of table cells
(row by row, nested tables in place) and of content controls. Tracked insertions count as text,
tracked deletions and field codes do not. A line break or tab inside a paragraph becomes a space
or tab, so a paragraph stays one line. Headers, footers, footnotes, comments and text boxes are
not read. `source` and `text` are the same string: the paragraphs joined with newlines.
"""

from __future__ import annotations

import io
import zipfile

from dilmac.core.document import Document
from dilmac.core.errors import DilmacError
from dilmac.readers.common import normalize_lang, path_language

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RESAVE = "open it in Word (or LibreOffice) and save it again as a Word Document (.docx)"

_CHARS = {f"{W}tab": "\t", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "\u2011", f"{W}softHyphen": "\u00ad"}
# Inside a paragraph: what is not visible text, or is another paragraph's (text boxes).
_SKIP = frozenset(
    {
        f"{W}del",
        f"{W}moveFrom",
        f"{W}delText",
        f"{W}instrText",
        f"{W}txbxContent",
        f"{MC}Fallback",
        f"{W}rPr",
        f"{W}pPr",
        f"{W}footnoteReference",
        f"{W}endnoteReference",
        f"{W}commentReference",
    }
)
_LINE_BREAKS = str.maketrans(
    {
        "\n": " ",
        "\r": " ",
        "\v": " ",
        "\f": " ",
        "\x1c": " ",
        "\x1d": " ",
        "\x1e": " ",
        "\x85": " ",
        "\u2028": " ",
        "\u2029": " ",
    }
)


def read_docx(data: bytes, path: str) -> Document:
    if data.startswith(OLE_MAGIC):
        raise DilmacError(
            "this is an old-format Word file (.doc) or a password-protected document, not a .docx",
            path=path,
            hint=RESAVE + ", without a password",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DilmacError("not a valid .docx (zip) file", path=path, hint=RESAVE)
    try:
        import docx  # python-docx, imported here: the CLI should start fast
    except ImportError:  # pragma: no cover - it is a dependency
        raise DilmacError(
            "reading .docx files needs the python-docx package", path=path, hint="pip install python-docx"
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        _blocks(body, lines)
        language = document.core_properties.language
    except DilmacError:
        raise
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DilmacError(f"not a valid .docx (zip) file: {reason}", path=path, hint=RESAVE) from None
    text = "\n".join(lines)
    return Document(path=path, source=text, text=text, lang=normalize_lang(language) or path_language(path))


def _blocks(container, lines: list[str]) -> None:
    """Paragraph lines of a body, cell or content control, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            lines.append(_paragraph(child))
        elif tag == f"{W}tbl":
            for row in child.iterchildren(f"{W}tr"):
                for cell in row.iterchildren(f"{W}tc", f"{W}sdt"):
                    _blocks(_content(cell), lines)
        elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            _blocks(_content(child), lines)


def _content(element):
    content = element.find(f"{W}sdtContent")
    return element if content is None else content


def _paragraph(p) -> str:
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in _CHARS:
                if tag != f"{W}br" or child.get(f"{W}type") in (None, "textWrapping"):
                    parts.append(_CHARS[tag])
                else:
                    parts.append(" ")  # page or column break
            elif tag == f"{W}p":
                continue  # a paragraph inside (text box)
            else:
                walk(child)

    walk(p)
    return "".join(parts).translate(_LINE_BREAKS)
