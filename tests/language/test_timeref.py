"""The sentence-level time reference: sentences, dates in en/az/tr formats, history statements,
quotations."""

from __future__ import annotations

from datetime import date

import pytest

from dilmac.language.timeref import is_history, periods_in, quotation, sentence_span, time_reference

TODAY = date(2024, 5, 1)


@pytest.mark.parametrize(
    ("lang", "sentence", "periods"),
    [
        ("en", "founded on 3 October 2009 in Nakhchivan", [(date(2009, 10, 3), date(2009, 10, 3))]),
        ("en", "signed on October 3, 2009", [(date(2009, 10, 3), date(2009, 10, 3))]),
        (
            "en",
            "in 2009 and in March 2015",
            [(date(2009, 1, 1), date(2009, 12, 31)), (date(2015, 3, 1), date(2015, 3, 31))],
        ),
        ("en", "on 2009-10-03", [(date(2009, 10, 3), date(2009, 10, 3))]),
        ("tr", "3 Ekim 2009'da imzalanan", [(date(2009, 10, 3), date(2009, 10, 3))]),
        ("tr", "12 Kasım’da İstanbul’da", []),  # 12 November 2024 is after today: not history
        ("tr", "Konseyin ismi 2021'de değiştirildi", [(date(2021, 1, 1), date(2021, 12, 31))]),
        ("az", "2009-cu ildə yaradılıb", [(date(2009, 1, 1), date(2009, 12, 31))]),
        ("az", "03.10.2009-cu il tarixində", [(date(2009, 10, 3), date(2009, 10, 3))]),
        ("az", "3 oktyabr 2009-cu ildə", [(date(2009, 10, 3), date(2009, 10, 3))]),
        ("en", "the 2030 Agenda", []),  # the future is no history
        ("en", "1 500 people and 12,000 more", []),
    ],
)
def test_periods(lang, sentence, periods):
    assert periods_in(sentence, lang, TODAY) == periods


def test_day_and_month_take_the_document_year():
    assert periods_in("12 Kasım’da İstanbul’da", "tr", date(2021, 11, 18)) == [(date(2021, 11, 12), date(2021, 11, 12))]


@pytest.mark.parametrize(
    ("lang", "sentence", "history"),
    [
        ("en", "the OTS, formerly the Turkic Council", True),
        ("en", "the Council was renamed in Istanbul", True),
        ("en", "the Council met in Istanbul", False),
        ("az", "Türk Şurasının adı dəyişdirilib", True),
        ("az", "Şura 2009-cu ildə yaradılıb", True),
        ("az", "təşkilat təsis edilib", True),
        ("az", "qanuna dəyişiklik edilib", False),
        ("tr", "Türk Konseyi’nin adı “TDT” olarak değiştirildi", True),
        ("tr", "eski adıyla Türk Konseyi", True),
        ("tr", "Nahçıvan Anlaşması ile kuruldu", True),
        ("tr", "Yüksek Seçim Kurulu toplandı", False),
        ("tr", "kanun değiştirildi", False),
    ],
)
def test_history(lang, sentence, history):
    assert is_history(sentence, lang) is history


def test_sentence_span_skips_initials_and_ordinals():
    text = "It met. B. Amreev spoke at the 8. Zirve in 2009. Next one."
    s, e = sentence_span(text, text.index("Amreev"))
    assert text[s:e] == "B. Amreev spoke at the 8. Zirve in 2009."


def test_time_reference_is_per_sentence():
    text = "The Council was founded in 2009. The Turkic Council met."
    assert time_reference(text, text.index("founded"), "en", TODAY).history
    later = time_reference(text, text.index("Turkic"), "en", TODAY)
    assert not later.history and later.periods == ()


def test_the_rename_day_counts_for_the_old_name():
    ref = time_reference("It met on 12 November 2021.", 0, "en", TODAY)
    assert ref.mentions_time_when(date(2009, 10, 3), date(2021, 11, 12))
    assert not ref.mentions_time_when(date(2021, 11, 13), None)


def test_quotation():
    text = "the book “Kazakistan Türkiye İlişkileri” and “Dogu"
    at = text.index("Türkiye")
    assert text[slice(*quotation(text, at, at + 7, (0, len(text))))] == "Kazakistan Türkiye İlişkileri"
    after = text.index("and")
    assert quotation(text, after, after + 3, (0, len(text))) is None
    straight = 'he said "the Turkic Council" and "more"'
    at = straight.index("more")
    assert quotation(straight, at, at + 4, (0, len(straight))) is not None
    at = straight.index("and")
    assert quotation(straight, at, at + 3, (0, len(straight))) is None


def test_sentences_found_once_agree_with_sentence_span():
    from dilmac.language.timeref import Sentences

    text = "It met. B. Amreev spoke at the 8. Zirve in 2009. Türk Konseyi’nin adı değiştirildi.\nNext one."
    sentences = Sentences(text, "tr", TODAY)
    for pos in (0, text.index("Amreev"), text.index("Türk"), text.index("Next")):
        assert sentences.span(pos) == sentence_span(text, pos)
    assert sentences.reference(text.index("Türk")).history
    assert sentences.reference(text.index("Amreev")).periods == ((date(2009, 1, 1), date(2009, 12, 31)),)


def test_white_space_after_a_full_stop_is_no_sentence_start():
    text = "It met.\n  Next one."
    s, e = sentence_span(text, text.index("Next"))
    assert text[s:e] == "Next one."
    text = "Es war am 8.\nZirve war gut. Next."  # no boundary after an ordinal, nor at its line break
    s, e = sentence_span(text, text.index("Zirve"))
    assert text[s:e] == "Es war am 8.\nZirve war gut."
