"""Readers: the position contract, what each format blanks, metadata, encodings, errors."""

from __future__ import annotations

import codecs
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dilmac.core.document import FILLER, Document, Region
from dilmac.core.errors import DilmacError
from dilmac.readers import (
    BinaryFileError,
    normalize_lang,
    path_language,
    read_document,
    read_text,
    supported,
)
from dilmac.readers.decode import decode
from timing import growth

DATA = Path(__file__).parents[1] / "data" / "readers"
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers


def check_contract(doc: Document) -> None:
    assert len(doc.text) == len(doc.source)
    assert [i for i, c in enumerate(doc.text) if c == "\n"] == [i for i, c in enumerate(doc.source) if c == "\n"]


def kept(doc: Document, needle: str, nth: int = 0) -> int:
    """The offset of `needle` in the source, asserting the text has it there unchanged."""
    i = -1
    for _ in range(nth + 1):
        i = doc.source.index(needle, i + 1)
    assert doc.text[i : i + len(needle)] == needle, (needle, doc.text[i : i + len(needle)])
    return i


def gone(doc: Document, needle: str) -> None:
    """Every occurrence of `needle` in the source is blank (spaces/FILLER/newlines) in the text."""
    i = doc.source.find(needle)
    assert i != -1, needle
    while i != -1:
        assert set(doc.text[i : i + len(needle)]) <= {" ", FILLER, "\n"}, (needle, doc.text[i : i + len(needle)])
        i = doc.source.find(needle, i + 1)


def compact(doc: Document) -> str:
    """The document's text with white space collapsed and invisible filler removed."""
    return " ".join(doc.text.replace(FILLER, "").split())


def md(source: str, path: str = "doc.md") -> Document:
    doc = read_text(source, path, "markdown")
    check_contract(doc)
    return doc


def page(source: str, path: str = "page.html") -> Document:
    doc = read_text(source, path, "html")
    check_contract(doc)
    return doc


# --------------------------------------------------------------------------- API


def test_supported_suffixes():
    for name in (
        "a.txt",
        "a.text",
        "a.md",
        "a.markdown",
        "a.html",
        "a.htm",
        "a.xhtml",
        "a.docx",
        "A.MD",
        "dir/b.az.HTML",
        "a.po",
        "a.pot",
        "a.xlf",
        "a.xliff",
    ):
        assert supported(Path(name)), name
    for name in ("a.mo", "a.pdf", "a.doc", "Makefile", "~$report.docx", ".~lock.report.docx#"):
        assert not supported(Path(name)), name


def test_read_text_unknown_kind():
    with pytest.raises(ValueError):
        read_text("x", "x", "rtf")


@pytest.mark.parametrize(
    "value, code",
    [
        ("az", "az"),
        ("az-Latn", "az"),
        ("az_AZ", "az"),
        ("aze", "az"),
        ("AZ-latn-az", "az"),
        ("tr", "tr"),
        ("tr-TR", "tr"),
        ("tur", "tr"),
        ("tr_TR.UTF-8", "tr"),
        ("en", "en"),
        ("en-GB", "en"),
        ("eng", "en"),
        ("EN_us", "en"),
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("rus", "ru"),
        ("de-CH", "de"),
        ("English", "en"),
        ("Türkçe", "tr"),
        ("Azərbaycanca", "az"),
        ("", None),
        ("und", None),
        ("12", None),
        ("x-klingon", None),
        (None, None),
        (3, None),
    ],
)
def test_normalize_lang(value, code):
    assert normalize_lang(value) == code


@pytest.mark.parametrize(
    "path, lang",
    [
        ("news/release.az.md", "az"),
        ("news/release.tr.txt", "tr"),
        ("news/release.en-GB.html", "en"),
        ("news/release.tr_TR.md", "tr"),
        ("news/release.de.md", "de"),
        ("az/news/release.md", "az"),
        ("site/tr/2024/release.md", "tr"),
        ("en/az/release.md", "az"),  # nearest directory wins
        ("az/release.tr.md", "tr"),  # the file name is nearer than any directory
        ("locales/az_AZ/release.txt", "az"),
        ("content/tr-TR/release.txt", "tr"),
        ("content/ru_RU/release.txt", "ru"),
        ("press/Release_AZ.docx", "az"),
        ("press/release-en.txt", "en"),
        ("press/release.txt", None),
        ("my/notes.md", None),  # `my` is also Burmese; not as a directory
        ("it/notes.md", None),
        ("report.final.md", None),
        ("report.v2.md", None),
        ("trunk/enable/azure.md", None),
    ],
)
def test_path_language(path, lang):
    assert path_language(Path(path)) == lang


# --------------------------------------------------------------------------- plain text


def test_text_is_unchanged_and_positions_are_characters():
    source = "Birinci sətir\nİkinci: Türk Dövlətləri Təşkilatı\r\n<b>not markup</b> &amp;\n"
    doc = read_text(source, "news/az/x.txt", "text")
    check_contract(doc)
    assert doc.text == source
    assert doc.lang == "az"
    i = kept(doc, "Türk")
    assert doc.position(i) == (2, 9)
    assert doc.line_text(2) == "İkinci: Türk Dövlətləri Təşkilatı"


# --------------------------------------------------------------------------- markdown


def test_markdown_fixture():
    doc = read_document(DATA / "press.az.md")
    check_contract(doc)
    assert doc.lang == "az"
    assert doc.date == date(2024, 3, 5)
    gone(doc, "title:")
    gone(doc, "tags: [sammit, TDT]")
    assert doc.position(kept(doc, "Türk Dövlətləri Təşkilatı", nth=1)) == (7, 3)  # heading
    assert doc.position(kept(doc, "Türk Dövlətləri Təşkilatı", nth=2)) == (9, 3)  # in **…**
    kept(doc, "Bakıda")
    gone(doc, "https://president.az/az/articles/view/1")
    gone(doc, '"Xəbər"')
    gone(doc, "https://mfa.gov.az/az/news/123")
    gone(doc, "redaktor")
    gone(doc, "ilham_aliyev")
    gone(doc, "termin: Turkic Council")
    gone(doc, "kod: Turkic Council")
    kept(doc, "Bəndin davamı.")  # a list item's paragraph, not code
    gone(doc, "https://example.com/ref")
    gone(doc, '"Başlıq"')
    text = compact(doc)
    assert "Türk Dövlətləri Təşkilatı'nın sammiti Bakıda keçirildi." in text
    assert "«Türk dünyası»" in text
    assert "danışdı*." in text
    assert "Turkic Council" not in text


def test_front_matter_blanked_and_read():
    doc = md("---\nlang: tr-TR\ndate: 2024-03-05\ntitle: Ankara\n---\nAnkara'da\n")
    assert doc.lang == "tr"
    assert doc.date == date(2024, 3, 5)
    gone(doc, "title: Ankara")
    gone(doc, "---")
    assert doc.position(kept(doc, "Ankara'da")) == (6, 1)


@pytest.mark.parametrize(
    "line, lang",
    [
        ("lang: az", "az"),
        ("language: az-Latn", "az"),
        ("lang: aze", "az"),
        ("lang: 'en-US'", "en"),
        ("language: ru", "ru"),
        ("lang: no", "no"),  # YAML 1.1 `no`
        ("locale: tr_TR", "tr"),
        ("lang: und", None),
        ("lang:", None),
    ],
)
def test_front_matter_languages(line, lang):
    assert md(f"---\n{line}\n---\ntext\n").lang == lang


def test_front_matter_language_falls_back_to_path():
    assert md("---\ntitle: x\n---\ntext\n", "site/tr/a.md").lang == "tr"
    assert md("---\nlang: en\n---\ntext\n", "site/tr/a.md").lang == "en"
    assert md("no front matter\n", "a.az.md").lang == "az"
    assert md("text\n", "a.md").lang is None


@pytest.mark.parametrize(
    "value, when",
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05 23:30:00", date(2024, 3, 5)),
        ("2024-03-05T10:00:00+04:00", date(2024, 3, 5)),
        ("'2024-03-05'", date(2024, 3, 5)),
        ('"2024-03-05T10:00Z"', date(2024, 3, 5)),
        ("", None),
    ],
)
def test_front_matter_dates(value, when):
    assert md(f"---\ndate: {value}\n---\n").date == when


@pytest.mark.parametrize("value", ["5 March 2024", "2024", "2024-13-01", "2024-02-30", "[2024-03-05]", "'2024-3-5x'"])
def test_bad_front_matter_date_is_an_error_with_position(value):
    with pytest.raises(DilmacError) as err:
        md(f"---\ntitle: x\ndate: {value}\n---\ntext\n", "news/a.md")
    assert err.value.path == "news/a.md"
    assert err.value.line == 3
    assert err.value.column == 7
    assert "date" in err.value.message
    assert "YYYY-MM-DD" in err.value.hint


def test_bad_front_matter_language_is_an_error():
    with pytest.raises(DilmacError) as err:
        md("---\nlang: 123\n---\n")
    assert err.value.line == 2
    assert "language" in err.value.message


def test_yaml_error_has_the_file_line():
    with pytest.raises(DilmacError) as err:
        md("---\ntitle: ok\ntitle: Baku: summit\n---\ntext\n", "a.md")
    assert err.value.line == 3
    assert "YAML" in err.value.message
    assert err.value.hint
    assert str(err.value).startswith("a.md:3:")


def test_front_matter_must_be_a_mapping():
    with pytest.raises(DilmacError) as err:
        md("---\njust a sentence\n---\ntext\n")
    assert "key: value" in err.value.message


def test_toml_front_matter():
    doc = md('+++\nlang = "az"\ndate = 2024-03-05\n+++\nBakı\n')
    assert (doc.lang, doc.date) == ("az", date(2024, 3, 5))
    gone(doc, 'lang = "az"')
    with pytest.raises(DilmacError) as err:
        md('+++\nlang = "az"\ndate = \n+++\n')
    assert err.value.line == 3


def test_front_matter_only_at_the_very_top():
    doc = md("Intro\n---\nlang: az\n---\n")
    assert doc.lang is None
    kept(doc, "lang: az")


def test_unclosed_front_matter_is_text_with_a_notice():
    doc = md("---\nlang: az\ntitle: x\n\nBody\n")
    assert doc.lang is None
    kept(doc, "Body")
    assert doc.notices and "front matter" in doc.notices[0]


def test_front_matter_after_bom():
    doc = md("\ufeff---\nlang: tr\n---\nMetin\n")
    assert doc.lang == "tr"
    assert doc.position(kept(doc, "Metin")) == (4, 1)


def test_fenced_code_blocks():
    source = (
        "Before\n"
        '```python title="x"\nTurkic Council\n```\n'
        "Between\n"
        "   ~~~\nTurkic Council\n   ~~~~~~\n"
        "````\n```\nTurkic Council\n````\n"
        "After\n"
    )
    doc = md(source)
    gone(doc, "Turkic Council")
    gone(doc, "python")
    gone(doc, "~~~")
    for word in ("Before", "Between", "After"):
        kept(doc, word)


def test_four_spaces_is_not_a_fence_but_code():
    doc = md("Text\n\n    ```\n    code here\n    ```\n\nAfter\n")
    gone(doc, "code here")
    kept(doc, "After")


def test_backtick_fence_info_may_not_contain_backticks():
    doc = md("``` a ` b\nvisible\n")
    kept(doc, "visible")


def test_unterminated_fence_runs_to_the_end_with_a_notice():
    doc = md("Intro\n\n```\nTurkic Council\n\nMore text\n")
    gone(doc, "Turkic Council")
    gone(doc, "More text")
    assert any("line 3" in n and "never closed" in n for n in doc.notices)


def test_fences_in_lists_and_quotes():
    doc = md("- step\n\n  ```\n  code one\n  ```\n- next\n\n> ```\n> code two\n> ```\n> quoted\n")
    gone(doc, "code one")
    gone(doc, "code two")
    kept(doc, "next")
    kept(doc, "quoted")


def test_fence_closed_by_end_of_quote():
    doc = md("> ```\n> code\n\nOutside\n")
    gone(doc, "code")
    kept(doc, "Outside")


def test_indented_code():
    doc = md("Para\n\n    code line\n    more code\n\n\tcode tab\n\nText\n")
    gone(doc, "code line")
    gone(doc, "more code")
    gone(doc, "code tab")
    kept(doc, "Text")


def test_indented_lines_inside_a_paragraph_are_not_code():
    doc = md("Para starts\n    still the paragraph\n")
    kept(doc, "still the paragraph")


def test_list_continuation_is_not_code_but_deeper_indent_is():
    doc = md("1. First\n\n   Continued\n\n       code in item\n\nDone\n")
    kept(doc, "Continued")
    gone(doc, "code in item")
    kept(doc, "Done")


def test_code_at_top_of_document():
    doc = md("    code first\nText\n")
    gone(doc, "code first")


def test_code_spans():
    doc = md("a `one` b ``two ` two`` c `unclosed d\n\ne `x\n\ny` f\n")
    gone(doc, "`one`")
    gone(doc, "``two ` two``")
    kept(doc, "`unclosed d")  # no closing run in the paragraph: literal
    kept(doc, "`x")  # a code span does not cross a blank line
    kept(doc, "y` f")


def test_escaped_backtick_is_not_a_code_span():
    doc = md(r"a \`b` c")
    i = doc.source.index("\\`")
    assert doc.text[i : i + 2] == "`" + FILLER
    kept(doc, "b` c")


def test_html_comments():
    doc = md("Keep <!-- hide this --> keep\n\n<!--\nmulti\n\nline\n-->\nAfter <!--> x\n")
    gone(doc, "hide this")
    gone(doc, "multi")
    gone(doc, "line\n-->")
    kept(doc, "After")
    kept(doc, " x")
    i = doc.source.index("<!--")
    assert doc.text[i] == FILLER


def test_unclosed_block_comment_hides_the_rest_with_a_notice():
    doc = md("Text\n\n<!-- todo\n\nhidden\n")
    gone(doc, "hidden")
    assert any("never closed" in n for n in doc.notices)
    doc = md("Text with <!-- inline and no end\n")
    kept(doc, "inline and no end")


def test_links_and_images():
    doc = md(
        'See [the summit](https://x.az/a_(b) "Title here") and '
        "![Flag of Azerbaijan](img/flag.png) and [ref link][id] and <https://x.az/y> "
        'and <info@x.az>.\n\n[id]: https://x.az/ref "Ref Title"\n'
    )
    kept(doc, "the summit")
    gone(doc, "https://x.az/a_(b)")
    gone(doc, "Title here")
    kept(doc, "Flag of Azerbaijan")
    gone(doc, "img/flag.png")
    kept(doc, "ref link")
    gone(doc, "[id]")
    gone(doc, "https://x.az/y")
    gone(doc, "info@x.az")
    gone(doc, "Ref Title")
    assert "See the summit and Flag of Azerbaijan and ref link and and ." == compact(doc)


def test_link_text_followed_by_a_suffix_joins_it():
    doc = md("[Türkiye](https://tr.example)'nin\n")
    assert compact(doc) == "Türkiye'nin"


def test_brackets_that_are_not_links_stay():
    doc = md("[note] and [a](not closed and a]b\n")
    kept(doc, "[note]")
    kept(doc, "[a](not closed")


def test_bare_urls():
    doc = md("Visit https://president.az/en/news?id=1, www.mfa.gov.az. Or (https://x.az/p).\n")
    gone(doc, "https://president.az/en/news?id=1")
    gone(doc, "www.mfa.gov.az")
    gone(doc, "https://x.az/p")
    assert compact(doc) == "Visit , . Or ( )."


def test_inline_html_in_markdown():
    doc = md(
        'A <span class="x">Türk</span>iye <br/> <div id="d">block</div> '
        "<script>var s = 'Turkic Council';</script> end\n"
    )
    assert "Türkiye" in compact(doc)
    gone(doc, "Turkic Council")
    gone(doc, '<div id="d">')
    kept(doc, "block")
    kept(doc, " end")


def test_unclosed_script_in_markdown():
    doc = md("Text\n<style>\np { }\n")
    gone(doc, "p { }")
    assert doc.notices


def test_backslash_escapes():
    doc = md(r"Price \*not emphasis\* and \\ and \a and C:\path" + "\\\nnext")
    i = doc.source.index(r"\*")
    assert doc.text[i : i + 2] == "*" + FILLER
    j = doc.source.index("\\\\")
    assert doc.text[j : j + 2] == "\\" + FILLER
    kept(doc, r"\a")  # not ASCII punctuation: stays
    assert doc.text[doc.source.index("\\\n")] == " "  # hard line break
    assert compact(doc) == r"Price *not emphasis* and \ and \a and C:\path next"


def test_entities_in_markdown():
    doc = md("AT&amp;T &copy; 2024 &#x130;stanbul &#304; &nosuch; & done\n")
    i = doc.source.index("&amp;")
    assert doc.text[i : i + 5] == "&" + FILLER * 4
    assert compact(doc) == "AT&T © 2024 İstanbul İ &nosuch; & done"


def test_emphasis_markers_vanish_only_when_paired():
    doc = md(
        "**Türk Dövlətləri Təşkilatı**'nın and _Bakı_ and 5 * 3 and 2*3 and snake_case_name\n\n* list item\n* * *\n"
    )
    text = compact(doc)
    assert "Türk Dövlətləri Təşkilatı'nın" in text
    assert "and Bakı and" in text
    assert "5 * 3 and 2*3" in text
    assert "snake_case_name" in text
    assert "* list item * * *" in text


def test_headings_quotes_and_lists_keep_their_punctuation():
    doc = md("# Başlıq\n\n> Sitat\n\n- bənd\n1. bir\n")
    kept(doc, "# Başlıq")
    kept(doc, "> Sitat")
    kept(doc, "- bənd")
    kept(doc, "1. bir")


def test_template_tags_are_blanked():
    doc = md('Before {{< figure src="a.png" >}} {% include x.html %} {{ page.title }} after\n')
    assert compact(doc) == "Before after"


def test_markdown_positions_with_crlf():
    doc = md("---\r\nlang: az\r\n---\r\n# Başlıq\r\n\r\n`kod` Azərbaycan\r\n")
    assert doc.lang == "az"
    assert doc.position(kept(doc, "Azərbaycan")) == (6, 7)
    gone(doc, "`kod`")


# --------------------------------------------------------------------------- HTML


def test_html_fixture():
    doc = read_document(DATA / "release.html")
    check_contract(doc)
    assert doc.lang == "tr"
    assert doc.date == date(2024, 3, 5)
    i = kept(doc, "Türk Devletleri Teşkilatı")  # in the <title>
    assert doc.position(i) == (6, 10)
    gone(doc, "font-family")
    gone(doc, "var council")
    gone(doc, "eski ad")
    gone(doc, "charset")
    text = compact(doc)
    assert "Türk Devletleri Teşkilatı & Azerbaycan" in text
    assert "Türk Devletleri Teşkilatı'nın zirvesi Bakü'de yapıldı." in text
    assert "Organization of Turkic States heyeti" in text
    assert "Turkic Council" not in text
    regions = [(doc.source[r.start : r.end], r.lang) for r in doc.regions]
    assert regions == [
        ("Organization of <i>Turkic</i> States", "en"),
        ("Azərbaycan Respublikası ", "az"),
        ("Republic", "en"),
        (" dedi.\n  ", "az"),
    ]


def test_html_tags_become_spaces_or_filler():
    doc = page("<p>Turkic <b>Council</b></p><p>Next</p>Türk<em>iye</em><br>line<td>cell")
    i = doc.source.index("<b>")
    assert doc.text[i : i + 3] == FILLER * 3  # inline tag: vanishes
    j = doc.source.index("</p>")
    assert doc.text[j : j + 4] == "    "  # block tag: a space
    assert compact(doc) == "Turkic Council Next Türkiye line cell"


def test_html_entities_positions():
    doc = page("<p>AT&amp;T &lt;b&gt; &nbsp;x &#39;y&#x27; &copy &bogus; a & b &#9999999;</p>")
    i = doc.source.index("&amp;")
    assert doc.text[i : i + 5] == "&" + FILLER * 4
    i = doc.source.index("&#39;")
    assert doc.text[i : i + 5] == "'" + FILLER * 4
    i = doc.source.index("&copy")
    assert doc.text[i : i + 5] == "©" + FILLER * 4
    kept(doc, "&bogus;")
    kept(doc, "a & b")
    assert compact(doc) == "AT&T <b> x 'y' © &bogus; a & b \ufffd"


def test_html_hidden_elements():
    doc = page(
        "<html><head><title>Başlıq</title><meta name=x content='Turkic Council'>"
        "<script>Turkic Council</script></head><body>"
        "<template>Turkic Council</template><style>.a{}</style>"
        "<code>Turkic Council</code><pre>Turkic\nCouncil</pre><noscript>Enable JS</noscript>"
        "<p title='Turkic Council'>Visible</p><img alt='Turkic Council'></body></html>"
    )
    gone(doc, "Turkic Council")
    assert compact(doc) == "Başlıq Enable JS Visible"


def test_html_head_without_closing_tag():
    doc = page("<head><title>T</title><meta charset=utf-8><p>Body text")
    kept(doc, "Body text")
    doc = page("<head><title>T</title><body>Body")
    kept(doc, "Body")


def test_html_positions_across_lines():
    source = "<html lang='az'>\n<body>\n  <p>Birinci\n  <b>Azərbaycan</b> Respublikası</p>\n"
    doc = page(source)
    assert doc.position(kept(doc, "Azərbaycan")) == (4, 6)
    assert doc.position(kept(doc, "Birinci")) == (3, 6)


def test_html_comments_and_cdata():
    doc = page("a<!-- Turkic Council -->b <![CDATA[Turkic Council]]> <!DOCTYPE x> <?pi x?> c")
    gone(doc, "Turkic Council")
    assert compact(doc) == "ab c"


@pytest.mark.parametrize(
    "source",
    [
        "<p>unclosed <b>bold <i>both",
        "</p></div></b>stray end tags",
        "<div <p>broken",
        "<a href='x>text",
        "<![ weird marked section ]> text",
        "<![foo[ x ]]> text",
        "<!ELEMENT x> text",
        "<!DOCTYPE html [ <!ENTITY a 'b'> ]> text",
        "&#; &#x; &; &#xZZ; text",
        "<script>never closed",
        "<p lang='tr'>Türk<p lang>x<p lang=''>y",
        "<html lang='az'><html lang='tr'>z",
        "\x00<p>\x00</p>",
        "<",
        "&",
        "",
    ],
)
def test_malformed_html_never_crashes(source):
    doc = page(source)
    assert isinstance(doc.text, str)


def test_html_unclosed_elements_close_at_eof():
    doc = page("<html lang='en'><p lang='tr'>Türkiye <b>Cumhuriyeti")
    assert [(r.lang, doc.source[r.start : r.end]) for r in doc.regions] == [("tr", "Türkiye <b>Cumhuriyeti")]


def test_html_nested_regions_are_flat():
    doc = page(
        '<html lang="en"><body><div lang="tr">Bir <span lang="az">iki</span> üç '
        '<em lang="en">four</em> beş</div></body></html>'
    )
    assert [(r.lang, doc.source[r.start : r.end]) for r in doc.regions] == [
        ("tr", "Bir "),
        ("az", "iki"),
        ("tr", " üç "),
        ("tr", " beş"),
    ]
    starts = [r.start for r in doc.regions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(doc.regions, doc.regions[1:]))


def test_html_region_ends_at_implied_close():
    doc = page('<html lang="en"><p lang="tr">Türkçe<p>English<ul><li lang="az">bir<li>two</ul>')
    assert [(r.lang, doc.source[r.start : r.end]) for r in doc.regions] == [("tr", "Türkçe"), ("az", "bir")]


def test_html_document_language_sources():
    assert page('<html lang="az-Latn-AZ"><p>x').lang == "az"
    assert page('<html xml:lang="tr"><p>x').lang == "tr"
    assert page('<html><body lang="tr"><p>x').lang == "tr"
    assert page('<meta http-equiv="Content-Language" content="az"><p>x').lang == "az"
    assert page("<p>x", "site/en/index.html").lang == "en"
    assert page("<p>x").lang is None
    # without a document language every declared language is a region
    doc = page('<p lang="tr">Türkçe</p>')
    assert doc.regions == [Region(doc.source.index("Türkçe"), doc.source.index("</p>"), "tr")]


def test_html_bad_meta_date_is_a_notice():
    doc = page('<meta name="date" content="March 5"><p>x')
    assert doc.date is None
    assert doc.notices and "date" in doc.notices[0]


# --------------------------------------------------------------------------- encodings


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


TURKISH = "Türkiye Cumhuriyeti Dışişleri Bakanlığı\nİkinci satır: Şişli, Ağrı\n"


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_unicode_with_bom(tmp_path, bom, codec):
    path = write(tmp_path, "a.tr.txt", bom + TURKISH.encode(codec))
    doc = read_document(path)
    assert doc.source == TURKISH
    assert doc.lang == "tr"
    assert doc.position(doc.text.index("Şişli")) == (2, 15)


def test_utf16_bom_markdown(tmp_path):
    source = "---\nlang: az\n---\nAzərbaycan `kod`\n"
    doc = read_document(write(tmp_path, "a.md", codecs.BOM_UTF16_LE + source.encode("utf-16-le")))
    assert doc.lang == "az"
    assert doc.source == source
    gone(doc, "`kod`")


def test_utf16_without_bom_is_read_with_a_notice(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", "Hello Baku\nline two\n".encode("utf-16-le")))
    assert doc.source == "Hello Baku\nline two\n"
    assert doc.notices


def test_invalid_utf8_names_byte_offset_and_line(tmp_path):
    data = "Birinci sətir\nİkinci ".encode() + b"\xff\xfe tail\n"
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "bad.txt", data), display_path="docs/bad.txt")
    error = err.value
    assert not isinstance(error, BinaryFileError)
    offset = len("Birinci sətir\nİkinci ".encode())
    assert f"byte offset {offset}" in error.message
    assert "0xFF" in error.message
    assert (error.path, error.line, error.column) == ("docs/bad.txt", 2, 8)
    assert "UTF-8" in error.hint


def test_cp1254_is_explained(tmp_path):
    data = TURKISH.encode("cp1254")
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "tr.md", data))
    assert "Windows-1254 (Turkish)" in err.value.message
    assert "UTF-8" in err.value.hint
    assert err.value.line == 1 and err.value.column == 2
    assert "byte offset 1" in err.value.message


def test_cp1252_is_explained(tmp_path):
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "fr.txt", "Le café du ministère\n".encode("cp1252")))
    assert "Windows-1252" in err.value.message


def test_utf8_mixed_with_cp1254_is_explained(tmp_path):
    data = "UTF-8 kısım\n".encode() + "Eski kısım: Dışişleri\n".encode("cp1254")
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "mixed.txt", data))
    assert "mixes UTF-8" in err.value.message
    assert err.value.line == 2


def test_mojibake_in_valid_utf8_is_a_notice(tmp_path):
    doc = read_document(write(tmp_path, "m.txt", "TÃ¼rkiye ve Ä°stanbul\n".encode()))
    assert any("Ã¼" in n and "ü" in n for n in doc.notices)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
        b"Some text then a NUL\x00 and more",
    ],
)
def test_binary_files(tmp_path, data):
    with pytest.raises(BinaryFileError) as err:
        read_document(write(tmp_path, "x.txt", data))
    assert isinstance(err.value, DilmacError)
    assert err.value.hint


def test_empty_file(tmp_path):
    doc = read_document(write(tmp_path, "e.md", b""))
    assert doc.source == doc.text == ""


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(DilmacError) as err:
        read_document(tmp_path)
    assert "directory" in err.value.message
    with pytest.raises(DilmacError) as err:
        read_document(tmp_path / "nope.md", display_path="nope.md")
    assert err.value.path == "nope.md"
    assert "does not exist" in err.value.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", b"x")
    path.chmod(0)
    try:
        with pytest.raises(DilmacError) as err:
            read_document(path)
        assert "cannot read" in err.value.message
    finally:
        path.chmod(0o644)


def test_decode_strips_utf8_bom():
    assert decode(codecs.BOM_UTF8 + "Bakı".encode(), "x") == ("Bakı", [])


def test_dispatch_by_suffix(tmp_path):
    body = "<b>x</b> `y`"
    assert read_document(write(tmp_path, "a.MD", body.encode())).text != body
    assert compact(read_document(write(tmp_path, "a.md", body.encode()))) == "x"
    assert compact(read_document(write(tmp_path, "a.htm", body.encode()))) == "x `y`"
    assert read_document(write(tmp_path, "a.txt", body.encode())).text == body
    assert read_document(write(tmp_path, "a.rst", body.encode())).text == body
    doc = read_document(write(tmp_path, "b.md", b"x"), display_path="shown/b.md")
    assert doc.path == "shown/b.md"


def test_path_language_from_real_path_when_display_path_has_none(tmp_path):
    (tmp_path / "az").mkdir()
    doc = read_document(write(tmp_path / "az", "x.txt", b"Baki"), display_path="-")
    assert doc.lang == "az"


# --------------------------------------------------------------------------- DOCX


def make_docx(path: Path, *, language: str | None = None) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Türk Dövlətləri Təşkilatı")
    para = document.add_paragraph("İkinci ")
    run = para.add_run("sətir")
    run.add_break()
    para.add_run("davamı\tson")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "A1"
    table.cell(0, 1).text = "B1"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Birləşmiş"
    document.add_paragraph("")
    tracked = document.add_paragraph("Əvvəl ")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "Redaktor")
    inserted = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "əlavə"
    inserted.append(text)
    ins.append(inserted)
    tracked._p.append(ins)
    dele = OxmlElement("w:del")
    dele.set(qn("w:id"), "2")
    dele.set(qn("w:author"), "Redaktor")
    deleted = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = " silinmiş"
    deleted.append(del_text)
    dele.append(deleted)
    tracked._p.append(dele)
    document.add_paragraph("Son paraqraf")
    if language:
        document.core_properties.language = language
    document.save(path)
    return path


def test_docx_paragraphs_are_lines(tmp_path):
    doc = read_document(make_docx(tmp_path / "press.docx"))
    check_contract(doc)
    assert doc.source == doc.text
    assert doc.text.split("\n") == [
        "Türk Dövlətləri Təşkilatı",
        "İkinci sətir davamı\tson",
        "A1",
        "B1",
        "Birləşmiş",
        "",
        "Əvvəl əlavə",
        "Son paraqraf",
    ]
    assert doc.position(doc.text.index("Son")) == (8, 1)
    assert doc.lang is None


def test_docx_language(tmp_path):
    assert read_document(make_docx(tmp_path / "a.docx", language="az-Latn-AZ")).lang == "az"
    assert read_document(make_docx(tmp_path / "b.tr.docx")).lang == "tr"
    (tmp_path / "en").mkdir()
    assert read_document(make_docx(tmp_path / "en" / "c.docx")).lang == "en"


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken zip", b""])
def test_corrupt_docx(tmp_path, data):
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "bad.docx", data))
    assert "not a valid .docx (zip) file" in err.value.message
    assert err.value.hint


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DilmacError) as err:
        read_document(path)
    assert "not a valid .docx" in err.value.message


def test_old_doc_named_docx(tmp_path):
    with pytest.raises(DilmacError) as err:
        read_document(write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64))
    assert ".doc" in err.value.message


# --------------------------------------------------------------------------- real files


def _real_files(shared_data: Path, folder: str, *suffixes: str) -> list[Path]:
    root = shared_data / folder
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes)
    assert files, f"no {suffixes} files under {root}"
    return files


def test_shared_xliff_files_read_as_text_and_html(shared_data):
    for path in _real_files(shared_data, "xliff", ".xlf", ".xliff"):
        source, _ = decode(path.read_bytes(), str(path))
        for kind in ("text", "html"):
            doc = read_text(source, str(path), kind)
            check_contract(doc)
        doc = read_text(source, str(path), "html")
        assert doc.text.strip(), path  # the translations are visible text
        assert "<trans-unit" not in doc.text and "<source" not in doc.text


def test_shared_po_files_read_as_text_and_markdown(shared_data):
    for path in _real_files(shared_data, "po", ".po", ".pot"):
        source, _ = decode(path.read_bytes(), str(path))
        doc = read_text(source, str(path), "text")
        check_contract(doc)
        assert doc.text == doc.source
        check_contract(read_text(doc.source, str(path), "markdown"))
        check_contract(read_text(doc.source, str(path), "html"))


# --------------------------------------------------------------------------- more edge cases


def test_html_legacy_references_keep_following_positions():
    doc = page("<p>a &amp0 b &notit; c")
    i = doc.source.index("&amp0")
    assert doc.text[i : i + 5] == "&" + FILLER * 3 + "0"
    i = doc.source.index("&notit;")
    assert doc.text[i : i + 7] == "¬" + FILLER * 3 + "it;"


def test_html_references_cut_off_by_the_end():
    assert compact(page("AT&T")) == "AT&T"
    assert compact(page("a &amp")) == "a &"
    assert compact(page("<script>x &amp")) == ""


def test_html_positions_survive_malformed_declarations():
    doc = page("<![ weird ]> after\n<![foo[ x ]]> <b>bold</b>")
    assert doc.position(kept(doc, "after")) == (1, 14)
    assert doc.position(kept(doc, "bold")) == (2, 18)


def test_html_pathological_input_is_read_roughly_and_quickly():
    source = "<b " * 30000 + "\n<p>text</p>"
    doc = page(source)
    assert doc.notices and "roughly" in doc.notices[0]
    gone(doc, "<b ")


def test_markdown_only_real_entities_are_decoded():
    doc = md("&ampfoo; &amp; &#0; &#x110000;\n")
    kept(doc, "&ampfoo;")
    assert compact(doc) == "&ampfoo; & \ufffd \ufffd"


def test_markdown_crlf_fences_and_comments():
    doc = md("Text\r\n\r\n```\r\ncode\r\n```\r\n<!--\r\nhidden\r\n-->\r\nAfter\r\n")
    gone(doc, "code")
    gone(doc, "hidden")
    assert doc.position(kept(doc, "After")) == (9, 1)
    assert not doc.notices


def test_markdown_pathological_inputs_are_fast():

    for source in (
        "a <!-- b " * 20000,
        "![a](" * 20000,
        "<![CDATA[" * 20000,
        "{{" * 20000,
        "*a " * 10000 + "a_ " * 10000,
        "``a `" * 20000,
    ):
        # a quarter of the input: a quarter of the time (quadratic parsing would be 16 times)
        ratio = growth(md, source[: len(source) // 4], source, repeat=2)
        assert ratio < 10, (source[:10], ratio)


def test_unreadable_file_reports_the_os_reason(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", b"x")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(DilmacError) as err:
        read_document(path, display_path="secret.txt")
    assert err.value.message == "cannot read the file: Permission denied"
    assert err.value.path == "secret.txt"
    assert err.value.hint
