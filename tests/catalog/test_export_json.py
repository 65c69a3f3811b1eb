"""`dilmac catalog export-json`: the JSON is loaded into the real i18next, Jed and gettext.js
(installed from tests/js/package-lock.json) and every lookup is compared with what gettext
would show: polib's msgstr, the plural form picked by the catalog's Plural-Forms, CLDR's
categories from Babel."""

from __future__ import annotations

import gettext
import json
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel import Locale
from typer.testing import CliRunner

from dilmac.catalog import export_json as ej
from dilmac.cli.main import app
from dilmac.core.errors import DilmacError

HERE = Path(__file__).parents[1]
JS_DIR = HERE / "js"
DATA = HERE / "data" / "export"
LOCALE_DIR = DATA / "locale"
AZ_PO = LOCALE_DIR / "az" / "LC_MESSAGES" / "press.po"
TR_PO = LOCALE_DIR / "tr" / "LC_MESSAGES" / "press.po"
GETTEXT_JS_PO = DATA / "gettext-js-tr.po"
REAL_CATALOGS = (
    "baobab-az.po",
    "baobab-tr.po",
    "caja-az.po",
    "django-allauth-az.po",
    "django-allauth-tr.po",
    "django-import-export-tr.po",
    "mc-az.po",
    "mc-tr.po",
    "thunar-tr.po",
)
COUNTS = range(201)
GETTEXT_JS_FORMATTED = re.compile(r"%[%\d]")
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: {plural}\\n"\n\n'
)
runner = CliRunner()


def write_po(path: Path, body: str, *, lang: str = "az", plural: str = "nplurals=2; plural=(n != 1);") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang, plural=plural) + body, encoding="utf-8")
    return path


def export(*args: str):
    return runner.invoke(app, ["catalog", "export-json", *args])


# --- the JavaScript side -------------------------------------------------------------------


def run_js(js_dir: Path, tmp_path: Path, catalogs: list[dict], plural_rules: dict | None = None) -> dict:
    request, result = tmp_path / "request.json", tmp_path / "result.json"
    request.write_text(json.dumps({"catalogs": catalogs, "plural_rules": plural_rules or {}}), encoding="utf-8")
    done = subprocess.run(
        ["node", "check.mjs", str(request), str(result)], cwd=js_dir, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(result.read_text(encoding="utf-8"))


# --- what gettext shows, computed from polib and the stdlib, independently of the exporter --


def gettext_plural(po: polib.POFile):
    header = po.metadata["Plural-Forms"]
    nplurals = int(header.split("nplurals=")[1].split(";")[0])
    formula = gettext.c2py(header.split("plural=")[1].rstrip().rstrip(";"))
    return lambda n: formula(n) if formula(n) < nplurals else 0


def expected_lookups(po_path: Path, shape: str) -> tuple[list[dict], list[str]]:
    """Every translated message (plurals for n = 0…200) with the text gettext shows, and every
    untranslated singular one, for which the libraries must fall back to the msgid."""
    po = polib.pofile(str(po_path))
    index = gettext_plural(po)
    lookups, expected = [], []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.translated():
            if entry.msgid_plural:
                for n in COUNTS:
                    lookups.append(
                        {"msgid": entry.msgid, "context": entry.msgctxt, "plural": entry.msgid_plural, "n": n}
                    )
                    expected.append(entry.msgstr_plural[index(n)])
            else:
                lookups.append({"msgid": entry.msgid, "context": entry.msgctxt})
                expected.append(entry.msgstr)
        elif not entry.msgid_plural and not (shape == "gettext-js" and GETTEXT_JS_FORMATTED.search(entry.msgid)):
            # (gettext.js formats the msgid it falls back to: "%3d%%" → "undefinedd%", whatever the JSON)
            lookups.append({"msgid": entry.msgid, "context": entry.msgctxt})
            expected.append(entry.msgid)
    return lookups, expected


def check_against_gettext(js_dir: Path, tmp_path: Path, po_paths: list[Path], shape: str) -> int:
    """Export, look every message up in the library, compare; returns the number of lookups."""
    out = tmp_path / "out"
    result = export(*map(str, po_paths), "--output", str(out), "--shape", shape)
    assert result.exit_code == 0, result.output
    catalogs, expectations, langs = [], [], set()
    for po_path in po_paths:
        catalog = ej.read_catalog(po_path)
        domain = catalog.domain or ej.DEFAULT_DOMAIN[shape]
        lookups, expected = expected_lookups(po_path, shape)
        catalogs.append(
            {
                "shape": shape,
                "file": str(out / catalog.lang / f"{domain}.json"),
                "lang": catalog.lang,
                "domain": domain,
                "lookups": lookups,
            }
        )
        expectations.append(expected)
        langs.add(catalog.lang)
    answer = run_js(js_dir, tmp_path, catalogs, {lang: list(COUNTS) for lang in langs})
    for po_path, catalog, expected, got in zip(po_paths, catalogs, expectations, answer["results"]):
        wrong = [(lookup, want, have) for lookup, want, have in zip(catalog["lookups"], expected, got) if want != have]
        assert not wrong, f"{po_path.name} ({shape}): {len(wrong)} lookups differ, e.g. {wrong[:3]}"
    for lang in langs:  # the categories i18next selects are CLDR's, as Babel has them
        rule = Locale.parse(lang.replace("-", "_")).plural_form
        assert answer["categories"][lang] == [rule(n) for n in COUNTS]
    return sum(len(c["lookups"]) for c in catalogs)


@pytest.mark.parametrize("shape", ej.SHAPES)
def test_real_az_and_tr_catalogs_look_up_as_in_gettext(js_libs, tmp_path, shared_data, shape):
    paths = [shared_data / "po" / name for name in REAL_CATALOGS]
    assert check_against_gettext(js_libs, tmp_path, paths, shape) > 5000


@pytest.mark.parametrize("shape", ej.SHAPES)
def test_hand_written_catalogs_look_up_as_in_gettext(js_libs, tmp_path, shape):
    check_against_gettext(js_libs, tmp_path, [AZ_PO, TR_PO], shape)


def _lookup(js_dir, tmp_path, shape, file, lang, domain, lookups):
    catalog = {"shape": shape, "file": str(file), "lang": lang, "domain": domain, "lookups": lookups}
    return run_js(js_dir, tmp_path, [catalog])["results"][0]


UPLOADED = {"msgid": "%d document uploaded", "plural": "%d documents uploaded"}


@pytest.mark.parametrize("shape", ej.SHAPES)
def test_contexts_plurals_and_fallbacks(js_libs, tmp_path, shape):
    out = tmp_path / "out"
    assert export(str(LOCALE_DIR), "-o", str(out), "--shape", shape).exit_code == 0
    lookups = [
        {"msgid": "Archive"},
        {"msgid": "Archive", "context": "verb"},
        {"msgid": "Archive", "context": "noun"},
        {**UPLOADED, "n": 0},
        {**UPLOADED, "n": 1},
        {**UPLOADED, "n": 21},
        {"msgid": "%d result", "context": "search", "plural": "%d results", "n": 0},
        {"msgid": "Turnout: 50%"},
        {"msgid": "%d%% of the budget"},
        {"msgid": "Contact the ministry"},
        {"msgid": "Subscribe to the newsletter"},
    ]
    tr = _lookup(js_libs, tmp_path, shape, out / "tr" / "press.json", "tr", "press", lookups)
    # Turkish `plural=(n > 1)`: 0 takes the singular form, although CLDR's category for 0 is "other"
    assert tr == [
        "Arşiv bölümü",
        "Arşivle",
        "Arşiv",
        "Yüklenen belge: %d",
        "Yüklenen belge: %d",
        "Yüklenen belgeler: %d",
        "Bulunan sonuç: %d",
        "Katılım: %50",
        "bütçenin %%%d'si",
        "Contact the ministry",
        "Subscribe to the newsletter",
    ]  # fuzzy and untranslated: the msgid
    az = _lookup(js_libs, tmp_path, shape, out / "az" / "press.json", "az", "press", lookups)
    assert az[3:6] == ["Yüklənən sənədlər: %d", "Yüklənən sənəd: %d", "Yüklənən sənədlər: %d"]
    assert az[-2:] == ["Contact the ministry", "Subscribe to the newsletter"]


@pytest.mark.parametrize("shape", ej.SHAPES)
def test_use_fuzzy_exports_fuzzy_translations(js_libs, tmp_path, shape):
    out = tmp_path / "press.json"
    assert export(str(AZ_PO), "-o", str(out), "--shape", shape, "--use-fuzzy", "--domain", "press").exit_code == 0
    [text] = _lookup(js_libs, tmp_path, shape, out, "az", "press", [{"msgid": "Contact the ministry"}])
    assert text == "Nazirliklə əlaqə"


def test_i18next_placeholder_conversion(js_libs, tmp_path):
    out = tmp_path / "press.json"
    result = export(str(AZ_PO), "-o", str(out), "--convert-placeholders")
    assert result.exit_code == 0, result.output
    assert f"{AZ_PO}:53: placeholders kept as they are" in result.stderr  # "Page {0} of {1}"
    texts = _lookup(
        js_libs,
        tmp_path,
        "i18next",
        out,
        "az",
        "translation",
        [
            {"msgid": "Welcome, {name}!", "vars": {"name": "Aysel"}},
            {"msgid": "%(count)s new comment", "plural": "%(count)s new comments", "n": 5},
            {"msgid": "%(count)s new comment", "plural": "%(count)s new comments", "n": 1},
            {"msgid": "Page {0} of {1}"},
            {"msgid": "%d%% of the budget"},
        ],
    )
    assert texts == ["Xoş gəlmisiniz, Aysel!", "Yeni şərhlər: 5", "Yeni şərh: 1", "Səhifə {0} / {1}", "büdcənin %d%%-i"]


def test_gettext_js_placeholders(js_libs, tmp_path):
    lookups = [
        {"msgid": "Hello %1", "args": ["Aysel"]},
        {"msgid": "%1 file in %2", "plural": "%1 files in %2", "n": 3, "args": [3, "arşiv"]},
        {"msgid": "%1 file in %2", "plural": "%1 files in %2", "n": 1, "args": [1, "arşiv"]},
        {"msgid": "Interest rate: %%%1", "args": [20]},
    ]
    live, verbatim = tmp_path / "live.json", tmp_path / "verbatim.json"
    assert (
        export(str(GETTEXT_JS_PO), "-o", str(live), "--shape", "gettext-js", "--gettext-js-placeholders").exit_code == 0
    )
    assert _lookup(js_libs, tmp_path, "gettext-js", live, "tr", "messages", lookups) == [
        "Merhaba Aysel",
        "arşiv içindeki dosyalar: 3",
        "arşiv içinde 1 dosya",
        "Faiz oranı: %20",
    ]
    # Without the option the texts come back as the catalog has them, for the app's own formatting.
    assert export(str(GETTEXT_JS_PO), "-o", str(verbatim), "--shape", "gettext-js").exit_code == 0
    assert _lookup(js_libs, tmp_path, "gettext-js", verbatim, "tr", "messages", lookups) == [
        "Merhaba %1",
        "%2 içindeki dosyalar: %1",
        "%2 içinde %1 dosya",
        "Faiz oranı: %%%1",
    ]


# --- the shapes ---------------------------------------------------------------------------


def test_i18next_keys(tmp_path):
    data, notices = ej.to_i18next(ej.read_catalog(TR_PO))
    assert notices == []
    assert data["Archive"] == "Arşiv bölümü" and data["Archive_verb"] == "Arşivle"
    assert data["Search: mfa.gov.az"] == "Arama: mfa.gov.az"
    assert {k: v for k, v in data.items() if k.startswith("%d result")} == {
        "%d result_search_one": "Bulunan sonuç: %d",
        "%d result_search_other": "Bulunan sonuçlar: %d",
        "%d result_search_zero": "Bulunan sonuç: %d",
    }
    assert "Contact the ministry" not in data and "Subscribe to the newsletter" not in data
    assert "Old menu" not in data and not any(k.startswith("%d archived page") for k in data)
    az, _ = ej.to_i18next(ej.read_catalog(AZ_PO))
    assert [k for k in az if k.startswith("%d document")] == ["%d document uploaded_one", "%d document uploaded_other"]


def test_jed_and_gettext_js_shapes():
    catalog = ej.read_catalog(TR_PO)
    jed = ej.to_jed(catalog, "press")
    messages = jed["locale_data"]["press"]
    assert jed["domain"] == "press"
    assert messages[""] == {"domain": "press", "lang": "tr", "plural_forms": "nplurals=2; plural=(n > 1);"}
    assert messages["verb\x04Archive"] == ["Arşivle"]
    assert messages["%d document uploaded"] == ["Yüklenen belge: %d", "Yüklenen belgeler: %d"]
    gjs = ej.to_gettext_js(catalog)
    assert gjs[""] == {"language": "tr", "plural-forms": "nplurals=2; plural=(n > 1);"}
    assert gjs["verb\x04Archive"] == "Arşivle"
    assert gjs["%d document uploaded"] == ["Yüklenen belge: %d", "Yüklenen belgeler: %d"]
    assert gjs["Turnout: 50%"] == "Katılım: %%50" and gjs["Press releases"] == "Basın açıklamaları"


def test_i18next_key_collision_is_an_error(tmp_path):
    po = write_po(
        tmp_path / "az.po",
        'msgctxt "menu"\nmsgid "Close"\nmsgstr "Bağla"\n\nmsgid "Close_menu"\nmsgstr "Menyunu bağla"\n',
    )
    with pytest.raises(DilmacError) as error:
        ej.to_i18next(ej.read_catalog(po))
    assert error.value.line == 11 and "line 7" in error.value.message
    assert ej.to_jed(ej.read_catalog(po), "messages")  # gettext keys keep them apart


def test_i18next_notices(tmp_path):
    po = write_po(
        tmp_path / "tr.po",
        'msgctxt ""\nmsgid "Empty context"\nmsgstr "Boş bağlam"\n\nmsgid "Hi {{name}}"\nmsgstr "Merhaba {{name}}"\n',
        lang="tr",
    )
    data, notices = ej.to_i18next(ej.read_catalog(po))
    assert data == {"Hi {{name}}": "Merhaba {{name}}"}
    assert [(n.line, n.message.split(":")[0]) for n in notices] == [
        (7, "skipped"),
        (11, "i18next reads '{{…}}' and '$t(…)' in this translation as interpolation or nesting, not as text"),
    ]


# --- plural rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, nplurals, expression",
    [
        ("nplurals=2; plural=(n != 1);", 2, "(n != 1)"),
        ("nplurals = 2 ; plural = n > 1", 2, "n > 1"),
        ("nplurals=1; plural=0;", 1, "0"),
    ],
)
def test_plural_forms_parse(header, nplurals, expression):
    forms = ej.PluralForms.parse(header, Path("x.po"))
    assert (forms.nplurals, forms.expression) == (nplurals, expression)
    assert forms.header == f"nplurals={nplurals}; plural={expression};"


@pytest.mark.parametrize("header", ["plural=(n != 1);", "nplurals=0; plural=0;", "nplurals=2; plural=n +* 1;"])
def test_bad_plural_forms(header):
    with pytest.raises(DilmacError) as error:
        ej.PluralForms.parse(header, Path("x.po"))
    assert error.value.path == "x.po" and "nplurals=2; plural=(n != 1);" in error.value.hint


def test_plural_index_out_of_range_falls_back_to_zero_as_in_gnu_gettext():
    forms = ej.PluralForms.parse("nplurals=2; plural=n;", Path("x.po"))
    assert [forms.index(n) for n in (0, 1, 2, 7)] == [0, 1, 0, 0]


@pytest.mark.parametrize(
    "lang, header, categories, zero",
    [
        ("az", "nplurals=2; plural=(n != 1);", {"one": 0, "other": 1}, None),
        ("tr", "nplurals=2; plural=(n > 1);", {"one": 0, "other": 1}, 0),
        ("tr", "nplurals=1; plural=0;", {"one": 0, "other": 0}, None),
        ("en", "nplurals=2; plural=(n != 1);", {"one": 0, "other": 1}, None),
        (
            "ru",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
            {"one": 0, "few": 1, "many": 2, "other": 2},
            None,
        ),
        (
            "ar",
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
            {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 4, "other": 5},
            None,
        ),
        # gettext's order of forms is the catalog's, not CLDR's: "other" first here
        ("az", "nplurals=2; plural=(n == 1 ? 1 : 0);", {"one": 1, "other": 0}, None),
    ],
)
def test_plural_map(lang, header, categories, zero):
    mapping = ej.plural_map(Locale.parse(lang), ej.PluralForms.parse(header, Path("x.po")))
    assert (mapping.categories, mapping.zero, mapping.mismatches) == (categories, zero, ())


def test_plural_rules_that_disagree_with_cldr_are_reported(tmp_path):
    po = write_po(
        tmp_path / "az.po",
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
        plural="nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    )
    mapping = ej.plural_map(Locale.parse("az"), ej.read_catalog(po).plural_forms)
    assert mapping.mismatches[:4] == (2, 3, 4, 21)
    _, [notice] = ej.to_i18next(ej.read_catalog(po))
    assert "disagree: i18next shows another form than gettext for n = 2, 3, 4, 21" in notice.message


def test_jed_needs_plural_expressions_its_parser_reads(tmp_path):
    po = write_po(tmp_path / "az.po", 'msgid "a"\nmsgstr "b"\n', plural="nplurals=2; plural=!(n == 1);")
    with pytest.raises(DilmacError, match="Jed cannot evaluate"):
        ej.to_jed(ej.read_catalog(po), "messages")
    assert ej.to_gettext_js(ej.read_catalog(po))[""]["plural-forms"] == "nplurals=2; plural=!(n == 1);"


def test_missing_plural_forms_header_uses_the_languages_rule(tmp_path):
    po = tmp_path / "tr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert ej.read_catalog(po).plural_forms.header == "nplurals=2; plural=(n != 1);"  # dilmac's rule for tr


# --- reading catalogs ----------------------------------------------------------------------


def test_language_and_domain(tmp_path):
    body = 'msgid "a"\nmsgstr "b"\n'
    assert (ej.read_catalog(TR_PO).lang, ej.read_catalog(TR_PO).domain) == ("tr", "press")
    no_header = write_po(tmp_path / "import-export-tr.po", body, lang="")
    assert (ej.read_catalog(no_header).lang, ej.read_catalog(no_header).domain) == ("tr", "import-export")
    assert ej.read_catalog(write_po(tmp_path / "az.po", body, lang="az_AZ")).lang == "az-AZ"
    assert ej.read_catalog(tmp_path / "az.po").domain is None
    assert ej.read_catalog(write_po(tmp_path / "site-bar.po", body, lang="tr")).domain == "site-bar"
    assert ej.read_catalog(no_header, lang="az").lang == "az"
    with pytest.raises(DilmacError, match="cannot tell the catalog's language"):
        ej.read_catalog(write_po(tmp_path / "site.po", body, lang=""))
    with pytest.raises(DilmacError, match="not a language CLDR knows"):
        ej.read_catalog(no_header, lang="xx-nonsense")


def test_real_catalog_without_language_header(shared_data):
    catalog = ej.read_catalog(shared_data / "po" / "django-import-export-tr.po")
    assert (catalog.lang, catalog.domain, catalog.plural_forms.header) == (
        "tr",
        "django-import-export",
        "nplurals=2; plural=(n > 1);",
    )


def test_plural_message_short_of_forms_is_an_error(tmp_path):
    po = write_po(
        tmp_path / "az.po", 'msgid "a"\nmsgstr "b"\n\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fayl"\n'
    )
    with pytest.raises(DilmacError) as error:
        ej.read_catalog(po)
    assert (error.value.path, error.value.line) == (str(po), 10)
    assert "Plural-Forms asks for 2" in error.value.message


def test_syntax_error_names_the_line(tmp_path):
    po = write_po(tmp_path / "az.po", 'msgid "a"\nmsgstr "b "quoted""\n')
    with pytest.raises(DilmacError) as error:
        ej.read_catalog(po)
    assert (error.value.line, error.value.message) == (8, "PO syntax error: unescaped double quote found")


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_lang_domain_files(tmp_path):
    out = tmp_path / "out"
    result = export(str(LOCALE_DIR), "--output", str(out), "--shape", "jed")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{out / 'az' / 'press.json'}: 13 messages from {AZ_PO} (jed, az)",
        f"{out / 'tr' / 'press.json'}: 13 messages from {TR_PO} (jed, tr)",
    ]
    data = json.loads((out / "tr" / "press.json").read_text(encoding="utf-8"))
    assert data["locale_data"]["press"]["Archive"] == ["Arşiv bölümü"]
    assert sorted(p.name for p in (out / "tr").iterdir()) == ["press.json"]  # no temporary file left


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.po"], "missing.po: no such file"),
        ([str(DATA / "gettext-js-tr.po"), str(AZ_PO)], "is one file, but 2 catalogs are given"),
        ([str(AZ_PO), "--shape", "jed", "--convert-placeholders"], "--convert-placeholders is for --shape i18next"),
        ([str(AZ_PO), "--gettext-js-placeholders"], "--gettext-js-placeholders is for --shape gettext-js"),
        (["press.pot"], "press.pot: not a .po file"),
        (["empty"], "empty: no .po file in this directory"),
    ],
)
def test_cli_errors_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "press.pot").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = export(*args, "--output", str(tmp_path / "out.json"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_cli_refuses_two_catalogs_for_one_file(tmp_path):
    one, two = tmp_path / "a" / "app-az.po", tmp_path / "b" / "app-az.po"
    for path in (one, two):
        write_po(path, 'msgid "a"\nmsgstr "b"\n')
    result = export(str(tmp_path), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr and not (tmp_path / "out").exists()


def test_cli_error_names_file_and_line(tmp_path):
    po = write_po(tmp_path / "az.po", 'msgid "a"\nmsgstr "b "quoted""\n')
    result = export(str(po), "--output", str(tmp_path / "out.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {po}:8: PO syntax error")


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "az.json"
    target.write_text('{"old": "köhnə"}\n', encoding="utf-8")
    with pytest.raises(TypeError):
        ej.write_json(target, {"new": object()})
    assert target.read_text(encoding="utf-8") == '{"old": "köhnə"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["az.json"]


def test_startup_does_not_import_the_exporter():
    code = (
        "import sys, dilmac.cli.main; print([m for m in ('polib', 'babel', 'dilmac.catalog.export_json') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
