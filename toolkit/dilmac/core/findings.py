"""Findings and occurrences: what the checks report and what the matcher found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from operator import attrgetter

from dilmac.core.document import Place
from dilmac.core.i18n import Message, translations
from dilmac.core.i18n import gettext as _


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    def label(self) -> str:
        """The name in the UI language (str() is the English name, for machine formats)."""
        return {Severity.INFO: _("info"), Severity.WARNING: _("warning"), Severity.ERROR: _("error")}[self]

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]


# Finding.sort_key as a key function without a Python call per finding, for sorting many.
SORT_KEY = attrgetter("path", "start", "end", "rule", "message")


@dataclass
class Finding:
    path: str
    start: int  # character offsets into the document text, end exclusive
    end: int
    rule: str
    severity: Severity
    message: str
    found: str
    suggestions: list[str] = field(default_factory=list)
    concept: str | None = None
    lang: str | None = None
    msgid: str | None = None  # catalogs: the message (PO msgid, XLIFF source)
    msgctxt: str | None = None  # catalogs: PO msgctxt, XLIFF unit id
    location: Place | None = None  # Word documents: where the paragraph is
    # The message to show people, translated when shown; `message` is its English text, which
    # the machine formats, baselines and fingerprints keep.
    shown: Message | None = field(default=None, compare=False, repr=False)
    # Filled by the linter from the document once the checks have run.
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def localized(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the UI language), e.g. per request on a web page."""
        if self.shown is None:
            return self.message
        return self.shown.render(translations(lang)) if lang is not None else str(self.shown)

    def sort_key(self) -> tuple:
        return SORT_KEY(self)

    def to_json(self) -> dict:
        data = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "found": self.found,
            "suggestions": list(self.suggestions),
            "concept": self.concept,
            "lang": self.lang,
        }
        if self.msgid is not None:
            data["msgid"] = self.msgid
            data["msgctxt"] = self.msgctxt
        if self.location is not None:
            data["location"] = self.location.to_json()
        return data
