"""mixed-script, foreign-letter and untranslated-fragment on hand-built documents and contexts,
and untranslated-fragment on real parallel news (NTREX-128)."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest

from dilmac.core.document import Document
from dilmac.core.findings import Severity
from dilmac.language import langid
from dilmac.match.matcher import Occurrence
from dilmac.rules import Context, _fragments, foreign_letter, mixed_script, untranslated_fragment
from dilmac.termbase.model import Concept, Term, Termbase
from timing import growth

DAY = date(2024, 5, 1)


def make_ctx(
    text: str,
    lang: str,
    *,
    occurrences=(),
    foreign=(),
    termbase=None,
    start: int = 0,
    end: int | None = None,
    day: date = DAY,
) -> Context:
    doc = Document(path="doc.txt", source=text, text=text, lang=lang)
    return Context(
        doc=doc,
        lang=lang,
        date=day,
        termbase=termbase,
        start=start,
        end=len(text) if end is None else end,
        occurrences=list(occurrences),
        foreign=list(foreign),
    )


def occ(text: str, found: str, term: Term, *, suffix: str = "", exact: bool = True, nth: int = 0) -> Occurrence:
    """An occurrence of `term` at the nth place where `found` + `suffix` is in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(found + suffix, start + 1)
    stem_end = start + len(found)
    word_start = start + found.rfind(" ") + 1
    return Occurrence(
        start=start,
        end=stem_end + len(suffix),
        term=term,
        stem_end=stem_end,
        word_start=word_start,
        diacritics_ok=exact,
        homoglyphs=False,
    )


def spans(findings) -> list[tuple[str, list[str]]]:
    return [(f.found, f.suggestions) for f in findings]


# mixed-script


def test_mixed_script_names_the_letter_and_suggests_the_latin_word() -> None:
    text = "Azәrbaycan Respublikası"
    [finding] = mixed_script.check(make_ctx(text, "az"))
    assert (finding.start, finding.end) == (0, 10)
    assert finding.rule == "mixed-script" and finding.severity == Severity.ERROR
    assert finding.message == "“Azәrbaycan” mixes scripts: CYRILLIC SMALL LETTER SCHWA at position 3"
    assert finding.suggestions == ["Azərbaycan"]


def test_mixed_script_every_letter_and_capitals() -> None:
    text = "Ваku, BАKI; Αthens."
    findings = list(mixed_script.check(make_ctx(text, "en")))
    assert spans(findings) == [("Ваku", ["Baku"]), ("BАKI", ["BAKI"]), ("Αthens", ["Athens"])]
    assert findings[0].message == (
        "“Ваku” mixes scripts: CYRILLIC CAPITAL LETTER VE at position 1, CYRILLIC SMALL LETTER A at position 2"
    )
    assert "GREEK CAPITAL LETTER ALPHA at position 1" in findings[2].message


def test_mixed_script_without_a_latin_twin_has_no_suggestion() -> None:
    [finding] = mixed_script.check(make_ctx("görüş keçiriliб", "az"))
    assert finding.found == "keçiriliб"
    assert finding.suggestions == []
    assert finding.message.endswith("CYRILLIC SMALL LETTER BE at position 9 (no Latin look-alike known)")


@pytest.mark.parametrize(
    "text",
    [
        "Пушкин wrote in Russian",  # a Cyrillic word
        "Москвa",  # mostly Cyrillic: not a Latin word
        "5 μm filters",  # Greek letter with no Latin look-alike
        "Azərbaycan Respublikası",  # the Latin schwa
        "Türkiye'nin İstanbul Başkonsolosluğu",
    ],
)
def test_mixed_script_passes(text: str) -> None:
    assert list(mixed_script.check(make_ctx(text, "az"))) == []


def test_mixed_script_stays_in_its_region() -> None:
    text = "Azәrbaycan | Azәrbaycan | Azәrbaycan"
    ctx = make_ctx(text, "az", start=13, end=23)
    assert [(f.start, f.end) for f in mixed_script.check(ctx)] == [(13, 23)]


def test_mixed_script_skips_clean_text_without_a_character_scan(monkeypatch) -> None:
    """Clean text (no Greek or Cyrillic lead byte) is rejected by one encode and a few byte
    searches; the per-character regular expression never runs on it (the speed of that path is
    measured by benchmarks/lint_throughput.py)."""
    searched = []

    class Counting:
        def search(self, *args):
            searched.append(args[1:])
            return mixed_script_pattern.search(*args)

        def __getattr__(self, name):  # the rule's other uses of the pattern, not counted
            return getattr(mixed_script_pattern, name)

    mixed_script_pattern = mixed_script._NON_LATIN
    monkeypatch.setattr(mixed_script, "_NON_LATIN", Counting())
    clean = "Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti məlumat yayıb. " * 80_000
    assert list(mixed_script.check(make_ctx(clean, "az"))) == []
    assert searched == []
    assert [f.found for f in mixed_script.check(make_ctx("Azәrbaycan " + clean[:1000], "az"))] == ["Azәrbaycan"]
    assert searched


# foreign-letter (a): English


def test_dotless_i_in_english_words() -> None:
    text = "The Turkısh side will contınue; THE MİNİSTRY agreed."
    findings = list(foreign_letter.check(make_ctx(text, "en")))
    assert spans(findings) == [("Turkısh", ["Turkish"]), ("contınue", ["continue"]), ("MİNİSTRY", ["MINISTRY"])]
    assert all(f.severity == Severity.WARNING for f in findings)
    assert findings[0].message == (
        "“Turkısh” has the Turkish letter dotless ı, which English does not "
        "use (a Turkish keyboard or upper-casing slip?)"
    )
    assert "dotted İ" in findings[2].message


def test_names_with_turkic_letters_get_one_note_each() -> None:
    text = "Mr. Şahin and Mr. Aydın met. Şahin said Gəncə was ready."
    findings = list(foreign_letter.check(make_ctx(text, "en")))
    assert [f.found for f in findings] == ["Şahin", "Aydın", "Gəncə"]
    assert all(f.severity == Severity.INFO and f.suggestions == [] for f in findings)
    assert findings[0].message.startswith("“Şahin” is written with letters English does not use (ş)")


def test_english_terms_are_not_foreign_letters() -> None:
    text = "Mr. Erdoğan visited Türkiye's embassy."
    erdogan = Term("person.erdogan", "en", "Erdoğan", "preferred")
    turkiye = Term("place.turkiye", "en", "Türkiye", "preferred")
    ctx = make_ctx(text, "en", occurrences=[occ(text, "Erdoğan", erdogan), occ(text, "Türkiye", turkiye, suffix="'s")])
    assert list(foreign_letter.check(ctx)) == []


def test_english_skips_urls_emails_and_untranslated_phrases() -> None:
    text = "See https://example.com/Turkısh or info@bakı.az; the Dövlət Miqrasiya Xidmətinin rəisi came."
    assert list(foreign_letter.check(make_ctx(text, "en"))) == []


# foreign-letter (b): Turkish


def test_azerbaijani_letters_in_turkish() -> None:
    # single words; "Qarabağ'da xalq" together would be an untranslated fragment instead
    text = "Qarabağ'da yeni bir dönem, xalq sevinçli, Azərbaycan heyeti geldi."
    findings = list(foreign_letter.check(make_ctx(text, "tr")))
    assert spans(findings) == [("Qarabağ", ["Karabağ"]), ("xalq", ["halk"]), ("Azərbaycan", ["Azerbaycan"])]
    assert findings[1].message == "“xalq” has q, x, which the Turkish alphabet does not have (Azerbaijani spelling?)"


@pytest.mark.parametrize(
    "text",
    [
        "Shaqiri ve Maxwell gol attı.",  # foreign names with q or x
        "QR kodu ve XML dosyası hazır.",  # abbreviations
        "Dosya: rapor_x.pdf, https://qarabag.az/xeber",
        "Toplantı Katar'da yapıldı.",
    ],
)
def test_turkish_passes(text: str) -> None:
    assert list(foreign_letter.check(make_ctx(text, "tr"))) == []


def test_turkish_terms_with_q_or_x_are_not_reported() -> None:
    text = "Xbox Türkiye ofisi açıldı."
    term = Term("org.xbox", "tr", "Xbox", "preferred")
    assert list(foreign_letter.check(make_ctx(text, "tr", occurrences=[occ(text, "Xbox", term)]))) == []


# foreign-letter (c): the other Turkic language's spelling of a term


def _termbase() -> Termbase:
    def concept(cid: str, terms: dict[str, list[str]]) -> Concept:
        return Concept(
            id=cid,
            domain="test",
            sources=[],
            terms={
                lang: [Term(cid, lang, text, "preferred", index=i) for i, text in enumerate(texts)]
                for lang, texts in terms.items()
            },
        )

    eu = Concept(
        id="org.eu",
        domain="test",
        sources=[],
        terms={
            "az": [
                Term("org.eu", "az", "Avropa İttifaqı", "preferred"),
                Term("org.eu", "az", "Aİ", "preferred", type="abbreviation", exact_case=True, index=1),
            ],
            "tr": [
                Term("org.eu", "tr", "Avrupa Birliği", "preferred"),
                Term("org.eu", "tr", "AB", "preferred", type="abbreviation", exact_case=True, index=1),
            ],
        },
    )
    return Termbase(
        [
            eu,
            concept(
                "org.ots",
                {
                    "en": ["Organization of Turkic States"],
                    "az": ["Türk Dövlətləri Təşkilatı"],
                    "tr": ["Türk Devletleri Teşkilatı"],
                },
            ),
            concept("place.turkiye", {"en": ["Türkiye"], "az": ["Türkiyə"], "tr": ["Türkiye"]}),
            concept("place.baku", {"en": ["Baku"], "az": ["Bakı"], "tr": ["Bakü"]}),
            concept("place.istanbul", {"en": ["Istanbul"], "az": ["İstanbul"], "tr": ["İstanbul"]}),
            concept(
                "person.erdogan",
                {"en": ["Recep Tayyip Erdoğan"], "az": ["Rəcəb Tayyib Ərdoğan"], "tr": ["Recep Tayyip Erdoğan"]},
            ),
        ],
        [],
    )


TB = _termbase()


def term(cid: str, lang: str) -> Term:
    return TB.by_id[cid].terms[lang][0]


def test_turkish_name_in_azerbaijani_text() -> None:
    text = "Türk Devletleri Teşkilatının sammiti keçiriləcək."
    found = occ(text, "Türk Devletleri Teşkilatı", term("org.ots", "tr"), suffix="nın")
    [finding] = foreign_letter.check(make_ctx(text, "az", foreign=[found], termbase=TB))
    assert (finding.start, finding.end) == (0, 28)
    assert finding.concept == "org.ots"
    assert finding.suggestions == ["Türk Dövlətləri Təşkilatının"]
    assert finding.message == (
        "“Türk Devletleri Teşkilatının” is spelled the Turkish way; in Azerbaijani: “Türk Dövlətləri Təşkilatının”"
    )


def test_turkish_apostrophe_becomes_azerbaijani_suffix() -> None:
    text = "Türkiye'nin nümayəndə heyəti Bakü'ye gəlib."
    foreign = [
        occ(text, "Türkiye", term("place.turkiye", "tr"), suffix="'nin"),
        occ(text, "Bakü", term("place.baku", "tr"), suffix="'ye"),
    ]
    ctx = make_ctx(text, "az", foreign=foreign, termbase=TB)
    assert spans(foreign_letter.check(ctx)) == [("Türkiye'nin", ["Türkiyənin"]), ("Bakü'ye", ["Bakıya"])]


def test_azerbaijani_name_in_turkish_text_gets_the_apostrophe() -> None:
    text = "Konferans Bakıda, heyet Türkiyə'den."
    foreign = [
        occ(text, "Bakı", term("place.baku", "az"), suffix="da"),
        occ(text, "Türkiyə", term("place.turkiye", "az"), suffix="'den"),
    ]
    findings = list(foreign_letter.check(make_ctx(text, "tr", foreign=foreign, termbase=TB)))
    # "Türkiyə" is reported once, as a name (c), not again for its ə (b)
    assert spans(findings) == [("Bakıda", ["Bakü'de"]), ("Türkiyə'den", ["Türkiye'den"])]
    assert [f.concept for f in findings] == ["place.baku", "place.turkiye"]


def test_abbreviations_keep_their_kind_and_get_the_azerbaijani_hyphen() -> None:
    text = "AB'nin və AB-nin nümayəndələri, abı deyil."
    ab = TB.by_id["org.eu"].terms["tr"][1]
    foreign = [
        occ(text, "AB", ab, suffix="'nin"),
        occ(text, "AB", ab, suffix="-nin"),
        occ(text, "ab", ab, suffix="ı"),
    ]  # not in capitals: not the name
    findings = list(foreign_letter.check(make_ctx(text, "az", foreign=foreign, termbase=TB)))
    assert spans(findings) == [("AB'nin", ["Aİ-nin"]), ("AB-nin", ["Aİ-nin"])]


def test_same_spelling_in_both_languages_passes() -> None:
    text = "Sammit İstanbulda keçirilib."
    ctx = make_ctx(
        text,
        "az",
        termbase=TB,
        occurrences=[occ(text, "İstanbul", term("place.istanbul", "az"), suffix="da")],
        foreign=[occ(text, "İstanbul", term("place.istanbul", "tr"), suffix="da")],
    )
    assert list(foreign_letter.check(ctx)) == []


def test_a_term_shared_by_english_and_turkish_counts_as_turkish() -> None:
    text = "Mərasimdə Recep Tayyip Erdoğan iştirak edib."
    found = occ(text, "Recep Tayyip Erdoğan", term("person.erdogan", "en"))
    findings = list(foreign_letter.check(make_ctx(text, "az", foreign=[found], termbase=TB)))
    assert spans(findings) == [("Recep Tayyip Erdoğan", ["Rəcəb Tayyib Ərdoğan"])]


def test_common_words_that_look_like_an_inflected_name_pass() -> None:
    text = "bakım çalışması. Bakım ekibi. Bakın!"
    foreign = [
        occ(text, "bakı", term("place.baku", "az"), suffix="m"),
        occ(text, "Bakı", term("place.baku", "az"), suffix="m"),
        occ(text, "Bakı", term("place.baku", "az"), suffix="n"),
    ]
    assert list(foreign_letter.check(make_ctx(text, "tr", foreign=foreign, termbase=TB))) == []


def test_english_terms_in_turkic_text_are_not_this_rules_business() -> None:
    text = "Organization of Turkic States iclası keçirilib."
    found = occ(text, "Organization of Turkic States", term("org.ots", "en"))
    assert list(foreign_letter.check(make_ctx(text, "az", foreign=[found], termbase=TB))) == []


# untranslated-fragment


def test_azerbaijani_phrase_in_english() -> None:
    text = "The delegation was received by the Dövlət Miqrasiya Xidmətinin rəisi on Monday."
    [finding] = untranslated_fragment.check(make_ctx(text, "en"))
    assert finding.found == "Dövlət Miqrasiya Xidmətinin rəisi"
    assert (finding.start, finding.end) == (35, 68)
    assert finding.rule == "untranslated-fragment" and finding.severity == Severity.WARNING
    assert finding.message == (
        "looks like Azerbaijani in an English document: “Dövlət Miqrasiya Xidmətinin rəisi” (4 words)"
    )


def test_english_sentence_in_turkish_and_turkish_in_azerbaijani() -> None:
    text = "Bakan konuştu. The meeting was held in Baku on Monday. Toplantı sona erdi."
    [finding] = untranslated_fragment.check(make_ctx(text, "tr"))
    assert finding.found == "The meeting was held in Baku on Monday"
    assert finding.message.startswith("looks like English in a Turkish document:")
    text = "Nümayəndə bildirib ki, işbirliği bu yıl daha da gelişiyor."
    [finding] = untranslated_fragment.check(make_ctx(text, "az"))
    assert finding.found == "işbirliği bu yıl daha da gelişiyor"
    assert "looks like Turkish in an Azerbaijani document" in finding.message


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Görüşdə Member of the Welsh Parliament (MWP) də iştirak edib.", "az"),
        ("Toplantıya Organization for Security and Co-operation in Europe temsilcisi katıldı.", "tr"),
        ("Heydər Əliyev and Recep Tayyip Erdoğan are names.", "en"),
        ("The word dövlət means state.", "en"),
        ("Akşam bir talk show programına katıldı.", "tr"),
        ("See https://www.gov.az/az/xeberler/dovlet-miqrasiya-xidmeti and dovlet_xidmeti.pdf.", "en"),
    ],
)
def test_untranslated_fragment_passes(text: str, lang: str) -> None:
    assert list(untranslated_fragment.check(make_ctx(text, lang))) == []


def test_a_term_of_the_document_breaks_a_run() -> None:
    text = "Görüşmede dövlət qurumları ilə görüşüldü."
    [finding] = untranslated_fragment.check(make_ctx(text, "tr"))
    assert finding.found == "dövlət qurumları ilə"
    name = Term("org.test", "tr", "Qurumları", "preferred")  # a tr term, as written
    ctx = make_ctx(text, "tr", occurrences=[occ(text, "qurumları", name)])
    assert list(untranslated_fragment.check(ctx)) == []


def test_blank_line_ends_a_run_and_long_text_is_shortened() -> None:
    text = "Ülkeler arasında\n\nthe way it was said is not the point, and we will not discuss it any further today"
    [finding] = untranslated_fragment.check(make_ctx(text, "tr"))
    assert finding.found.startswith("the way")
    assert finding.message.endswith(
        "“the way it was said is not the point, and we will not discuss it any…” (18 words)"
    )


def test_untranslated_fragment_is_fast() -> None:
    text = ("Görüşdə tərəflər əməkdaşlığın inkişaf perspektivlərini müzakirə ediblər, the Ministry said. ") * 40_000
    ctx = make_ctx(text, "az")
    _fragments.fragments(make_ctx(text[:10_000], "az"))  # warm the word cache
    assert list(untranslated_fragment.check(ctx)) == []  # 3.7 MB
    # 10 times the text: about 10 times the time (quadratic would be 100)
    ratio = growth(lambda n: list(untranslated_fragment.check(make_ctx(text[:n], "az"))), len(text) // 10, len(text))
    assert ratio < 30, ratio


# untranslated-fragment on real parallel news: NTREX-128, each file as a document

NTREX = {
    "en": "news/ntrex128-newstest2019-src.eng.txt",
    "az": "news/ntrex128-newstest2019-ref.aze-Latn.txt",
    "tr": "news/ntrex128-newstest2019-ref.tur.txt",
}


def _ntrex(shared_data: Path, lang: str) -> list[str]:
    return (shared_data / NTREX[lang]).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_ntrex_false_positive_rate(shared_data: Path, lang: str) -> None:
    lines = _ntrex(shared_data, lang)
    text = "\n".join(lines)
    findings = list(untranslated_fragment.check(make_ctx(text, lang)))
    # measured: 0 findings in each of the three files (1997 sentences each)
    assert len(findings) <= len(lines) / 100, [f.found for f in findings]


# Detection of whole sentences of another language spliced into a document (200 each), with
# the rate measured and the floor asserted just under it.
SPLICE_FLOOR = {
    ("en", "az"): 0.99,
    ("en", "tr"): 0.975,
    ("az", "en"): 0.945,
    ("az", "tr"): 0.82,
    ("tr", "en"): 0.945,
    ("tr", "az"): 0.965,
}


@pytest.mark.parametrize(("lang", "other"), sorted(SPLICE_FLOOR))
def test_ntrex_spliced_sentences_are_found(shared_data: Path, lang: str, other: str) -> None:
    host, guest = _ntrex(shared_data, lang), _ntrex(shared_data, other)
    candidates = [i for i, line in enumerate(guest) if len(langid.WORD_RE.findall(line)) >= 6]
    random.Random(1).shuffle(candidates)
    parts: list[str] = []
    inserted: list[tuple[int, int]] = []
    position = 0
    for i in candidates[:200]:
        before = host[(i + 7) % len(host)] + " "  # a sentence of the document first
        parts.append(before)
        position += len(before)
        inserted.append((position, position + len(guest[i])))
        parts.append(guest[i] + "\n")
        position += len(guest[i]) + 1
    text = "".join(parts)
    fragments = _fragments.fragments(make_ctx(text, lang))
    found = sum(any(f.start < e and f.end > s for f in fragments) for s, e in inserted)
    labelled = sum(any(f.start < e and f.end > s and f.lang == other for f in fragments) for s, e in inserted)
    outside = [text[f.start : f.end] for f in fragments if not any(f.start < e and f.end > s for s, e in inserted)]
    assert found / len(inserted) >= SPLICE_FLOOR[(lang, other)], f"{found}/{len(inserted)}"
    assert labelled >= found * 0.95
    assert outside == []


# The fast paths (one split and set test per chunk, str.find for rare letters, a UTF-8 lead-byte
# test) must find exactly what the plain scans find: each is compared with a reference that
# tags every token / searches every character, as the rules did before.


def _reference_fragments(ctx: Context) -> list:
    """untranslated-fragment's runs by one regular expression over the tags of every token (the
    tags of a chunk count in a chunk with a hot token and in its neighbours, elsewhere "o")."""
    uf = _fragments
    doc_lang, text = ctx.lang, ctx.text
    chunks, heat, starts, firsts, count = [], [], [], [], 0
    for cs, ce in uf._chunks(text, ctx.start, ctx.end):
        tokens = text[cs:ce].split()
        tags = [uf._tag(token, doc_lang) for token in tokens]
        chunks.append(tags)
        heat.append(any(tag in "TEF" for tag in tags))
        starts.append(cs)
        firsts.append(count)
        count += len(tokens)
    parts = [
        ("".join(tags) if heat[i] or (i and heat[i - 1]) or (i + 1 < len(heat) and heat[i + 1]) else "o" * len(tags))
        for i, tags in enumerate(chunks)
    ]
    own = uf.Spans((o.start, o.end) for o in ctx.occurrences if o.diacritics_ok and not o.homoglyphs)
    tokens = [(m.start(), m.end(), m.group()) for m in uf._TOKEN_RE.finditer(text, ctx.start, ctx.end)]
    result = []
    for match in uf._RUN_RE[doc_lang].finditer("".join(parts)):
        if uf._promising(match.group()):
            result.extend(uf._runs(text, tokens[match.start() : match.end()], doc_lang, own))
    return result


def _reference_candidates(ctx: Context, pattern: str) -> list[tuple[int, int, str]]:
    """foreign-letter's candidate words by a character-class search, as before."""
    found, text, end = [], ctx.text, ctx.end
    hit = re.compile(f"[{pattern}]").search(text, ctx.start, end)
    while hit:
        s, e = langid.word_span(text, hit.start())
        s, e = max(s, ctx.start), min(e, end)
        if e > s:
            found.append((s, e, text[s:e]))
        hit = re.compile(f"[{pattern}]").search(text, max(e, hit.end()), end)
    return found


def _mixed_text(seed: int, size: int) -> str:
    """Words of all three word lists and of the Turkic alphabets, names, numbers, code, odd
    white space (no-break and thin spaces, blank lines), punctuation and Cyrillic look-alikes."""
    r = random.Random(seed)
    langid._Lists.load()
    words = sorted(langid._Lists.only) + sorted(langid._Lists.shared)
    extra = [
        "Dövlət",
        "Miqrasiya",
        "Xidmətinin",
        "gelişiyor",
        "yapmak",
        "Bakü'de",
        "Türkiye'nin",
        "AB'nin",
        "Aİ-nin",
        "NATO",
        "file.txt",
        "snake_case",
        "iPhone",
        "U.S.",
        "2024",
        "x5",
        "Qatar",
        "Maxwell",
        "Turkısh",
        "MİNİSTRY",
        "Şahin",
        "Azәrbaycan",
        "Αthens",
        "μm",
        "play-off",
        "(Member",
        "talk",
        "show",
        "“wild-card”",
        "İstanbul",
        "https://gov.az/x",
    ]
    spaces = [" "] * 30 + ["\n", "\n\n", "\xa0", "\u2009", "\t", " \n "]
    out = []
    while sum(map(len, out)) < size:
        word = r.choice(words if r.random() < 0.8 else extra)
        roll = r.random()
        if roll < 0.3:
            word = word.capitalize()
        elif roll < 0.35:
            word = word.upper()
        out.append(word + r.choice(["", "", "", ",", ".", "'nin", ")"]) + r.choice(spaces))
    return "".join(out)


def _fresh_ctx(text: str, lang: str, **kwargs) -> Context:
    _fragments._Memo.last = None
    return make_ctx(text, lang, **kwargs)


@pytest.mark.parametrize(("chunk", "piece"), [(300, 100), (4096, 1000), (_fragments.CHUNK, _fragments.PIECE)])
@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_fast_scans_find_what_the_plain_scans_find(monkeypatch, chunk: int, piece: int, lang: str) -> None:
    monkeypatch.setattr(_fragments, "CHUNK", chunk)
    monkeypatch.setattr(_fragments, "PIECE", piece)
    for seed in range(2):
        text = _mixed_text(seed, 15_000)
        for start, end in [(0, len(text)), (7, len(text) - 5), (1234, 9_001)]:
            ctx = _fresh_ctx(text, lang, start=start, end=end)
            assert _fragments.fragments(ctx) == _reference_fragments(ctx)
            for letters in (foreign_letter._EN_LETTERS, foreign_letter._TR_LETTERS):
                assert list(foreign_letter._candidates(ctx, letters)) == _reference_candidates(ctx, letters)


@pytest.mark.parametrize("chunk", [60, 200, _fragments.CHUNK])
def test_runs_stop_where_no_chunk_nearby_has_a_hot_word(monkeypatch, chunk: int) -> None:
    # lower-case Azerbaijani words ("T") at both ends of a long list of names ("t"): the tags
    # count only in chunks with a hot word and their neighbours, so a long list is cut
    monkeypatch.setattr(_fragments, "CHUNK", chunk)
    monkeypatch.setattr(_fragments, "PIECE", max(20, chunk // 3))
    for names in (3, 40, 4000):
        text = "The rəisi " + "Gəncə " * names + "rəisi said.\n\nGəncə rəisi and " + "Gəncə\n" * names
        for lang, start in (("en", 0), ("en", 5), ("az", 0)):
            ctx = _fresh_ctx(text, lang, start=start)
            assert _fragments.fragments(ctx) == _reference_fragments(ctx)


def test_fragments_are_worked_out_once_per_region() -> None:
    text = "Bakan konuştu. The meeting was held in Baku on Monday. Toplantı sona erdi."
    ctx = _fresh_ctx(text, "tr")
    first = _fragments.fragments(ctx)
    assert _fragments._Memo.last[3] == first
    first.clear()  # the caller's copy
    assert [f.start for f in _fragments.fragments(ctx)] == [15]
    other = make_ctx(text, "tr", start=20)  # another region: not the memo's
    assert _fragments.fragments(other) == _reference_fragments(other)


def test_mixed_script_lead_bytes_cover_every_foreign_letter() -> None:
    pattern = mixed_script._NON_LATIN
    for code in range(0x110000):
        ch = chr(code)
        if pattern.match(ch):
            assert mixed_script._may_have_non_latin("ab " + ch), hex(code)
    assert not mixed_script._may_have_non_latin("Azərbaycan Respublikası — “Türkiye'nin” İstanbul")
    assert not mixed_script._may_have_non_latin("plain ASCII")


def test_mixed_script_fast_path_finds_what_the_scan_finds() -> None:
    for seed in range(3):
        text = _mixed_text(seed, 20_000)
        ctx = make_ctx(text, "az")
        found = [(f.start, f.end, f.message) for f in mixed_script.check(ctx)]
        expected = []
        hit = mixed_script._NON_LATIN.search(text)
        while hit:
            s, e = langid.word_span(text, hit.start())
            if mixed_script._is_mixed(text[s:e]):
                expected.append((s, e))
            hit = mixed_script._NON_LATIN.search(text, max(e, hit.end()))
        assert [(s, e) for s, e, _ in found] == expected
        assert expected  # the text has look-alikes: the scan did run


# The same on real news (NTREX-128): each file as a document of its own language and of the
# other two, and the spliced-sentence documents above.


@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_fast_scans_on_real_news(shared_data: Path, lang: str) -> None:
    texts = ["\n".join(_ntrex(shared_data, other)) for other in ("en", "az", "tr")]
    for other in ("en", "az", "tr"):
        if other != lang:
            host, guest = _ntrex(shared_data, lang), _ntrex(shared_data, other)
            texts.append("".join(host[(i + 7) % len(host)] + " " + guest[i] + "\n" for i in range(0, len(guest), 10)))
    for text in texts:
        ctx = _fresh_ctx(text, lang)
        assert _fragments.fragments(ctx) == _reference_fragments(ctx)
        letters = foreign_letter._EN_LETTERS if lang == "en" else foreign_letter._TR_LETTERS
        assert list(foreign_letter._candidates(ctx, letters)) == _reference_candidates(ctx, letters)
