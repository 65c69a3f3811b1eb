"""Bilingual lint of translation catalogs: the PO and XLIFF readers (positions, escapes,
plurals, obsolete entries, headers, states), the `dilmac lint` command on small catalogs, and
every real catalog of ../shared/data/po and ../shared/data/xliff."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.document import FILLER, Document
from dilmac.core.errors import DilmacError
from dilmac.readers import read_document, read_text
from dilmac.rules._bilingual import message_text, plain

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def check_contract(doc: Document) -> None:
    for layer in (doc.text, doc.catalog.source_text if doc.catalog and doc.catalog.source_text else doc.text):
        assert len(layer) == len(doc.source)
        assert [i for i, c in enumerate(layer) if c == "\n"] == [i for i, c in enumerate(doc.source) if c == "\n"]


def po(source: str, path: str = "messages.po") -> Document:
    doc = read_text(source, path, "po")
    check_contract(doc)
    return doc


def visible(layer: str) -> str:
    """What a layer shows: its text with blanks and FILLER squeezed out."""
    return " ".join(layer.replace(FILLER, "").split())


def at(doc: Document, span: tuple[int, int]) -> str:
    return doc.text[span[0] : span[1]]


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: az_AZ\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)

# --------------------------------------------------------------------------- PO reader


def test_po_layers_hold_the_strings_where_they_stand():
    source = HEADER + '#: a.py:1\n#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Salam %(name)s"\n'
    doc = po(source)
    assert doc.lang == "az" and doc.catalog.source_lang == "en" and doc.catalog.format == "po"
    [unit] = doc.catalog.units
    assert unit.msgid == "Hello %(name)s" and unit.msgctxt is None
    assert unit.flags == {"python-format"} and not unit.fuzzy and not unit.untranslated
    start = source.index("Salam")
    assert unit.spans == ((start, start + len("Salam %(name)s")),)
    assert at(doc, unit.spans[0]) == "Salam %(name)s"
    hello = source.index("Hello")
    assert unit.source_spans == ((hello, hello + len("Hello %(name)s")),)
    # only the translation is text; the header, comments and keywords are blank
    assert visible(doc.text) == "Salam %(name)s"
    assert visible(doc.catalog.source_text) == "Hello %(name)s"


def test_po_escapes_decode_in_place():
    source = 'msgid "a"\nmsgstr "say \\"Bakı\\"\\nthen\\ttab \\\\ \\101"\n'
    doc = po(source, "x.az.po")
    [unit] = doc.catalog.units
    text = at(doc, unit.spans[0])
    assert (
        text
        == 'say "'
        + FILLER
        + "Bakı"
        + '"'
        + FILLER
        + " "
        + FILLER
        + "then "
        + FILLER
        + "tab \\"
        + FILLER
        + " A"
        + FILLER * 3
    )
    assert doc.text.index("Bakı") == source.index("Bakı")


def test_po_continuation_lines_and_positions():
    source = (
        'msgctxt "menu"\nmsgid ""\n"Open the "\n"file"\nmsgstr ""\n"Faylı "\n"açın"\n\nmsgid "Save"\nmsgstr "Saxla"\n'
    )
    doc = po(source, "az/messages.po")
    first, second = doc.catalog.units
    assert (first.msgid, first.msgctxt) == ("Open the file", "menu")
    assert doc.position(first.spans[0][0]) == (6, 2)  # the first non-empty literal
    assert doc.position(first.spans[0][1]) == (7, 6)
    assert visible(at(doc, first.spans[0])) == "Faylı açın"
    assert message_text(doc.text, doc.source, *first.spans[0], po=True)[0] == "Faylı açın"
    assert doc.lang == "az"  # from the az/ directory
    assert second.msgid == "Save" and at(doc, second.spans[0]) == "Saxla"


def test_po_a_token_wrapped_inside_is_joined_for_the_checks():
    source = 'msgid "x"\nmsgstr ""\n"Click <a href=\\"/u\\">here</"\n"a> now"\n'
    doc = po(source, "m.az.po")
    [unit] = doc.catalog.units
    joined, pieces = message_text(doc.text, doc.source, *unit.spans[0], po=True)
    assert joined.replace(FILLER, "") == 'Click <a href="/u">here</a> now'
    assert len(pieces) == 2


def test_po_plural_forms():
    source = HEADER + (
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fayl"\nmsgstr[1] "%d fayl."\n'
    )
    doc = po(source)
    [unit] = doc.catalog.units
    assert len(unit.spans) == 2 and len(unit.source_spans) == 2
    assert [at(doc, s) for s in unit.spans] == ["%d fayl", "%d fayl."]
    assert [doc.catalog.source_text[a:b] for a, b in unit.source_spans] == ["%d file", "%d files"]
    assert doc.position(unit.spans[1][0])[0] == source[: source.index('"%d fayl."')].count("\n") + 1


def test_po_obsolete_entries_are_ignored_and_keep_their_flags():
    source = (
        'msgid "Keep"\nmsgstr "Saxla"\n\n#, fuzzy\n#~ msgid "Old"\n#~ msgstr "Köhnə"\n\n'
        '#: b.py:2\nmsgid "New"\nmsgstr "Yeni"\n'
    )
    doc = po(source, "m.az.po")
    assert [u.msgid for u in doc.catalog.units] == ["Keep", "New"]
    assert not any(u.fuzzy for u in doc.catalog.units)  # the fuzzy flag was the obsolete entry's
    assert "Köhnə" not in visible(doc.text)


def test_po_untranslated_fuzzy_and_flags():
    source = (
        'msgid "a"\nmsgstr ""\n\n#, fuzzy, python-format\nmsgid "b %s"\nmsgstr "b %s"\n\n'
        '#, no-c-format\nmsgid "c"\nmsgstr "ç"\n'
    )
    units = po(source, "m.tr.po").catalog.units
    assert [(u.untranslated, u.fuzzy) for u in units] == [(True, False), (False, True), (False, False)]
    assert units[1].flags == {"python-format"} and units[2].flags == {"no-c-format"}


@pytest.mark.parametrize(
    ("header", "path", "lang"),
    [
        ('"Language: tr_TR\\n"', "x.po", "tr"),
        ('"Language: tr-TR\\n"', "x.po", "tr"),
        ('"Language: \\n"\n"Language-Team: Turkish <gnome-turk@gnome.org>\\n"', "x.po", "tr"),
        ('"Language: \\n"\n"Language-Team: LANGUAGE <LL@li.org>\\n"', "locale/az/LC_MESSAGES/django.po", "az"),
        ('"Language: nl\\n"', "x.po", "nl"),
        ('"Project-Id-Version: x\\n"', "x.po", None),
    ],
)
def test_po_language_from_header_team_or_path(header, path, lang):
    doc = po(f'msgid ""\nmsgstr ""\n{header}\n\nmsgid "a"\nmsgstr "b"\n', path)
    assert doc.lang == lang


def test_po_source_language_header():
    doc = po('msgid ""\nmsgstr ""\n"X-Source-Language: az\\n"\n"Language: tr\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    assert doc.catalog.source_lang == "az" and doc.lang == "tr"


def test_pot_template_text_is_its_source_strings():
    source = 'msgid ""\nmsgstr ""\n"Language: \\n"\n\nmsgid "The Turkish Council"\nmsgstr ""\n'
    doc = read_text(source, "messages.pot", "pot")
    assert doc.lang == "en" and doc.catalog.source_text is None
    [unit] = doc.catalog.units
    assert at(doc, unit.spans[0]) == "The Turkish Council"


def test_po_crlf_line_endings():
    doc = po('msgid "a"\r\nmsgstr "b c"\r\n', "m.az.po")
    [unit] = doc.catalog.units
    assert at(doc, unit.spans[0]) == "b c"


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, 8, "unterminated string"),
        ('msgid "a"\nmsgstr "b" x\n', 2, 8, "text after its closing quote"),
        ('msgid "a"\n"b\\"\n', 2, 1, "unterminated string"),
        ('msgstr "b"\n', 1, 1, "msgstr without a msgid"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, 1, "msgid without a msgstr"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, 1, "a second msgstr"),
        ('msgid "a"\nmsgstr\n', 2, 1, "must be followed by one quoted string"),
        ('msgid "a"\nmsgstr "b"\nhello\n', 3, 1, "unexpected text 'hello'"),
        ('"orphan"\nmsgid "a"\nmsgstr "b"\n', 1, 1, "no keyword before it"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 1, 1, "needs msgstr[0]"),
    ],
)
def test_po_syntax_errors_name_the_position(source, line, column, message):
    with pytest.raises(DilmacError) as caught:
        read_text(source, "bad.po", "po")
    error = caught.value
    assert (error.path, error.line, error.column) == ("bad.po", line, column)
    assert message in error.message and "msgfmt" in error.hint


def test_po_declared_legacy_charset(tmp_path):
    path = tmp_path / "legacy.tr.po"
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-9\\n"\n\n'
        'msgid "Turkey"\nmsgstr "Türkiye ve Iğdır"\n'
    )
    path.write_bytes(text.encode("iso-8859-9"))
    doc = read_document(path)
    assert visible(doc.text) == "Türkiye ve Iğdır"
    assert any("iso-8859-9" in n for n in doc.notices)


# Escapes as msgcat writes them; every other character is written as it is.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.lists(st.integers(min_value=1, max_value=60), max_size=4),
)
def test_po_reader_round_trips_any_translation(text, cuts):
    """Any msgstr, escaped and wrapped into continuation lines at any points between escapes,
    comes back: each plain character at its own position in the file, escapes decoded in place,
    the message joined whole."""
    pieces = [_ESCAPES.get(c, c) for c in text]
    literals, current = [], []
    for index, piece in enumerate(pieces):
        if index in cuts and current:
            literals.append("".join(current))
            current = []
        current.append(piece)
    literals.append("".join(current))
    source = 'msgid "m"\nmsgstr ""\n' + "".join(f'"{literal}"\n' for literal in literals)
    doc = po(source, "p.az.po")
    [unit] = doc.catalog.units
    assert unit.untranslated == (text == "")
    if not text:
        return
    joined, _ = message_text(doc.text, doc.source, *unit.spans[0], po=True)
    assert joined.replace(FILLER, "") == "".join(c if c.isprintable() or c not in _ESCAPES else " " for c in text)
    offset = source.index('msgstr ""\n') + len('msgstr ""\n')
    for literal in literals:
        start = offset + 1
        for piece in re.findall(r"\\.|[^\\]", literal, re.S):
            if len(piece) == 1:
                assert doc.text[start] == piece
            start += len(piece)
        offset += len(literal) + 3


_PO_BITS = st.sampled_from(
    [
        "msgid ",
        "msgstr ",
        "msgctxt ",
        "msgid_plural ",
        "msgstr[0] ",
        "msgstr[1] ",
        '"',
        '""',
        "\\",
        "\\n",
        "\n",
        "#",
        "#~ ",
        "#, fuzzy\n",
        "a",
        " ",
        "ə",
        "\r",
    ]
)


@given(st.lists(_PO_BITS, max_size=40).map("".join))
def test_po_reader_reads_or_says_where_it_cannot(source):
    try:
        doc = read_text(source, "f.po", "po")
    except DilmacError as error:
        assert error.path == "f.po" and error.line >= 1 and error.column >= 1
    else:
        check_contract(doc)
        for unit in doc.catalog.units:
            assert all(0 <= a <= b <= len(source) for a, b in unit.spans + unit.source_spans)


_XLIFF_BITS = st.sampled_from(
    [
        '<xliff version="1.2">',
        '<xliff version="2.0" trgLang="az">',
        "</xliff>",
        '<file target-language="tr">',
        "</file>",
        '<trans-unit id="1">',
        "</trans-unit>",
        '<unit id="u">',
        "</unit>",
        "<segment>",
        "</segment>",
        "<source>",
        "</source>",
        "<target>",
        "</target>",
        '<x id="1"/>',
        "<g>",
        "</g>",
        "&amp;",
        "&#10;",
        "a",
        "\n",
        "<![CDATA[<b>]]>",
        "<!-- c -->",
        '<ph id="2">',
        "</ph>",
    ]
)


@given(st.lists(_XLIFF_BITS, max_size=30).map("".join))
def test_xliff_reader_reads_or_says_where_it_cannot(source):
    try:
        doc = read_text(source, "f.xlf", "xliff")
    except DilmacError as error:
        assert error.path == "f.xlf" and error.line >= 1
    else:
        check_contract(doc)


# --------------------------------------------------------------------------- XLIFF reader

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" target-language="az-AZ" datatype="plaintext" original="x">
    <body>
      <group id="g">
        <trans-unit id="1">
          <source>The <g id="b">State Migration Service</g>'s &amp; <x id="N"/> news</source>
          <target state="translated"><g id="b">Dövlət Miqrasiya Xidməti</g>nin &amp; <x id="N"/> xəbərləri</target>
          <alt-trans><source>Old</source><target>Köhnə təklif</target></alt-trans>
        </trans-unit>
        <trans-unit id="2"><source>Later</source><target state="needs-translation">Later</target></trans-unit>
        <trans-unit id="3"><source>Review</source><target state="needs-review-translation">Bax</target></trans-unit>
        <trans-unit id="4" translate="no"><source>Code</source><target>Kod</target></trans-unit>
        <trans-unit id="5"><source>Empty</source></trans-unit>
        <trans-unit id="6"><source>Code <ph id="1">&lt;b&gt;</ph> end</source><target><![CDATA[Kod <i>]]> son</target></trans-unit>
      </group>
    </body>
  </file>
</xliff>
"""


def test_xliff_12_units_states_and_layout():
    doc = read_text(XLIFF_12, "messages.xlf", "xliff")
    check_contract(doc)
    assert doc.lang == "az" and doc.catalog.source_lang == "en" and doc.catalog.format == "xliff"
    units = {u.msgctxt: u for u in doc.catalog.units}
    assert set(units) == {"1", "2", "3", "5", "6"}  # translate="no" is not a message
    one = units["1"]
    assert one.msgid == 'The <g id="b">State Migration Service</g>\'s & <x id="N"/> news'
    assert visible(at(doc, one.spans[0])) == "Dövlət Miqrasiya Xidmətinin & xəbərləri"  # <g> joins, <x/> spaces
    start = XLIFF_12.index("Dövlət")
    assert doc.text[start : start + 6] == "Dövlət"
    assert (units["2"].untranslated, units["3"].fuzzy, units["5"].untranslated) == (True, True, True)
    assert not one.untranslated and not one.fuzzy
    assert visible(at(doc, units["6"].spans[0])) == "Kod <i> son"
    assert visible(doc.catalog.source_text[slice(*units["6"].source_spans[0])]) == "Code end"  # <ph> content is code
    assert "Köhnə" not in doc.text and "Old" not in doc.catalog.source_text  # alt-trans ignored


XLIFF_20 = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="tr">
 <file id="f1">
  <unit id="u1">
   <segment id="s1" state="final"><source>Hello <ph id="1"/></source><target>Merhaba <ph id="1"/></target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="initial"><source>Bye</source><target>Hoşça kal</target></segment>
  </unit>
  <unit id="u2"><segment><source>No state</source><target>Durum yok</target></segment></unit>
  <unit id="u3"><segment><source>Missing</source></segment></unit>
 </file>
</xliff>"""


def test_xliff_20_segments_and_states():
    doc = read_text(XLIFF_20, "m.xlf", "xliff")
    check_contract(doc)
    assert doc.lang == "tr"
    units = doc.catalog.units
    assert [u.msgctxt for u in units] == ["u1/s1", "u1/s2", "u2", "u3"]
    assert [(u.fuzzy, u.untranslated) for u in units] == [(False, False), (True, False), (False, False), (False, True)]
    assert visible(at(doc, units[2].spans[0])) == "Durum yok"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "<xliff version='1.2'><file><body><trans-unit id='1'><source>a</source></body></file></xliff>",
            "not well-formed",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            '<xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>',
            "declares XML entities",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xliff version="1.2">&e;</xliff>',
            "declares XML entities",
        ),
        ("<root><file/></root>", "not an XLIFF file"),
        (
            '<xliff version="1.2"><file target-language="az"/><file target-language="tr"/></xliff>',
            "another target language",
        ),
    ],
)
def test_xliff_bad_input_is_a_positioned_error(source, message):
    with pytest.raises(DilmacError) as caught:
        read_text(source, "bad.xlf", "xliff")
    assert message in caught.value.message
    assert caught.value.path == "bad.xlf" and caught.value.line is not None and caught.value.hint


# --------------------------------------------------------------------------- the lint command


@pytest.fixture()
def catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "locale"
    folder.mkdir()
    (folder / "app.tr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: tr_TR\\n"\n\n'
        '#: a.py:1\nmsgid "The Organization of Turkic States summit"\nmsgstr "Türk Konseyi zirvesi"\n\n'
        'msgctxt "news"\nmsgid "The International Organization for Migration visited Türkiye."\n'
        'msgstr "Türkiye\'yi ziyaret etti."\n\n'
        '#, python-format\nmsgid "%(count)d reports of the State Migration Service"\n'
        'msgstr "Devlet Göç Hizmeti: %(sayi)d rapor"\n\n'
        'msgid "Cancel"\nmsgstr "İptal"\n\n'
        '#, fuzzy\nmsgid "Turkic Council"\nmsgstr "Türk Konseyi"\n\n'
        'msgid "Later"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (folder / "plugin.tr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "Cancel"\nmsgstr "Vazgeç"\n', encoding="utf-8"
    )
    return folder


def lint_json(*args: str) -> tuple[int, dict]:
    result = invoke("lint", *args, "--termbase", MINI, "--date", "2024-05-01", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_cli_lints_catalogs_end_to_end(catalogs):
    code, data = lint_json(str(catalogs))
    assert code == 1
    by_rule = {}
    for finding in data["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding)
    app_po = str(catalogs / "app.tr.po")
    [wrong] = by_rule["term-wrong"]
    assert (wrong["path"], wrong["line"], wrong["column"], wrong["found"]) == (app_po, 7, 9, "Türk Konseyi")
    assert wrong["msgid"] == "The Organization of Turkic States summit" and wrong["msgctxt"] is None
    assert wrong["suggestions"] == ["Türk Devletleri Teşkilatı"]
    assert "term-superseded" not in by_rule  # term-wrong took that occurrence over
    [missing] = by_rule["term-missing"]
    assert (missing["line"], missing["msgctxt"], missing["concept"]) == (11, "news", "org.iom")
    assert "“Uluslararası Göç Örgütü”" in missing["message"]
    [placeholder] = by_rule["placeholder-mismatch"]
    assert (placeholder["line"], placeholder["found"]) == (15, "%(sayi)d")
    [inconsistent] = by_rule["translation-inconsistent"]
    assert inconsistent["path"] == str(catalogs / "plugin.tr.po") and inconsistent["found"] == "Vazgeç"
    assert f"{app_po}:18" in inconsistent["message"] and inconsistent["suggestions"] == ["İptal"]
    assert data["summary"]["messages"] == {"total": 7, "translated": 5, "fuzzy": 1, "untranslated": 1}
    assert all("msgid" in f for f in data["findings"])


def test_cli_check_fuzzy_checks_fuzzy_messages(catalogs):
    _, plain_run = lint_json(str(catalogs / "app.tr.po"))
    _, fuzzy_run = lint_json(str(catalogs / "app.tr.po"), "--check-fuzzy")
    fuzzy_lines = [f["line"] for f in fuzzy_run["findings"] if f["msgid"] == "Turkic Council"]
    assert fuzzy_lines and not [f for f in plain_run["findings"] if f["msgid"] == "Turkic Council"]


def test_cli_text_footer_counts_messages(catalogs):
    result = invoke("lint", str(catalogs), "--termbase", MINI, "--date", "2024-05-01")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].endswith("; 7 catalog messages: 5 translated, 1 fuzzy, 1 untranslated")


def test_cli_lang_overrides_the_header_and_other_languages_are_skipped(tmp_path):
    dutch = tmp_path / "nl.po"
    dutch.write_text('msgid ""\nmsgstr ""\n"Language: nl\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    result = invoke("lint", str(dutch), "--termbase", MINI, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"]["skipped"] == 1 and "language 'nl' is not checked" in data["summary"]["notices"][0]
    code, data = lint_json(str(dutch), "--lang", "az")
    assert code == 0 and data["summary"]["checked"] == 1 and data["summary"]["messages"]["total"] == 1


def test_cli_template_checks_its_source_strings(tmp_path):
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\n#: a.py:3\nmsgid "The Turkish Council met."\nmsgstr ""\n', encoding="utf-8")
    code, data = lint_json(str(pot))
    assert code == 1
    [finding] = data["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("term-forbidden", 5, 12)
    assert finding["msgid"] == "The Turkish Council met." and finding["lang"] == "en"
    assert "messages" not in data["summary"]  # a template has no translations to count


def test_cli_xliff_end_to_end(tmp_path):
    path = tmp_path / "validators.az.xlf"
    path.write_text(XLIFF_12.replace('<x id="N"/> xəbərləri', "xəbərləri"), encoding="utf-8")
    code, data = lint_json(str(path))
    assert code == 1
    mismatches = {(f["msgctxt"], f["message"]) for f in data["findings"] if f["rule"] == "placeholder-mismatch"}
    assert mismatches == {
        ("1", 'XLIFF inline codes differ from the source: “<x id="N"/>” missing'),
        ("6", 'XLIFF inline codes differ from the source: “<ph id="1">”, “</ph>” missing'),
        ("6", "HTML/XML tags differ from the source: “<i>” not in the source"),
    }
    assert data["summary"]["messages"] == {"total": 5, "translated": 2, "fuzzy": 1, "untranslated": 2}


def test_cli_catalog_syntax_error_exits_2(tmp_path):
    path = tmp_path / "bad.az.po"
    path.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = invoke("lint", str(path), "--termbase", MINI)
    assert result.exit_code == 2
    assert f"{path}:2:8: unterminated string" in result.stderr


def test_cli_foreign_source_language_is_a_notice(tmp_path):
    path = tmp_path / "de.az.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"X-Source-Language: de\\n"\n"Language: az\\n"\n\n'
        'msgid "Staatlicher Migrationsdienst"\nmsgstr "Xidmət"\n',
        encoding="utf-8",
    )
    code, data = lint_json(str(path))
    assert code == 0
    assert any("source language 'de'" in n for n in data["summary"]["notices"])


# --------------------------------------------------------------------------- real catalogs


def _real(shared_data: Path, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    files = sorted(p for p in (shared_data / folder).iterdir() if p.suffix in suffixes)
    assert files, f"no catalogs in {shared_data / folder}"
    return files


def test_every_shared_catalog_lints_without_an_error(shared_data):
    files = _real(shared_data, "po", (".po", ".pot")) + _real(shared_data, "xliff", (".xlf", ".xliff"))
    result = invoke("lint", *map(str, files), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert summary["errors"] == [] and summary["checked"] == len(files) and summary["skipped"] == 0
    assert summary["messages"]["total"] > 8000
    for finding in data["findings"]:
        assert finding["msgid"] is not None and finding["line"] >= 1


# What the SOURCES.md of the shared data says about each catalog (translated, fuzzy, untranslated).
STATISTICS = {
    "django-allauth-az.po": (376, 0, 0),
    "django-allauth-tr.po": (376, 0, 0),
    "baobab-az.po": (78, 0, 0),
    "mc-az.po": (281, 2, 952),
    "mc-tr.po": (1070, 2, 163),
    "caja-az.po": (681, 0, 918),
    "thunar-tr.po": (1073, 0, 0),
}


def test_shared_po_catalogs_read_like_polib_reads_them(shared_data):
    """Every active entry, its msgid, msgctxt, flags and every translation form, as polib
    reads it; the counts SOURCES.md gives."""
    for path in _real(shared_data, "po", (".po",)):
        doc = read_document(path)
        check_contract(doc)
        entries = [e for e in polib.pofile(str(path)) if not e.obsolete and (e.msgid or e.msgctxt)]
        units = doc.catalog.units
        assert len(units) == len(entries), path.name
        for unit, entry in zip(units, entries):
            assert (unit.msgid, unit.msgctxt) == (entry.msgid, entry.msgctxt), path.name
            assert unit.fuzzy == ("fuzzy" in entry.flags)
            assert set(unit.flags) == set(entry.flags) - {"fuzzy"}
            forms = (
                [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr]
            )
            mine = [plain(message_text(doc.text, doc.source, a, b, po=True)[0]) for a, b in unit.spans]
            assert mine == [" ".join(f.split()) for f in forms], (path.name, unit.msgid)
        counts = (
            sum(not u.untranslated and not u.fuzzy for u in units),
            sum(u.fuzzy for u in units),
            sum(u.untranslated for u in units),
        )
        if path.name in STATISTICS:
            assert counts == STATISTICS[path.name], path.name


def test_shared_xliff_catalogs_read_all_units(shared_data):
    from lxml import etree

    for path in _real(shared_data, "xliff", (".xlf", ".xliff")):
        doc = read_document(path)
        check_contract(doc)
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
        trans_units = tree.findall(".//x:trans-unit", ns)
        assert [u.msgctxt for u in doc.catalog.units] == [t.get("id") for t in trans_units]
        for unit, element in zip(doc.catalog.units, trans_units):
            target = element.find("x:target", ns)
            if target is not None and not unit.untranslated:
                expected = " ".join("".join(target.itertext()).split())
                assert visible(at(doc, unit.spans[0])) == expected, (path.name, unit.msgctxt)
    symfony = read_document(shared_data / "xliff" / "symfony-validators-az.xlf").catalog.units
    assert (len(symfony), sum(u.fuzzy for u in symfony), sum(u.untranslated for u in symfony)) == (116, 7, 6)
