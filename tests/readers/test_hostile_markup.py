"""Issue 11 §1: readers that --fix relies on take "visible text" from a real parse, so no
character reference or DOCTYPE trick can make markup read as text (and be rewritten)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.readers.html import read_html
from dilmac.readers.xliff import read_xliff


def fix(path) -> None:
    result = CliRunner().invoke(app, ["lint", "--fix", "--fail-on", "never", str(path)])
    assert result.exit_code == 0, (result.stdout, result.stderr)


MARKUP = (
    '<script>var note = "Turkish Council"</script>\n'
    "<!-- the Turkish Council -->\n"
    '<a title="Turkish Council" href="/turkish-council">link</a>\n'
    "<pre>Turkish Council</pre>\n<style>/* Turkish Council */</style>\n<code>Turkish Council</code>\n"
)


@pytest.mark.parametrize(
    "text",
    ["Tickets &# 5", "Use C&# 1 or C&# 2; see &nbsp;", "&#x;", "&#12a;", "&#", "a &#xZZ b &#; c"],
)
def test_a_lone_ampersand_hash_does_not_turn_markup_into_text(text):
    source = f'<html lang="en"><body>\n<p>{text} Turkish Council</p>\n{MARKUP}</body></html>\n'
    doc = read_html(source, "page.html")
    # The paragraph's name is read; none of the names in markup is.
    assert doc.text.count("Turkish Council") == 1
    assert "Tickets" in doc.text or "Use C" in doc.text or "#" in doc.text
    assert "<" not in doc.text and "title" not in doc.text and "var note" not in doc.text


def test_a_reference_cut_off_by_the_end_of_the_file_still_decodes():
    doc = read_html("<p>AT&amp;T &#65", "page.html")
    assert doc.text.replace("\u200b", "").endswith("AT&T A")


@pytest.mark.parametrize("name", ["input.html", "input2_with_semicolons.html"])
def test_fix_never_rewrites_script_comments_attributes_or_pre(tmp_path, shared_data, name):
    original = shared_data.parent / "research" / "attack-2026-12" / "html_amp_hash_fix_rewrites_script" / name
    path = tmp_path / name
    path.write_bytes(original.read_bytes())
    fix(path)
    assert path.read_bytes() == original.read_bytes()


def test_fix_edits_the_text_and_only_the_text_after_a_lone_ampersand_hash(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(f'<html lang="en"><body>\n<p>C&# 1: the Turkish Council met.</p>\n{MARKUP}</body></html>\n')
    fix(path)
    fixed = path.read_text()
    assert "<p>C&# 1: the Organization of Turkic States met.</p>" in fixed
    assert fixed.count("Turkish Council") == 6  # every one in markup untouched


# --------------------------------------------------------------------------- XLIFF

UNIT = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="en" target-language="az" datatype="plaintext" original="x"><body>\n'
    '<trans-unit id="1"><source>The Turkic Council met.</source><target>Türk Şurası toplandı.</target></trans-unit>\n'
    "</body></file></xliff>\n"
)
FAKE = (
    '<xliff version="1.2"><file target-language="tr"><body><trans-unit id="9"><source>The Turkic Council'
    "</source><target>Türk Şurası</target></trans-unit></body></file></xliff>"
)


@pytest.mark.parametrize(
    "doctype",
    [
        "<!DOCTYPE xliff [<!-- ]> </a></b></c> -->]>",
        "<!DOCTYPE xliff [<?pi ]> </q> ?>]>",
        f"<!DOCTYPE xliff [<!-- ]> {FAKE} -->]>",
        f"<!DOCTYPE xliff [<?pi ]> {FAKE} ?>]>",
    ],
)
def test_markup_inside_a_doctype_is_not_read(doctype):
    source = f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n{UNIT}'
    doc = read_xliff(source, "x.xlf")
    assert [unit.msgctxt for unit in doc.catalog.units] == ["1"]
    assert doc.lang == "az"
    assert doc.text.count("Türk Şurası") == 1 and doc.text.index("Türk Şurası") > source.index("<xliff ")


def test_fix_does_not_edit_a_doctype_comment(tmp_path):
    path = tmp_path / "x.xlf"
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [<!-- ]> {FAKE} -->]>\n'
    path.write_text(head + UNIT, encoding="utf-8")
    fix(path)
    fixed = path.read_text(encoding="utf-8")
    assert fixed.startswith(head)
    assert "<target>Türk Dövlətləri Təşkilatı toplandı.</target>" in fixed


@pytest.mark.parametrize(
    "doctype",
    ['<!DOCTYPE xliff [<!ENTITY a "Turkic Council">]>', '<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>'],
)
def test_entity_declarations_stay_refused(doctype):
    with pytest.raises(DilmacError, match="declares XML entities"):
        read_xliff(f"{doctype}\n{UNIT}", "x.xlf")


def test_empty_elements_cdata_comments_and_pis_inside_a_target_keep_their_offsets():
    source = UNIT.replace(
        "<target>Türk Şurası toplandı.</target>",
        "<target><x id='1'/>Türk <!-- c --><?p q?><![CDATA[Şurası]]> <g id='2'>toplandı</g>.</target>",
    )
    doc = read_xliff(source, "x.xlf")
    (unit,) = doc.catalog.units
    start, end = unit.spans[0]
    assert source[start:end].startswith("<x id='1'/>Türk") and source[end:].startswith("</target>")
    assert "Şurası" in doc.text and "c --" not in doc.text
