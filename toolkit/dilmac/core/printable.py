"""Text that is safe to print: file names and file content shown on a terminal or written into
a report must not carry control characters (an escape sequence in a linted file could clear
the screen, retitle the window or fake a result) nor undecodable bytes (a Latin-1 file name
read by Python as a lone surrogate, which a UTF-8 stream cannot encode).
"""

from __future__ import annotations

import re

# C0 controls but tab, DEL, C1 controls, the line and paragraph separators, the bidirectional
# controls that reorder what follows them, and lone surrogates (undecodable bytes).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape: the byte it stands for
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character, bidirectional control and undecodable byte written
    as a visible escape (\\x1b, \\u202e), so that printing it shows what is there."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Like printable, but keeping line breaks (for several lines of output)."""
    return "\n".join(printable(line) for line in text.split("\n"))
