"""`dilmac termbase lookup` and `stats` on format 2: the card's facts, -l LANG, the counts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    ("lang", "text", "concept"),
    [
        ("tr", "TDT", "org.turkic-states"),  # az writes TDT too: the az reading must not hide the tr one
        ("tr", "IOM", "org.iom"),  # en writes IOM too
        ("az", "TDT", "org.turkic-states"),
        ("en", "IOM", "org.iom"),
    ],
)
def test_lookup_in_one_language_finds_forms_other_languages_share(lang, text, concept):
    result = invoke("termbase", "lookup", "-l", lang, text, "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)["concepts"][0]
    assert card["id"] == concept
    assert any(t["text"] == text for t in card["terms"][lang])


def test_lookup_in_one_language_does_not_find_another_languages_form():
    result = invoke("termbase", "lookup", "-l", "en", "Türk Devletleri Teşkilatı", "--no-cache")
    assert result.exit_code == 2 and "no concept matches" in result.stderr


def test_the_card_shows_definition_jurisdiction_dates_types_and_sources():
    result = invoke("termbase", "lookup", "Devlet Migrasya Hizmetinin", "--no-cache")
    assert result.exit_code == 0, result.stderr
    card = result.stdout.split("\n\n")[0]
    assert card.startswith("inst.az.state-migration-service  (institutions-azerbaijan)")
    assert "central executive body for migration" in card  # the definition
    assert "jurisdiction: AZ; exists: from 2007-03-19; verified: 2026-12-07" in card
    assert "DMH" in card and "preferred, from 2007-03-19, abbreviation, exact case, source: mfa-tr-ganja-182107" in card
    assert "house rendering" in card  # Devlet Göç Hizmeti
    assert (
        "source [mfa-tr-ganja-182107]: https://gence-bk.mfa.gov.tr/Mission/ShowAnnouncement/182107, seen 2026-12-07"
        in card
    )
    data = json.loads(invoke("termbase", "lookup", "DMH", "-l", "tr", "--format", "json", "--no-cache").stdout)
    sms = data["concepts"][0]
    assert (sms["jurisdiction"], sms["from"], sms["verified"]) == ("AZ", "2007-03-19", "2026-12-07")
    dmh = next(t for t in sms["terms"]["tr"] if t["text"] == "DMH")
    assert (dmh["type"], dmh["source"]) == ("abbreviation", ["mfa-tr-ganja-182107", "mfa-tr-baku-222794"])


def test_the_card_shows_offices_and_relations(tmp_path):
    result = invoke("termbase", "lookup", "Ali Yerlikaya", "-l", "en", "--no-cache")
    assert "office: title.tr.minister-of-interior 2023-06-04 – 2026-02-11" in result.stdout
    assert "see-also: person.suleyman-soylu" in result.stdout


UNATTESTED = """\
format: 2
domain: countries-and-places
concepts:
  - id: place.baku
    domain: countries-and-places
    definition: The capital of Azerbaijan.
    verified: "2026-11-01"
    sources: [{id: constitution, title: Constitution, seen: "2026-11-01"}]
    terms:
      en: [{text: Baku, status: preferred, source: [constitution]}, {text: BAK, status: preferred, type: abbreviation}]
      az: [{text: Bakı, status: admitted, house: true, note: "House rendering."}]
"""


def test_stats_counts_types_and_unattested_terms(tmp_path):
    path = tmp_path / "tb.yaml"
    path.write_text(UNATTESTED, encoding="utf-8")
    data = json.loads(invoke("termbase", "stats", "--termbase", str(path), "--format", "json").stdout)
    assert (data["concepts"], data["without_source"], data["house_terms"]) == (1, 1, 1)
    assert data["by_type"]["en"] == {"full": 1, "abbreviation": 1}
    text = invoke("termbase", "stats", "--termbase", str(path)).stdout
    assert "preferred/admitted without source: 1; house renderings: 1" in text
    assert "terms by language and type:" in text


def test_the_shipped_termbase_has_no_unattested_preferred_term():
    data = json.loads(invoke("termbase", "stats", "--format", "json").stdout)
    assert data["without_source"] == 0 and data["without_definition"] == 0
