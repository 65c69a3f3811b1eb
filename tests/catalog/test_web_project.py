"""The whole catalog workflow as a web team runs it, on a project made here: a Python app with
gettext calls, Jinja2 templates (.html) and Markdown pages, mapped by a pybabel `babel.cfg`;
extract → update --init-missing → translate → lint → compile → export-json, the MO loaded by
Python's gettext and the JSON by i18next; then the issue's broken translation, which compile
and export-json refuse with its file and line."""

from __future__ import annotations

import gettext
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.catalog.io import read_catalog, write_catalog
from dilmac.cli.main import app

runner = CliRunner()

BABEL_CFG = """\
[ignore: app/static/**]
[python: app/**.py]
[jinja2: app/templates/**.html]
trimmed = true
[markdown: content/**.md]
"""
VIEWS = """\
from gettext import gettext as _, ngettext


def front_page(name, city, count):
    greeting = _("Welcome, %(name)s") % {"name": name}
    office = _("Office in {city} opened").format(city=city)
    releases = ngettext("%(num)d press release", "%(num)d press releases", count) % {"num": count}
    return greeting, office, releases
"""
TEMPLATE = """\
<!doctype html>
<h1>{{ _("Press releases") }}</h1>
<p>{% trans %}All rights
   reserved{% endtrans %}</p>
"""
PAGE = """\
---
title: About the Service
lang: en
---

The Service was founded in 2007.[^1]

[^1]: By a decree of the President.
"""
AZ = {
    "Welcome, %(name)s": "Xoş gəlmisiniz, %(name)s",
    "Office in {city} opened": "{city} şəhərində ofis açıldı",
    "Press releases": "Press-relizlər",
    "All rights reserved": "Bütün hüquqlar qorunur",
    "About the Service": "Xidmət haqqında",
    "The Service was founded in 2007.[^1]": "Xidmət 2007-ci ildə yaradılıb.[^1]",
    "By a decree of the President.": "Prezidentin fərmanı ilə.",
}
PLURAL_AZ = {0: "%(num)d press-reliz", 1: "%(num)d press-reliz"}


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    for name, text in {
        "babel.cfg": BABEL_CFG,
        "app/views.py": VIEWS,
        "app/templates/base.html": TEMPLATE,
        "app/static/vendor.py": '_("not ours")\n',
        "content/about.md": PAGE,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    return tmp_path


def translate(path: Path, translations: dict[str, str], plural: dict[int, str]) -> None:
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid_plural:
            entry.msgstr_plural = dict(plural)
        elif entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    write_catalog(catalog, path)


def i18next(js_libs: Path, tmp_path: Path, file: Path, lookups: list[dict]) -> list[str]:
    request, result = tmp_path / "request.json", tmp_path / "result.json"
    catalog = {"shape": "i18next", "file": str(file), "lang": "az", "domain": "messages", "lookups": lookups}
    request.write_text(json.dumps({"catalogs": [catalog]}), encoding="utf-8")
    done = subprocess.run(["node", "check.mjs", str(request), str(result)], cwd=js_libs, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(result.read_text(encoding="utf-8"))["results"][0]


def test_a_web_project_through_the_whole_workflow(project, js_libs, tmp_path):
    result = cli("catalog", "extract", "app", "content", "-o", "locales/messages.pot", "--project", "site")
    assert result.exit_code == 0, result.output
    assert result.output == "locales/messages.pot: 8 messages from 3 files\n"  # no warning, vendor ignored
    template = {e.msgid: e for e in read_catalog(project / "locales" / "messages.pot")}
    assert sorted(template) == sorted([*AZ, "%(num)d press release"])
    assert "python-brace-format" in template["Office in {city} opened"].flags
    assert "python-format" in template["Welcome, %(name)s"].flags
    assert template["All rights reserved"].occurrences == [("app/templates/base.html", "3")]

    result = cli("catalog", "update", "locales/messages.pot", "-d", "locales", "-l", "az", "--init-missing")
    assert result.exit_code == 0, result.output
    po = project / "locales" / "az" / "LC_MESSAGES" / "messages.po"
    translate(po, AZ, PLURAL_AZ)
    check = cli("catalog", "extract", "app", "content", "-o", "locales/messages.pot", "--project", "site", "--check")
    assert check.exit_code == 0, check.output
    assert cli("catalog", "update", "locales/messages.pot", "-d", "locales", "--check").exit_code == 0
    assert cli("lint", "--no-config", str(po)).exit_code == 0

    result = cli("catalog", "compile", "-d", "locales")
    assert result.exit_code == 0, result.output
    shown = "locales/az/LC_MESSAGES/messages"
    assert result.output == f"{shown}.po → {shown}.mo: 8 messages\n"
    az = gettext.translation("messages", str(project / "locales"), ["az"])
    assert az.gettext("Welcome, %(name)s") % {"name": "Aysel"} == "Xoş gəlmisiniz, Aysel"
    assert az.gettext("Office in {city} opened").format(city="Gəncə") == "Gəncə şəhərində ofis açıldı"
    assert az.ngettext("%(num)d press release", "%(num)d press releases", 5) % {"num": 5} == "5 press-reliz"

    result = cli("catalog", "export-json", "locales", "-o", "public/locales", "--convert-placeholders")
    assert result.exit_code == 0, result.output
    exported = project / "public" / "locales" / "az" / "messages.json"
    assert i18next(
        js_libs,
        tmp_path,
        exported,
        [
            {"msgid": "Welcome, %(name)s", "vars": {"name": "Aysel"}},
            {"msgid": "Office in {city} opened", "vars": {"city": "Gəncə"}},
            {"msgid": "%(num)d press release", "plural": True, "n": 5, "vars": {"num": 5}},
            {"msgid": "About the Service"},
        ],
    ) == ["Xoş gəlmisiniz, Aysel", "Gəncə şəhərində ofis açıldı", "5 press-reliz", "Xidmət haqqında"]

    result = cli("catalog", "build", "content/about.md", "--po", str(po))
    assert result.exit_code == 0, result.output
    built = (project / "content" / "about.az.md").read_text(encoding="utf-8")
    assert built.startswith("---\ntitle: Xidmət haqqında\nlang: az\n---")
    assert "[^1]: Prezidentin fərmanı ilə." in built


def test_the_issues_broken_catalog_is_refused_with_file_and_line(project, js_libs, tmp_path):
    assert cli("catalog", "extract", "app", "content", "-o", "locales/messages.pot").exit_code == 0
    assert (
        cli("catalog", "update", "locales/messages.pot", "-d", "locales", "-l", "az", "--init-missing").exit_code == 0
    )
    po = project / "locales" / "az" / "LC_MESSAGES" / "messages.po"
    translate(po, {**AZ, "Welcome, %(name)s": "Xoş gəlmisiniz, %(ad)s"}, PLURAL_AZ)
    line = po.read_text(encoding="utf-8").splitlines().index('msgstr "Xoş gəlmisiniz, %(ad)s"') + 1
    mo, exported = po.with_suffix(".mo"), project / "public" / "az" / "messages.json"
    expected = f"locales/az/LC_MESSAGES/messages.po:{line}: error: msgstr: python-format: “%(ad)s” not in the source"

    result = cli("catalog", "compile", "-d", "locales")
    assert result.exit_code == 1
    assert result.stderr.startswith(expected)
    assert "1 error: no MO file written" in result.stderr and not mo.exists()
    result = cli("catalog", "export-json", "locales", "-o", "public")
    assert result.exit_code == 1 and result.stderr.startswith(expected) and not exported.exists()

    # --allow-errors writes the rest; the broken message falls back to the source text
    result = cli("catalog", "compile", "-d", "locales", "--allow-errors")
    assert result.exit_code == 0 and "(1 with errors left out)" in result.output
    az = gettext.translation("messages", str(project / "locales"), ["az"])
    assert az.gettext("Welcome, %(name)s") % {"name": "Aysel"} == "Welcome, Aysel"
    assert az.gettext("Press releases") == "Press-relizlər"
    result = cli("catalog", "export-json", "locales", "-o", "public", "--allow-errors")
    assert result.exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert "Welcome, %(name)s" not in data and data["Press releases"] == "Press-relizlər"


def test_untranslated_messages_in_i18next(project, js_libs, tmp_path):
    assert cli("catalog", "extract", "app", "content", "-o", "locales/messages.pot").exit_code == 0
    assert cli("catalog", "init", "locales/messages.pot", "-d", "locales", "-l", "az").exit_code == 0
    po = project / "locales" / "az" / "LC_MESSAGES" / "messages.po"
    translate(po, {"Press releases": "Press-relizlər"}, {})
    out = project / "public"
    lookups = [
        {"msgid": "%(num)d press release", "plural": True, "n": 1, "vars": {"num": 1}},
        {"msgid": "%(num)d press release", "plural": True, "n": 5, "vars": {"num": 5}},
        {"msgid": "All rights reserved"},
    ]
    # default: left out; i18next falls back to the key
    assert cli("catalog", "export-json", "locales", "-o", str(out)).exit_code == 0
    data = json.loads((out / "az" / "messages.json").read_text(encoding="utf-8"))
    assert data == {"Press releases": "Press-relizlər"}
    # --untranslated source: the English forms, placeholders as i18next's, the plural by count
    result = cli(
        "catalog", "export-json", "locales", "-o", str(out), "--untranslated", "source", "--convert-placeholders"
    )
    assert result.exit_code == 0, result.output
    got = i18next(js_libs, tmp_path, out / "az" / "messages.json", lookups)
    assert got == ["1 press release", "5 press releases", "All rights reserved"]
    # without converting, a source text with a placeholder is never exported raw
    result = cli("catalog", "export-json", "locales", "-o", str(out), "--untranslated", "source")
    data = json.loads((out / "az" / "messages.json").read_text(encoding="utf-8"))
    assert not any("%(" in key and "%(" in value for key, value in data.items())
    assert "untranslated messages with placeholders left out" in result.stderr
