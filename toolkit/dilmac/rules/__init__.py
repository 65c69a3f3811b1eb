"""The checks. One module per rule, each with:

- ``ID``: the rule id users see and configure (``term-forbidden``);
- ``SEVERITY``: its default severity;
- the module docstring: the user documentation (what it flags, why, examples);
- ``check(ctx)``: yields Findings for one document region.

What a rule needs precomputed from the termbase belongs to the matching stage
(dilmac.match), which builds it with the compiled termbase so that it is cached on disk with
it (the near-miss index of name words, dilmac.match.names, is one).

Bilingual rules (translation catalogs: PO, XLIFF) read ``ctx.pairs`` and ``ctx.units``, which
are empty for other documents, so they cost nothing there. They may also declare:

- ``check_catalogs(contexts)``: a pass over the contexts of every translated catalog of a run,
  after all files are read (comparing catalogs with each other);
- ``REPLACES_IN_CATALOGS``: rule ids that do not run on translated catalogs while this rule does
  (it does their job there, message by message);
- ``TAKES_OVER``: rule ids whose finding on the same occurrence (span and concept) is dropped
  when this rule reports it (one finding per wrong form, the most telling one);
- ``CATALOGS_ONLY``: true for rules with nothing to check outside translation catalogs, so
  other documents do not call them.

A rule that only reports on occurrences of terms with certain statuses says so with
``STATUSES`` (a frozenset, e.g. ``{"forbidden"}``): when every rule of a run declares it, the
matcher verifies only those occurrences and the ones overlapping them, and a document without
any is not checked further, so a run with only such rules costs less.

Rules never read files or match terms themselves: they get a `Context` with the document, its
language and date, and the term occurrences the matcher found.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message, gettext

if TYPE_CHECKING:
    from dilmac.core.document import Document, Unit
    from dilmac.language.normalize import NormalizedText
    from dilmac.match.matcher import Occurrence
    from dilmac.termbase.model import Termbase

RULE_MODULES = (
    "term_forbidden",
    "term_deprecated",
    "term_superseded",
    "term_admitted",
    "term_casing",
    "term_diacritics",
    "term_near_miss",
    "term_inconsistent",
    "mixed_script",
    "foreign_letter",
    "untranslated_fragment",
    "term_missing",
    "term_wrong",
    "placeholder_mismatch",
    "translation_inconsistent",
)


@dataclass
class Pair:
    """A catalog message whose source strings name terms, with the terms of its translation."""

    unit: Unit
    source: list[Occurrence]  # terms of the source language in its source strings
    forms: list[list[Occurrence]]  # per plural form: the terms found (leftmost-longest)
    readings: list[list[Occurrence]]  # per plural form: every reading, nested ones too


@dataclass
class Context:
    doc: Document
    lang: str
    date: date
    termbase: Termbase
    start: int  # the region of doc.text being checked
    end: int
    occurrences: list[Occurrence]  # terms of `lang` found in the region, in text order
    foreign: list[Occurrence] = field(default_factory=list)  # terms of the other languages
    # The text to scan, when it differs from doc.text: the document's own-language context
    # sees its other-language regions blanked (same length, so offsets hold).
    scan_text: str | None = None
    # Translation catalogs only: the messages to check (translated; fuzzy ones with
    # --check-fuzzy), the language of their source strings, and the messages naming terms.
    units: list[Unit] = field(default_factory=list)
    source_lang: str | None = None
    pairs: list[Pair] = field(default_factory=list)
    # The text holds only ASCII, white space, punctuation variants and Turkic letters: no
    # letter of another script (so no homoglyph either).
    plain: bool = False
    # The matcher's layers of the text (compact skeleton and the offset map), where they are
    # those of this context's text: checks that search the whole text reuse them.
    normalized: NormalizedText | None = None
    _tokens: list[str] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.scan_text if self.scan_text is not None else self.doc.text

    @property
    def tokens(self) -> list[str]:
        """The white-space-delimited tokens of the region, split once for the rules that
        pre-filter by token (the strings' hashes are then computed once too)."""
        if self._tokens is None:
            self._tokens = self.text[self.start : self.end].split()
        return self._tokens

    def finding(
        self,
        rule: ModuleType,
        start: int,
        end: int,
        message: str | Message,
        *,
        suggestions: Iterable[str] = (),
        concept: str | None = None,
        severity: Severity | None = None,
        unit: Unit | None = None,
    ) -> Finding:
        shown = message if isinstance(message, Message) else None
        # Positional, in the order of Finding's fields: a class called with keywords gets them
        # as a dict, which doubles the cost of making the finding.
        return Finding(
            self.doc.path,
            start,
            end,
            rule.ID,
            severity or rule.SEVERITY,
            message if shown is None else shown.english(),
            self.doc.source[start:end],  # found
            list(dict.fromkeys(suggestions)),
            concept,
            self.lang,
            unit.msgid if unit is not None else None,
            unit.msgctxt if unit is not None else None,
            None,  # location
            shown,
        )


def documentation(rule: ModuleType) -> str:
    """The rule's documentation (its module docstring) in the UI language; `catalog extract`
    takes the docstrings of this package's modules as messages (babel.cfg: module_docstring)."""
    return gettext(inspect.cleandoc(rule.__doc__ or ""))


def load_rules() -> list[ModuleType]:
    return [importlib.import_module(f"dilmac.rules.{name}") for name in RULE_MODULES]
