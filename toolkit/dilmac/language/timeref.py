"""What time a sentence speaks about: the sentence-level time reference.

A document has one date, but its sentences may tell history: "The Cooperation Council of
Turkic Speaking States, founded on 3 October 2009, …", "Türk Konseyi'nin adı Türk Devletleri
Teşkilatı olarak değiştirildi". An old name is right there. This module finds, around a
position of a text:

- the sentence it stands in (`sentence_span`);
- the dates and years the sentence names, in en/az/tr formats with their case endings
  ("3 Ekim 2009'da", "2009-cu ildə", "in 2009", "October 3, 2009", "03.10.2009", "12 Kasım’da"
  with the document's year), as periods of days, those before the document's date only (a
  plan for 2030 says nothing about history);
- whether it is a rename or history statement (renamed / formerly / was known as / founded /
  established; az: adı dəyişdirilib, əvvəlki adı, yaradılıb, təsis edilib; tr: adı … olarak
  değiştirildi, eski adıyla, önceki adı, kuruldu);
- the quotation a span stands in (a quoted title keeps the name it was published with).

It knows no termbase: the rules decide what a time reference means for a term.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_WINDOW = 1500  # characters searched on each side for a sentence's ends: bounded cost per call
_NEAR = 300  # characters searched back first

# A sentence ends at . ! ? … (closing quotes or brackets may follow) before white space and a
# capital or digit (after any quotes, brackets or blanked markup), or at a line break. Not
# after a single capital ("B. Amreev") or a number of up to three digits (Turkish and
# Azerbaijani ordinals: "8. Zirve", "3. madde"). The pattern starts with one character class,
# which lets the regex engine skip straight to those characters.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|[\"'”’»)\]]*\s+(?=[^\w\s]*[A-ZÇĞİÖŞÜƏ\d]))")


def _last_of(chars: str) -> re.Pattern:
    """A pattern that, matched in text[low:at], ends just after the last of `chars` there: one
    scan in C (.* runs to the end and backs off) instead of a str.rfind per character."""
    return re.compile(f".*[{chars}]", re.S)


_LAST_START = _last_of(".!?…\n")  # the characters a boundary starts with
_LAST_STOP = _last_of(".!?…")
_NOT_AFTER = re.compile(r"(?:^|[\s(])(?:[A-ZÇĞİÖŞÜƏ]|\d{1,3})$")  # "B." "8." before the full stop


def _stands(text: str, m: re.Match) -> bool:
    """Whether a match of _BOUNDARY is a boundary: not after an initial or an ordinal. (Checked
    in Python at each full stop: a look-behind in the pattern would be tried at every
    character.)"""
    at = m.start()
    before = text[at - 1 : at]
    return (
        not (before.isupper() or before.isdigit())
        or m.group() == "\n"
        or not _NOT_AFTER.search(text, max(0, at - 5), at)
    )


def _last_boundary_end(text: str, low: int, pos: int, high: int) -> int | None:
    """The end of the last boundary, ending at or before pos, that a scan of text[low:high] finds;
    searched from pos backwards (the window is long, sentences are short). The scan's matches do
    not overlap: a line break in the white space after a full stop is part of that match."""
    at = min(pos, high)
    while (last := _LAST_START.match(text, low, at)) is not None:
        at = last.end() - 1
        m = _BOUNDARY.match(text, at, high)
        if m is None or m.end() > pos or not _stands(text, m):
            continue
        if m.group() == "\n" and (stop := _LAST_STOP.match(text, low, at)) is not None:
            before = _BOUNDARY.match(text, stop.end() - 1, high)
            if before is not None and before.end() > at:
                continue  # the scan reads the line break as part of the boundary before it
        return m.end()
    return None


_MONTHS = {
    "en": "january february march april may june july august september october november december",
    "az": "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
}
_MONTH_NUMBER = {name: i for names in _MONTHS.values() for i, name in enumerate(names.split(), 1)}
_MONTH_NUMBER.update(
    {n[:3]: i for i, n in enumerate(_MONTHS["en"].split(), 1) if n != "may"} | {"sept": 9}  # Oct., Sept.
)


def _by_initial(names: list[str]) -> str:
    """Alternatives for names, in their order, grouped by first letter: the regex engine tries one
    branch per letter at each word, not one per name (the same matches: a name with another first
    letter fails at once)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"{initial}(?:{'|'.join(rests)})" for initial, rests in groups.items())


_MONTH = "(" + _by_initial(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_SUFFIX = r"(?:['’\-]?[^\W\d_]*)"  # a case ending: 2009'da, 2009-cu, Kasım’da, Ekimde
_YEAR = r"(1[89]\d\d|20\d\d)"
# Each kind of date with its pattern and a test that every sentence with a match of it passes;
# before them, a cue that every date has (four digits, or a day and a month). Most sentences,
# even with numbers, name no date. The cue and the tests are fast where the patterns are slow:
# they start with a character class, which lets the regex engine skip straight to those
# characters (a leading look-behind or \b has it try every position).
_DATE_CUE = re.compile(rf"\d(?:\d\d\d|(?:st|nd|rd|th)?\s+{_MONTH})")
_DATES = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), re.compile(r"\d\d\d\d-\d\d-\d\d")),
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)"), re.compile(r"\d[./]\d\d?[./]\d\d\d\d")),
    (
        "d_month_y",
        re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}{_SUFFIX}(?:,?\s+{_YEAR})?(?!\d)"),
        re.compile(rf"\d(?:st|nd|rd|th)?\s+{_MONTH}"),
    ),
    (
        "month_d_y",
        re.compile(rf"\b{_MONTH}[^\W\d_]*\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)"),
        re.compile(rf"\s\d\d?(?:st|nd|rd|th)?,?\s+{_YEAR}"),
    ),
    ("month_y", re.compile(rf"\b{_MONTH}[^\W\d_]*\s+{_YEAR}(?!\d)"), re.compile(rf"\s{_YEAR}")),
    ("y", re.compile(rf"(?<![\d.,/-]){_YEAR}(?![\d.,/]\d|\d)"), re.compile(_YEAR)),
]

# Rename and history statements. A rename needs its name word and its verb in one sentence
# (az "adı ... dəyişdirilib", tr "adı ... olarak değiştirildi"); the others are phrases.
_HISTORY = {
    "en": re.compile(
        r"\b(?:renam(?:ed|ing)|formerly|former|previously (?:called|named|known)|(?:was|were|is|also) known as"
        r"|known as|founded|founding|established|establishment of|set up in|created in|changed (?:its|their) name"
        r"|predecessor|until (?:its|their) renaming|now (?:called|named|the))\b",
        re.I,
    ),
    "az": re.compile(
        r"(?:^|(?<=\W))(?:əvvəlki adı|keçmiş adı|köhnə adı|yaradıl(?:ıb|dı|mış|an|ması|masının|masına)\w*"
        r"|təsis (?:edil|olun)\w*|kimi tanın\w*|adlanırdı|adlandırıl\w*)",
        re.I,
    ),
    "tr": re.compile(
        r"(?:^|(?<=\W))(?:eski ad\w*|önceki ad\w*|kuruldu\w*|kurulan|kurulmuş\w*|kuruluş\w*|kurucu\w*"
        r"|olarak (?:da )?bilinen|olarak anılan|tesis edil\w*)",
        re.I,
    ),
}
_RENAME = {
    "en": None,
    "az": (re.compile(r"(?:^|(?<=\W))ad(?:ı|ını|ının)(?=\W)", re.I), re.compile(r"dəyiş(?:dir|il)\w*", re.I)),
    "tr": (
        re.compile(r"(?:^|(?<=\W))(?:ad|isim|ism)(?:ı|ını|i|ini)(?=\W)", re.I),
        re.compile(r"değiş(?:tir|ti)\w*", re.I),
    ),
}
_DIGIT = re.compile(r"\d")
_LAST_OPENING = _last_of('“«„"‘‹')
_CLOSING = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’", "‹": "›"}


@dataclass(frozen=True)
class TimeReference:
    """What a sentence says about time."""

    start: int  # the sentence, end exclusive
    end: int
    periods: tuple[tuple[date, date], ...]  # (first day, last day) of each past date it names
    history: bool  # a rename or founding statement

    def mentions_time_when(self, valid_from: date | None, valid_until: date | None) -> bool:
        """Whether one of its periods falls in [valid_from, valid_until]: the end day included,
        since on the day of a rename both names are in the news."""
        if not self.periods:
            return False  # (most sentences: no generator)
        return any(
            (valid_from is None or valid_from <= last) and (valid_until is None or valid_until >= first)
            for first, last in self.periods
        )


def sentence_span(text: str, pos: int, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """The sentence of text[start:end] that holds position `pos`."""
    end = len(text) if end is None else end
    for window in (_NEAR, _WINDOW):  # most sentences are short: look near first
        low = max(start, pos - window)
        sentence_start = _last_boundary_end(text, low, pos, min(end, pos + 8))  # (the look-ahead reads past pos)
        if sentence_start is None and (low == start or window == _WINDOW):
            sentence_start = low
        if sentence_start is not None:
            break
    high = min(end, pos + _WINDOW)
    m = _BOUNDARY.search(text, pos, high)
    while m is not None and not _stands(text, m):
        m = _BOUNDARY.search(text, m.end(), high)  # (as finditer: matches do not overlap)
    if m is None:
        return sentence_start, high
    return sentence_start, m.start() + 1 if m.group() != "\n" else m.start()


def periods_in(sentence: str, lang: str, today: date) -> list[tuple[date, date]]:
    """The past dates a sentence names, as (first day, last day), in text order."""
    found: list[tuple[int, int, date, date]] = []
    taken: list[tuple[int, int]] = []
    sentence = sentence.lower()  # the month patterns are in lower case (no IGNORECASE: faster)
    if not _DATE_CUE.search(sentence):
        return []
    for kind, pattern, test in _DATES:
        if not test.search(sentence):
            continue
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue  # part of a longer date already read
            period = _period(kind, m.groups(), today)
            if period is None:
                continue
            taken.append(m.span())
            if period[0] <= today:
                found.append((m.start(), m.end(), *period))
    return [(first, last) for _, _, first, last in sorted(found)]


def _period(kind: str, groups: tuple, today: date) -> tuple[date, date] | None:
    try:
        if kind == "ymd":
            day = date(int(groups[0]), int(groups[1]), int(groups[2]))
            return day, day
        if kind == "dmy":
            day = date(int(groups[2]), int(groups[1]), int(groups[0]))
            return day, day
        if kind == "d_month_y":
            month = _MONTH_NUMBER[groups[1].lower()]
            day = date(int(groups[2]) if groups[2] else today.year, month, int(groups[0]))
            return day, day
        if kind == "month_d_y":
            day = date(int(groups[2]), _MONTH_NUMBER[groups[0].lower()], int(groups[1]))
            return day, day
        if kind == "month_y":
            year, month = int(groups[1]), _MONTH_NUMBER[groups[0].lower()]
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        year = int(groups[0])
        return date(year, 1, 1), date(year, 12, 31)
    except (ValueError, KeyError):
        return None  # "31.02.2009", a month name that is also a word in another sense


# Fragments one of which every history phrase of a language contains: most sentences have
# none, and a substring test is far cheaper than the patterns.
_CUES = {
    "en": ("renam", "former", "previous", "known as", "found", "establish", "set up", "created", "changed",
           "predecessor", "now "),
    "az": ("ad", "əvvəlki", "keçmiş", "köhnə", "yaradıl", "təsis", "tanın"),
    "tr": ("eski ad", "önceki ad", "kurul", "kuruluş", "kurucu", "bilinen", "anılan", "tesis", "ad", "isim", "ism"),
}  # fmt: skip


def is_history(sentence: str, lang: str) -> bool:
    """Whether the sentence tells a rename or a founding."""
    lowered = sentence.lower()
    for cue in _CUES.get(lang, ()):  # (a loop: faster than any() over a generator)
        if cue in lowered:
            break
    else:
        return False
    pattern = _HISTORY.get(lang)
    if pattern is not None and pattern.search(sentence):
        return True
    rename = _RENAME.get(lang)
    return bool(rename and rename[0].search(sentence) and rename[1].search(sentence))


def time_reference(
    text: str, pos: int, lang: str, today: date, start: int = 0, end: int | None = None
) -> TimeReference:
    """The time reference of the sentence of text[start:end] that holds `pos`."""
    s, e = sentence_span(text, pos, start, end)
    sentence = text[s:e]
    return TimeReference(s, e, tuple(periods_in(sentence, lang, today)), is_history(sentence, lang))


class Sentences:
    """The time references of the sentences of text[start:end], each found on first use and
    memoised (a region with many old names asks about the same sentences)."""

    def __init__(self, text: str, lang: str, today: date, start: int = 0, end: int | None = None) -> None:
        self.text, self.lang, self.today = text, lang, today
        self.start, self.end = start, len(text) if end is None else end
        self._refs: dict[int, TimeReference] = {}

    def span(self, pos: int) -> tuple[int, int]:
        return sentence_span(self.text, pos, self.start, self.end)

    def reference(self, pos: int) -> TimeReference:
        s, e = self.span(pos)
        ref = self._refs.get(s)
        if ref is None:
            sentence = self.text[s:e]
            periods = periods_in(sentence, self.lang, self.today) if _DIGIT.search(sentence) else ()
            ref = self._refs[s] = TimeReference(s, e, tuple(periods), is_history(sentence, self.lang))
        return ref


def quotation(text: str, start: int, end: int, within: tuple[int, int]) -> tuple[int, int] | None:
    """The quotation (inside quotes, within the span `within`) that holds text[start:end], or
    None. Straight double quotes pair up in order of appearance."""
    low, high = within
    last = _LAST_OPENING.match(text, low, start)
    if last is None:
        return None
    opening = last.end() - 1
    mark = text[opening]
    if mark == '"' and text.count('"', low, opening) % 2:
        return None  # the straight quote before is a closing one
    closing = min((i for q in _CLOSING[mark] if (i := text.find(q, end, high)) != -1), default=-1)
    if closing == -1:
        return None
    between = text[opening + 1 : start]
    if any(c in between for c in _CLOSING[mark]) and mark not in ('"', "„"):
        return None  # that quotation closed before the span
    return opening + 1, closing
