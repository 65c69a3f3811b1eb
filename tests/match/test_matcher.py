"""The matcher on a small termbase: inflection, separators, spacing, diacritics, positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dilmac.match import matcher
from dilmac.match.compiled import load
from dilmac.match.matcher import TermIndex, select

MINI = Path(__file__).parents[1] / "data" / "termbase-mini.yaml"


@pytest.fixture(scope="module")
def index() -> TermIndex:
    return load([MINI], use_cache=False).index


def found(index: TermIndex, text: str, lang: str) -> list[tuple[str, str, bool]]:
    return [
        (text[o.start : o.end], o.term.text, o.exact)
        for o in select([o for o in index.scan(text, lang) if o.lang == lang])
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Dövlət Miqrasiya Xidmətinin rəisi", "az", "Dövlət Miqrasiya Xidmətinin rəisi"),
        ("Dövlət Miqrasiya Xidmətinə müraciət", "az", "Dövlət Miqrasiya Xidmətinə"),
        ("Dövlət Miqrasiya Xidmətində", "az", "Dövlət Miqrasiya Xidmətində"),
        ("Göç İdaresi Başkanlığına başvuru", "tr", "Göç İdaresi Başkanlığına"),
        ("Göç İdaresi Başkanlığı'nın açıklaması", "tr", "Göç İdaresi Başkanlığı'nın"),
        ("Türkiye'nin tutumu", "tr", "Türkiye'nin"),
        ("Türkiye’de yapılan", "tr", "Türkiye’de"),
        ("BMqT-nin hesabatı", "az", "BMqT-nin"),
        ("«Türk Şurası»nın iclası", "az", "Türk Şurası»nın"),
        ("TÜRKİYE'NİN", "tr", "TÜRKİYE'NİN"),
        ("the Turkic Council's role", "en", "Turkic Council's"),
        ("Two II rank state migration service counselors", "en", "II rank state migration service counselors"),
    ],
)
def test_inflected_forms_are_found_with_the_suffix(index, text, lang, expected):
    assert [f[0] for f in found(index, text, lang)] == [expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Türkiyeli turistler", "tr"),  # derivation, not inflection
        ("Türkiyeye", "en"),  # no Turkish suffixes in English
        ("the Turkic Councillor", "en"),
        ("Amreyevski", "en"),
    ],
)
def test_non_inflections_are_not_found(index, text, lang):
    assert found(index, text, lang) == []


def test_line_breaks_nbsp_and_soft_hyphens_inside_a_term(index):
    text = "the Organization\n  of Turkic\u00a0Sta\u00adtes met"
    [(match, term, exact)] = found(index, text, "en")
    assert match == "Organization\n  of Turkic\u00a0Sta\u00adtes"
    assert term == "Organization of Turkic States" and exact


def test_diacritics_lost_is_a_loose_match(index):
    assert found(index, "Turkiyenin", "tr") == [("Turkiyenin", "Türkiye", False)]


def test_cyrillic_lookalike_is_flagged_as_homoglyph(index):
    occs = [o for o in index.scan("Vüsal Hüsеynov", "az") if o.lang == "az"]  # Cyrillic е
    assert occs and occs[0].homoglyphs and not occs[0].exact


def test_longest_match_wins(index):
    text = "Dövlət Miqrasiya Xidmətinin rəisi"
    assert [t for _, t, _ in found(index, text, "az")] == ["Dövlət Miqrasiya Xidmətinin rəisi"]


def test_positions_are_source_offsets(index):
    text = "x\n\nThe  Turkish\n Council, Turkey."
    occs = select([o for o in index.scan(text, "en") if o.lang == "en"])
    first = text.index("Turkish")
    second = text.index("Turkey")
    assert [(o.start, o.end) for o in occs] == [(first, first + 16), (second, second + 6)]
    assert text[occs[0].start : occs[0].end] == "Turkish\n Council"


def test_index_is_automata_not_a_regex_per_term(index):
    # Each distinct key is one automaton entry (full names case-folded, abbreviations as
    # written); verification data is looked up by slot.
    assert len(index.keys) + len(index.cased_keys) == len(index.patterns)


def test_abbreviations_need_their_capitals(index):
    assert found(index, "BMQT-nin və BMqT-yə, bmqt", "az") == [("BMQT-nin", "BMqT", True), ("BMqT-yə", "BMqT", True)]
    assert found(index, "the un and UN's report", "en") == []  # the mini termbase has no UN
    assert [f[0] for f in found(index, "IOM's staff, Iom", "en")] == ["IOM's"]


_WORDS = st.sampled_from(
    [
        "the",
        "and",
        "Türkiye'nin",
        "Turkic Council",
        "Dövlət Miqrasiya Xidmətinin",
        "BMqT-nin",
        "x",
        "\n",
        "  ",
        "\u00ad",
        "İ",
        "ı",
        "’",
        "-",
        '"',
        "Turkish",
    ]
)


def _occurrences(index: TermIndex, text: str, lang: str) -> list[tuple]:
    return [
        (o.start, o.end, o.term.text, o.stem_end, o.word_start, o.exact, o.homoglyphs) for o in index.scan(text, lang)
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=30))
def test_the_nfas_of_a_short_run_and_the_dfas_of_a_long_one_find_the_same(parts):
    """The automata are NFAs until DFA_AFTER characters have been walked (start-up time),
    DFAs after: the same occurrences either way, ASCII text or not."""
    text = " ".join(parts)
    index = load([MINI], use_cache=False).index
    for lang in ("en", "az", "tr"):
        index._scanned = 0
        with_nfa = _occurrences(index, text, lang)
        assert not index.automata[2]
        index._scanned = matcher.DFA_AFTER + 1
        assert _occurrences(index, text, lang) == with_nfa
        assert index.automata[2]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=30))
def test_scan_never_fails_and_spans_stay_inside(index, parts):
    text = " ".join(parts)
    for lang in ("en", "az", "tr"):
        for occ in index.scan(text, lang):
            assert 0 <= occ.start < occ.end <= len(text)
            assert occ.start <= occ.word_start <= occ.stem_end <= occ.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc ıiİIəöüşçğ\n.,'", max_size=40), st.text(alphabet="abc ,.\n", max_size=40))
def test_an_inserted_term_is_always_found_where_it_was_put(index, before, after):
    before = before + " "
    after = " " + after
    text = before + "Türkiye'nin" + after
    spans = [(o.start, o.end) for o in index.scan(text, "tr") if o.lang == "tr" and o.term.text == "Türkiye"]
    assert (len(before), len(before) + len("Türkiye'nin")) in spans


# Names that overlap and nest, with every status, so that choosing among overlapping readings
# matters: a forbidden name inside a longer preferred one, a preferred one across two others.
_OVERLAPPING = {
    "concepts": [
        {
            "id": "x.agency",
            "domain": "test",
            "sources": ["test"],
            "terms": {
                "en": [
                    {"text": "Energy Management Agency", "status": "preferred"},
                    {"text": "Energy Management", "status": "forbidden"},
                    {"text": "Management Agency", "status": "deprecated"},
                ]
            },
        },
        {
            "id": "x.state",
            "domain": "test",
            "sources": ["test"],
            "terms": {
                "en": [
                    {"text": "State Energy", "status": "preferred"},
                    {"text": "Agency of State", "status": "forbidden"},
                    {"text": "State", "status": "admitted"},
                ]
            },
        },
        {
            "id": "x.office",
            "domain": "test",
            "sources": ["test"],
            "terms": {
                "en": [
                    {"text": "Office", "status": "preferred"},
                    {"text": "Agency Office", "status": "superseded", "until": "2020-01-01"},
                    {"text": "EMA", "status": "forbidden", "abbr": True},
                ]
            },
        },
    ]
}
_OVERLAP_WORDS = st.sampled_from(
    [
        "Energy",
        "Management",
        "Agency",
        "of",
        "State",
        "Office",
        "EMA",
        "energy",
        "Agency's",
        "States",
        "\n",
        "the",
        ",",
        "Managements",
    ]
)


@pytest.fixture(scope="module")
def overlapping() -> TermIndex:
    from dilmac.match.compiled import Compiled
    from dilmac.termbase.model import Termbase, concepts_from_data

    return Compiled.build(Termbase(concepts_from_data(Path("overlapping.yaml"), _OVERLAPPING), [])).index


def _selected(index: TermIndex, text: str, statuses=None) -> list:
    return [(o.start, o.end, o.term.text) for o in select(index.scan(text, "en", frozenset({"en"}), statuses))]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_OVERLAP_WORDS, max_size=25),
    st.sampled_from([{"forbidden"}, {"deprecated"}, {"admitted"}, {"forbidden", "deprecated"}]),
)
# A chain: "State Energy" decides against "Energy Management Agency", which alone would hide the
# deprecated "Management Agency"; only the second round of overlaps finds "State Energy".
@example(["State", "Energy", "Management", "Agency"], {"deprecated"})
def test_a_scan_limited_to_statuses_selects_as_a_full_scan(overlapping, words, statuses):
    text = " ".join(words)
    statuses = frozenset(statuses)
    full = [o for o in _selected(overlapping, text) if overlapping.patterns and _status(overlapping, o[2]) in statuses]
    limited = [o for o in _selected(overlapping, text, statuses) if _status(overlapping, o[2]) in statuses]
    assert limited == full


def _status(index: TermIndex, term_text: str) -> str:
    return next(p.term.status for patterns in index.patterns for p in patterns if p.term.text == term_text)


def test_a_limited_scan_skips_what_no_check_reads(overlapping):
    forbidden = frozenset({"forbidden"})
    assert overlapping.scan("The State Energy office and the Office.", "en", frozenset({"en"}), forbidden) == []
    text = "The Agency of State Energy office and the Energy Management Agency of State."
    full = _selected(overlapping, text)
    limited = _selected(overlapping, text, forbidden)
    # "Agency of State Energy": the forbidden name wins at the left. "Energy Management Agency of
    # State": the preferred name wins, though only the forbidden names overlapping it are needed.
    assert [t for *_, t in full] == ["Agency of State", "Office", "Energy Management Agency", "State"]
    assert [t for *_, t in limited] == ["Agency of State", "Energy Management Agency", "State"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", " ", "\n", "  ", "\u00ad", "\u200b", "Turkic", "Council", "Turkic Council"]),
        max_size=20,
    )
)
@example(["a ", "Turkic", "  ", "\u00ad", "Council", "  b"])
def test_occurrences_map_back_to_the_source_across_collapsed_gaps(index, parts):
    # Spans in the compact text are mapped to the source in the scan itself; whatever gaps were
    # collapsed or invisible characters removed around and inside them, the source span must
    # hold the same name.
    text = "".join(parts)
    for occ in index.scan(text, "en"):
        if occ.term.text == "Turkic Council":
            found = text[occ.start : occ.end]
            assert found[0] == "T" and found.endswith("Council")
            assert " ".join(found.replace("\u00ad", "").replace("\u200b", "").split()) == "Turkic Council"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", " ", "\n\n", "   ", "\u00ad", "\u200b", "Turkic Council", "Türk Şurasının", "Türkiye’de", "ə"]
        ),
        max_size=20,
    )
)
def test_occurrences_know_where_they_stand_in_the_compact_text(index, parts):
    """The compact offsets an occurrence carries (the long-name variant search uses them) are
    those its source span maps to, and lead back to it."""
    from dilmac.language.normalize import NormalizedText
    from dilmac.match.variants import _compact_offsets

    text = "".join(parts)
    norm = NormalizedText(text, "az")
    for occ in index.scan_normalized(norm, "az"):
        assert 0 <= occ.compact_start < occ.compact_end <= len(norm.compact)
        assert norm.span_to_source(occ.compact_start, occ.compact_end) == (occ.start, occ.end)
        assert list(_compact_offsets(norm, [(occ.start, occ.end)])) == [(occ.compact_start, occ.compact_end)]


def _select_by_full_rank(occurrences):
    """The definition select() implements: sort by (start, longer first, right letters first,
    no homoglyphs first, shorter suffix first), then take each one not overlapping the last."""
    ranked = sorted(
        occurrences, key=lambda o: (o.start, o.start - o.end, not o.diacritics_ok, o.homoglyphs, o.end - o.stem_end)
    )
    chosen, last_end = [], -1
    for occ in ranked:
        if occ.start >= last_end:
            chosen.append(occ)
            last_end = occ.end
    return chosen


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 5), st.integers(0, 2), st.booleans(), st.booleans()), max_size=12
    )
)
def test_select_is_leftmost_longest_with_its_tie_breaks(spans):
    from dilmac.match.matcher import Occurrence

    occurrences = [
        Occurrence(
            start, start + length, f"term{i}", start + length - min(suffix, length), start, diacritics_ok, homoglyphs
        )
        for i, (start, length, suffix, diacritics_ok, homoglyphs) in enumerate(spans)
    ]
    assert select(occurrences) == _select_by_full_rank(occurrences)


# Azerbaijani q written as g (matcher.Pattern.with_g): found in Azerbaijani text, never exact.
def _preferred(concept_id: str, *, abbr: bool = False, **terms: str) -> dict:
    """A concept with one preferred term per language (`az="Qala"`)."""
    return {
        "id": concept_id,
        "domain": "test",
        "sources": ["test"],
        "terms": {lang: [{"text": text, "status": "preferred", "abbr": abbr}] for lang, text in terms.items()},
    }


_Q_AND_G = {
    "version": 1,
    "concepts": [
        _preferred("x.qazaxistan", az="Qazaxıstan", tr="Kazakistan"),
        _preferred("x.refugees", az="Qaçqınlar üzrə Qlobal Forum"),
        _preferred("x.gence", az="Gəncə"),
        _preferred("x.youth", az="Qlobal Gənclər Forumu"),
        _preferred("x.qala", az="Qala"),
        _preferred("x.gala", az="Gala"),
        _preferred("x.qak", abbr=True, az="QAK"),
        _preferred("x.iraq", en="Iraq"),
    ],
}


@pytest.fixture(scope="module")
def q_and_g() -> TermIndex:
    from dilmac.match.compiled import Compiled
    from dilmac.termbase.model import Termbase, concepts_from_data

    return Compiled.build(Termbase(concepts_from_data(Path("q-and-g.yaml"), _Q_AND_G), [])).index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gazaxıstanın səfiri", ("Gazaxıstanın", "Qazaxıstan", False)),
        ("Gazaxistanda", ("Gazaxistanda", "Qazaxıstan", False)),  # diacritics lost too
        ("GAZAXISTAN", ("GAZAXISTAN", "Qazaxıstan", False)),
        ("Qazaxıstanın səfiri", ("Qazaxıstanın", "Qazaxıstan", True)),
        # each q of a name may be written either way
        ("Gaçqınlar üzrə Qlobal Forumda", ("Gaçqınlar üzrə Qlobal Forumda", "Qaçqınlar üzrə Qlobal Forum", False)),
        ("Qaçgınlar üzrə Global Forum", ("Qaçgınlar üzrə Global Forum", "Qaçqınlar üzrə Qlobal Forum", False)),
        ("Gaçgınlar üzrə Global Forum", ("Gaçgınlar üzrə Global Forum", "Qaçqınlar üzrə Qlobal Forum", False)),
        ("Global Gənclər Forumunda", ("Global Gənclər Forumunda", "Qlobal Gənclər Forumu", False)),
    ],
)
def test_g_for_q_is_an_azerbaijani_spelling_that_is_never_exact(q_and_g, text, expected):
    assert found(q_and_g, text, "az") == [expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Gazaxıstan", "tr"),  # only Azerbaijani writers confuse the letters
        ("Gazaxıstan", "en"),
        ("Qəncədə", "az"),  # q for g: not a confusion the matcher reads
        ("Qlobal Qənclər Forumu", "az"),
        ("Global Qənclər Forumu", "az"),
        ("GAK", "az"),  # abbreviations are written as they are
        ("Gazaxıstanlı", "az"),  # derivation, as for the q spelling
        ("Irag", "en"),  # the automaton reads q as g in every language: verification tells them apart
    ],
)
def test_g_for_q_only_in_azerbaijani_terms_and_text(q_and_g, text, lang):
    assert [o for o in q_and_g.scan(text, lang) if o.lang == "az" or lang == "en"] == []


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Qazaxıstanın", "Qaçqınlar üzrə Qlobal Forumu", "QAZAXISTANDA"]),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.sampled_from(["az", "tr"]),
)
def test_any_of_a_names_q_written_g_is_found_where_the_name_is(q_and_g, name, as_g, lang):
    at = [i for i, c in enumerate(name) if c in "qQ"]
    written = "".join("gG"[c == "Q"] if i in at and as_g[at.index(i)] else c for i, c in enumerate(name))
    text = f"Bu gün {written} barədə"
    right = [(o.start, o.end, o.term.text) for o in q_and_g.scan(f"Bu gün {name} barədə", "az") if o.lang == "az"]
    occs = [o for o in q_and_g.scan(text, lang) if o.lang == "az"]
    if lang == "tr" or written == name:
        assert all(o.exact for o in occs)
    else:
        assert [(o.start, o.end, o.term.text) for o in occs] == right
        assert not any(o.exact for o in occs)


def test_a_name_spelt_with_g_is_itself_before_a_name_with_q(q_and_g):
    # (one automaton key for both: each pattern checks its own spelling; `select` keeps the exact)
    assert found(q_and_g, "Galada, Qalada", "az") == [("Galada", "Gala", True), ("Qalada", "Qala", True)]
