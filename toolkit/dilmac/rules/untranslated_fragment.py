"""untranslated-fragment: a phrase in another of the three languages left in the text.

What it flags
    A run of two or more consecutive words that clearly belong to another of dilmac's
    languages: an Azerbaijani or Turkish phrase in an English page, an English sentence in an
    Azerbaijani or Turkish page, a Turkish phrase in an Azerbaijani page and the reverse. One
    finding covers the whole run, e.g.::

        looks like Azerbaijani in an English document: “Dövlət Miqrasiya Xidmətinin rəisi” (4 words)

Why it matters
    A sentence the translator meant to come back to, a paragraph copied from the source, or a
    caption nobody translated are easy to miss on proofreading, because the eye reads what it
    expects. Between Azerbaijani and Turkish the languages are close enough for a Turkish
    phrase to pass unnoticed in an Azerbaijani text.

How words are judged
    By `dilmac.language.langid`: word lists of function words and frequent words, and letters
    (ə, q and x are Azerbaijani; ı, ğ, ş are Turkic, never English; -iyor, -acak, -mak are
    Turkish spellings, -ib, -ub Azerbaijani ones). Words that say nothing (names, numbers,
    words the languages share such as "bir" or "milli") may sit inside a run but do not count
    towards it. Not counted, and not part of a run: the document's own terms (the termbase
    occurrences the matcher found), URLs, e-mail addresses, code-like tokens (file.txt,
    snake_case, words touching digits), and all-capital abbreviations (NATO, ABŞ).

    To keep false alarms rare:

    - English inside an Azerbaijani or Turkish page is reported only when the run has at
      least three English words, two of them lower case and not name connectors (of, the,
      and, for, ...). Names of foreign bodies, titles and slogans in Title Case, which are
      often left in English on purpose ("Member of the Welsh Parliament"), pass, and so do
      loanword pairs ("talk show", "play-off"); an English sentence does not.
    - Azerbaijani or Turkish inside an English page, and the one inside the other, is
      reported when the run has two words that are lower case or dictionary words, or three
      words with one such. A person's or place's name written in its own spelling ("Heydər
      Əliyev") is not an untranslated phrase (foreign-letter notes its letters).
    - Capitalised words of a third language (names) may sit inside a run without breaking it.
    - Quotation marks do not protect a run: a quoted title in Title Case passes by the rules
      above, a quoted sentence in another language is reported (an untranslated quotation in
      a press release is usually an oversight), unless a translation in brackets follows the
      closing quote: “Kazakistan Türkiye İlişkileri” (Relations of Kazakhstan and Türkiye) is
      a title cited in its own language on purpose.
    - A blank line ends a run.

    Measured on the NTREX-128 news test set (1997 sentences in each language, each file
    linted as a document of its language): no finding in any of the three. Whole sentences of
    another language spliced into them are found 96-100 % of the time, except Turkish in
    Azerbaijani (84 %: the two are close, and a Turkish sentence without a Turkish-only word
    or spelling is not told apart).

Example
    Bad (English document)::

        The delegation was received by the Dövlət Miqrasiya Xidmətinin rəisi on Monday.

    Good::

        The delegation was received by the Chief of the State Migration Service on Monday.

Silencing it
    When the other language is intended (a quotation kept in the original, a bilingual
    caption), mark the passage with its language (an HTML ``lang`` attribute, which the reader
    turns into a region checked in that language), or lint such files with
    ``--disable untranslated-fragment``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import N_, Contextual, Message
from dilmac.language.timeref import quotation, sentence_span
from dilmac.rules._fragments import fragments

if TYPE_CHECKING:
    from dilmac.rules import Context

ID = "untranslated-fragment"
SEVERITY = Severity.WARNING

QUOTE_LIMIT = 70  # longest found text quoted whole in the message
# The languages' names as the message uses them: "looks like Turkish in an English document".
_LOOKS_LIKE = {
    "en": Contextual("looks like … in a … document", "English"),
    "az": Contextual("looks like … in a … document", "Azerbaijani"),
    "tr": Contextual("looks like … in a … document", "Turkish"),
    None: Contextual("looks like … in a … document", "Azerbaijani or Turkish"),
}
_TEMPLATES = {
    "en": N_("looks like %(lang)s in an %(doc)s document: “%(text)s” (%(n)d words)"),
    "az": N_("looks like %(lang)s in an %(doc)s document: “%(text)s” (%(n)d words)"),
    "tr": N_("looks like %(lang)s in a %(doc)s document: “%(text)s” (%(n)d words)"),
}


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return text


_GLOSS = re.compile(r"\s*\(")


def _cited_title(ctx: Context, start: int, end: int) -> bool:
    """A quotation followed by its translation in brackets: “…” (…)."""
    text = ctx.text
    quoted = quotation(text, start, end, sentence_span(text, start, ctx.start, ctx.end))
    return quoted is not None and _GLOSS.match(text, quoted[1] + 1) is not None


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    for fragment in fragments(ctx):
        if _cited_title(ctx, fragment.start, fragment.end):
            continue
        found = ctx.doc.source[fragment.start : fragment.end]
        message = Message(
            _TEMPLATES[ctx.lang],
            lang=_LOOKS_LIKE[fragment.lang],
            doc=_LOOKS_LIKE[ctx.lang],
            text=_quote(found),
            n=fragment.words,
        )
        yield ctx.finding(module, fragment.start, fragment.end, message)
