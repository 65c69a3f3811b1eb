"""Large XLIFF files linted block by block (readers/stream.py with xliff.Scan and xliff.Parts)
give what the file read whole gives: findings with their lines, columns and messages, message
counts, the checks across messages and catalogs, and the same errors at the same places."""

from __future__ import annotations

from functools import partial

import pytest
from streaming_support import DAY, lint_streamed, shown

from dilmac.lint import pipeline as lint_module
from dilmac.lint.pipeline import lint_paths
from dilmac.readers import stream

PREFERRED = "Mültecilerin Hukuki Durumuna Dair Sözleşme"
ADMITTED = "1951 Cenevre Sözleşmesi"
CONVENTION = "the Convention relating to the Status of Refugees"


def _unit_12(n: int) -> str:
    """Trans-unit `n` of a generated XLIFF 1.2 file: a mix of every shape such a file has."""
    kind = n % 11
    if kind == 0:  # deprecated rendering, inline codes
        return (
            f'<trans-unit id="item {n}"><source>The <g id="1">State Migration Service</g>, note {n}<x id="2"/>'
            f'</source>\n  <target state="translated"><g id="1">Devlet Göç Servisi</g>, not {n}<x id="2"/>'
            "</target></trans-unit>\n"
        )
    if kind == 1:  # a target over several lines, references, CDATA
        return (
            f'<trans-unit id="wrapped {n}">\n  <source>A long report {n} of the State Migration\n'
            f"  Service &amp; more.</source>\n  <target>Devlet Göç Hizmeti'nin uzun\n  raporu {n} &amp; "
            "<![CDATA[<b>daha</b>]]> fazlası.</target>\n</trans-unit>\n"
        )
    if kind == 2:
        return (
            f'<trans-unit id="fuzzy {n}"><source>Turkic Council {n}</source>'
            f'<target state="needs-review-translation">Türk Konseyi {n}</target></trans-unit>\n'
        )
    if kind == 3:
        return (
            f'<trans-unit id="open {n}"><source>Not translated yet {n}</source>'
            f'<target state="needs-translation"></target></trans-unit>\n'
        )
    if kind == 4:  # admitted now and then: the catalog renders one concept two ways
        rendering = ADMITTED if n % 4 == 0 else PREFERRED
        return (
            f'<trans-unit id="conv {n}"><source>On {CONVENTION}, {n}</source>'
            f"<target>{rendering} hakkında, {n}</target></trans-unit>\n"
        )
    if kind == 5:  # not to translate, over several units; a comment and CDATA that look like units
        return (
            f'<group id="code {n}" translate="no">\n<!-- <trans-unit id="fake"> </trans-unit> -->\n'
            + "".join(
                f'<trans-unit id="code {n}.{k}"><source>Turkish Council</source>'
                f"<target><![CDATA[</trans-unit><trans-unit>]]>Türk Konseyi</target></trans-unit>\n"
                for k in range(3)
            )
            + "</group>\n"
        )
    if kind == 6:
        return (
            f'<trans-unit id="ph {n}"><source>Code <ph id="1">&lt;b&gt; State Migration Service</ph> end {n}'
            f'</source><target>Kod <ph id="1">&lt;b&gt; Devlet Göç Servisi</ph> son {n}</target>'
            "<alt-trans><source>Old</source><target>Devlet Göç Servisi</target></alt-trans></trans-unit>\n"
        )
    if kind == 7:
        return f'<trans-unit id="empty {n}"><source>No target {n}</source></trans-unit>\n'
    return (
        f'<trans-unit id="item {n}"><source>The State Migration Service of the Republic of Azerbaijan, '
        f"report {n}</source>\n  <target>Azerbaycan Cumhuriyeti Devlet Göç Hizmeti, rapor {n}</target>"
        "\n</trans-unit>\n"
    )


def xliff_12(units: int, *, cancel: str = "İptal", start: int = 1) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="tr" datatype="plaintext" original="app">\n<body>\n'
        f'<trans-unit id="cancel"><source>Cancel</source><target>{cancel}</target></trans-unit>\n'
        + "".join(_unit_12(n) for n in range(start, start + units))
        + "</body>\n</file>\n</xliff>\n"
    )


def _unit_20(n: int) -> str:
    kind = n % 7
    if kind == 0:
        return (
            f'<unit id="u{n}">\n <segment id="s1" state="final"><source>The State Migration Service, '
            f'note {n} <ph id="1"/></source><target>Devlet Göç Servisi, not {n} <ph id="1"/></target></segment>\n'
            " <ignorable><source> </source></ignorable>\n"
            f' <segment id="s2" state="initial"><source>Turkic Council {n}</source>'
            f"<target>Türk Konseyi {n}</target></segment>\n</unit>\n"
        )
    if kind == 1:
        return f'<unit id="u{n}"><segment><source>Missing {n}</source></segment></unit>\n'
    if kind == 2:
        rendering = ADMITTED if n % 4 == 0 else PREFERRED
        return (
            f'<unit id="u{n}"><segment><source>On {CONVENTION}, {n}</source>'
            f'<target><pc id="1">{rendering}</pc> hakkında, {n}</target></segment></unit>\n'
        )
    if kind == 3:
        return (
            f'<unit id="u{n}" translate="no"><segment><source>Turkish Council</source>'
            "<target>Türk Konseyi</target></segment></unit>\n"
        )
    return (
        f'<unit id="u{n}"><segment state="translated"><source>The State Migration Service of the Republic '
        f"of Azerbaijan, report {n}</source>\n <target>Azerbaycan Cumhuriyeti Devlet Göç Hizmeti, "
        f"rapor {n}</target></segment></unit>\n"
    )


def xliff_20(units: int) -> str:
    return (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="tr">\n'
        '<file id="f1">\n' + "".join(_unit_20(n) for n in range(1, units + 1)) + "</file>\n</xliff>\n"
    )


_streamed = partial(lint_streamed, above=10_000)


def _same_as_whole(monkeypatch, path, builtin, block_bytes=3000) -> tuple:
    whole = lint_paths([path], builtin, day=DAY, stream=False)
    streamed = _streamed(monkeypatch, [path], builtin, block_bytes)
    assert not whole.errors and not streamed.errors
    assert isinstance(streamed.files[0].doc, lint_module.LineTexts) and streamed.files[0].streamed is not None
    assert shown(streamed) == shown(whole)
    assert streamed.message_counts() == whole.message_counts()
    assert streamed.files[0].notices == whole.files[0].notices
    return whole, streamed


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_streamed_xliff_file_gives_the_findings_of_the_whole_file(tmp_path, monkeypatch, builtin, version):
    path = tmp_path / "big.xlf"
    path.write_text(xliff_12(300) if version == "1.2" else xliff_20(300), encoding="utf-8")
    monkeypatch.setattr(stream, "BLOCK_BYTES", 3000)
    blocks = list(stream.read_blocks(path))
    assert len(blocks) > 10 and all(block.doc.catalog.format == "xliff" for block in blocks)
    assert all(block.doc.lang == "tr" for block in blocks)
    whole, _ = _same_as_whole(monkeypatch, path, builtin)
    # Each block's units are those of the file read whole, in order.
    whole_units = lint_paths([path], builtin, day=DAY, stream=False).files[0].doc.catalog.units
    assert [u.msgctxt for block in blocks for u in block.doc.catalog.units] == [u.msgctxt for u in whole_units]
    rules = {f.rule for f in whole.findings}
    assert {"term-wrong", "translation-inconsistent"} <= rules  # the comparison compared something
    counts = whole.message_counts()
    assert counts["fuzzy"] > 0 and counts["untranslated"] > 0
    if version == "1.2":
        inconsistent = [f for f in whole.findings if f.rule == "translation-inconsistent"]
        assert {f.found for f in inconsistent} == {ADMITTED}
        assert not any(f.msgctxt and f.msgctxt.startswith("code ") for f in whole.findings)  # translate="no"
        lines = path.read_text(encoding="utf-8").split("\n")
        deprecated = [f for f in whole.findings if f.rule == "term-wrong" and f.msgctxt.startswith("item ")]
        assert len(deprecated) == len(range(11, 301, 11))
        for finding in deprecated:
            line = lines[finding.line - 1]
            assert line[finding.column - 1 : finding.end_column - 1] == "Devlet Göç Servisi"


@pytest.mark.parametrize("scan_bytes", [1 << 20, 97])
def test_blocks_start_lines_and_units(tmp_path, monkeypatch, builtin, scan_bytes):
    """Blocks start at the line of a unit (never inside a target, a group's comment or CDATA),
    however small: every unit of the file in one; a file on one line is one block. A byte
    order mark, Windows line ends, units several to a line, and the first pass reading a few
    bytes at a time (tags and letters cut between its reads) change nothing."""
    monkeypatch.setattr(stream, "SCAN_BYTES", scan_bytes)
    path = tmp_path / "units.xlf"
    text = xliff_12(120).replace('</trans-unit>\n<trans-unit id="item', '</trans-unit>  <trans-unit id="item')
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.setattr(stream, "BLOCK_BYTES", 1)
    blocks = list(stream.read_blocks(path))
    assert len(blocks) > 30
    for block in blocks[1:]:
        assert block.doc.source.lstrip(" ").startswith(("<trans-unit", "<group"))
        assert block.doc.line_text(1) == text.split("\n")[block.line_base].replace("\r", "")
    _same_as_whole(monkeypatch, path, builtin, block_bytes=1)
    path.write_bytes(text.replace("\n", " ").encode("utf-8"))
    assert len(list(stream.read_blocks(path))) == 1
    _same_as_whole(monkeypatch, path, builtin, block_bytes=200)


def test_streamed_xliff_files_are_compared_with_the_other_catalogs(tmp_path, monkeypatch, builtin):
    one, two = tmp_path / "a" / "app.xlf", tmp_path / "b" / "app.xlf"
    small = tmp_path / "c" / "small.tr.po"
    for path in (one, two, small):
        path.parent.mkdir()
    one.write_text(xliff_12(200), encoding="utf-8")
    two.write_text(xliff_12(150, cancel="Vazgeç", start=50), encoding="utf-8")
    small.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgctxt "cancel"\nmsgid "Cancel"\nmsgstr "Vazgeç"\n',
        encoding="utf-8",
    )
    whole = lint_paths([tmp_path], builtin, day=DAY, stream=False)
    streamed = _streamed(monkeypatch, [tmp_path], builtin)
    assert [r.streamed is not None for r in streamed.files] == [True, True, False]
    assert shown(streamed) == shown(whole)
    across = [f for f in whole.findings if f.rule == "translation-inconsistent" and f.msgid == "Cancel"]
    # The PO message has the same msgctxt and msgid as the XLIFF units (id, source).
    assert [(f.path, f.found) for f in across] == [(str(one), "İptal")]
    assert shown(_streamed(monkeypatch, [tmp_path], builtin, jobs=2)) == shown(whole)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ('<trans-unit id="x"><source>a</source></body></file></xliff>\n', "not well-formed"),
        ('<trans-unit id="x"><source>a &e; b</source></trans-unit></body></file></xliff>\n', "not well-formed"),
        ('</body></file><file target-language="az"><body></body></file></xliff>\n', "another target language"),
    ],
)
def test_errors_deep_in_a_streamed_file_are_those_of_the_whole_file(tmp_path, monkeypatch, builtin, tail, message):
    path = tmp_path / "bad.xlf"
    path.write_text(xliff_12(200).removesuffix("</body>\n</file>\n</xliff>\n") + tail, encoding="utf-8")
    [whole] = lint_paths([path], builtin, day=DAY, stream=False).errors
    [streamed] = _streamed(monkeypatch, [path], builtin).errors
    assert message in whole.message
    assert (streamed.message, streamed.line, streamed.column) == (whole.message, whole.line, whole.column)
    assert whole.line > 500


def test_a_streamed_file_still_refuses_entities_and_other_roots(tmp_path, monkeypatch, builtin):
    bomb = tmp_path / "bomb.xlf"
    body = xliff_12(200).split("\n", 1)[1]
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        + body.replace("Not translated yet", "&b;"),
        encoding="utf-8",
    )
    other = tmp_path / "other.xlf"
    other.write_text("<root>\n" + "<file>x</file>\n" * 2000 + "</root>\n", encoding="utf-8")
    for path, message in ((bomb, "declares XML entities"), (other, "not an XLIFF file")):
        [whole] = lint_paths([path], builtin, day=DAY, stream=False).errors
        [streamed] = _streamed(monkeypatch, [path], builtin).errors
        assert message in streamed.message
        assert (streamed.message, streamed.line, streamed.column) == (whole.message, whole.line, whole.column)


def test_invalid_utf8_deep_in_a_streamed_xliff_names_the_true_offset(tmp_path, monkeypatch, builtin):
    path = tmp_path / "big.xlf"
    text = xliff_12(200).encode("utf-8")
    at = text.index(b"report 151")
    path.write_bytes(text[:at] + b"\xfe" + text[at:])
    [error] = _streamed(monkeypatch, [path], builtin).errors
    assert f"byte offset {at}" in error.message
    assert error.line == text[:at].count(b"\n") + 1


def test_shared_xliff_files_stream_to_the_same_findings(shared_data, tmp_path, monkeypatch, builtin):
    files = sorted((shared_data / "xliff").glob("*.xlf"))
    assert len(files) >= 3
    for path in files:
        whole, _ = _same_as_whole(monkeypatch, path, builtin, block_bytes=4000)
        assert whole.message_counts()["total"] > 100
    # Together, as one run: the checks across the catalogs agree too.
    whole = lint_paths(files, builtin, day=DAY, stream=False)
    assert shown(_streamed(monkeypatch, files, builtin, block_bytes=4000)) == shown(whole)
