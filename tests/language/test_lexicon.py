"""Is a written word a word or name of the language (the near-miss check's filter)?"""

from __future__ import annotations

import pytest

from dilmac.language.lexicon import is_word


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        ("Kazakhstani", "en"),  # listed, and a derivation of Kazakhstan
        ("Astara", "az"),  # a district of Azerbaijan: a name the English list knows
        ("Dairesi", "tr"),  # daire + possessive
        ("Kurul", "tr"),
        ("Kurulları", "tr"),  # inflected
        ("Dairelerinden", "tr"),
        ("Şəhərlilərin", "az"),  # derived (şəhər + -li), then inflected
        ("kitablarımızdan", "az"),  # inflected form of a listed word
        ("Highlighting", "en"),
    ],
)
def test_words_and_names(word, lang):
    assert is_word(word, lang)


@pytest.mark.parametrize(
    ("word", "lang"),
    [("Amreev", "en"), ("Yerlikai", "en"), ("Miqrasya", "az"), ("Nakhchivn", "en"), ("Hıghlighting", "en")],
)
def test_misspellings_are_not_words(word, lang):
    assert not is_word(word, lang)


SENTENCES = [
    ("az", "Lənkəran, Astara və Masallı rayonlarında görüşlər keçirilib."),
    ("en", "The Kazakhstani diplomat Baghdad Amreyev spoke."),
    ("tr", "Göç İdaresi Uyum ve İletişim Dairesi Başkanı konuştu."),
    ("tr", "Yüksek Seçim Kurulu toplandı."),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES)
def test_real_words_are_no_near_misses(builtin, lang, text):
    from datetime import date

    from dilmac.lint.pipeline import lint_text

    findings = lint_text(text, builtin, lang=lang, day=date(2024, 1, 1))
    assert [f.found for f in findings if f.rule == "term-near-miss"] == []


def test_a_misspelt_name_is_still_found(builtin):
    from datetime import date

    from dilmac.lint.pipeline import lint_text

    findings = lint_text("Secretary General Baghdad Amreev said", builtin, lang="en", day=date(2024, 1, 1))
    assert [(f.found, f.suggestions) for f in findings if f.rule == "term-near-miss"] == [("Amreev", ["Amreyev"])]
