"""Deterministic synthetic termbases and press-release corpora for the benchmarks.

Nothing here reads the shipped termbase: the names are made from combinatorial parts
(body × domain × place: "State Agency for Water Resources", "Ganja Tourism Council",
"Su Ehtiyatları üzrə Dövlət Agentliyi", "Gence Turizm Konseyi"), each concept with en/az/tr
terms: a preferred form, and, depending on the concept, an abbreviation, a superseded name
(with the rename date), an admitted variant, a forbidden mistranslation and a deprecated
transliteration.

Termbases are NESTED: `termbase(n)` holds the first n concepts of one fixed sequence, so a
larger termbase contains every smaller one. Corpora mention only the first `CORE` (10)
concepts, which every termbase has, so all termbase sizes find the same mentions in the same
corpus and the time ratio between sizes measures the cost of the index, not of extra hits.
(Larger termbases do add AC candidates: abbreviations hitting ordinary words, names sharing
words with the text; that cost is real and is what the ratio is meant to show.)

Corpora are press releases (headline, dateline, paragraphs) built from sentence templates and
word lists per language. About every 2.5th sentence mentions a name; the mention is the
preferred form, an abbreviation, an admitted / superseded / forbidden / deprecated form, or a
wrong spelling (lower case, diacritics dropped, a typo), and in az/tr it carries the case the
sentence needs (genitive, dative, locative, ablative, accusative) with real endings and vowel
harmony; in en some are possessive. Some multi-word mentions are broken across lines. Every
mention is recorded (document, offsets, kind, concept, term), so tests can check that each one
is found.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dilmac.termbase.model import Concept, Source, Term, Termbase

LANGS = ("en", "az", "tr")
CORE = 10  # concepts every corpus mentions (and every termbase holds)
DOC_DAY = date(2024, 6, 1)  # the documents' date: renames before it make superseded forms
MAX_CONCEPTS = 6000

# --------------------------------------------------------------------------- name parts

# en, az, tr, then the forbidden renderings of the body in each language: a misspelling or a
# wrong word in en ("Ministery", "Authority"), a calque or a foreign word in az/tr ("Ministrliyi",
# "Acentesi"). Not the izafet-less form ("Xidmət"): "Xidmətin" would then be both that form's
# genitive and "Xidməti" with a 2nd-person possessive, which is ambiguous by nature.
BODIES = [
    ("Ministry", "Nazirliyi", "Bakanlığı", "Ministery", "Ministrliyi", "Nezareti"),
    ("Agency", "Agentliyi", "Ajansı", "Authority", "Agentstvosu", "Acentesi"),
    ("Committee", "Komitəsi", "Komitesi", "Commitee", "Komiteti", "Heyeti"),
    ("Service", "Xidməti", "Hizmeti", "Servis", "Servisi", "Servisi"),
    ("Inspectorate", "Müfəttişliyi", "Müfettişliği", "Inspection", "İnspeksiyası", "Teftişi"),
    ("Council", "Şurası", "Konseyi", "Soviet", "Soveti", "Sovyeti"),
    ("Fund", "Fondu", "Fonu", "Foundation", "Fundu", "Vakfı"),
    ("Institute", "İnstitutu", "Enstitüsü", "Institution", "İnstitusiyası", "Kurumu"),
    ("Center", "Mərkəzi", "Merkezi", "Centr", "Sentri", "Santrali"),
    ("Chamber", "Palatası", "Odası", "Palace", "Kamerası", "Kamarası"),
    ("Administration", "İdarəsi", "İdaresi", "Management", "Administrasiyası", "Yönetimi"),
    ("Board", "Şöbəsi", "Kurulu", "Collegium", "Bordu", "Masası"),
]
# Bodies only ever used for old (superseded) names, so they never equal a current name.
PREDECESSORS = [
    ("Department", "Departamenti", "Dairesi"),
    ("Commission", "Komissiyası", "Komisyonu"),
    ("Concern", "Konserni", "Konserni"),
    ("Directorate", "Direksiyası", "Müdürlüğü"),
]
DOMAINS = [
    ("Water Resources", "Su Ehtiyatları", "Su Kaynakları"),
    ("Migration", "Miqrasiya", "Göç"),
    ("Civil Aviation", "Mülki Aviasiya", "Sivil Havacılık"),
    ("Food Safety", "Qida Təhlükəsizliyi", "Gıda Güvenliği"),
    ("Tourism", "Turizm", "Turizm"),
    ("Youth and Sports", "Gənclər və İdman", "Gençlik ve Spor"),
    ("Energy", "Energetika", "Enerji"),
    ("Ecology", "Ekologiya", "Ekoloji"),
    ("Customs", "Gömrük", "Gümrük"),
    ("Statistics", "Statistika", "İstatistik"),
    ("Standardization", "Standartlaşdırma", "Standardizasyon"),
    ("Culture", "Mədəniyyət", "Kültür"),
    ("Education", "Təhsil", "Eğitim"),
    ("Health", "Səhiyyə", "Sağlık"),
    ("Labour", "Əmək", "Çalışma"),
    ("Transport", "Nəqliyyat", "Ulaştırma"),
    ("Digital Development", "Rəqəmsal İnkişaf", "Dijital Kalkınma"),
    ("Agriculture", "Kənd Təsərrüfatı", "Tarım"),
    ("Science", "Elm", "Bilim"),
    ("Defence Industry", "Müdafiə Sənayesi", "Savunma Sanayii"),
    ("Emergency Situations", "Fövqəladə Hallar", "Acil Durumlar"),
    ("Property Issues", "Əmlak Məsələləri", "Mülkiyet İşleri"),
    ("Competition Policy", "Rəqabət Siyasəti", "Rekabet Politikası"),
    ("Financial Monitoring", "Maliyyə Monitorinqi", "Mali İzleme"),
    ("Land Reclamation", "Meliorasiya", "Arazi Islahı"),
    ("Veterinary Control", "Baytarlıq Nəzarəti", "Veteriner Denetimi"),
    ("Cartography", "Xəritəçəkmə", "Haritacılık"),
    ("Archives", "Arxiv İşi", "Arşiv İşleri"),
    ("Religious Affairs", "Dini Qurumlarla İş", "Din İşleri"),
    ("Diaspora Affairs", "Diasporla İş", "Diaspora İşleri"),
    ("Geology", "Geologiya", "Jeoloji"),
    ("Forestry", "Meşə Təsərrüfatı", "Ormancılık"),
    ("Fisheries", "Balıqçılıq", "Su Ürünleri"),
    ("Urban Planning", "Şəhərsalma", "Şehir Planlaması"),
    ("Housing", "Mənzil Tikintisi", "Konut"),
    ("Social Protection", "Sosial Müdafiə", "Sosyal Koruma"),
    ("Employment", "Məşğulluq", "İstihdam"),
    ("Innovation", "İnnovasiya", "İnovasyon"),
    ("Cultural Heritage", "Mədəni İrs", "Kültürel Miras"),
    ("Road Transport", "Avtomobil Yolları", "Karayolları"),
    ("Tax Affairs", "Vergi İşləri", "Vergi İşleri"),
    ("Public Procurement", "Dövlət Satınalmaları", "Kamu İhale"),
    ("Consumer Protection", "İstehlakçı Hüquqları", "Tüketici Hakları"),
    ("Small Business", "Kiçik Biznes", "Küçük İşletmeler"),
    ("Seismology", "Seysmologiya", "Sismoloji"),
    ("Hydrometeorology", "Hidrometeorologiya", "Meteoroloji"),
]
# en, az, tr, en deprecated (Russian-based) transliteration
PLACES = [
    ("Nakhchivan", "Naxçıvan", "Nahçıvan", "Nakhichevan"),
    ("Ganja", "Gəncə", "Gence", "Gyandzha"),
    ("Shaki", "Şəki", "Şeki", "Sheki"),
    ("Lankaran", "Lənkəran", "Lenkeran", "Lenkoran"),
    ("Shamakhi", "Şamaxı", "Şamahı", "Shemakha"),
    ("Guba", "Quba", "Kuba", "Kuba"),
    ("Gabala", "Qəbələ", "Gebele", "Kabala"),
    ("Mingachevir", "Mingəçevir", "Mingeçevir", "Mingechaur"),
    ("Sumgait", "Sumqayıt", "Sumgayıt", "Sumgayit"),
    ("Zagatala", "Zaqatala", "Zakatala", "Zakataly"),
    ("Khachmaz", "Xaçmaz", "Haçmaz", "Khachmas"),
    ("Shirvan", "Şirvan", "Şirvan", None),
]
# Name formats (en, az, tr). National ones have no place; regional ones start or end with it.
NATIONAL = [
    ("State {B} for {D}", "{D} üzrə Dövlət {B}", "Devlet {D} {B}"),
    ("{D} {B}", "{D} {B}", "{D} {B}"),
    ("{B} of {D}", "{D} {B}", "{D} {B}"),
    ("State {D} {B}", "Dövlət {D} {B}", "Devlet {D} {B}"),
]
REGIONAL = [
    ("{P} {D} {B}", "{P} {D} {B}", "{P} {D} {B}"),
    ("{D} {B} of {P}", "{P} {D} {B}", "{P} {D} {B}"),
]
# en admitted variant: the other wording of the same kind
ADMITTED_FORMAT = {
    "State {B} for {D}": "State {D} {B}",
    "State {D} {B}": "State {B} for {D}",
    "{D} {B}": "{B} of {D}",
    "{B} of {D}": "{D} {B}",
    "{P} {D} {B}": "{D} {B} of {P}",
    "{D} {B} of {P}": "{P} {D} {B}",
}
_STOP = {"of", "for", "and", "the", "üzrə", "və", "ve"}

# --------------------------------------------------------------------------- Turkic letters

_AZ_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_TURKIC_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_NO_DIACRITICS = str.maketrans("əıöüşçğƏİÖÜŞÇĞ", "eiouscgEIOUSCG")
_VOWELS = "aıoueəiöü"


def upper(text: str, lang: str) -> str:
    return (text.translate(_AZ_UPPER) if lang != "en" else text).upper()


def lower(text: str, lang: str) -> str:
    return (text.translate(_TURKIC_LOWER) if lang != "en" else text).lower()


def strip_diacritics(text: str) -> str:
    return text.translate(_NO_DIACRITICS)


def _last_vowel(word: str, default: str = "e") -> str:
    for c in reversed(word.lower()):
        if c in _VOWELS:
            return c
    return default


def _two(v: str, lang: str) -> str:
    return "a" if v in "aıou" else ("ə" if lang == "az" else "e")


def _four(v: str) -> str:
    return {"a": "ı", "ı": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}.get(v, "i")


CASES = ("gen", "dat", "loc", "abl", "acc")


def case_suffix(stem: str, lang: str, case: str, *, possessive: bool, proper: bool = False) -> str:
    """The case ending of az/tr `stem` (a word or an abbreviation's pronunciation).

    possessive: the word ends in the 3rd-person possessive (izafet) suffix, so the case takes
    the pronominal n ("Agentliyi" → "Agentliyinin", "Bakanlığı" → "Bakanlığına").
    """
    v = _last_vowel(stem)
    two, four = _two(v, lang), _four(v)
    vowel_final = stem[-1:].lower() in _VOWELS
    voiceless = lang == "tr" and stem[-1:].lower() in "fstkçşhp"
    d = "t" if voiceless else "d"
    if possessive:
        return {"gen": f"n{four}n", "dat": f"n{two}", "loc": f"nd{two}", "abl": f"nd{two}n", "acc": f"n{four}"}[case]
    if vowel_final:
        return {
            "gen": f"n{four}n",
            "dat": f"y{two}",
            "loc": f"d{two}",
            "abl": f"d{two}n",
            "acc": ("n" if lang == "az" else "y") + four,
        }[case]
    return {"gen": f"{four}n", "dat": two, "loc": f"{d}{two}", "abl": f"{d}{two}n", "acc": four}[case]


def inflect_word(word: str, lang: str, case: str, *, possessive: bool, proper: bool = False) -> str:
    """`word` in `case`: k→y (az) / k→ğ (tr) before a vowel in common nouns, apostrophe after
    Turkish proper names."""
    suffix = case_suffix(word, lang, case, possessive=possessive, proper=proper)
    if lang == "tr" and proper:
        return f"{word}'{suffix}"
    if not possessive and suffix[0] in _VOWELS and word.endswith("k") and sum(c in _VOWELS for c in word.lower()) > 1:
        word = word[:-1] + ("y" if lang == "az" else "ğ")
    return word + suffix


# How the last letter of an abbreviation is read (default: consonant + e/ə).
_LETTER_NAME = {"az": {"k": "ka", "l": "el", "m": "em", "n": "en", "r": "er", "s": "es"}, "tr": {}}


def inflect_abbr(abbr: str, lang: str, case: str) -> str:
    """az "DMX-nin", "SEDA-nın", "DMS-in"; tr "TİKA'nın", "TDK'nin": read as a word when it ends
    in a vowel, else by the last letter's name (be, ce, ka, el, …)."""
    last = lower(abbr[-1], lang)
    sep = "-" if lang == "az" else "'"
    if last in _VOWELS:
        spoken = lower(abbr, lang)
    else:
        spoken = _LETTER_NAME[lang].get(last, last + ("ə" if lang == "az" else "e"))
    return abbr + sep + case_suffix(spoken, lang, case, possessive=False)


# --------------------------------------------------------------------------- concepts


@dataclass(frozen=True)
class Spec:
    """One concept's renderings: lang → role → text (roles: preferred, abbr, superseded,
    admitted, forbidden, deprecated), plus the rename date of superseded names."""

    id: str
    roles: dict
    renamed: date | None


def _fill(fmt: str, body: str, domain: str, place: str | None) -> str:
    return fmt.replace("{B}", body).replace("{D}", domain).replace("{P}", place or "")


def _abbr(text: str, lang: str) -> str | None:
    letters = "".join(upper(w[0], lang) for w in text.split() if w.lower() not in _STOP and w[0].isalpha())
    return letters if len(letters) >= 3 else None


@lru_cache(maxsize=1)
def _all_specs() -> tuple[Spec, ...]:
    rng = random.Random(20240601)
    national = [(b, d, None) for b in range(len(BODIES)) for d in range(len(DOMAINS))]
    regional = [(b, d, p) for b in range(len(BODIES)) for d in range(len(DOMAINS)) for p in range(len(PLACES))]
    rng.shuffle(national)
    rng.shuffle(regional)
    keys = []  # about a third national bodies while they last, the rest regional ones
    while national or regional:
        keys.append((national if national and (not regional or rng.random() < 0.35) else regional).pop())
    specs = []
    for n, (b, d, p) in enumerate(keys[:MAX_CONCEPTS]):
        r = random.Random(f"concept-{n}")
        body, domain, place = BODIES[b], DOMAINS[d], PLACES[p] if p is not None else None
        fmt = r.choice(REGIONAL if place else NATIONAL)
        renamed = date(r.randint(2006, 2023), r.randint(1, 12), r.randint(1, 28)) if r.random() < 0.35 else None
        pred = r.choice(PREDECESSORS)
        with_abbr = r.random() < 0.35
        roles: dict[str, dict[str, str]] = {}
        for li, lang in enumerate(LANGS):
            name_place = place[li] if place else None
            pref = _fill(fmt[li], body[li], domain[li], name_place)
            lr: dict[str, str] = {"preferred": pref}
            if with_abbr and _abbr(pref, lang):
                lr["abbr"] = _abbr(pref, lang)
            if renamed:
                lr["superseded"] = _fill(fmt[li], pred[li], domain[li], name_place)
            lr["forbidden"] = _fill(fmt[li], body[3 + li], domain[li], name_place)
            if lang == "en":
                if r.random() < 0.5:
                    lr["admitted"] = _fill(ADMITTED_FORMAT[fmt[0]], body[0], domain[0], name_place)
                if place and place[3]:
                    lr["deprecated"] = _fill(fmt[0], body[0], domain[0], place[3])
            roles[lang] = lr
        slug = f"{body[0]}-{domain[0]}" + (f"-{place[0]}" if place else "")
        cid = "inst.gen." + "-".join(slug.lower().replace(" and ", " ").split())
        specs.append(Spec(cid, roles, renamed))
    return tuple(specs)


def specs(n: int) -> list[Spec]:
    if n > MAX_CONCEPTS:
        raise ValueError(f"at most {MAX_CONCEPTS} generated concepts")
    return list(_all_specs()[:n])


def _terms(spec: Spec, lang: str) -> list[Term]:
    roles = spec.roles[lang]
    out = []
    cid = spec.id

    def add(text: str, status: str, **kw) -> None:
        out.append(Term(concept_id=cid, lang=lang, text=text, status=status, index=len(out), **kw))

    add(roles["preferred"], "preferred", valid_from=spec.renamed)
    if "abbr" in roles:
        add(roles["abbr"], "preferred", valid_from=spec.renamed, type="abbreviation", exact_case=True)
    if "admitted" in roles:
        add(roles["admitted"], "admitted", valid_from=spec.renamed)
    if "superseded" in roles:
        add(roles["superseded"], "superseded", valid_until=spec.renamed)
    if "deprecated" in roles:
        add(roles["deprecated"], "deprecated")
    add(roles["forbidden"], "forbidden")
    return out


def concept(spec: Spec) -> Concept:
    return Concept(
        id=spec.id,
        domain="institutions-other-states",
        terms={lang: _terms(spec, lang) for lang in LANGS},
        sources=[Source(id="synthetic", title="synthetic benchmark data")],
        definition="A generated body for the benchmarks.",
    )


def termbase(n: int) -> Termbase:
    """The first n generated concepts, as an in-memory Termbase (nested: termbase(10) ⊂ termbase(100))."""
    return Termbase([concept(s) for s in specs(n)], [])


def termbase_yaml(n: int) -> str:
    """The first n concepts as a termbase YAML file (for the CLI start-up benchmark)."""
    import yaml

    items = []
    for spec in specs(n):
        terms = {}
        for lang in LANGS:
            entries = []
            for t in _terms(spec, lang):
                e: dict = {"text": t.text, "status": t.status}
                if t.valid_from:
                    e["from"] = t.valid_from.isoformat()
                if t.valid_until:
                    e["until"] = t.valid_until.isoformat()
                if t.abbr:
                    e["abbr"] = True
                    e["case"] = "exact"
                entries.append(e)
            terms[lang] = entries
        items.append({"id": spec.id, "domain": "institutions", "sources": ["synthetic benchmark data"], "terms": terms})
    return yaml.safe_dump({"concepts": items}, allow_unicode=True, sort_keys=False, width=200)


# --------------------------------------------------------------------------- vocabulary

EN = {
    "NOUN": "programme project strategy initiative plan agreement memorandum report review framework "
    "roadmap regulation budget reform campaign survey platform database network system procedure "
    "standard guideline mechanism partnership exhibition conference forum workshop seminar training "
    "consultation assessment audit inspection study decree document application certificate licence "
    "permit facility station office portal registry index".split(),
    "ADJ": "national regional new annual joint comprehensive digital strategic international bilateral "
    "sustainable public technical legal financial environmental social economic innovative modern "
    "local preliminary final updated integrated electronic mobile special additional".split(),
    "TOPIC": [
        "water management",
        "road safety",
        "climate adaptation",
        "public health",
        "vocational training",
        "renewable energy",
        "food security",
        "cultural heritage",
        "digital services",
        "youth employment",
        "land registration",
        "waste management",
        "tourism development",
        "small business support",
        "cross-border trade",
        "flood prevention",
        "air quality",
        "school construction",
        "rural development",
        "e-government",
        "pension reform",
        "access to healthcare",
        "the labour market",
        "water supply",
        "irrigation",
        "forest restoration",
        "seismic monitoring",
        "customs procedures",
        "migration statistics",
        "biodiversity protection",
    ],
    "VERB": "strengthen expand review implement support monitor coordinate develop improve modernise evaluate "
    "promote".split(),
    "VERB_PP": "completed approved launched reviewed signed published implemented extended presented discussed "
    "adopted finalised".split(),
    "EVENT": [
        "meeting",
        "conference",
        "round table",
        "briefing",
        "working session",
        "press conference",
        "forum",
        "seminar",
        "ceremony",
        "workshop",
    ],
    "PARTNER": [
        "the European Union",
        "the World Bank",
        "UNDP",
        "the Asian Development Bank",
        "UNICEF",
        "the OSCE",
        "USAID",
        "the Islamic Development Bank",
        "the Council of Europe",
        "the International Labour Organization",
        "GIZ",
        "JICA",
        "the Food and Agriculture Organization",
        "UNESCO",
        "the World Health Organization",
    ],
    "CITY": "Baku Ganja Sumgait Mingachevir Shaki Lankaran Shirvan Guba Gabala Shamakhi Zagatala Khachmaz Barda "
    "Aghdam Fuzuli Shusha Lachin".split(),
    "COUNTRY": "Azerbaijan Georgia Kazakhstan Uzbekistan Hungary Italy Germany France Japan Korea Poland Romania".split(),
    "MONTH": "January February March April May June July August September October November December".split(),
}
EN_ORG = [
    "On {DATE}, the {ORG} held a {EVENT} with representatives of {PARTNER} in {CITY}.",
    "{PERSON}, head of the {ORG}, said the {ADJ} {NOUN} would be {VERB_PP} by the end of the year.",
    "According to the {ORG:poss} latest report, {PCT} percent of the {NOUN}s were {VERB_PP} in the first quarter.",
    "The {ORG} will continue to {VERB} the {ADJ} {NOUN} on {TOPIC} together with {PARTNER}.",
    "A {ADJ} {NOUN} on {TOPIC} was signed between the {ORG} and {PARTNER}.",
    "Representatives of the {ORG} visited the village of {PLACE} in the {CITY} district to {VERB} the {NOUN}.",
    "The {ORG:poss} {NOUN} on {TOPIC} received {NUM} applications.",
    "Staff of the {ORG} took part in a {EVENT} on {TOPIC} in {CITY}.",
    "The {EVENT}, organised by the {ORG}, brought together {NUM} participants from {NUM2} countries.",
    "{PERSON} noted that the {ORG} had {VERB_PP} {NUM} {NOUN}s since {YEAR}.",
    "Citizens may submit questions to the {ORG} through its {ADJ} portal.",
    "The {ORG} reminds the public that the deadline for the {NOUN} is {DATE}.",
    "{PERSON} briefed journalists on the {ORG:poss} work on {TOPIC}.",
    "The {ORG} has {VERB_PP} a {ADJ} {NOUN} for {TOPIC}.",
]
EN_PLAIN = [
    "The {ADJ} {NOUN} on {TOPIC} is expected to benefit {NUM} households in {CITY}.",
    "{PERSON} stressed the importance of {TOPIC} for the {ADJ} development of the regions.",
    "In {YEAR}, {NUM} {NOUN}s were {VERB_PP} as part of the {ADJ} {NOUN}.",
    "Participants of the {EVENT} discussed {TOPIC}, {TOPIC} and {TOPIC}.",
    "The {NOUN} was {VERB_PP} at a {EVENT} in {CITY} on {DATE}.",
    "{PERSON} and {PERSON} presented the results of the {ADJ} {NOUN}.",
    "Work on {TOPIC} in {PLACE} and {PLACE} will be {VERB_PP} by {MONTH} {YEAR}.",
    "The {ADJ} {NOUN} covers {NUM} settlements and {NUM2} facilities.",
    "More information is available on the official website.",
    "It was noted that {PCT} percent of the planned work had already been {VERB_PP}.",
    "{PARTNER} expressed its readiness to {VERB} {TOPIC} in {COUNTRY}.",
    "The {EVENT} ended with the adoption of a {ADJ} {NOUN}.",
    "A delegation from {COUNTRY} arrived in {CITY} to {VERB} cooperation on {TOPIC}.",
    "{PERSON} answered questions from the media.",
]
AZ = {
    "NOUN": [
        "layihə",
        "proqram",
        "strategiya",
        "təşəbbüs",
        "plan",
        "saziş",
        "memorandum",
        "hesabat",
        "yol xəritəsi",
        "qayda",
        "büdcə",
        "islahat",
        "kampaniya",
        "sorğu",
        "platforma",
        "məlumat bazası",
        "şəbəkə",
        "sistem",
        "prosedur",
        "standart",
        "mexanizm",
        "sərgi",
        "konfrans",
        "forum",
        "seminar",
        "təlim",
        "audit",
        "yoxlama",
        "tədqiqat",
        "sənəd",
        "sertifikat",
        "lisenziya",
        "icazə",
        "obyekt",
        "stansiya",
        "portal",
        "reyestr",
    ],
    "ADJ": "milli regional yeni illik birgə hərtərəfli rəqəmsal strateji beynəlxalq ikitərəfli davamlı ictimai "
    "texniki hüquqi ekoloji sosial iqtisadi innovativ müasir yerli ilkin yekun yenilənmiş elektron mobil "
    "xüsusi əlavə".split(),
    "TOPIC": [
        "su təsərrüfatı",
        "yol təhlükəsizliyi",
        "iqlim dəyişmələrinə uyğunlaşma",
        "ictimai sağlamlıq",
        "peşə təhsili",
        "bərpa olunan enerji",
        "ərzaq təhlükəsizliyi",
        "mədəni irs",
        "rəqəmsal xidmətlər",
        "gənclərin məşğulluğu",
        "torpaq qeydiyyatı",
        "tullantıların idarə edilməsi",
        "turizmin inkişafı",
        "sahibkarlığın dəstəklənməsi",
        "transsərhəd ticarət",
        "daşqınların qarşısının alınması",
        "havanın keyfiyyəti",
        "məktəb tikintisi",
        "regionların inkişafı",
        "elektron hökumət",
        "pensiya islahatı",
        "səhiyyə xidmətləri",
        "əmək bazarı",
        "su təchizatı",
        "suvarma",
        "meşələrin bərpası",
        "seysmik monitorinq",
        "gömrük prosedurları",
    ],
    "EVENT": [
        "görüş",
        "konfrans",
        "dəyirmi masa",
        "brifinq",
        "işçi iclas",
        "mətbuat konfransı",
        "forum",
        "seminar",
        "mərasim",
        "təlim",
    ],
    "PARTNER": [
        "Avropa İttifaqı",
        "Dünya Bankı",
        "BMT-nin İnkişaf Proqramı",
        "Asiya İnkişaf Bankı",
        "UNICEF",
        "ATƏT",
        "İslam İnkişaf Bankı",
        "Avropa Şurası",
        "Beynəlxalq Əmək Təşkilatı",
        "YUNESKO",
        "Ümumdünya Səhiyyə Təşkilatı",
    ],
    "CITY": "Bakı Gəncə Sumqayıt Mingəçevir Şəki Lənkəran Şirvan Quba Qəbələ Şamaxı Zaqatala Xaçmaz Bərdə Ağdam "
    "Füzuli Şuşa Laçın".split(),
    "COUNTRY": "Gürcüstan Qazaxıstan Özbəkistan Macarıstan İtaliya Almaniya Fransa Yaponiya Koreya Polşa Rumıniya".split(),
    "MONTH": "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr".split(),
}
AZ_ORG = [
    "{DATE} {ORG} {PARTNER} nümayəndələri ilə {EVENT} keçirib.",
    "{ORG:gen} rəhbəri {PERSON} bildirib ki, {ADJ} {NOUN} ilin sonunadək başa çatdırılacaq.",
    "{ORG:gen} son hesabatına əsasən, göstəricilər {PCT} faiz artıb.",
    "{ORG} {PARTNER} ilə birgə {TOPIC} sahəsində {ADJ} {NOUN} həyata keçirir.",
    "{ORG} ilə {PARTNER} arasında {TOPIC} üzrə {NOUN} imzalanıb.",
    "{ORG:gen} əməkdaşları {CITY} rayonunun {PLACE} kəndində olublar.",
    "Cari ildə {ORG:dat} {NUM} müraciət daxil olub.",
    "{ORG:loc} {TOPIC} mövzusunda {EVENT} keçirilib.",
    "{ORG:abl} verilən məlumata görə, {NUM} obyekt artıq istifadəyə verilib.",
    "{ORG:acc} təmsil edən nümayəndə heyəti {CITY} şəhərinə səfər edib.",
    "Tədbir {ORG} tərəfindən təşkil olunub və tədbirdə {NUM} nəfər iştirak edib.",
    "{PERSON} qeyd edib ki, {ORG} son illərdə {NUM} layihə həyata keçirib.",
    "Vətəndaşlar suallarını {ORG:gen} rəsmi portalı vasitəsilə göndərə bilərlər.",
    "{ORG} xatırladır ki, sənədlərin qəbulu üçün son tarix {DATE} tarixidir.",
]
AZ_PLAIN = [
    "Yeni {NOUN} {CITY} şəhərində {NUM} ailənin həyat şəraitini yaxşılaşdıracaq.",
    "{PERSON} {TOPIC} məsələsinin regionların inkişafı üçün əhəmiyyətini vurğulayıb.",
    "Tədbirin iştirakçıları {TOPIC}, {TOPIC} və {TOPIC} məsələlərini müzakirə ediblər.",
    "Sənəd {DATE} {CITY} şəhərində keçirilən tədbirdə təqdim olunub.",
    "{PERSON} və {PERSON} {ADJ} {NOUN} üzrə nəticələri təqdim ediblər.",
    "{PLACE} və {PLACE} kəndlərində {TOPIC} üzrə işlər davam etdirilir.",
    "Ətraflı məlumat rəsmi internet saytında yerləşdirilib.",
    "Qeyd olunub ki, planlaşdırılan işlərin {PCT} faizi artıq yerinə yetirilib.",
    "{PARTNER} {TOPIC} sahəsində əməkdaşlığa hazır olduğunu bildirib.",
    "Görüşdə {ADJ} {NOUN} qəbul edilib.",
    "{COUNTRY} nümayəndə heyəti {TOPIC} üzrə əməkdaşlığı müzakirə etmək üçün {CITY} şəhərinə gəlib.",
    "{PERSON} jurnalistlərin suallarını cavablandırıb.",
]
TR = {
    "NOUN": [
        "proje",
        "program",
        "strateji",
        "girişim",
        "plan",
        "anlaşma",
        "mutabakat zaptı",
        "rapor",
        "yol haritası",
        "yönetmelik",
        "bütçe",
        "reform",
        "kampanya",
        "anket",
        "platform",
        "veri tabanı",
        "ağ",
        "sistem",
        "prosedür",
        "standart",
        "mekanizma",
        "sergi",
        "konferans",
        "forum",
        "seminer",
        "eğitim",
        "denetim",
        "inceleme",
        "araştırma",
        "belge",
        "sertifika",
        "lisans",
        "izin",
        "tesis",
        "istasyon",
        "portal",
        "sicil",
    ],
    "ADJ": "ulusal bölgesel yeni yıllık ortak kapsamlı dijital stratejik uluslararası ikili sürdürülebilir kamusal "
    "teknik hukuki çevresel sosyal ekonomik yenilikçi modern yerel ön nihai güncellenmiş elektronik mobil "
    "özel ek".split(),
    "TOPIC": [
        "su yönetimi",
        "yol güvenliği",
        "iklim değişikliğine uyum",
        "halk sağlığı",
        "mesleki eğitim",
        "yenilenebilir enerji",
        "gıda güvenliği",
        "kültürel miras",
        "dijital hizmetler",
        "genç istihdamı",
        "tapu kaydı",
        "atık yönetimi",
        "turizmin geliştirilmesi",
        "girişimciliğin desteklenmesi",
        "sınır ötesi ticaret",
        "sel önleme",
        "hava kalitesi",
        "okul inşaatı",
        "kırsal kalkınma",
        "e-devlet",
        "emeklilik reformu",
        "sağlık hizmetleri",
        "işgücü piyasası",
        "su temini",
        "sulama",
        "ağaçlandırma",
        "sismik izleme",
        "gümrük işlemleri",
    ],
    "EVENT": [
        "toplantı",
        "konferans",
        "yuvarlak masa",
        "bilgilendirme",
        "çalışma toplantısı",
        "basın toplantısı",
        "forum",
        "seminer",
        "tören",
        "çalıştay",
    ],
    "PARTNER": [
        "Avrupa Birliği",
        "Dünya Bankası",
        "BM Kalkınma Programı",
        "Asya Kalkınma Bankası",
        "UNICEF",
        "AGİT",
        "İslam Kalkınma Bankası",
        "Avrupa Konseyi",
        "Uluslararası Çalışma Örgütü",
        "UNESCO",
        "Dünya Sağlık Örgütü",
    ],
    "CITY": "Ankara İstanbul İzmir Bursa Antalya Konya Kayseri Trabzon Erzurum Kars Iğdır Gaziantep Eskişehir "
    "Samsun Bakü Gence Nahçıvan Şuşa".split(),
    "COUNTRY": "Gürcistan Kazakistan Özbekistan Macaristan İtalya Almanya Fransa Japonya Kore Polonya Romanya".split(),
    "MONTH": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split(),
}
TR_ORG = [
    "{DATE} tarihinde {ORG}, {PARTNER} temsilcileriyle bir {EVENT} düzenledi.",
    "{ORG:gen} başkanı {PERSON}, {ADJ} {NOUN} çalışmalarının yıl sonuna kadar tamamlanacağını söyledi.",
    "{ORG:gen} son raporuna göre, göstergeler yüzde {PCT} arttı.",
    "{ORG}, {PARTNER} ile birlikte {TOPIC} alanında {ADJ} bir {NOUN} yürütüyor.",
    "{ORG} ile {PARTNER} arasında {TOPIC} konusunda bir {NOUN} imzalandı.",
    "{ORG:gen} uzmanları {CITY:loc} incelemelerde bulundu.",
    "Bu yıl {ORG:dat} {NUM} başvuru yapıldı.",
    "{ORG:loc} {TOPIC} konulu bir {EVENT} gerçekleştirildi.",
    "{ORG:abl} yapılan açıklamaya göre, {NUM} tesis hizmete girdi.",
    "{ORG:acc} temsil eden heyet {CITY:dat} bir ziyaret gerçekleştirdi.",
    "Etkinlik {ORG} tarafından düzenlendi ve etkinliğe {NUM} kişi katıldı.",
    "{PERSON}, {ORG:gen} son yıllarda {NUM} proje hayata geçirdiğini belirtti.",
    "Vatandaşlar sorularını {ORG:gen} resmi portalı üzerinden iletebilir.",
    "{ORG}, başvurular için son tarihin {DATE} olduğunu hatırlattı.",
]
TR_PLAIN = [
    "Yeni {NOUN}, {CITY:loc} {NUM} hanenin yaşam koşullarını iyileştirecek.",
    "{PERSON}, {TOPIC} konusunun bölgelerin kalkınması için önemini vurguladı.",
    "Etkinliğin katılımcıları {TOPIC}, {TOPIC} ve {TOPIC} konularını ele aldı.",
    "Belge, {DATE} tarihinde {CITY:loc} düzenlenen etkinlikte sunuldu.",
    "{PERSON} ve {PERSON}, {ADJ} {NOUN} sonuçlarını sundu.",
    "{PLACE} ve {PLACE} köylerinde {TOPIC} çalışmaları sürüyor.",
    "Ayrıntılı bilgi resmi internet sitesinde yer alıyor.",
    "Planlanan çalışmaların yüzde {PCT} kadarının tamamlandığı belirtildi.",
    "{PARTNER}, {TOPIC} alanında iş birliğine hazır olduğunu açıkladı.",
    "Toplantıda {ADJ} bir {NOUN} kabul edildi.",
    "{COUNTRY} heyeti {TOPIC} alanındaki iş birliğini görüşmek üzere {CITY:dat} geldi.",
    "{PERSON} gazetecilerin sorularını yanıtladı.",
]
VOCAB = {"en": (EN, EN_ORG, EN_PLAIN), "az": (AZ, AZ_ORG, AZ_PLAIN), "tr": (TR, TR_ORG, TR_PLAIN)}

_AZ_FIRST = (
    "Vüsal Elçin Rəşad Orxan Tural Kamran Anar Elnur Fuad Ramil Samir Nicat Aynur Leyla Nigar Günel "
    "Səbinə Könül Aygün Lalə Nərmin Sevinc Ülviyyə Fidan Zaur Emin İlham Mübariz Şahin Azər"
).split()
_AZ_ROOTS = (
    "Əhməd Hüseyn Məmməd Həsən Qasım Rəhim Cəfər Bağır İsmayıl Kərim Nəsir Sadıq Vəli Abbas Əsgər "
    "Zeynal Rüstəm Səlim Yusif Musa Novruz Şirin Tağı Mirzə Əliyev Qurban Heydər Rzayev Nəbi Şükür "
    "Həmid Fərhad Sultan Paşa Aslan Bəşir Xəlil İbrahim Cavad Qafar"
).split()
_TR_FIRST = (
    "Mehmet Ahmet Mustafa Emre Murat Burak Hakan Serkan Onur Kemal Ayşe Fatma Zeynep Elif Merve Esra "
    "Gül Derya Selin İpek Cem Deniz Oğuz Tolga Ebru"
).split()
_TR_LAST = (
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan "
    "Çetin Kara Koç Kurt Özkan Şimşek Polat Erdem Güneş Akın Bulut"
).split()
_EN_TRANSLIT = str.maketrans(
    {
        "ə": "a",
        "Ə": "A",
        "ı": "i",
        "İ": "I",
        "ö": "o",
        "Ö": "O",
        "ü": "u",
        "Ü": "U",
        "ş": "sh",
        "Ş": "Sh",
        "ç": "ch",
        "Ç": "Ch",
        "ğ": "gh",
        "x": "kh",
        "X": "Kh",
        "q": "g",
        "Q": "G",
        "c": "j",
        "C": "J",
    }
)
_SYLLABLES = {
    "az": "qa ra bə lı şə ki mu xa zə ta ğa va nə çi sa ma lə ba ka ru dü ya şa gə lü qo tü xo ci dö".split(),
    "tr": "ka ra de re ta şı ye ni ba ğı çe me su ko na li ar ak pı sel tu ça gö bü ler lar ova te".split(),
}
_PLACE_END = {
    "az": ["li", "lı", "kənd", "lar", "bad", "çay", "dərə", "yurd"],
    "tr": ["köy", "ova", "tepe", "dere", "pınar", "yurt", "lar", "li"],
}


def _person(r: random.Random, lang: str) -> str:
    if lang == "tr":
        last = r.choice(_TR_LAST) if r.random() < 0.7 else r.choice(_TR_LAST) + r.choice(["oğlu", "er", "han"])
        return f"{r.choice(_TR_FIRST)} {last}"
    root = r.choice(_AZ_ROOTS)
    if root.endswith("yev"):
        last = root + r.choice(["", "a"])
    else:
        last = root + r.choice(["ov", "ova", "li", "zadə", "bəyli"])
    name = f"{r.choice(_AZ_FIRST)} {last}"
    return name.translate(_EN_TRANSLIT) if lang == "en" else name


def _place(r: random.Random, lang: str) -> str:
    sy = _SYLLABLES["tr" if lang == "tr" else "az"]
    word = "".join(r.choice(sy) for _ in range(r.randint(1, 2))) + r.choice(_PLACE_END["tr" if lang == "tr" else "az"])
    if lang == "en":
        word = word.translate(_EN_TRANSLIT)
    return word[0].upper() + word[1:] if lang == "en" else upper(word[0], lang) + word[1:]


_AZ_YEAR = {
    2015: "ci",
    2016: "cı",
    2017: "ci",
    2018: "ci",
    2019: "cu",
    2020: "ci",
    2021: "ci",
    2022: "ci",
    2023: "cü",
    2024: "cü",
}


def _date(r: random.Random, lang: str) -> str:
    year = r.randint(2022, 2024)
    vocab = VOCAB[lang][0]
    month = r.choice(vocab["MONTH"])
    day = r.randint(1, 28)
    if lang == "az":
        return f"{day} {month} {year}-{_AZ_YEAR[year]} il"
    return f"{day} {month} {year}"


def _number(r: random.Random) -> str:
    return str(int(r.paretovariate(1.2) * 8))


def _pct(r: random.Random, lang: str) -> str:
    whole, frac = r.randint(1, 95), r.randint(0, 9)
    return f"{whole}.{frac}" if lang == "en" else f"{whole},{frac}"


# --------------------------------------------------------------------------- mentions

# kind → weight. Every kind but "typo" must be found by the matcher (inflected or not).
KINDS = {
    "preferred": 0.52,
    "abbr": 0.12,
    "admitted": 0.07,
    "superseded": 0.08,
    "forbidden": 0.05,
    "deprecated": 0.03,
    "casing": 0.04,
    "nodiacritics": 0.05,
    "typo": 0.04,
}
LINE_BREAK = 0.06  # share of multi-word mentions broken across two lines
TR_APOSTROPHE = 0.3  # Turkish institution names written with an apostrophe before the case ending


@dataclass(frozen=True)
class Mention:
    doc: int
    start: int
    end: int  # suffix included
    kind: str
    concept_id: str
    role: str  # which term of the concept: preferred, abbr, superseded, …
    case: str | None  # gen/dat/loc/abl/acc (az, tr), poss (en), None (nominative)
    broken: bool  # a line break inside the name


@dataclass
class Corpus:
    lang: str
    docs: list[str]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(len(d.encode("utf-8")) for d in self.docs)

    @property
    def kinds(self) -> Counter:
        return Counter(m.kind for m in self.mentions)


def _mention(r: random.Random, spec: Spec, lang: str, case: str | None) -> tuple[str, str, str]:
    """(surface, kind, role) for one mention of `spec` in the grammatical `case`."""
    roles = spec.roles[lang]
    kind = r.choices(list(KINDS), weights=list(KINDS.values()))[0]
    role = {
        "abbr": "abbr",
        "admitted": "admitted",
        "superseded": "superseded",
        "forbidden": "forbidden",
        "deprecated": "deprecated",
    }.get(kind, "preferred")
    if role not in roles or (kind == "nodiacritics" and lang == "en"):
        kind, role = ("casing" if kind == "nodiacritics" else "preferred"), "preferred"
    text = roles[role]
    if case == "poss":
        text += "'s"  # also after -s ("Affairs's"): dilmac.language.morph models 's, not the bare apostrophe
    elif case:
        if role == "abbr":
            text = inflect_abbr(text, lang, case)
        else:
            head, _, last = text.rpartition(" ")
            word = inflect_word(last, lang, case, possessive=True)
            if lang == "tr" and r.random() < TR_APOSTROPHE:
                word = last + "'" + word[len(last) :]
            text = f"{head} {word}" if head else word
    if kind == "casing":
        text = lower(text, lang)
    elif kind == "nodiacritics":
        stripped = strip_diacritics(text)
        if stripped == text:
            kind, text = "casing", lower(text, lang)
        else:
            text = stripped
    elif kind == "typo":
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if not candidates:
            kind = "preferred" if role == "preferred" else kind
        else:
            i = r.choice(candidates)
            w = words[i]
            j = r.randint(2, len(w) - 3)
            words[i] = w[:j] + w[j + 1 :] if r.random() < 0.5 else w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = " ".join(words)
    return text, kind, role


def _sentence(
    r: random.Random,
    lang: str,
    template: str,
    out: list[str],
    length: int,
    doc_index: int,
    doc_specs: list[Spec],
    mentions: list[Mention],
) -> int:
    vocab = VOCAB[lang][0]
    pos = 0
    while True:
        i = template.find("{", pos)
        if i < 0:
            piece = template[pos:]
            out.append(piece)
            return length + len(piece)
        if i > pos:
            out.append(template[pos:i])
            length += i - pos
        j = template.index("}", i)
        slot, _, case = template[i + 1 : j].partition(":")
        pos = j + 1
        if slot == "ORG":
            spec = r.choice(doc_specs)
            text, kind, role = _mention(r, spec, lang, case or None)
            broken = False
            if " " in text and r.random() < LINE_BREAK:
                spaces = [k for k, c in enumerate(text) if c == " "]
                k = r.choice(spaces)
                text = text[:k] + "\n" + text[k + 1 :]
                broken = True
            mentions.append(Mention(doc_index, length, length + len(text), kind, spec.id, role, case or None, broken))
        elif slot == "PERSON":
            text = _person(r, lang)
        elif slot == "PLACE":
            text = _place(r, lang)
        elif slot == "DATE":
            text = _date(r, lang)
        elif slot in ("NUM", "NUM2"):
            text = _number(r)
        elif slot == "PCT":
            text = _pct(r, lang)
        elif slot == "YEAR":
            text = str(r.randint(2008, 2023))
        elif slot == "CITY" and case:
            text = inflect_word(r.choice(vocab["CITY"]), lang, case, possessive=False, proper=True)
        else:
            text = r.choice(vocab[slot])
        if i == 0 and text[:1].islower() and slot != "ORG":
            text = upper(text[0], lang) + text[1:]
        out.append(text)
        length += len(text)


_DATELINE = {"en": "BAKU", "az": "BAKI", "tr": "ANKARA"}


def corpus(lang: str, target_bytes: int, *, seed: int = 1, mention_pool: int = CORE) -> Corpus:
    """Press releases in `lang`, about `target_bytes` of UTF-8 in all; deterministic for a seed."""
    r = random.Random(f"corpus-{lang}-{seed}")
    pool = specs(mention_pool)
    weights = [1 / (i + 1) for i in range(len(pool))]  # a few bodies are in the news more often
    _, org_templates, plain_templates = VOCAB[lang]
    result = Corpus(lang, [])
    total = 0
    while total < target_bytes:
        doc_index = len(result.docs)
        doc_specs = list({id(s): s for s in r.choices(pool, weights=weights, k=r.randint(1, 3))}.values())
        out: list[str] = []
        length = 0
        n_paragraphs = r.randint(4, 10)
        for p in range(n_paragraphs + 2):
            if p == 1:  # dateline paragraph start
                piece = f"{_DATELINE[lang]}, {_date(r, lang)} – "
                out.append(piece)
                length += len(piece)
            n_sentences = 1 if p == 0 else r.randint(2, 4)
            for s in range(n_sentences):
                templates = org_templates if (p == 0 or r.random() < 0.4) else plain_templates
                template = r.choice(templates)
                if p == 0:
                    template = template.rstrip(".")
                length = _sentence(r, lang, template, out, length, doc_index, doc_specs, result.mentions)
                if s + 1 < n_sentences:
                    out.append(" ")
                    length += 1
            out.append("\n\n" if p <= n_paragraphs else "\n")
            length += len(out[-1])
        text = "".join(out)
        assert len(text) == length
        result.docs.append(text)
        total += len(text.encode("utf-8"))
    return result
