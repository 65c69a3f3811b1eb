"""Language identification: documents and single words (dilmac.language.langid)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from dilmac.language import langid
from dilmac.language.wordlists import word_list_text
from timing import growth

NTREX = {
    "en": "news/ntrex128-newstest2019-src.eng.txt",
    "az": "news/ntrex128-newstest2019-ref.aze-Latn.txt",
    "tr": "news/ntrex128-newstest2019-ref.tur.txt",
}
# Measured on NTREX-128 sentences of 5 words or more: en 99.85 %, az 100 %, tr 99.58 %.
SENTENCE_FLOOR = {"en": 0.995, "az": 0.997, "tr": 0.993}


def _lines(shared_data: Path, lang: str) -> list[str]:
    return (shared_data / NTREX[lang]).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said the talks would continue next week.", "en"),
        ("Nazir bildirib ki, danışıqlar gələn həftə davam edəcək.", "az"),
        ("Bakan, görüşmelerin gelecek hafta devam edeceğini söyledi.", "tr"),
        ("Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti məlumat yayıb.", "az"),
        ("Türkiye ile Azerbaycan arasında işbirliği anlaşması imzalandı.", "tr"),
        ("Bu görüşte iki ülke arasındaki ilişkiler ele alındı.", "tr"),
        ("Bu görüşdə iki ölkə arasındakı münasibətlər müzakirə olunub.", "az"),
    ],
)
def test_identify_sentences(text: str, lang: str) -> None:
    guess, confidence = langid.identify(text)
    assert guess == lang
    assert 0 < confidence <= 1


@pytest.mark.parametrize("text", ["", "   ", "Baku", "12 345 678", "Ilham Aliyev", "— … —"])
def test_identify_needs_evidence(text: str) -> None:
    assert langid.identify(text) == (None, 0.0)


def test_identify_reads_only_a_sample() -> None:
    text = ("Nazir bildirib ki, danışıqlar gələn həftə davam edəcək. " * 100_000)[:5_000_000]
    guess, _ = langid.identify(text)
    assert guess == "az"
    # 100 times the text, about the same time: only a sample is read
    ratio = growth(langid.identify, text[:50_000], text)
    assert ratio < 10, ratio


def test_identify_does_not_import_the_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dilmac.language.langid as l; l.identify('the talks will continue next week'); "
        "print(sorted(m for m in ('yaml', 'ahocorasick_rs', 'dilmac.match.matcher', 'dilmac.termbase.model') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        ("və", "az"),
        ("üçün", "az"),
        ("xalq", "az"),
        ("qurumları", "az"),
        ("olub", "az"),
        ("edib", "az"),
        ("deyil", "az"),
        ("dövlət", "az"),
        ("naxçıvan", "az"),
        ("için", "tr"),
        ("ve", "tr"),
        ("değil", "tr"),
        ("geliyor", "tr"),
        ("olacak", "tr"),
        ("yapmak", "tr"),
        ("diğer", "tr"),
        ("ülkeler", "tr"),
        ("türkiye", "tr"),
        ("the", "en"),
        ("which", "en"),
        ("would", "en"),
        ("government", "en"),
        ("throughout", "en"),
        ("bir", None),
        ("milli", None),
        ("bu", None),
        ("on", None),
        ("her", None),
        ("2024", None),
        ("ankara", None),
        ("qurum", "az"),
        ("maxwell", None),
        ("x", None),
        ("", None),
    ],
)
def test_word_language(word: str, lang: str | None) -> None:
    assert langid.word_language(word) == lang


def test_word_class_of_abbreviations_and_tokens() -> None:
    assert langid.word_class("ABŞ") == langid.NONE  # an abbreviation says nothing
    assert langid.word_class("HQ") == langid.NONE
    assert langid.token_class("(Member") == langid.token_class("Member")
    assert langid.token_class("file_name.txt") == langid.NONE
    assert langid.token_class("https://gov.az/xeberler") == langid.NONE
    assert langid.token_class("WhatsApp") == langid.NONE  # camelCase
    assert langid.token_class("Türkiye'nin") == langid.TR  # judged by its first word


def test_word_lists_are_well_formed() -> None:
    for lang in langid.LANGS:
        name = f"words-{lang}.txt"
        words = [w for line in word_list_text(lang).splitlines() for w in line.split("#", 1)[0].split()]
        assert len(words) > 500, name
        for word in words:
            assert word == langid.fold_word(word), f"{name}: {word!r} is not lower case"
    english = {w for line in word_list_text("en").splitlines() for w in line.split("#", 1)[0].split()}
    assert not {w for w in english if any(ch in "ıəğşçöü" for ch in w)}


def test_word_span_and_code() -> None:
    text = "See file.txt, snake_case and Türkiye'nin x86."
    assert langid.word_span(text, text.index("rkiye")) == (text.index("Türkiye"), text.index("'nin"))
    assert langid.is_code_like(text, 4, 8)  # file.txt
    s = text.index("snake")
    assert langid.is_code_like(text, s, s + 5)
    s = text.index("x86")
    assert langid.is_code_like(text, s, s + 1)
    s = text.index("and")
    assert not langid.is_code_like(text, s, s + 3)


# Real data: NTREX-128 (newstest2019), the same 1997 sentences in en, az and tr.


@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_ntrex_sentence_accuracy(shared_data: Path, lang: str) -> None:
    total = right = 0
    for line in _lines(shared_data, lang):
        if len(langid.WORD_RE.findall(line)) < 5:
            continue
        total += 1
        right += langid.identify(line)[0] == lang
    assert total > 1900
    assert right / total >= SENTENCE_FLOOR[lang], f"{lang}: {right}/{total} = {right / total:.4f}"


@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_ntrex_document_accuracy(shared_data: Path, lang: str) -> None:
    ids = (shared_data / "news/ntrex128-DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    documents: dict[str, list[str]] = defaultdict(list)
    for doc_id, line in zip(ids, _lines(shared_data, lang), strict=True):
        documents[doc_id].append(line)
    assert len(documents) == 123
    wrong = [doc_id for doc_id, lines in documents.items() if langid.identify("\n".join(lines))[0] != lang]
    assert wrong == []


# The word classification takes short cuts (ASCII words skip the tests that need a Turkic
# letter; two replaces instead of a translate table): it must give what the plain version gives.

_TURKIC_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def _reference_fold(word: str) -> str:
    if langid._TURKIC_CHARS_RE.search(word):
        return word.translate(_TURKIC_LOWER).lower()
    return word.replace("İ", "i").lower()


def _reference_classify(w: str) -> str:
    langid._Lists.load()
    lists = langid._Lists
    if len(w) < 2:
        return langid.NONE
    lang = lists.only.get(w)
    if lang:
        return lang
    if w in lists.shared:
        return langid.AZT if w in lists.turkic_shared else langid.NONE
    if "ə" in w:
        return langid.AZ
    strong = "ı" in w or "ş" in w or "ğ" in w
    if "q" in w or "x" in w:
        if strong or langid._TURKIC_ANY.search(w) or langid._Q_AZ.search(w):
            return langid.AZ
        return langid.NONE
    tail = w[-7:]
    if (langid._TR_INSIDE.search(w) or langid._TR_END.search(tail)) and (strong or len(w) >= 5):
        return langid.TR
    if "ğ" in w and langid._TR_FRONT_GH.search(w):
        return langid.TR
    if langid._TURKIC_ANY.search(w) and langid._TR_E_SUFFIX.search(w[-9:]):
        return langid.TR
    if langid._AZ_END.search(tail):
        return langid.AZ
    if strong:
        return langid.AZT
    if w.isascii() and w.isalpha() and langid._EN_PATTERN.search(w):
        return langid.EN
    return langid.NONE


def _vocabulary(shared_data: Path | None) -> set[str]:
    """The listed words, a few hard cases, each with common endings and cut short, and (with the
    shared data) every word of the NTREX files as written."""
    langid._Lists.load()
    words = set(langid._Lists.only) | set(langid._Lists.shared)
    words |= {
        "Iraq",
        "IŞIK",
        "Işık",
        "İstanbul",
        "ISTANBUL",
        "İI",
        "qatar",
        "quality",
        "maximum",
        "club",
        "Slovak",
        "yapmaktadır",
        "gelişiyor",
        "Müller",
        "über",
        "getdi",
        "ab",
        "x",
        "café",
        "naïve",
        "Ångström",
        "ǅemal",
        "ﬁnance",
        "KİM",
        "kİm",
        "Ixtisas",
        "diğer",
    }
    endings = ["", "lər", "ler", "mak", "mək", "iyor", "acak", "ib", "dı", "ing", "tion", "ed", "ık"]
    words = {stem + ending for word in words for stem in (word, word[:-2]) for ending in endings}
    if shared_data is not None:
        for lang in NTREX:
            words |= set(langid.WORD_RE.findall((shared_data / NTREX[lang]).read_text(encoding="utf-8")))
    return words


def _check_classification(words: set[str]) -> None:
    for word in sorted(words):
        assert langid.fold_word(word) == _reference_fold(word), word
        for w in (word, word.lower(), _reference_fold(word)):
            assert langid.classify(w) == _reference_classify(w), w


def test_word_classification_short_cuts_change_nothing() -> None:
    _check_classification(_vocabulary(None))


def test_word_classification_short_cuts_change_nothing_on_news(shared_data: Path) -> None:
    _check_classification(_vocabulary(shared_data))
