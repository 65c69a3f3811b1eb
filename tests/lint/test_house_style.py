"""[house] strict-diacritics: foreign personal names without their diacritics in English.

The ministry's own English pages write "Recep Tayyip Erdogan", "Erkan Ozoral", "Antonio
Vitorino" (migration.gov.az/en/news_detail/12365, 13117; ../shared/data/press/en/005.txt), so by
default these are not findings; "Turkiye" for Türkiye is (the same pages write "Türkiye" 30
times against 3), and so is a name carrying letters its English form does not use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dilmac.core.errors import DilmacError
from dilmac.lint.config import Config, load
from dilmac.lint.pipeline import lint_paths, lint_text
from dilmac.match.compiled import load as load_termbase
from dilmac.termbase.model import builtin_dir

DAY = date(2024, 5, 1)


@pytest.fixture(scope="module")
def compiled():
    return load_termbase([builtin_dir()], use_cache=False)


def diacritics(compiled, text: str, config: Config | None = None) -> list[str]:
    findings = lint_text(text, compiled, lang="en", day=DAY, config=config)
    return [f.found for f in findings if f.rule == "term-diacritics"]


@pytest.mark.parametrize(
    "text",
    ["Presidents Ilham Aliyev and Recep Tayyip Erdogan met.", "Antonio Vitorino's address was read out."],
)
def test_personal_names_without_diacritics_pass_by_default_and_fail_when_strict(compiled, text):
    assert diacritics(compiled, text) == []
    assert diacritics(compiled, text, Config(strict_diacritics=False)) == []
    assert len(diacritics(compiled, text, Config(strict_diacritics=True))) == 1


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Officials from Turkiye arrived.", "Turkiye"),  # a country's name, not a person's
        ("Vüsal Hüseynov said so.", "Vüsal Hüseynov"),  # letters the English form does not have
    ],
)
def test_other_diacritics_findings_stay_whatever_the_house_style(compiled, text, found):
    assert diacritics(compiled, text) == [found]
    assert diacritics(compiled, text, Config(strict_diacritics=True)) == [found]


def test_the_switch_is_read_from_dilmac_toml_and_applies_to_files(tmp_path: Path, compiled):
    page = tmp_path / "page.txt"
    page.write_text("Presidents Ilham Aliyev and Recep Tayyip Erdogan met.\n", encoding="utf-8")
    (tmp_path / "dilmac.toml").write_text("[house]\nstrict-diacritics = true\n", encoding="utf-8")
    strict = load(tmp_path / "dilmac.toml")
    assert strict.strict_diacritics is True
    found = lint_paths([page], compiled, lang="en", day=DAY, config=strict).files[0].findings
    assert [f.rule for f in found] == ["term-diacritics"]
    (tmp_path / "dilmac.toml").write_text("[house]\n", encoding="utf-8")
    default = load(tmp_path / "dilmac.toml")
    assert default.strict_diacritics is False
    assert lint_paths([page], compiled, lang="en", day=DAY, config=default).files[0].findings == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[house]\nstrict-diacritics = "yes"\n', "must be true or false"),
        ("[house]\nstrict = true\n", "unknown key"),
    ],
)
def test_bad_house_settings_are_errors_with_the_line(tmp_path: Path, toml, message):
    (tmp_path / "dilmac.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(DilmacError) as caught:
        load(tmp_path / "dilmac.toml")
    assert message in caught.value.message
    assert caught.value.line == 2


TRANSLITERATED = """\
format: 2
domain: people
concepts:
  - id: person.recep-tayyip-erdogan
    domain: people
    definition: President of Türkiye.
    verified: "2026-12-07"
    sources: [{id: sms, url: "https://migration.gov.az/en/news_detail/12365", seen: "2026-12-07"}]
    terms:
      en:
        - {text: Recep Tayyip Erdoğan, status: preferred, source: [sms]}
        - {text: Recep Tayyip Erdogan, status: admitted, type: transliteration, source: [sms]}
"""


def test_a_listed_transliteration_follows_the_house_style_too(tmp_path: Path):
    path = tmp_path / "people.yaml"
    path.write_text(TRANSLITERATED, encoding="utf-8")
    compiled = load_termbase([path], use_cache=False)
    text = "President Recep Tayyip Erdogan spoke."
    assert lint_text(text, compiled, lang="en", day=DAY) == []
    strict = lint_text(text, compiled, lang="en", day=DAY, config=Config(strict_diacritics=True))
    assert [(f.rule, f.suggestions) for f in strict] == [("term-admitted", ["Recep Tayyip Erdoğan"])]
