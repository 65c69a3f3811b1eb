"""The pybabel/msgmerge options of `catalog update`, `init` and `extract`, fuzzy matching against
msgmerge on the real catalogs, and the extraction mapping (pyproject.toml, babel.cfg)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from fuzzy_measure import measure  # tests/catalog, on the path as the tests' folder
from typer.testing import CliRunner

from dilmac.catalog.io import new_catalog, read_catalog, write_catalog
from dilmac.catalog.merge import init_catalog, update_catalog
from dilmac.cli.main import app

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args))


def template_of(*msgids: str) -> polib.POFile:
    template = new_catalog()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2025-01-01 00:00+0000"}
    for msgid in msgids:
        template.append(polib.POEntry(msgid=msgid))
    return template


@pytest.fixture()
def locales(tmp_path, monkeypatch) -> Path:
    """locales/messages.pot and a translated locales/az/LC_MESSAGES/messages.po."""
    monkeypatch.chdir(tmp_path)
    write_catalog(template_of("Open the file", "Close the window"), tmp_path / "locales" / "messages.pot")
    catalog = init_catalog(template_of("Open the file", "Close the window"), "az")
    catalog[0].msgstr, catalog[1].msgstr = "Faylı açın", "Pəncərəni bağlayın"
    write_catalog(catalog, tmp_path / "locales" / "az" / "LC_MESSAGES" / "messages.po")
    write_catalog(template_of("Open the files", "Print"), tmp_path / "new.pot")
    return tmp_path / "locales"


def test_fuzzy_matching_finds_what_msgmerge_finds_on_the_real_catalogs(gnu_gettext, shared_data, tmp_path):
    total_theirs = total_ours = 0
    for path in sorted((shared_data / "po").glob("*.po")):
        measured = measure(path, tmp_path, f"{gnu_gettext}/msgmerge")
        assert measured.msgmerge <= measured.dilmac, (
            f"{path.name}: msgmerge alone found {measured.msgmerge - measured.dilmac}"
        )
        total_theirs += len(measured.msgmerge)
        total_ours += len(measured.dilmac)
    assert total_theirs > 500 and total_ours >= total_theirs


def test_a_new_message_may_borrow_from_one_still_in_the_template():
    catalog = init_catalog(template_of("Open the file"), "az")
    catalog[0].msgstr = "Faylı açın"
    result = update_catalog(catalog, template_of("Open the file", "Open the files"))
    borrowed = catalog.find("Open the files")
    assert (result.kept, result.fuzzy) == (1, 1)
    assert borrowed.fuzzy and borrowed.msgstr == "Faylı açın" and borrowed.previous_msgid == "Open the file"


def test_update_in_the_layout_with_options(locales):
    po = locales / "az" / "LC_MESSAGES" / "messages.po"
    result = cli("catalog", "update", "new.pot", "-d", "locales", "--no-fuzzy-matching", "--check")
    assert result.exit_code == 1 and "not up to date" in result.output
    assert read_catalog(po).find("Open the file").msgstr == "Faylı açın"  # --check changes nothing
    result = cli("catalog", "update", "new.pot", "-d", "locales", "--no-fuzzy-matching")
    assert result.exit_code == 0, result.output
    catalog = read_catalog(po)
    assert catalog.find("Open the files").msgstr == ""  # no fuzzy match asked for
    assert {e.msgid for e in catalog.obsolete_entries()} == {"Open the file", "Close the window"}
    assert cli("catalog", "update", "new.pot", "-d", "locales", "--no-fuzzy-matching", "--check").exit_code == 0
    result = cli("catalog", "update", "new.pot", "-d", "locales", "--ignore-obsolete")
    assert "2 obsolete translations discarded" in result.output
    assert read_catalog(po).obsolete_entries() == []


def test_init_missing_and_the_domain(locales):
    result = cli("catalog", "update", "locales/messages.pot", "-d", "locales", "-l", "az", "-l", "tr")
    assert result.exit_code == 2 and "--init-missing" in result.stderr
    result = cli("catalog", "update", "locales/messages.pot", "-d", "locales", "-l", "tr", "--init-missing", "--check")
    assert result.exit_code == 1 and not (locales / "tr").exists()
    result = cli("catalog", "update", "locales/messages.pot", "-d", "locales", "-l", "az", "-l", "tr", "--init-missing")
    assert result.exit_code == 0, result.output
    assert read_catalog(locales / "tr" / "LC_MESSAGES" / "messages.po").metadata["Language"] == "tr"
    result = cli("catalog", "init", "locales/messages.pot", "-d", "locales", "-D", "site", "-l", "az")
    assert result.exit_code == 0 and (locales / "az" / "LC_MESSAGES" / "site.po").is_file()
    assert cli("catalog", "update", "locales/messages.pot", "-D", "site").exit_code == 2  # -D needs -d


def test_extract_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text("# Welcome\n", encoding="utf-8")
    assert cli("catalog", "extract", "page.md", "-o", "m.pot", "--check").exit_code == 1
    assert not (tmp_path / "m.pot").exists()
    assert cli("catalog", "extract", "page.md", "-o", "m.pot").exit_code == 0
    assert cli("catalog", "extract", "page.md", "-o", "m.pot", "--check").exit_code == 0
    (tmp_path / "page.md").write_text("# Welcome home\n", encoding="utf-8")
    assert cli("catalog", "extract", "page.md", "-o", "m.pot", "--check").exit_code == 1


# --------------------------------------------------------------------------- the mapping


def site(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text('<p>{{ _("Hello") }}</p>\n', encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "about.html").write_text("<p>About us</p>\n", encoding="utf-8")


def test_pyproject_mapping_sends_templates_and_pages_to_their_extractors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dilmac.extract]\n"
        'mappings = [{pattern = "templates/**.html", method = "jinja2"}, {pattern = "pages/**.html", method = "html"}]\n',
        encoding="utf-8",
    )
    result = cli("catalog", "extract", ".", "-o", "m.pot")
    assert result.exit_code == 0, result.output
    assert [e.msgid for e in read_catalog(tmp_path / "m.pot")] == ["About us", "Hello"]
    linted = cli("lint", "pages", "--lang", "en")  # the extract table is no unknown key to lint
    assert linted.exit_code == 0, linted.output


def test_without_a_mapping_a_template_is_a_publication_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site(tmp_path)
    result = cli("catalog", "extract", "templates", "-o", "m.pot")
    assert result.exit_code == 0
    assert result.stderr.startswith('templates/page.html:1: warning: “{{ _("Hello") }}” is template syntax')
    (tmp_path / "babel.cfg").write_text("[jinja2: templates/**.html]\n[html: **.html]\n", encoding="utf-8")
    result = cli("catalog", "extract", "templates", "-o", "m.pot")
    assert result.stderr == "" and [e.msgid for e in read_catalog(tmp_path / "m.pot")] == ["Hello"]


@pytest.mark.parametrize(
    "mapping, message",
    [
        ("[php: **.php]\n", "the method 'php' of the pattern '**.php' is not an extractor"),
        ("[markdown: **.md]\ntrimmed = true\n", "take no options"),
        ("not a section\n", "not a babel.cfg mapping"),
    ],
)
def test_bad_mappings_name_the_file(tmp_path, monkeypatch, mapping, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "babel.cfg").write_text(mapping, encoding="utf-8")
    result = cli("catalog", "extract", ".", "-o", "m.pot")
    assert result.exit_code == 2
    assert "babel.cfg" in result.stderr and message in result.stderr


def test_format_call_sites_get_python_brace_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(
        "from gettext import gettext as _, ngettext\n"
        '_("Office in {city}").format(city="Baku")\n'
        '_("Braces {kept} as text")\n'
        'ngettext("{n} file", "{n} files", 2).format(n=2)\n',
        encoding="utf-8",
    )
    assert cli("catalog", "extract", "app.py", "-o", "m.pot").exit_code == 0
    flags = {e.msgid: e.flags for e in read_catalog(tmp_path / "m.pot")}
    assert flags == {
        "Office in {city}": ["python-brace-format"],
        "Braces {kept} as text": [],
        "{n} file": ["python-brace-format"],
    }


def test_format_calls_in_templates_get_python_brace_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.jinja2").write_text(
        '<p>{{ _("Office in {city}").format(city=city) }}</p>\n<p>{{ _("Use {braces}") }}</p>\n', encoding="utf-8"
    )
    assert cli("catalog", "extract", "page.jinja2", "-o", "m.pot").exit_code == 0
    flags = {e.msgid: e.flags for e in read_catalog(tmp_path / "m.pot")}
    assert flags == {"Office in {city}": ["python-brace-format"], "Use {braces}": []}


def test_convert_placeholders_without_flags(tmp_path):
    from dilmac.catalog import export_json as ej

    po = tmp_path / "az.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Office in {city} opened"\nmsgstr "{city} şəhərində ofis açıldı"\n\n'
        'msgid "Welcome, %(name)s"\nmsgstr "Xoş gəlmisiniz, %(name)s"\n',
        encoding="utf-8",
    )
    data, notices = ej.to_i18next(ej.read_catalog(po), convert_placeholders=True)
    assert data == {
        "Office in {city} opened": "{{city}} şəhərində ofis açıldı",
        "Welcome, %(name)s": "Xoş gəlmisiniz, {{name}}",
    }
    assert notices == []
