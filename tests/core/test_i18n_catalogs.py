"""dilmac's own interface catalogs (locales/): current with the code, complete, and clean by
dilmac's own checks. `make locales` is the one command that brings them up to date."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.catalog.check import check_catalog
from dilmac.catalog.extract import extract
from dilmac.catalog.io import read_catalog
from dilmac.catalog.mapping import load_mapping
from dilmac.cli.main import app

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "locales"
TEMPLATE = LOCALES / "dilmac.pot"
CATALOGS = {lang: LOCALES / lang / "LC_MESSAGES" / "dilmac.po" for lang in ("az", "tr")}
runner = CliRunner()


def keys(catalog) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in catalog if not e.obsolete}


def test_every_message_of_the_code_is_in_the_template():
    """Re-extracting the sources (locales/babel.cfg says how) gives the template's messages:
    a `_()` added or changed in the code without `make locales` fails here."""
    fresh = extract([REPO / "toolkit" / "dilmac"], mapping=load_mapping(LOCALES / "babel.cfg")).catalog
    template = read_catalog(TEMPLATE)
    missing = keys(fresh) - keys(template)
    gone = keys(template) - keys(fresh)
    assert not missing, f"run `make locales`: not in {TEMPLATE.name}: {sorted(m[1][:60] for m in missing)}"
    assert not gone, f"run `make locales`: no longer in the code: {sorted(g[1][:60] for g in gone)}"
    flags = {(e.msgctxt, e.msgid): sorted(e.flags) for e in fresh}
    assert flags == {(e.msgctxt, e.msgid): sorted(e.flags) for e in template}


def test_the_rule_documentation_is_in_the_template():
    from dilmac.rules import load_rules

    template = {e.msgid for e in read_catalog(TEMPLATE)}
    for rule in load_rules():
        assert rule.__doc__.strip() in template, rule.ID


def test_the_catalogs_are_up_to_date_with_the_template():
    result = runner.invoke(app, ["catalog", "update", str(TEMPLATE), "-d", str(LOCALES), "-D", "dilmac", "--check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_the_catalogs_are_translated_completely(lang):
    result = runner.invoke(app, ["catalog", "stats", str(CATALOGS[lang]), "--format", "json"])
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(result.stdout))
    catalog = read_catalog(CATALOGS[lang])
    entries = [e for e in catalog if not e.obsolete]
    assert len(entries) == len(read_catalog(TEMPLATE)) > 300
    assert [e.msgid[:60] for e in entries if not e.translated()] == [], text
    assert [e.msgid[:60] for e in entries if "fuzzy" in e.flags] == []
    assert catalog.metadata["Language"] == lang
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_the_catalogs_pass_the_compile_checks(lang, tmp_path):
    """msgfmt -c's checks (placeholders of every python-format message, line ends, plural
    header), then the compile itself, as the wheel's build does."""
    checked = check_catalog(read_catalog(CATALOGS[lang]))
    assert [problem.render(str(CATALOGS[lang])) for problem in checked.errors] == []
    copy = tmp_path / "dilmac.po"
    shutil.copy(CATALOGS[lang], copy)
    result = runner.invoke(app, ["catalog", "compile", str(copy)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dilmac.mo").stat().st_size > 10_000


def test_the_glossary_heads_each_catalog():
    for lang, path in CATALOGS.items():
        header = read_catalog(path).header
        for word in {"az": ("finding → qeyd", "termbase → terminologiya bazası"), "tr": ("finding → bulgu",)}[lang]:
            assert word in header, (lang, word)


def test_dilmac_lints_its_own_catalogs_clean(monkeypatch):
    """`dilmac lint locales/` from the repository root (whose pyproject.toml leaves out the
    template, holding the rules' deliberately wrong examples): no finding, and the entries that
    quote wrong names on purpose say so with `# dilmac: ignore`."""
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["lint", "locales", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["findings"] == []
    assert data["summary"]["checked"] == 2
    assert data["summary"]["messages"]["untranslated"] == 0
    for path in CATALOGS.values():
        ignored = [e for e in read_catalog(path) if "dilmac: ignore" in (e.tcomment or "")]
        assert 0 < len(ignored) <= 20  # the rules' documentation and a few examples, no more


def test_the_template_holds_the_sources_references():
    template = read_catalog(TEMPLATE)
    for entry in template:
        assert entry.occurrences and all(path.startswith("toolkit/dilmac/") for path, _ in entry.occurrences)
    assert os.path.exists(REPO / entry.occurrences[0][0])
