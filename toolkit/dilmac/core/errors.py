"""The one exception type users see: bad input, named by file and position, with what to do."""

from __future__ import annotations

from dilmac.core.i18n import gettext as _


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
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += "\n  " + _("hint: %(hint)s") % {"hint": self.hint}
        return text
