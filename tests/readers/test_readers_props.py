"""Property tests: whatever the input, readers keep the position contract and fail cleanly."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dilmac.core.document import FILLER
from dilmac.core.errors import DilmacError
from dilmac.readers import read_text
from dilmac.readers.decode import decode

FRAGMENTS = [
    "```",
    "~~~",
    "````",
    "`",
    "``",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "---\n",
    "+++\n",
    "...\n",
    "lang: az\n",
    "date: 2024-03-05\n",
    "date: 2024-02-30\n",
    "title: a: b\n",
    "- ",
    "* ",
    "1. ",
    "> ",
    "# ",
    "**",
    "*",
    "_",
    "__",
    "\\",
    "\\*",
    "\\\n",
    "[",
    "]",
    "](",
    "(",
    ")",
    "![",
    "]: ",
    '"',
    "'",
    "<",
    ">",
    "</",
    "/>",
    "<b>",
    "</b>",
    "<p>",
    "</p>",
    "<br>",
    "<span lang='tr'>",
    "</span>",
    '<div lang="az-Latn">',
    "</div>",
    "<html lang=en>",
    "<head>",
    "<title>",
    "<script>",
    "</script>",
    "<style>",
    "<pre>",
    "<code>",
    "<!--",
    "-->",
    "<!-->",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "<?xml ?>",
    "<![",
    "<!",
    "&",
    "&amp;",
    "&amp",
    "&#39;",
    "&#x130;",
    "&#",
    "&#x",
    "&nbsp;",
    "&bogus;",
    "&#99999999;",
    "https://",
    "www.",
    "http://x.az/a_(b)",
    "<http://x.az>",
    "{{",
    "}}",
    "{%",
    "%}",
    "Türkiye",
    "Azərbaycan",
    "İ",
    "ı",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\x00",
    "é",
    "😀",
]

fragment_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=60).map("".join)
any_text = st.one_of(st.text(), fragment_soup)


def check(source: str, kind: str) -> None:
    try:
        doc = read_text(source, "prop.md", kind)
    except DilmacError:
        return
    text = doc.text
    assert doc.source == source
    assert len(text) == len(source)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(source) if c == "\n"]
    for i, (a, b) in enumerate(zip(text, source)):
        # a character is kept, blanked, or the decoded start of an entity or escape
        assert a == b or a in (" ", FILLER) or b in "&\\", (kind, i, a, b)
    for region in doc.regions:
        assert 0 <= region.start < region.end <= len(source)
    assert all(a.end <= b.start for a, b in zip(doc.regions, doc.regions[1:]))
    doc.position(len(source))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("---\nlang: az\n---\n```\n<!--")
@example("<![foo[ x ]]> <b>a</b>")
@example("---\n? [a]\n: b\n---\n")
@example("---\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\n")
def test_markdown_keeps_positions(source):
    check(source, "markdown")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("<![ x ]> <p>y</p>")
@example("<!DOCTYPE html [ <!ENTITY a 'b'> ]>\n<p>t</p>")
def test_html_keeps_positions(source):
    check(source, "html")


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_text_is_identity(source):
    doc = read_text(source, "prop.txt", "text")
    assert doc.text == doc.source == source


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_only_raises_dilmac_errors(data):
    try:
        text, notices = decode(data, "bytes.txt")
    except DilmacError as exc:
        assert exc.hint
        return
    assert isinstance(text, str)
    assert all(isinstance(n, str) for n in notices)


@settings(max_examples=200, deadline=None)
@given(st.text().filter(lambda s: "\x00" not in s and not s.startswith("\ufeff")))
def test_decode_round_trips_unicode(text):
    assert decode(text.encode("utf-8"), "x")[0] == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), "x")[0] == text
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x")[0] == text
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "x")[0] == text
