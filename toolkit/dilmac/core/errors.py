"""The one exception type users see: bad input, named by file and position, with what to do."""

from __future__ import annotations

from dilmac.core.printable import printable, printable_lines


class DilmacError(Exception):
    """Input, termbase or usage problem. The CLI prints it and exits with status 2."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        """The error as printed: control characters and undecodable bytes of file names and
        quoted file content escaped (see dilmac.core.printable)."""
        where = ""
        if self.path:
            where = printable(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{printable_lines(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable_lines(self.hint)}"
        return text
