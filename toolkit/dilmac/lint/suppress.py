"""Inline suppressions: comments in a file that silence findings where they stand.

Markdown, HTML (and any other non-catalog document whose source holds them):

    <!-- dilmac-disable-next-line term-forbidden, term-casing -->   the line after the comment
    <!-- dilmac-disable term-admitted -->  …  <!-- dilmac-enable term-admitted -->
    <!-- dilmac-disable -->  …  <!-- dilmac-enable -->              every rule (to the end of
                                                                    the file without an enable)

PO catalogs, in a translator comment of the entry:

    # dilmac: ignore term-wrong

Text after ` -- ` is a free reason. In Markdown a directive counts only at the start of a line
outside fenced code, so documentation that shows one is not taken for one.

Suppressions apply after the checks ran. Two findings report on the suppressions themselves
(severity warning, configurable like rules): `unused-suppression` for one that silenced nothing
of a rule that ran, and `invalid-suppression` for an unknown rule id or directive, an enable
without a disable, or an ignore comment that belongs to no entry.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dilmac.core.document import Document, Unit
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message

UNUSED = "unused-suppression"
INVALID = "invalid-suppression"
PSEUDO_RULES = (UNUSED, INVALID)

_HTML_DIRECTIVE = re.compile(r"<!--\s*dilmac-([A-Za-z-]*)(.*?)-->", re.S)
_PO_DIRECTIVE = re.compile(r"^#(?:[ \t]+(dilmac:[ \t]*(\S*)(.*)))$", re.M)
_ENTRY_KEYWORD = re.compile(r"^[ \t]*(msgctxt|msgid)\b", re.M)
_OBSOLETE = re.compile(r"^#~", re.M)
_MSGID = re.compile(r'^[ \t]*msgid[ \t]*"', re.M)
_EMPTY_FIRST = re.compile(r'"[ \t\r]*\n[ \t]*"')
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)", re.M)
_RULE_LIST = re.compile(r"[\s,]+")


@dataclass
class Suppression:
    directive: str  # as the user wrote it, for the messages
    start: int  # the comment, where its findings point
    end: int
    covers: tuple[int, int]  # findings starting in [covers[0], covers[1]) are silenced
    rules: frozenset[str] | None  # None: every rule
    used: set[str] = field(default_factory=set)

    def silences(self, finding: Finding) -> bool:
        return self.covers[0] <= finding.start < self.covers[1] and (self.rules is None or finding.rule in self.rules)


def apply(doc: Document, findings: list[Finding], *, ran: Iterable[str], known: Iterable[str]) -> list[Finding]:
    """`findings` without the suppressed ones, plus findings on the suppressions themselves.
    `ran`: ids of the rules that ran on the document; `known`: every rule id there is."""
    suppressions, problems = parse(doc, set(known))
    if not suppressions and not problems:
        return findings
    kept = silence(suppressions, findings)
    kept.extend(problems)
    kept.extend(unused(suppressions, ran, lambda s, message: _finding(doc, s.start, s.end, UNUSED, message)))
    kept.sort(key=Finding.sort_key)
    return kept


def silence(suppressions: list[Suppression], findings: list[Finding]) -> list[Finding]:
    """The findings no suppression covers, in their order; the others mark their suppressions
    used. One sweep over both sorted by position, keeping the suppressions whose range is open:
    testing every suppression against every finding was quadratic (20 000 disable-next-line
    comments took 20 s)."""
    by_start = sorted(suppressions, key=lambda s: s.covers[0])
    open_ranges: list[tuple[int, int, Suppression]] = []  # a heap by where each range ends
    silenced: set[int] = set()
    k = 0
    for index in sorted(range(len(findings)), key=lambda i: findings[i].start):
        finding = findings[index]
        while k < len(by_start) and by_start[k].covers[0] <= finding.start:
            heapq.heappush(open_ranges, (by_start[k].covers[1], k, by_start[k]))
            k += 1
        while open_ranges and open_ranges[0][0] <= finding.start:
            heapq.heappop(open_ranges)
        for _, _, suppression in open_ranges:
            if suppression.silences(finding):
                suppression.used.add(finding.rule)
                silenced.add(index)
    return [finding for index, finding in enumerate(findings) if index not in silenced]


def unused(
    suppressions: list[Suppression], ran: Iterable[str], report: Callable[[Suppression, Message], Finding]
) -> list[Finding]:
    """An unused-suppression finding, made by `report(suppression, message)`, for each rule of
    `ran` that a suppression names (or, naming none, for one) and silenced nothing of."""
    ran = set(ran)
    problems = []
    for suppression in suppressions:
        if suppression.rules is None:
            rules = [] if suppression.used or not ran else [None]
        else:
            rules = sorted(rule for rule in suppression.rules - suppression.used if rule in ran)
        for rule in rules:
            if rule is None:
                message = Message("“%(directive)s” silences no finding; remove it", directive=suppression.directive)
            else:
                message = Message(
                    "“%(directive)s” silences no %(rule)s finding; remove it",
                    directive=suppression.directive,
                    rule=rule,
                )
            problems.append(report(suppression, message))
    return problems


def _finding(doc: Document, start: int, end: int, rule: str, message: Message) -> Finding:
    finding = Finding(
        path=doc.path,
        start=start,
        end=end,
        rule=rule,
        severity=Severity.WARNING,
        message=message.english(),
        shown=message,
        found=doc.source[start:end],
    )
    finding.line, finding.column = doc.position(start)
    finding.end_line, finding.end_column = doc.position(end)
    return finding


def parse(doc: Document, known: set[str]) -> tuple[list[Suppression], list[Finding]]:
    if doc.catalog is not None:
        if doc.catalog.format == "po":
            return _parse_po(doc, known)
        return [], []
    if "dilmac-" not in doc.source:
        return [], []
    return _parse_comments(doc, known)


def _rules(
    doc: Document, text: str, start: int, end: int, known: set[str], problems: list[Finding]
) -> frozenset[str] | None:
    """The rule ids a directive names (None: none named, so every rule); unknown ones are
    reported and left out."""
    names = [name for name in _RULE_LIST.split(text.split(" -- ", 1)[0]) if name]
    if not names:
        return None
    unknown = [name for name in names if name not in known]
    if unknown:
        problems.append(
            _finding(
                doc,
                start,
                end,
                INVALID,
                Message(
                    "unknown rule %(names)s in a suppression; rule ids: %(ids)s",
                    names=", ".join(repr(n) for n in unknown),
                    ids=", ".join(sorted(known)),
                ),
            )
        )
    return frozenset(name for name in names if name in known)


def _parse_comments(doc: Document, known: set[str]) -> tuple[list[Suppression], list[Finding]]:
    source = doc.source
    markdown = doc.path.lower().endswith((".md", ".markdown"))
    fenced = _fenced_code(source) if markdown else []
    suppressions: list[Suppression] = []
    problems: list[Finding] = []
    open_ranges: dict[str | None, tuple[int, str, int, int]] = {}  # rule → (from, directive, comment)
    line_starts = doc.line_starts
    for match in _HTML_DIRECTIVE.finditer(source):
        start, end = match.span()
        if markdown:
            line_start = source.rfind("\n", 0, start) + 1
            if source[line_start:start].strip() or _inside(fenced, start):
                continue
        name, rest = match.group(1), match.group(2)
        directive = f"dilmac-{name}{rest}".strip()
        if name not in ("disable-next-line", "disable", "enable"):
            problems.append(
                _finding(
                    doc,
                    start,
                    end,
                    INVALID,
                    Message(
                        "unknown directive 'dilmac-%(name)s'; use dilmac-disable-next-line, dilmac-disable or "
                        "dilmac-enable",
                        name=name,
                    ),
                )
            )
            continue
        rules = _rules(doc, rest, start, end, known, problems)
        if rules is not None and not rules:
            continue  # only unknown rules: already reported
        if name == "disable-next-line":
            line = doc.position(end)[0] + 1
            if line > len(line_starts):
                problems.append(
                    _finding(doc, start, end, INVALID, Message("dilmac-disable-next-line has no next line"))
                )
                continue
            covers = (line_starts[line - 1], line_starts[line] if line < len(line_starts) else len(source))
            suppressions.append(Suppression(directive, start, end, covers, rules))
        elif name == "disable":
            for rule in (None,) if rules is None else sorted(rules):
                if rule not in open_ranges:
                    open_ranges[rule] = (end, directive, start, end)
        else:
            closing = list(open_ranges) if rules is None else sorted(rules)
            unmatched = [rule for rule in closing if rule not in open_ranges]
            if unmatched or not closing:
                if rules is None:
                    message = Message("dilmac-enable for every rule without a dilmac-disable before it")
                else:
                    message = Message(
                        "dilmac-enable for %(names)s without a dilmac-disable before it", names=", ".join(unmatched)
                    )
                problems.append(_finding(doc, start, end, INVALID, message))
            for rule in closing:
                if rule in open_ranges:
                    begin, opened_by, comment_start, comment_end = open_ranges.pop(rule)
                    suppressions.append(
                        Suppression(
                            opened_by,
                            comment_start,
                            comment_end,
                            (begin, start),
                            None if rule is None else frozenset({rule}),
                        )
                    )
    for rule, (begin, opened_by, comment_start, comment_end) in open_ranges.items():
        suppressions.append(
            Suppression(
                opened_by, comment_start, comment_end, (begin, len(source)), None if rule is None else frozenset({rule})
            )
        )
    return suppressions, problems


def _fenced_code(source: str) -> list[tuple[int, int]]:
    """Spans of Markdown fenced code blocks (an unclosed fence runs to the end)."""
    spans, opened = [], None
    for match in _FENCE.finditer(source):
        fence = match.group(1)
        if opened is None:
            opened = (match.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not match.group(2).strip():
            spans.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(source)))
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


def _parse_po(doc: Document, known: set[str]) -> tuple[list[Suppression], list[Finding]]:
    """`# dilmac: ignore RULE` in an entry's translator comments silences the findings in that
    entry's strings."""
    source = doc.source
    if "dilmac:" not in source:
        return [], []
    units = doc.catalog.units
    by_msgid = {unit.source_spans[0][0]: unit for unit in units}
    suppressions: list[Suppression] = []
    problems: list[Finding] = []
    for match in _PO_DIRECTIVE.finditer(source):
        start, end = match.span(1)
        verb, rest = match.group(2), match.group(3)
        if verb != "ignore":
            problems.append(
                _finding(
                    doc,
                    start,
                    end,
                    INVALID,
                    Message("unknown directive 'dilmac: %(verb)s'; write '# dilmac: ignore RULE'", verb=verb),
                )
            )
            continue
        rules = _rules(doc, rest, start, end, known, problems)
        if rules is not None and not rules:
            continue
        unit = _entry_after(source, end, by_msgid)
        if unit is None:
            problems.append(
                _finding(
                    doc,
                    start,
                    end,
                    INVALID,
                    Message(
                        "this ignore comment belongs to no checked entry (the header or an obsolete one); "
                        "put it in the comments above the entry's msgid"
                    ),
                )
            )
            continue
        spans = unit.spans + unit.source_spans
        covers = (min(s[0] for s in spans), max(s[1] for s in spans) + 1)
        suppressions.append(Suppression(match.group(1).strip(), start, end, covers, rules))
    return suppressions, problems


def _entry_after(source: str, offset: int, by_msgid: dict[int, Unit]) -> Unit | None:
    """The unit of the entry whose comments hold `offset`: the next entry keyword starts it."""
    keyword = _ENTRY_KEYWORD.search(source, offset)
    if keyword is None or _OBSOLETE.search(source, offset, keyword.start()):
        return None
    msgid = _MSGID.search(source, keyword.start())
    if msgid is None:
        return None
    start = msgid.end()
    while (empty := _EMPTY_FIRST.match(source, start)) is not None:  # a wrapped msgid: `msgid ""`
        start = empty.end()
    return by_msgid.get(start)
