"""Does an occurrence name its concept, or another body with the same words (dilmac.match.bodies)?"""

from __future__ import annotations

from datetime import date

import pytest

from dilmac.lint.pipeline import lint_text
from dilmac.match.bodies import bodies

DAY = date(2024, 5, 1)


def concepts_found(compiled, text: str, lang: str) -> list[tuple[str, str]]:
    from dilmac.lint.pipeline import _own_bodies
    from dilmac.match.matcher import select

    occurrences = compiled.index.scan(text, lang, frozenset({lang}))
    kept = select(_own_bodies(occurrences, text, lang, compiled))
    return [(text[o.start : o.end], o.term.concept_id) for o in kept]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "the Chairman of the State Migration Service under the Government of the Kyrgyz Republic"),
        ("en", "the State Migration Service of Kyrgyzstan"),
        ("en", "the Kyrgyz State Migration Service"),
        ("en", "the State Migration Service of Georgia"),  # a longer name dilmac does not know
        ("az", "Qırğızıstanın Dövlət Miqrasiya Xidməti"),
        ("az", "Qırğız Respublikası Hökuməti yanında Dövlət Miqrasiya Xidməti"),
    ],
)
def test_another_states_body(builtin, lang, text):
    assert not any(concept == "inst.az.state-migration-service" for _, concept in concepts_found(builtin, text, lang))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "the State Migration Service of Azerbaijan"),
        ("en", "the State Migration Service of the Republic of Azerbaijan Vusal Huseynov"),
        ("en", "Azerbaijan's State Migration Service"),
        ("en", "the State Migration Service of May 2020"),
        ("az", "Azərbaycanın Dövlət Miqrasiya Xidməti"),
        ("az", "Qırğızıstan ilə Dövlət Miqrasiya Xidməti arasında"),
    ],
)
def test_own_body(builtin, lang, text):
    assert any(concept == "inst.az.state-migration-service" for _, concept in concepts_found(builtin, text, lang))


def test_exception_phrases_are_inflection_aware(builtin):
    known = bodies(builtin.termbase)
    assert any(phrases for (_concept, _lang), phrases in known.exceptions.items())
    text = "The Cabinet of Ministers of the Nakhchivan Autonomous Republic approved it."
    found = concepts_found(builtin, text, "en")
    assert not any(concept == "inst.az.cabinet-of-ministers" for _, concept in found)


def test_another_bodys_title_gets_no_finding(builtin):
    text = "The Chairman of the State Migration Service under the Government of the Kyrgyz Republic arrived."
    assert [f.rule for f in lint_text(text, builtin, lang="en", day=DAY) if f.rule.startswith("term-")] == []
