"""Plural-Forms: dilmac's own decision for az, tr and en (not the installed Babel's), and `catalog
init` taking the Plural-Forms of the language's catalogs already beside the new one."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import babel.messages.plurals
import pytest
from babel import Locale
from typer.testing import CliRunner

from dilmac.catalog import plurals
from dilmac.catalog.io import parse_catalog, read_catalog
from dilmac.catalog.merge import init_catalog, update_catalog
from dilmac.cli.main import app

runner = CliRunner()
TWO_FORMS = "nplurals=2; plural=(n != 1);"
POT = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: site 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#: app.py:3\nmsgid "Search"\nmsgstr ""\n\n'
    '#: app.py:4\n#, python-format\nmsgid "%(num)d document"\nmsgid_plural "%(num)d documents"\n'
    'msgstr[0] ""\nmsgstr[1] ""\n'
)


def catalog_text(lang: str | None, plural_forms: str | None) -> str:
    header = "".join(
        f'"{key}: {value}\\n"\n'
        for key, value in (
            ("Language", lang),
            ("Plural-Forms", plural_forms),
            ("Content-Type", "text/plain; charset=UTF-8"),
        )
        if value is not None
    )
    return f'msgid ""\nmsgstr ""\n{header}\nmsgid "Search"\nmsgstr "Ara"\n'


@pytest.fixture()
def po(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "po"
    folder.mkdir()
    (folder / "news.pot").write_text(POT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def read_catalog_text(text: str):
    return parse_catalog(text, "news.pot")


def init(*args: str):
    return runner.invoke(app, ["catalog", "init", "po/news.pot", *args])


@pytest.mark.parametrize("lang", ["az", "tr", "en", "az_AZ", "tr-TR"])
def test_the_decided_rule_holds_whatever_babel_says(lang, monkeypatch):
    """A Babel release that changes its table (2.19 did, for Turkish) changes nothing here."""
    monkeypatch.setattr(babel.messages.plurals, "get_plural", lambda locale: "nplurals=3; plural=(n%3);")
    catalog = init_catalog(read_catalog_text(POT), lang)
    assert catalog.metadata["Plural-Forms"] == TWO_FORMS
    assert catalog.find("%(num)d document").msgstr_plural == {0: "", 1: ""}


def test_other_languages_take_cldr_from_babel():
    assert plurals.language_plural_forms(Locale.parse("ru")) == str(babel.messages.plurals.get_plural("ru"))
    assert plurals.language_plural_forms(Locale.parse("ru")).startswith("nplurals=3;")


def test_the_decided_rule_is_cldrs_and_differs_from_turkish_practice_only_for_zero():
    """az and tr as decided: CLDR's categories (one: n = 1) for 0…1000; the practice of
    `plural=(n > 1)` differs for 0 only, so catalogs of either kind have the same two forms."""
    decided = gettext.c2py("(n != 1)")
    for lang in ("az", "tr"):
        rule = Locale.parse(lang).plural_form
        assert all(decided(n) == (rule(n) != "one") for n in range(1001))
    practice = gettext.c2py("(n > 1)")
    assert [n for n in range(1001) if decided(n) != practice(n)] == [0]


def test_init_takes_the_plural_forms_of_the_languages_catalog_beside_it(po):
    (po / "site.po").write_text(catalog_text("tr", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    (po / "az.po").write_text(catalog_text("az", TWO_FORMS), encoding="utf-8")  # another language
    result = init("--lang", "tr", "-o", "po/news-tr.po")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "po/news-tr.po: 2 messages to translate into tr (nplurals=2; plural=(n > 1);, as in po/site.po)\n"
    )
    assert read_catalog(po / "news-tr.po").metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_a_catalog_named_for_its_language_counts_without_a_language_header(po):
    (po / "tr.po").write_text(catalog_text(None, "nplurals=1; plural=0;"), encoding="utf-8")
    assert init("--lang", "tr", "-o", "po/news-tr.po").exit_code == 0
    new = read_catalog(po / "news-tr.po")
    assert new.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert new.find("%(num)d document").msgstr_plural == {0: ""}


def test_catalogs_that_disagree_stop_init_and_name_both(po):
    (po / "a.po").write_text(catalog_text("tr", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    (po / "b.po").write_text(catalog_text("tr_TR", "nplurals=1; plural=0;"), encoding="utf-8")
    result = init("--lang", "tr", "-o", "po/news-tr.po")
    assert result.exit_code == 2
    assert "the tr catalogs beside it disagree on Plural-Forms" in result.output
    assert "po/a.po" in result.output and "po/b.po" in result.output and "--plural-forms" in result.output
    assert not (po / "news-tr.po").exists()


def test_the_same_rule_written_two_ways_is_no_disagreement(po):
    (po / "a.po").write_text(catalog_text("tr", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    (po / "b.po").write_text(catalog_text("tr", "nplurals=2; plural=n>1"), encoding="utf-8")
    assert init("--lang", "tr", "-o", "po/news-tr.po").exit_code == 0
    assert read_catalog(po / "news-tr.po").metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_plural_forms_given_on_the_command_line_win_and_are_checked(po):
    (po / "site.po").write_text(catalog_text("tr", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    result = init("--lang", "tr", "-o", "po/news-tr.po", "--plural-forms", "nplurals=1; plural=0;")
    assert result.exit_code == 0 and "(nplurals=1; plural=0;)" in result.output
    result = init("--lang", "tr", "-o", "po/other.po", "--plural-forms", "nplurals=2; plural=n +* 1;")
    assert result.exit_code == 2 and "not usable" in result.output and not (po / "other.po").exists()


def test_a_broken_catalog_beside_it_is_named(po):
    (po / "site.po").write_text(catalog_text("tr", "nplurals=2; plural=(n >;"), encoding="utf-8")
    result = init("--lang", "tr", "-o", "po/news-tr.po")
    assert result.exit_code == 2 and "po/site.po" in result.output and "Plural-Forms" in result.output
    assert not (po / "news-tr.po").exists()


def test_update_keeps_a_catalogs_own_plural_forms(po):
    (po / "tr.po").write_text(catalog_text("tr", "nplurals=2; plural=(n > 1);"), encoding="utf-8")
    catalog = read_catalog(po / "tr.po")
    update_catalog(catalog, read_catalog(po / "news.pot"))
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert catalog.find("%(num)d document").msgstr_plural == {0: "", 1: ""}


def test_init_beside_each_real_catalog_takes_its_plural_forms(shared_data, tmp_path):
    """The nine real catalogs: tr with (n > 1) and with one form, az with two; each new catalog
    for the language gets the real one's Plural-Forms, and msgfmt accepts it."""
    for real in sorted((shared_data / "po").glob("*.po")):
        folder = tmp_path / real.stem
        folder.mkdir()
        shutil.copy(real, folder / real.name)
        (folder / "news.pot").write_text(POT, encoding="utf-8")
        lang = real.stem.rsplit("-", 1)[1]
        result = runner.invoke(app, ["catalog", "init", str(folder / "news.pot"), "--lang", lang])
        assert result.exit_code == 0, (real.name, result.output)
        expected = read_catalog(real).metadata["Plural-Forms"].strip()
        new = read_catalog(folder / f"{lang}.po")
        assert new.metadata["Plural-Forms"] == expected, real.name
        assert f"as in {folder / real.name}" in result.output
        if shutil.which("msgfmt"):
            done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(folder / f"{lang}.po")], capture_output=True)
            assert done.returncode == 0, done.stderr
