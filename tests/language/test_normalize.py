from hypothesis import given, settings
from hypothesis import strategies as st

from dilmac.language.normalize import (
    DIACRITICS,
    HOMOGLYPHS,
    NormalizedText,
    fold,
    key,
    skeleton,
)


def test_turkic_case_folding_differs_from_python_lower():
    assert fold("İSTANBUL", "tr") == "istanbul"
    assert fold("IŞIK", "tr") == "ışık"
    assert fold("ILHAM", "az") == "ılham"
    assert fold("ILHAM", "en") == "ilham"
    assert fold("İlham", "en") == "ilham"  # never the two-character 'i̇' of str.lower()


def test_punctuation_variants_fold_to_one_form():
    assert fold("Türkiye’nin", "tr") == "türkiye'nin"
    assert fold("Türkiyeʼnin", "tr") == "türkiye'nin"
    assert fold("BMqT–nin", "az") == "bmqt-nin"
    assert fold("«Türk Şurası»", "az") == '"türk şurası"'


def test_skeleton_drops_diacritics_and_homoglyphs():
    assert skeleton(fold("Türkiyə", "az")) == "turkiye"
    assert skeleton(fold("Azәrbaycan", "az")) == "azerbaycan"  # Cyrillic schwa
    assert skeleton(fold("Başkanlığı", "tr")) == "baskanligi"


def test_white_space_soft_hyphens_and_line_breaks_collapse():
    n = NormalizedText("Organization of\n   Turkic\u00a0States and Miq\u00adrasiya", "en")
    assert n.compact == "Organization of Turkic States and Miqrasiya"
    start = n.compact.index("Turkic")
    assert n.source[n.to_source(start) :].startswith("Turkic")
    m = n.compact.index("Miqrasiya")
    assert n.span_to_source(m, m + len("Miqrasiya")) == (n.source.index("Miq"), len(n.source))


def test_decomposed_text_is_composed_and_mapped():
    source = "Tu\u0308rkiye ve Azərbaycan"
    n = NormalizedText(source, "tr")
    assert n.compact == "Türkiye ve Azərbaycan"
    assert n.span_to_source(0, 7) == (0, 8)
    assert n.source[n.to_source(n.compact.index("ve"))] == "v"


def test_key_is_folded_compact_form():
    assert key("  Göç İdaresi\nBaşkanlığı ", "tr") == " göç idaresi başkanlığı "


@given(st.text())
def test_layers_keep_length_and_map_inside_source(text):
    n = NormalizedText(text, "tr")
    assert len(n.folded) == len(n.compact) == len(n.skeleton)
    previous = -1
    for i in range(len(n.compact) + 1):
        mapped = n.to_source(i)
        assert 0 <= mapped <= len(text)
        assert mapped >= previous
        previous = mapped


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_non_space_characters_map_to_themselves_or_their_unified_form(text):
    import unicodedata

    from dilmac.language.normalize import _PUNCT

    unified = dict(_PUNCT)  # apostrophe, dash and quote variants are unified in the compact layer
    text = unicodedata.normalize("NFC", text)
    n = NormalizedText(text, "en")
    for i, char in enumerate(n.compact):
        if char != " ":
            assert unified.get(text[n.to_source(i)], text[n.to_source(i)]) == char


_PUNCT_CHARS = {
    "’",
    "–",
    "«",
    "»",
    "“",
    "”",
    "—",
    "‘",
    "ʼ",
    "´",
    "′",
    "ʻ",
    "‐",
    "‑",
    "‒",
    "―",
    "−",
    "﹣",
    "－",
    "„",
    "‟",
    "`",
}
_MAPPED = "".join(sorted(set(DIACRITICS) | set(HOMOGLYPHS)))
_ALPHABET = _MAPPED + _MAPPED.upper() + "IİiıKk ab\n\u00a0’–«\u00ad\u0301\u212a"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.sampled_from(["en", "az", "tr", None]))
def test_the_skeleton_is_the_folded_text_reduced_whatever_the_path(text, lang):
    # The skeleton is made from the cased layer where that is ASCII (lower-casing it is cheap);
    # it must be what reducing the folded text gives.
    n = NormalizedText(text, lang)
    assert n.skeleton == skeleton(fold(n.compact, lang))
    assert len(n.cased) == len(n.compact) == len(n.skeleton)
    assert n.cased.lower() == n.skeleton or not n.cased.isascii()
    # plain may be False where it could be True (the slow paths), never the other way round
    # (mixed-script trusts it to skip its own search for other scripts)
    turkic = set("çğıöşüəâîûÇĞÖŞÜƏÂÎÛİ")
    assert not n.plain or all(c.isascii() or c.isspace() or c in _PUNCT_CHARS or c in turkic for c in text)


def test_plain_text_has_no_letter_of_another_script():
    assert NormalizedText("Türkiyə’nin  DMX-i — «İş»\u00a0ok", "az").plain
    assert NormalizedText("plain ASCII", "en").plain
    assert not NormalizedText("Kabinәti", "az").plain  # a Cyrillic ә
    assert not NormalizedText("António Vitorino", "en").plain  # ó is not a Turkic letter
    assert not NormalizedText("e\u0301", "en").plain  # not NFC
