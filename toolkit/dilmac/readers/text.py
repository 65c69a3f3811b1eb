"""Plain text: everything is checked, nothing is blanked."""

from __future__ import annotations

from dilmac.core.document import Document
from dilmac.readers.common import path_language


def read_plain(source: str, path: str) -> Document:
    return Document(path=path, source=source, text=source, lang=path_language(path))
