"""The one exception type users see: bad input, named by file and position, with what to do."""

from __future__ import annotations

from dilmac.core.i18n import Message
from dilmac.core.i18n import gettext as _
from dilmac.core.printable import printable, printable_lines


class DilmacError(Exception):
    """Input, termbase or usage problem. The CLI prints it and exits with status 2."""

    def __init__(
        self,
        message: str | Message,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | Message | None = None,
    ) -> None:
        # A Message is shown in the UI language; `message` and `hint` keep its English text,
        # which the machine formats (JSON, SARIF, JUnit) carry.
        self.message = message.english() if isinstance(message, Message) else message
        self.hint = hint.english() if isinstance(hint, Message) else hint
        super().__init__(self.message)
        self.shown = (message, hint)
        self.path = path
        self.line = line
        self.column = column

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
        message, hint = self.shown
        text = f"{where}{printable_lines(str(message))}"
        if hint:
            text += "\n  " + _("hint: %(hint)s") % {"hint": printable_lines(str(hint))}
        return text
