"""Rewrite a few elements of an XML part and leave every other byte of it as it was.

lxml writes a whole tree back in its own way (quotes, empty elements, character references),
so the changed elements are serialised by lxml and spliced into the original bytes in place of
the old ones. Where each element stands in the bytes is found by a scan of the tags, checked
against lxml's tree element by element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|(?P<doctype><!)"
    rb"|</(?P<end>[^\s>]+)\s*>"
    rb"|<(?P<start>[^\s/>!?]+)(?:[^>\"'/]++|/(?!>)|\"[^\"]*+\"|'[^']*+')*+(?P<empty>/?)>",
    re.S,
)


@dataclass
class Span:
    start: int  # the start tag's "<"
    inner: int  # where the end tag starts (the end, for an empty element)
    end: int


class SpanError(ValueError):
    """The bytes and the tree do not describe the same elements."""


def element_spans(data: bytes, root) -> dict:
    """Every element of `root`'s tree → its Span in `data`, the bytes it was parsed from."""
    spans: list[tuple[bytes, Span]] = []
    open_ones: list[int] = []
    for token in _TOKEN.finditer(data):
        if token["doctype"]:
            raise SpanError("a DOCTYPE")
        if token["start"] is not None:
            span = Span(token.start(), token.end(), token.end())
            spans.append((token["start"], span))
            if not token["empty"]:
                open_ones.append(len(spans) - 1)
        elif token["end"] is not None:
            if not open_ones or spans[open_ones[-1]][0] != token["end"]:
                raise SpanError(f"an unmatched end tag at byte {token.start()}")
            span = spans[open_ones.pop()][1]
            span.inner, span.end = token.start(), token.end()
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    if open_ones or len(elements) != len(spans):
        raise SpanError("the tags do not match the parsed elements")
    result = {}
    for element, (name, span) in zip(elements, spans):
        if name.decode("utf-8", "replace") != _qualified(element):
            raise SpanError(f"<{name.decode('utf-8', 'replace')}> where the tree has <{_qualified(element)}>")
        result[element] = span
    return result


def _qualified(element) -> str:
    local = element.tag.rsplit("}", 1)[-1]
    return f"{element.prefix}:{local}" if element.prefix else local


def splice(data: bytes, old: dict, root, changed: set, appended: dict) -> bytes:
    """`data` with each element in `changed` replaced by its new serialisation and the new
    children of each element in `appended` (element → the children added at its end) inserted
    before its end tag; `old` is element_spans of `data`, taken before the tree was changed."""
    from lxml import etree

    new_data = etree.tostring(root, encoding="UTF-8")
    new = element_spans(new_data, root)
    # An element that was empty (<a/>) has no end tag to insert before: it is replaced whole.
    changed = set(changed) | {parent for parent in appended if old[parent].inner == old[parent].end}
    replaced = [e for e in changed if not any(a in changed for a in e.iterancestors())]
    edits = [(old[e].start, old[e].end, new_data[new[e].start : new[e].end]) for e in replaced]
    for parent, children in appended.items():
        if parent in changed or any(a in changed for a in parent.iterancestors()):
            continue
        at = old[parent].inner
        edits.append((at, at, new_data[new[children[0]].start : new[children[-1]].end]))
    pieces, last = [], 0
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        pieces += [data[last:start], text]
        last = end
    pieces.append(data[last:])
    return b"".join(pieces)
