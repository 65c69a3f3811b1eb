"""Runs of words in another of the three languages inside a document: the detector behind
untranslated-fragment, which reports them, and foreign-letter, which leaves them alone."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING

from dilmac.language import langid

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.rules import Context

# Words that join the parts of a name or title and so do not show that English is running text.
CONNECTORS = frozenset("of the and for on in at to a an by with from de du la le van von der del da das y".split())
MAX_GAP = 2  # neutral words (names, numbers) allowed between two foreign words
CHUNK = 16384  # scan unit: tokens are tagged a chunk at a time
PIECE = 4096  # unit of the set test for words not seen yet or hot

_SPACE = re.compile(r"\s")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_TURKIC = (langid.AZ, langid.TR, langid.AZT)


@dataclass(frozen=True)
class Fragment:
    start: int
    end: int
    lang: str | None  # 'en', 'az', 'tr', or None for "Azerbaijani or Turkish"
    words: int


# Each white-space-delimited token gets a one-letter tag per document language, so that runs
# are found by a regular expression over the tags instead of a Python loop over the words (it
# runs over the tags of the stretches around hot tokens only: see _fragments):
#   o  the document's own language      n  says nothing (name, number, abbreviation, code)
#   T  Azerbaijani or Turkish in an English document, lower case or a listed word; t: other
#   E  English in an az/tr document, lower case and not a connector; e: other
#   F  the other Turkic language in an az/tr document, lower case or listed; f: other
#   a  Azerbaijani or Turkish, either (az/tr documents: neutral inside F runs, ends E runs)
_RUN_RE = {
    "en": re.compile(rf"[Tt](?:n{{0,{MAX_GAP}}}[Tt])+"),
    "az": re.compile(rf"[Ee](?:[nf]{{0,{MAX_GAP}}}[Ee])+|[Ff](?:[nae]{{0,{MAX_GAP}}}[Ff])+"),
}
_RUN_RE["tr"] = _RUN_RE["az"]
_TOKEN_RE = re.compile(r"\S+")


def _tag(token: str, doc_lang: str) -> str:
    cls = langid.token_class(token)
    if cls == langid.NONE:
        return "n"
    if doc_lang == "en":
        if cls not in _TURKIC:
            return "o"
        return "T" if _strong_turkic(_first_word(token)) else "t"
    if cls == langid.EN:
        word = _first_word(token)
        return "E" if word[0].islower() and langid.fold_word(word) not in CONNECTORS else "e"
    if cls == langid.AZT:
        return "a"
    if cls == doc_lang:
        return "o"
    return "F" if _strong_turkic(_first_word(token)) else "f"


def _promising(tags: str) -> bool:
    """Whether a candidate run's tags can pass `_accept` (checked again on the words)."""
    if tags[0] in "Ee":
        return tags.count("E") >= 2 and tags.count("E") + tags.count("e") >= 3
    strong = tags.count("T") + tags.count("F")
    return strong >= 2 or (strong == 1 and strong + tags.count("t") + tags.count("f") >= 3)


class _Tags:
    """Token -> tag per document language, split into the tokens without which no run can pass
    `_promising` ("hot": T, E, F) and the others ("cold"): shared by all documents of a
    process. A token in neither set has not been seen yet."""

    by_lang: dict[str, tuple[dict[str, str], set[str], set[str]]] = {}  # (tags, hot, cold)

    @classmethod
    def get(cls, doc_lang: str) -> tuple[dict[str, str], set[str], set[str]]:
        found = cls.by_lang.get(doc_lang)
        if found is None:
            found = cls.by_lang[doc_lang] = ({}, set(), set())
        elif len(found[0]) > 25_000:
            for part in found:
                part.clear()
        return found

    @staticmethod
    def add(tokens: Iterable[str], doc_lang: str, tags: dict[str, str], hot: set[str], cold: set[str]) -> None:
        for token in tokens:
            tag = tags[token] = _tag(token, doc_lang)
            (hot if tag in "TEF" else cold).add(token)


def _chunks(text: str, start: int, end: int, size: int = 0) -> Iterator[tuple[int, int]]:
    """text[start:end] cut after white space into pieces of about CHUNK (or `size`) characters."""
    size = size or CHUNK
    pos = start
    while pos < end:
        cut = end
        if end - pos > size:
            space = _SPACE.search(text, pos + size, end)
            cut = space.end() if space else end
        yield pos, cut
        pos = cut


class Spans:
    """Spans of the text (they may overlap or nest) with a quick overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end = list(itertools.accumulate((e for _, e in self.spans), max))

    def __bool__(self) -> bool:
        return bool(self.spans)

    def overlaps(self, start: int, end: int) -> bool:
        j = bisect.bisect_left(self.starts, end)
        return j > 0 and self.max_end[j - 1] > start


class _Memo:
    """The last result of `fragments`, for the same region of the same text with the same list
    of terms: foreign-letter asks for a region's fragments just before this rule reports them."""

    last: tuple | None = None


def fragments(ctx: Context) -> list[Fragment]:
    """The untranslated runs in the context's region, in text order."""
    doc_lang = ctx.lang
    if doc_lang not in langid.LANGS:
        return []
    text = ctx.text
    occurrences = ctx.occurrences
    key = (ctx.start, ctx.end, doc_lang, len(occurrences))
    last = _Memo.last
    # (the memo holds the text and the list, so their identities cannot be reused meanwhile)
    if last is not None and last[0] is text and last[1] is occurrences and last[2] == key:
        return list(last[3])
    # A region of one piece is split once, shared with the other rules (ctx.tokens).
    tokens = ctx.tokens if ctx.end - ctx.start <= PIECE else None
    result = _fragments(text, ctx.start, ctx.end, doc_lang, occurrences, tokens)
    _Memo.last = (text, occurrences, key, result)
    return list(result)


def _fragments(
    text: str,
    start: int,
    end: int,
    doc_lang: str,
    occurrences: list[Occurrence],
    region_tokens: list[str] | None = None,
) -> list[Fragment]:
    """The runs, as one regular expression over the tags of all tokens of the region would find
    them, where the tags count only in a chunk with a hot token and in its two neighbours and
    every other token counts as the document's own language ("o").

    A run never crosses an "o", and every run that can pass `_promising` has a hot token. So
    each chunk is split once and its tokens are run through one C-level filter (tokens that are
    neither known nor hot are classified, once per process), and only the stretch of non-"o"
    tokens around each hot token is looked at token by token. `region_tokens`, when given, are
    the tokens of the whole region, already split."""
    tags, hot, cold = _Tags.get(doc_lang)
    bounds = [(start, end)] if end - start <= CHUNK else list(_chunks(text, start, end))
    hits: list[list[tuple[int, str]]] | None = None  # each chunk's hot tokens (offset, token)
    for i, (cs, ce) in enumerate(bounds):
        # (split in smaller pieces: one set test passes most of them whole)
        for ps, pe in [(cs, ce)] if ce - cs <= PIECE else _chunks(text, cs, ce, PIECE):
            whole = region_tokens is not None and (ps, pe) == (start, end)
            tokens = region_tokens if whole else text[ps:pe].split()
            if cold.issuperset(tokens):
                continue
            odd = list(filterfalse(cold.__contains__, tokens))  # hot or not seen yet, in order
            new = set(odd).difference(hot)
            if new:
                _Tags.add(new, doc_lang, tags, hot, cold)
                odd = list(filter(hot.__contains__, odd))
                if not odd:
                    continue
            if hits is None:
                hits = [[] for _ in bounds]
            hits[i].extend(_locate(text, ps, pe, odd))
    if hits is None:
        return []
    n = len(bounds)
    heat = [bool(h) for h in hits]
    tagged = [heat[i] or (i > 0 and heat[i - 1]) or (i + 1 < n and heat[i + 1]) for i in range(n)]
    run_re = _RUN_RE[doc_lang]
    get = tags.get
    own: Spans | None = None
    result: list[Fragment] = []
    covered = start  # end of the last stretch looked at
    for i in range(n):
        if not heat[i]:
            continue
        # the zone of tagged chunks around this one: beyond it every token counts as "o"
        first = i
        while first > 0 and tagged[first - 1]:
            first -= 1
        last = i
        while last + 1 < n and tagged[last + 1]:
            last += 1
        zone_start, zone_end = bounds[first][0], bounds[last][1]
        for pos, token in hits[i]:
            if pos < covered:
                continue  # inside the stretch of an earlier hot token
            stretch = _left(text, pos, zone_start, get, doc_lang)
            stretch.append((pos, pos + len(token), token, get(token) or _tag(token, doc_lang)))
            covered = pos + len(token)
            for match in _TOKEN_RE.finditer(text, covered, zone_end):
                word = match.group()
                tag = get(word) or _tag(word, doc_lang)
                if tag == "o":
                    break
                stretch.append((match.start(), match.end(), word, tag))
            covered = stretch[-1][1]
            if len(stretch) < 2:
                continue  # a run has two words of its language at least
            for match in run_re.finditer("".join([t[3] for t in stretch])):
                if not _promising(match.group()):
                    continue
                if own is None:
                    # the document's terms, spelled right (a term matched without its letters
                    # is no proof)
                    own = Spans((o.start, o.end) for o in occurrences if o.diacritics_ok and not o.homoglyphs)
                words = [(s, e, word) for s, e, word, _tag_ in stretch[match.start() : match.end()]]
                result.extend(_runs(text, words, doc_lang, own))
    return result


def _locate(text: str, cs: int, ce: int, tokens: list[str]) -> list[tuple[int, str]]:
    """(offset, token) of `tokens`, some of the white-space-delimited tokens of text[cs:ce] in
    the order they have there: each is the next whole-token occurrence of its string after the
    one before (an earlier one would be in the list before it)."""
    located: list[tuple[int, str]] = []
    pos = cs
    for token in tokens:
        size = len(token)
        pos = text.find(token, pos, ce)
        while pos != -1:
            stop = pos + size
            if (pos == cs or text[pos - 1].isspace()) and (stop == ce or text[stop].isspace()):
                break
            pos = text.find(token, pos + 1, ce)
        if pos == -1:  # cannot happen (str.split and str.isspace agree); be safe anyway
            wanted = set(tokens)
            return [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text, cs, ce) if m.group() in wanted]
        located.append((pos, token))
        pos = stop
    return located


def _left(text: str, pos: int, zone_start: int, get, doc_lang: str) -> list[tuple[int, int, str, str]]:
    """The tokens before offset `pos` (a token start) back to the nearest "o" token or the start
    of the zone, in text order, as (start, end, token, tag)."""
    found: list[tuple[int, int, str, str]] = []
    while True:
        stop = pos
        while stop > zone_start and text[stop - 1].isspace():
            stop -= 1
        if stop == zone_start:
            break
        # the token begins after the last space before it, unless other white space (line
        # breaks, tabs: never printable, unlike the space) comes later, which a walk settles
        pos = text.rfind(" ", zone_start, stop) + 1 or zone_start
        word = text[pos:stop]
        if not word.isprintable():
            pos = stop - 1
            while pos > zone_start and not text[pos - 1].isspace():
                pos -= 1
            word = text[pos:stop]
        tag = get(word) or _tag(word, doc_lang)
        if tag == "o":
            break
        found.append((pos, stop, word, tag))
    found.reverse()
    return found


@lru_cache(maxsize=65536)
def _letters(token: str) -> tuple[int, int]:
    """Offsets of the first and past the last letter of a token."""
    first = langid.WORD_RE.search(token)
    end = first.end()
    for word in langid.WORD_RE.finditer(token, first.start()):
        end = word.end()
    return first.start(), end


# The tags of a run's own words, and the tags that may sit between two of them.
_MEMBERS = {"T": "Tt", "E": "Ee", "F": "Ff"}
_NEUTRAL = {"T": "n", "E": "nf", "F": "nae"}


def _runs(text: str, tokens: list[tuple[int, int, str]], doc_lang: str, own: Spans) -> list[Fragment]:
    """Split a candidate stretch of tokens into runs, now looking at where each one is: inside
    one of the document's own terms, or after a blank line."""
    tags, _hot, _cold = _Tags.get(doc_lang)
    result: list[Fragment] = []
    run: list[tuple[int, int, str, str]] = []  # (start, end, token, tag)
    group = ""  # "T", "E" or "F" while a run is open
    gap = 0

    def close() -> None:
        nonlocal run, group, gap
        while run and run[-1][3] not in _MEMBERS[group]:  # drop trailing neutral words
            run.pop()
        if run:
            fragment = _accept(run, group, doc_lang)
            if fragment:
                result.append(fragment)
        run, group, gap = [], "", 0

    for s, e, token in tokens:
        tag = tags.get(token) or _tag(token, doc_lang)
        if tag != "n":
            offset, stop = _letters(token)
            s, e = s + offset, s + stop
        in_own = bool(own) and own.overlaps(s, e)
        if run and (in_own or _BLANK_LINE.search(text, run[-1][1], s)):
            close()
        if in_own:
            continue
        if group and tag in _MEMBERS[group]:
            run.append((s, e, token, tag))
            gap = 0
        elif group and tag in _NEUTRAL[group] and gap < MAX_GAP:
            run.append((s, e, token, tag))
            gap += 1
        else:
            if group:
                close()
            if tag.upper() in _MEMBERS:
                group = tag.upper()
                run.append((s, e, token, tag))
    close()
    return result


def _accept(run: list[tuple[int, int, str, str]], group: str, doc_lang: str) -> Fragment | None:
    members = [(token, tag) for _, _, token, tag in run if tag in _MEMBERS[group]]
    strong = sum(1 for _, tag in members if tag == group)
    if len(members) < 2 or strong < 1 or (strong < 2 and len(members) < 3):
        return None
    if group == "E":
        if len(members) < 3 or strong < 2:
            return None
        lang: str | None = "en"
    elif group == "F":
        lang = "tr" if doc_lang == "az" else "az"
    else:
        classes = [langid.token_class(token) for token, _ in members]
        az, tr = classes.count(langid.AZ), classes.count(langid.TR)
        lang = "az" if az and az >= tr else "tr" if tr else None
    return Fragment(run[0][0], run[-1][1], lang, len(run))


def _first_word(token: str) -> str:
    if token.isalpha():
        return token  # what WORD_RE would match: letters only
    return langid.WORD_RE.search(token).group()


def _strong_turkic(word: str) -> bool:
    """Lower case, or a dictionary word: not just a name written in its own spelling."""
    if word[0].islower():
        return True
    folded = langid.fold_word(word)
    return langid.listed(folded, "az") or langid.listed(folded, "tr")
