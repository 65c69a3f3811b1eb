"""term-near-miss: a likely misspelling, or a variant, of a name in the termbase.

A capitalised word one or two letters away from a word of a termbase name, or written as that
word is in another language's spelling, is probably a typo: "Amreev" for "Amreyev",
"Miqrasya" for "Miqrasiya", "Nakhchivn" for "Nakhchivan", "Kubanichbek" for "Kubanychbek",
"Yerlikai" for "Yerlikaya" (a transliteration key merges y/i, ch/ç, sh/ş, kh/x, dj/c, q/k,
-iyev/-iev). To keep false positives rare, the word must be capitalised, at least five letters
long, and, for names of more than one word, stand next to another word of the same name
("Baghdad Amreev", also written another way: "Kubanichbek Omuraliyev"). Words of six letters
or fewer must be within one edit; longer ones within two.

It must not be a word of the language in any inflected or derived form, nor another real
place (dilmac.language.lexicon: word-frequency lists, an Azerbaijani word list, ISO 3166
countries and subdivisions, read through the morphology): "Kazakhstani", "Dairesi" and "Kurul"
are words, "Astara" is a district of Azerbaijan and not "Astana". A word of the language is a
misspelling only inside all the other words of a long name: "Türk Devletler Teşkilatı".

Long names (four content words or more) are also reported when written as a variant: one word
replaced by another inflected alike, or the words in another order ("Council of Cooperation of
Turkic Speaking Countries", "Türkdilli ölkələrin Əməkdaşlıq Şurası"); no fix is offered, the
message names the termbase's name.

Bad:  Secretary General Baghdad Amreev
Good: Secretary General Baghdad Amreyev
Good: Lənkəran, Astara və Masallı rayonlarında …

When two name words are equally close, the nearest wins, then the one more names share, then
the first in alphabetical order: the same text always gets the same suggestion.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.language.case import upper
from dilmac.match.bodies import bodies
from dilmac.match.names import name_in_context, name_index
from dilmac.match.variants import long_names
from dilmac.rules import Context
from dilmac.rules._terms import quote

if TYPE_CHECKING:
    pass

ID = "term-near-miss"
SEVERITY = Severity.WARNING

_ONE_PASS_ABOVE = 1 << 16  # characters


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    words = list(_misspelt_words(ctx, module))
    yield from words
    yield from _variants(ctx, module, [(f.start, f.end) for f in words])


def _misspelt_words(ctx: Context, module) -> Iterator[Finding]:
    index = name_index(ctx.termbase, ctx.lang)
    text = ctx.text
    # Classify each distinct capitalised word once; most texts have no suspect at all.
    suspects = index.suspects_in(ctx.tokens)
    if not suspects:
        return
    starts = [o.start for o in ctx.occurrences]
    ends = [o.end for o in ctx.occurrences]
    for start, found in sorted(_locate(text, ctx.start, ctx.end, suspects)):
        end = start + len(found)
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            continue  # part of a term the matcher already found
        name_word, real_word = suspects[found]
        name = name_in_context(index, name_word, text, start, end, len(found), real_word)
        if name is None or index.another_place(found, name.concept_id):
            continue
        suggestion = upper(name.word, ctx.lang) if found.isupper() else name.word
        yield ctx.finding(
            module,
            start,
            end,
            Message("%(found)s looks like a misspelling of %(right)s", found=quote(found), right=quote(name.word)),
            suggestions=[suggestion],
            concept=name.concept_id,
        )


def _locate(text: str, start: int, end: int, words: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Where the words stand on their own (not inside a longer word) in text[start:end]. In a
    large region (a whole catalog) several words are found in one automaton pass instead of
    one search each; in a small one str.find is cheaper than building the automaton."""
    if len(words) == 1 or end - start < _ONE_PASS_ABOVE:
        found = []
        for word in words:
            at = text.find(word, start, end)
            while at != -1:
                found.append((at, at + len(word), word))
                at = text.find(word, at + len(word), end)
    else:
        import ahocorasick_rs

        patterns = list(words)
        hits = ahocorasick_rs.AhoCorasick(patterns).find_matches_as_indexes(text[start:end], overlapping=True)
        found = [(start + s, start + e, patterns[i]) for i, s, e in hits]
    for at, after, word in found:
        if not (at > 0 and text[at - 1].isalpha()) and not (after < len(text) and text[after].isalpha()):
            yield at, word


def _variants(ctx: Context, module, reported: list[tuple[int, int]]) -> Iterator[Finding]:
    """Variants of long names (dilmac.match.variants) outside the terms the matcher found and
    the misspelt words already `reported`."""
    names = long_names(ctx.termbase, ctx.lang)
    if not names.stems:
        return
    known = bodies(ctx.termbase)
    is_state = lambda word: known.state_code(word, ctx.lang) is not None  # noqa: E731
    if ctx.normalized is not None:  # the matcher's layers: no second pass over the text
        variants = names.find_normalized(ctx.normalized, ctx.start, ctx.end, is_state, ctx.occurrences, reported)
    else:
        spans = sorted([(o.start, o.end) for o in ctx.occurrences] + reported)
        variants = names.find(ctx.text, ctx.start, ctx.end, is_state, spans)
    for variant in variants:
        found = ctx.doc.source[variant.start : variant.end]
        concept = ctx.termbase.by_id.get(variant.name.concept_id)
        target = concept.preferred(ctx.lang, ctx.date, kind="full") if concept else None
        label = target.text if target else variant.name.text
        yield ctx.finding(
            module,
            variant.start,
            variant.end,
            Message("%(found)s looks like a variant of the name %(name)s", found=quote(found), name=quote(label)),
            concept=variant.name.concept_id,
        )
