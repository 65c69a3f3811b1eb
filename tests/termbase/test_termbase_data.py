"""The shipped termbase tested as data (like codespell's dictionary tests): it validates, it is
big enough, every concept is sourced, and the facts the ministry relies on hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dilmac.lint.pipeline import lint_text
from dilmac.lint.termbase_validation import validate
from dilmac.match.compiled import load
from dilmac.termbase.model import Termbase, builtin_dir

# The domains of termbase/schema.json; a domain without concepts yet has no file.
DOMAIN_FILES = {
    "institutions-azerbaijan",
    "institutions-turkiye",
    "institutions-other-states",
    "international-organizations",
    "titles-and-ranks",
    "people",
    "countries-and-places",
    "documents",
    "events-and-processes",
}


@pytest.fixture(scope="module")
def compiled():
    return load([builtin_dir()], use_cache=False)


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return Termbase.load([builtin_dir()])


def test_builtin_termbase_validates_including_its_examples():
    problems, count = validate([builtin_dir()], date(2026, 11, 22))
    assert [str(p) for p in problems] == []
    assert count >= 60


def test_one_file_per_domain(termbase):
    assert {Path(f).stem for f in termbase.files} <= DOMAIN_FILES
    for concept in termbase.concepts:
        assert Path(concept.path).stem == concept.domain, f"{concept.id} is filed in the wrong domain file"


def test_every_concept_is_defined_sourced_verified_and_has_examples(termbase):
    for concept in termbase.concepts:
        assert concept.definition and concept.verified, concept.id
        assert concept.sources and all(s.seen for s in concept.sources), f"{concept.id}: source without a date"
        assert concept.examples, f"{concept.id}: no examples"
        for term in termbase.terms():
            assert not term.allowed or term.house or term.sources, f"{term.concept_id}: {term.text} unattested"


def test_the_short_names_are_terms_of_their_bodies_not_concepts(termbase):
    assert not any(c.id.endswith("-short") for c in termbase.concepts)
    sms = termbase.by_id["inst.az.state-migration-service"]
    assert [(t.text, t.type) for t in sms.terms["en"] if t.status == "preferred"] == [
        ("State Migration Service of the Republic of Azerbaijan", "full"),
        ("SMS", "abbreviation"),
        ("State Migration Service", "short"),
    ]


def test_three_languages_almost_everywhere(termbase):
    complete = [c for c in termbase.concepts if {"en", "az", "tr"} <= set(c.terms)]
    assert len(complete) >= 0.9 * len(termbase.concepts)


def _findings(compiled, text, lang, day):
    return [(f.rule, f.found, f.suggestions) for f in lint_text(text, compiled, lang=lang, day=date.fromisoformat(day))]


@pytest.mark.parametrize(
    ("text", "lang", "day", "expected"),
    [
        # The Turkic Council and its 2021 rename.
        (
            "The Turkish Council met.",
            "en",
            "2024-01-01",
            ("term-forbidden", "Turkish Council", ["Organization of Turkic States"]),
        ),
        (
            "The Organization of Turkish States met.",
            "en",
            "2024-01-01",
            ("term-forbidden", "Organization of Turkish States", ["Organization of Turkic States"]),
        ),
        (
            "The Turkic Council met.",
            "en",
            "2022-01-01",
            ("term-superseded", "Turkic Council", ["Organization of Turkic States"]),
        ),
        (
            "Türk Şurasının iclası",
            "az",
            "2022-01-01",
            ("term-superseded", "Türk Şurasının", ["Türk Dövlətləri Təşkilatının"]),
        ),
        (
            "Türk Konseyi'nin zirvesi",
            "tr",
            "2022-01-01",
            ("term-superseded", "Türk Konseyi'nin", ["Türk Devletleri Teşkilatının"]),
        ),
        # Türkiye's name in English from 2022-06-01.
        ("Turkey and Azerbaijan", "en", "2022-06-01", ("term-superseded", "Turkey", ["Türkiye"])),
        # The Presidency of Migration Management since the decree of 2021-10-29.
        (
            "Göç İdaresi Genel Müdürlüğüne başvuru",
            "tr",
            "2022-01-01",
            ("term-superseded", "Göç İdaresi Genel Müdürlüğüne", ["Göç İdaresi Başkanlığına"]),
        ),
        # İçişleri is one word.
        (
            "İç İşleri Bakanlığı açıkladı",
            "tr",
            "2024-01-01",
            ("term-forbidden", "İç İşleri Bakanlığı", ["İçişleri Bakanlığı"]),
        ),
        # The head of the State Migration Service is its rəis, not sədr.
        (
            "Dövlət Miqrasiya Xidmətinin sədri bildirib",
            "az",
            "2024-01-01",
            ("term-forbidden", "Dövlət Miqrasiya Xidmətinin sədri", ["Dövlət Miqrasiya Xidmətinin rəisi"]),
        ),
        # Nazirlər Kabineti, not Kabinəti.
        ("Nazirlər Kabinəti qərar qəbul edib", "az", "2024-01-01", ("term-forbidden", "Nazirlər Kabinəti", None)),
    ],
)
def test_facts_the_ministry_relies_on(compiled, text, lang, day, expected):
    rule, found, suggestions = expected
    hits = [f for f in _findings(compiled, text, lang, day) if f[0] == rule and f[1] == found]
    assert hits, f"no {rule} on {found!r}: {_findings(compiled, text, lang, day)}"
    if suggestions is not None:
        assert hits[0][2] == suggestions


@pytest.mark.parametrize(
    ("text", "lang", "day"),
    [
        ("The Turkic Council met in Baku.", "en", "2019-05-01"),
        ("Turkey and Azerbaijan signed an agreement.", "en", "2021-05-01"),
        ("The Organization of Turkic States met in Baku.", "en", "2024-05-01"),
        ("Türk Dövlətləri Təşkilatının Bakıda keçirilən iclası", "az", "2024-05-01"),
        ("Türk Devletleri Teşkilatı'nın Bakü'deki zirvesi", "tr", "2024-05-01"),
        ("Dövlət Miqrasiya Xidmətinin rəisi Vüsal Hüseynov", "az", "2024-05-01"),
        ("İçişleri Bakanlığı ve Göç İdaresi Başkanlığı", "tr", "2024-05-01"),
        ("The International Organization for Migration (IOM) and the State Migration Service", "en", "2024-05-01"),
        ("The Turkish Council of State ruled on the appeal.", "en", "2024-05-01"),  # Danıştay, not the OTS
        ("The Cooperation Council of Turkic Speaking States (Turkic Council) met.", "en", "2020-05-01"),
    ],
)
def test_correct_renderings_pass(compiled, text, lang, day):
    assert [f for f in _findings(compiled, text, lang, day) if f[0] != "term-admitted"] == []


def test_ots_secretaries_general_and_iom_directors_general_are_dated(termbase):
    offices = {c.id: c.offices for c in termbase.concepts if c.domain == "people"}
    dated = {
        (str(o.valid_from), str(o.valid_until) if o.valid_until else None)
        for entries in offices.values()
        for o in entries
    }
    assert ("2018-09-03", "2022-11-11") in dated  # Baghdad Amreyev
    assert any(start == "2018-10-01" for start, _ in dated)  # António Vitorino
    assert any(start == "2023-10-01" for start, _ in dated)  # Amy E. Pope


def test_the_fact_checks_corrections_hold(termbase):
    """Rows of research/termbase-factcheck-2026-12.md that were contradicted (termbase/CHANGES.md)."""

    def preferred(cid: str, lang: str) -> list[str]:
        return [t.text for t in termbase.by_id[cid].terms[lang] if t.status == "preferred"]

    def status(cid: str, lang: str, text: str) -> str:
        return next(t.status for t in termbase.by_id[cid].terms[lang] if t.text == text)

    assert "DMH" in preferred("inst.az.state-migration-service", "tr")  # row 2
    assert "Emi Pop" in preferred("person.amy-pope", "az")  # row 25
    assert status("person.amy-pope", "az", "Emi Poup") == "deprecated"
    assert "BMT QAK" in preferred("org.unhcr", "az") and status("org.unhcr", "az", "BMTQAK") == "deprecated"  # row 10
    assert any("Qlobal Kompakt" in t for t in preferred("doc.gcm", "az"))  # row 15
    assert any("Aile Fertlerinin" in t for t in preferred("doc.migrant-workers-convention", "tr"))  # row 17
    assert "Baghdad Amreyev" in preferred("person.baghdad-amreyev", "tr")  # row 23
    [keneş] = [t for t in termbase.by_id["org.turkic-states"].terms["tr"] if t.text == "Türk Keneşi"]
    assert keneş.sources and "Media name" not in (keneş.note or "")  # row 9
    [yerlikaya] = termbase.by_id["person.ali-yerlikaya"].offices  # rows 27-28
    assert (str(yerlikaya.valid_from), str(yerlikaya.valid_until)) == ("2023-06-04", "2026-02-11")
    [soylu] = termbase.by_id["person.suleyman-soylu"].offices  # row 26
    assert str(soylu.valid_until) == "2023-06-04"
    [nabiyev] = termbase.by_id["person.firudin-nabiyev"].offices  # row 21: after Rahimov, before Huseynov
    assert nabiyev.valid_from is None and "2010-06-11" in nabiyev.note and "2018-11-27" in nabiyev.note
