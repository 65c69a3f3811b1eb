"""Masking: what the model must copy, not translate, is replaced by numbered tokens `[1]`, `[2]`, …

Placeholders and tags are found as placeholder-mismatch finds them (printf, Python and brace
formats where the message's flags say so or, without flags, where the text shows them; `{{ }}`
and markup always), plus web and e-mail
addresses and the termbase's uninflected names (`e-qanun.az`). Digits in square brackets pass
through opus-mt's SentencePiece vocabularies unchanged; a token number already written in the
text is skipped. After translation each token must come back exactly once; a missing or
repeated one is a problem the caller reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from dilmac.rules._placeholders import ALWAYS_MARKERS, FLAGGED, READERS, UNFLAGGED_READERS, Reading, flavours_of

ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
TOKEN = re.compile(r"\[\s*(\d+)\s*\]")


@dataclass(frozen=True)
class Slot:
    number: int
    original: str  # as in the source
    replacement: str  # what goes back (the target rendering of a name; else the original)
    glued_before: str  # the character the source writes right before it ('' for white space or none)
    glued_after: str  # … right after it


@dataclass
class Masked:
    text: str  # what the model gets
    slots: list[Slot] = field(default_factory=list)

    def restore(self, translated: str) -> tuple[str, list[str]]:
        """The translation with every token replaced back, and the problems (a token missing or
        repeated). Where the source glues the placeholder to a neighbour (`<b>Archive`,
        `%(name)s!`) and the model put a space between it and a neighbour of the same kind (a
        word, or punctuation), the space goes."""
        if not self.slots:
            return translated, []
        by_number = {slot.number: slot for slot in self.slots}
        counts = Counter(int(m.group(1)) for m in TOKEN.finditer(translated) if int(m.group(1)) in by_number)
        problems = [
            f"“{slot.original}” missing" if counts[slot.number] == 0 else f"“{slot.original}” repeated"
            for slot in self.slots
            if counts[slot.number] != 1
        ]
        pieces, last = [], 0
        for match in TOKEN.finditer(translated):
            slot = by_number.get(int(match.group(1)))
            if slot is None:
                continue
            before = translated[last : match.start()]
            if before.endswith(" ") and _same_kind(slot.glued_before, translated[: match.start()].rstrip(" ")[-1:]):
                before = before.rstrip(" ")
            pieces.append(before)
            pieces.append(slot.replacement)
            last = match.end()
            if translated[last : last + 1] == " " and _same_kind(slot.glued_after, translated[last:].lstrip(" ")[:1]):
                last = len(translated) - len(translated[last:].lstrip(" "))
        pieces.append(translated[last:])
        return "".join(pieces), problems


def _same_kind(source_neighbour: str, output_neighbour: str) -> bool:
    return (
        bool(source_neighbour) and bool(output_neighbour) and source_neighbour.isalnum() == output_neighbour.isalnum()
    )


def readers_for(text: str, flags) -> dict[str, Callable[[str], Reading]]:
    """The placeholder kinds placeholder-mismatch checks in a message with these flags, and
    how it reads each."""
    readers = {kind: READERS[kind] for kind in FLAGGED if kind in flags}
    if not readers:
        readers = {kind: UNFLAGGED_READERS[kind] for kind in flavours_of([text], flags)}
    readers.update((kind, READERS[kind]) for kind, marker in ALWAYS_MARKERS.items() if marker in text)
    return readers


def kinds_for(text: str, flags) -> list[str]:
    return list(readers_for(text, flags))


def protected_spans(text: str, flags) -> list[tuple[int, int]]:
    spans = [(start, end) for read in readers_for(text, flags).values() for _, start, end in read(text)[1]]
    spans += [m.span() for m in ADDRESS.finditer(text)]
    return spans


def mask(text: str, flags=(), names: list[tuple[int, int, str]] = ()) -> Masked:
    """Mask placeholders, tags, addresses, and the `names` given as (start, end, replacement)."""
    wanted = [(start, end, text[start:end]) for start, end in protected_spans(text, flags)]
    wanted += list(names)
    chosen: list[tuple[int, int, str]] = []
    for start, end, replacement in sorted(wanted, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < end and (not chosen or start >= chosen[-1][1]):
            chosen.append((start, end, replacement))
    if not chosen:
        return Masked(text)
    taken = {int(m.group(1)) for m in TOKEN.finditer(text)}
    numbers = (n for n in count(1) if n not in taken)
    pieces, slots, last = [], [], 0
    for start, end, replacement in chosen:
        number = next(numbers)
        before, after = text[start - 1 : start], text[end : end + 1]
        slots.append(
            Slot(
                number,
                text[start:end],
                replacement,
                "" if before.isspace() else before,
                "" if after.isspace() else after,
            )
        )
        pieces.append(text[last:start])
        pieces.append(f"[{number}]")
        last = end
    pieces.append(text[last:])
    return Masked("".join(pieces), slots)


def placeholders(text: str, flags) -> Counter:
    """The placeholders and tags of a text as a multiset, to compare two texts."""
    return Counter(written for read in readers_for(text, flags).values() for written, _, _ in read(text)[1])
