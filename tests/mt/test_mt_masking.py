"""Masking and the translation memory, piece by piece (no model, no `mt` extra)."""

from __future__ import annotations

from datetime import date

import pytest

from dilmac.catalog.io import parse_catalog
from dilmac.match import compiled
from dilmac.mt.masking import mask, placeholders
from dilmac.mt.memory import TranslationMemory
from dilmac.mt.terms import TermGuide
from dilmac.termbase.model import resolve_termbase_args


@pytest.fixture(scope="module")
def termbase():
    return compiled.load(resolve_termbase_args(None))


def test_placeholders_tags_and_addresses_become_numbered_tokens():
    masked = mask("Write to press@mfa.gov.az or see https://mfa.gov.az/en, %(name)s.", ["python-format"])
    assert masked.text == "Write to [1] or see [2], [3]."
    assert [slot.original for slot in masked.slots] == ["press@mfa.gov.az", "https://mfa.gov.az/en", "%(name)s"]
    # Without a flag the placeholders the text shows are masked too (as placeholder-mismatch
    # reads them); a no-python-format flag says "%(name)s" is text.
    assert mask("Hello %(name)s in {city}", []).text == "Hello [1] in [2]"
    assert "%(name)s" in mask("Hello %(name)s", ["no-python-format"]).text


def test_numbers_written_in_the_text_are_not_used_as_tokens():
    masked = mask("See note [1] and {count} more", ["python-brace-format"])
    assert masked.text == "See note [1] and [2] more"
    assert masked.restore("Qeyd [1] və daha [2]") == ("Qeyd [1] və daha {count}", [])


def test_restore_reports_lost_and_repeated_tokens():
    masked = mask("<b>%s</b> files", ["c-format"])
    assert masked.text == "[1][2][3] files"
    text, problems = masked.restore("[1] [2] [2] fayl")
    assert problems == ["“%s” repeated", "“</b>” missing"]
    assert text == "<b>%s%s fayl"


@pytest.mark.parametrize(
    "source, translated, expected",
    [
        ("<b>Archive</b> of the Ministry", "[1] Arxiv [2] nazirliyi", "<b>Arxiv</b> nazirliyi"),
        ("Sent to %(office)s.", "[1] göndərildi.", "%(office)s göndərildi."),
        ("Hello, %(name)s!", "Salam, [1] !", "Salam, %(name)s!"),
        ("(%(n)s)", "( [1] )", "(%(n)s)"),
    ],
)
def test_restore_glues_back_only_what_the_source_glued(source, translated, expected):
    assert mask(source, ["python-format"]).restore(translated) == (expected, [])


def test_uninflected_names_are_masked_and_come_back_in_the_target_spelling(termbase):
    guide = TermGuide(termbase, "en", "az", date(2024, 6, 1))
    required, names = guide.analyse("The law is published on e-qanun.az by the State Migration Service.")
    assert [(start, replacement) for start, _, replacement in names] == [(24, "e-qanun.az")]
    assert [r.rendering for r in required] == ["Dövlət Miqrasiya Xidməti"]
    masked = mask("The law is published on e-qanun.az by the State Migration Service.", [], names)
    assert masked.text == "The law is published on [1] by the State Migration Service."


def test_fixes_keep_the_suffix_and_only_unambiguous_ones_apply(termbase):
    guide = TermGuide(termbase, "en", "az", date(2024, 6, 1))
    fixed, fixes = guide.fix("Türk Şurasının katibi Dovlet Miqrasiya Xidmetine gəldi.")
    assert fixed == "Türk Dövlətləri Təşkilatının katibi Dövlət Miqrasiya Xidmətinə gəldi."
    assert fixes == [
        ("Türk Şurasının", "Türk Dövlətləri Təşkilatının"),
        ("Dovlet Miqrasiya Xidmetine", "Dövlət Miqrasiya Xidmətinə"),
    ]
    # Before the rename the old name is right: nothing to fix.
    earlier = TermGuide(termbase, "en", "az", date(2020, 1, 1))
    assert earlier.fix("Türk Şurasının katibi gəldi.") == ("Türk Şurasının katibi gəldi.", [])


def _catalog(body: str):
    header = 'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return parse_catalog(header + body, "memory.po")


def test_memory_exact_and_fuzzy_matches():
    memory = TranslationMemory()
    memory.add(
        _catalog(
            '#, python-format\nmsgid "Page %d of %d"\nmsgstr "Səhifə %d / %d"\n\n'
            'msgid "Read the press release"\nmsgstr "Mətbuat açıqlamasını oxuyun"\n\n'
            '#, fuzzy\nmsgid "Good morning"\nmsgstr "Sabahınız xeyir"\n\n'
            'msgctxt "menu"\nmsgid "Archive"\nmsgstr "Arxiv"\n'
        ),
        "press.po",
    )
    exact = memory.lookup("Archive", None, "button", [], 1, 0.85)
    assert exact.forms == ("Arxiv",) and exact.exact and exact.where == "press.po"
    fuzzy = memory.lookup("Read the press releases", None, None, [], 1, 0.85)
    assert fuzzy.forms == ("Mətbuat açıqlamasını oxuyun",) and 0.95 < fuzzy.similarity < 1
    assert memory.lookup("Read the press releases", None, None, [], 1, 1.0) is None  # exact only
    assert memory.lookup("Page %d of %s", None, None, ["python-format"], 1, 0.85) is None  # placeholders differ
    assert memory.lookup("Good morning", None, None, [], 1, 0.85) is None  # fuzzy entries are not memory
    assert memory.lookup("Something else entirely", None, None, [], 1, 0.85) is None


def test_placeholder_multisets():
    assert placeholders("%d of %d", ["python-format"]) == placeholders("%d / %d", ["python-format"])
    assert placeholders("<b>x</b>", []) != placeholders("<b>x", [])
