"""`dilmac catalog compile`: our MO against the one GNU msgfmt builds, on every real catalog.

For each catalog in the shared data, Python's gettext must give the same answer from both MO
files for every msgid (gettext/pgettext) and every plural message for n = 0..200
(ngettext/npgettext), with fuzzy entries left out and, separately, with --use-fuzzy.
"""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.catalog.io import parse_catalog, read_catalog
from dilmac.catalog.mofile import compile_catalog
from dilmac.cli.main import app
from dilmac.core.errors import DilmacError

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
runner = CliRunner()


def shared_catalogs(shared_data: Path) -> list[Path]:
    found = sorted((shared_data / "po").glob("*.po"))
    assert len(found) >= 9, "the shared data should hold the nine catalogs of SOURCES.md"
    return found


def msgfmt(path: Path, use_fuzzy: bool) -> bytes:
    args = [MSGFMT, "-o", "-", str(path)] + (["--use-fuzzy"] if use_fuzzy else [])
    return subprocess.run(args, capture_output=True, check=True).stdout


def translations(data: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(data))


def lookups(catalog, mo: gettext.GNUTranslations) -> list:
    """Every answer an application can get from the MO for this catalog's messages."""
    answers = []
    for entry in catalog:
        if entry.msgid_plural:
            for n in range(201):
                if entry.msgctxt is None:
                    answers.append(mo.ngettext(entry.msgid, entry.msgid_plural, n))
                else:
                    answers.append(mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n))
        elif entry.msgctxt is None:
            answers.append(mo.gettext(entry.msgid))
        else:
            answers.append(mo.pgettext(entry.msgctxt, entry.msgid))
    return answers


@needs_msgfmt
@pytest.mark.parametrize("use_fuzzy", [False, True], ids=["without-fuzzy", "use-fuzzy"])
def test_every_lookup_matches_msgfmt(shared_data, use_fuzzy):
    for path in shared_catalogs(shared_data):
        catalog = read_catalog(path)
        ours = translations(compile_catalog(catalog, use_fuzzy=use_fuzzy).data)
        theirs = translations(msgfmt(path, use_fuzzy))
        assert lookups(catalog, ours) == lookups(catalog, theirs), path.name
        # The whole table too, the header included: nothing more, nothing less.
        assert ours._catalog == theirs._catalog, path.name
        assert [ours.plural(n) for n in range(201)] == [theirs.plural(n) for n in range(201)]


@needs_msgfmt
def test_fuzzy_entries_are_left_out_unless_asked(shared_data):
    path = shared_data / "po" / "mc-tr.po"
    catalog = read_catalog(path)
    fuzzy = [e for e in catalog if "fuzzy" in e.flags and not e.obsolete and e.msgstr]
    assert len(fuzzy) == 2  # SOURCES.md: 2 fuzzy
    without = compile_catalog(catalog)
    with_fuzzy = compile_catalog(catalog, use_fuzzy=True)
    assert without.fuzzy_left_out == 2 and with_fuzzy.fuzzy_left_out == 0
    assert with_fuzzy.messages == without.messages + 2
    for entry in fuzzy:
        assert translations(without.data).gettext(entry.msgid) == entry.msgid
        assert translations(with_fuzzy.data).gettext(entry.msgid) == entry.msgstr


@needs_msgfmt
def test_plural_forms_header_is_honoured(shared_data):
    # baobab-tr has nplurals=1 (plural=0), baobab-az nplurals=2: the MO must say so.
    tr = translations(compile_catalog(read_catalog(shared_data / "po" / "baobab-tr.po")).data)
    az = translations(compile_catalog(read_catalog(shared_data / "po" / "baobab-az.po")).data)
    assert {tr.plural(n) for n in range(201)} == {0}
    assert az.plural(1) == 0 and az.plural(2) == 1 and az.plural(0) == 1


@needs_msgfmt
def test_gnu_tools_read_our_mo(tmp_path, shared_data):
    path = shared_data / "po" / "django-allauth-tr.po"
    mo = tmp_path / "tr.mo"
    mo.write_bytes(compile_catalog(read_catalog(path)).data)
    ours = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
    (tmp_path / "ref.mo").write_bytes(msgfmt(path, False))
    ref = subprocess.run(["msgunfmt", str(tmp_path / "ref.mo")], capture_output=True, text=True, check=True).stdout
    assert ours == ref


def small(text: str):
    return parse_catalog(text, "small.po")


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"POT-Creation-Date: 2024-01-01 10:00+0000\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def test_msgfmt_rules_for_plurals_and_the_header():
    catalog = small(
        HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] "x"\n\n'
        'msgid "b"\nmsgid_plural "bs"\nmsgstr[0] "bir"\nmsgstr[1] ""\n'
    )
    mo = translations(compile_catalog(catalog).data)
    assert mo.ngettext("a", "as", 2) == "as"  # msgstr[0] empty: left out, as msgfmt does
    assert mo.ngettext("b", "bs", 2) == ""  # msgstr[0] filled: kept with its empty form
    assert "POT-Creation-Date" not in mo._catalog[""]


def test_duplicate_messages_are_an_error_with_both_lines():
    catalog = small(HEADER + 'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n')
    with pytest.raises(DilmacError) as caught:
        compile_catalog(catalog)
    assert caught.value.line == 10 and "line 7" in caught.value.hint


def test_unusable_plural_forms_is_an_error_naming_the_header_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text(HEADER.replace("(n != 1)", "(n !! 1)"), encoding="utf-8")
    with pytest.raises(DilmacError) as caught:
        compile_catalog(read_catalog(path))
    assert caught.value.line == 5 and "Plural-Forms" in str(caught.value)


@needs_msgfmt
def test_cli_compile_writes_mo_files_beside_the_catalogs(tmp_path, shared_data):
    for name in ("mc-az.po", "baobab-tr.po"):
        shutil.copy(shared_data / "po" / name, tmp_path / name)
    result = runner.invoke(app, ["catalog", "compile", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'mc-az.po'} → {tmp_path / 'mc-az.mo'}: 281 messages (2 fuzzy left out)" in result.output
    for name in ("mc-az", "baobab-tr"):
        ours = translations((tmp_path / f"{name}.mo").read_bytes())
        assert ours._catalog == translations(msgfmt(tmp_path / f"{name}.po", False))._catalog


def test_cli_compile_refuses_one_output_for_several_catalogs(tmp_path):
    for name in ("a.po", "b.po"):
        (tmp_path / name).write_text(HEADER, encoding="utf-8")
    result = runner.invoke(
        app, ["catalog", "compile", str(tmp_path / "a.po"), str(tmp_path / "b.po"), "-o", str(tmp_path / "x.mo")]
    )
    assert result.exit_code == 2
    assert "--output names one file" in result.output
    assert not (tmp_path / "x.mo").exists()
