"""Large PO catalogs linted block by block (readers/stream.py, lint._lint_catalog_blocks) give
what the catalog read whole gives: findings with their positions, messages and lines, message
counts, the checks across messages and catalogs, and inline suppressions."""

from __future__ import annotations

import json
from functools import partial

from streaming_support import DAY, lint_streamed, shown
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.lint import pipeline as lint_module
from dilmac.lint.pipeline import lint_paths
from dilmac.readers import stream

HEADER = (
    '# A generated catalog.\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: tr\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
CONVENTION = "the Convention relating to the Status of Refugees"
PREFERRED = "Mültecilerin Hukuki Durumuna Dair Sözleşme"
ADMITTED = "1951 Cenevre Sözleşmesi"


def _entry(n: int) -> str:
    """Entry `n` of the generated catalog: a mix of every shape a catalog has."""
    kind = n % 13
    if kind == 0:
        return (
            f'#: page.html:{n}\nmsgctxt "item {n}"\nmsgid "The State Migration Service, note {n}"\n'
            f'msgstr "Devlet Göç Servisi, not {n}"\n\n'
        )  # deprecated rendering
    if kind == 1:
        return (
            f'msgctxt "wrapped {n}"\nmsgid ""\n"A long report {n} of the State Migration "\n"Service."\n'
            f'msgstr ""\n"Devlet Göç Hizmeti\'nin uzun "\n"raporu {n}, \\"alıntı\\"."\n\n'
        )
    if kind == 2:
        return (
            f'#, python-format\nmsgctxt "plural {n}"\nmsgid "%(n)d report of the State Migration Service"\n'
            'msgid_plural "%(n)d reports of the State Migration Service"\n'
            'msgstr[0] "Devlet Göç Hizmeti: %(n)d rapor"\nmsgstr[1] "Devlet Göç Servisi: %(n)d rapor"\n\n'
        )
    if kind == 3:
        return f'#, fuzzy\nmsgctxt "fuzzy {n}"\nmsgid "Turkic Council {n}"\nmsgstr "Türk Konseyi {n}"\n\n'
    if kind == 4:
        return f'msgctxt "open {n}"\nmsgid "Not translated yet {n}"\nmsgstr ""\n\n'
    if kind == 5:
        rendering = ADMITTED if n % 5 == 0 else PREFERRED  # admitted now and then
        return f'msgctxt "conv {n}"\nmsgid "On {CONVENTION}, {n}"\nmsgstr "{rendering} hakkında, {n}"\n\n'
    if kind == 6:
        return f'#~ msgctxt "old {n}"\n#~ msgid "Old {n}"\n#~ msgstr "Eski {n}"\n\n'
    if kind == 7:
        # One message many times: now and then translated another way (across blocks).
        return f'msgid "Cancel"\nmsgstr "{"Vazgeç" if n % 7 == 0 else "İptal"}"\n\n'
    return (
        f'#: site/page.html:{n}\nmsgctxt "item {n}"\n'
        f'msgid "The State Migration Service of the Republic of Azerbaijan, report {n}"\n'
        f'msgstr "Azerbaycan Cumhuriyeti Devlet Göç Hizmeti, rapor {n}"\n\n'
    )


SUPPRESSED = {
    40: "# dilmac: ignore term-casing\n",  # a wrapped msgid; unused
    52: "# dilmac: ignore term-wrong -- a quotation\n",  # silences the entry's finding
    70: "# dilmac: ignore translation-inconsistent\n",  # the admitted rendering of 70
    200: "# dilmac: ignore no-such-rule\n",  # invalid
    280: "# dilmac: ignore\n",  # every rule: the Vazgeç at 280
}


def _catalog(entries: int) -> str:
    return HEADER + "".join(SUPPRESSED.get(n, "") + _entry(n) for n in range(1, entries + 1))


_streamed = partial(lint_streamed, above=20_000)


def test_a_streamed_catalog_gives_the_findings_of_the_whole_file(tmp_path, monkeypatch, builtin):
    path = tmp_path / "big.tr.po"
    path.write_text(_catalog(400), encoding="utf-8")
    whole = lint_paths([path], builtin, day=DAY, stream=False)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 3000)
    blocks = list(stream.read_blocks(path))
    assert len(blocks) > 10 and all(block.doc.catalog.format == "po" for block in blocks)
    streamed = _streamed(monkeypatch, [path], builtin)
    result = streamed.files[0]
    assert isinstance(result.doc, lint_module.LineTexts) and result.streamed is not None
    assert shown(streamed) == shown(whole)
    assert streamed.message_counts() == whole.message_counts()
    counts = whole.message_counts()
    assert counts["fuzzy"] == len(range(3, 401, 13)) and counts["untranslated"] == len(range(4, 401, 13))
    by_rule = {}
    for finding in whole.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    # Every rule this test is about fired, so the comparison above compared something.
    assert {"term-wrong", "translation-inconsistent", "unused-suppression", "invalid-suppression"} <= by_rule.keys()
    assert not any(f.msgctxt == "item 52" for f in by_rule["term-wrong"])  # suppressed
    assert any(f.msgctxt == "item 65" for f in by_rule["term-wrong"])
    assert [f.line for f in by_rule["unused-suppression"]] == [_line_of(path, "# dilmac: ignore term-casing")]
    inconsistent = by_rule["translation-inconsistent"]
    admitted = [f for f in inconsistent if f.found == ADMITTED]
    assert admitted and all(f.suggestions == [PREFERRED] for f in admitted)
    assert "conv 70" not in {f.msgctxt for f in admitted}  # suppressed
    vazgec = [f for f in inconsistent if f.msgid == "Cancel"]
    assert {f.found for f in vazgec} == {"Vazgeç"} and "big.tr.po:" in vazgec[0].message
    assert len(vazgec) == len([n for n in range(7, 401, 13) if n % 7 == 0]) - 1  # 280 suppressed


def _line_of(path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def test_positions_and_messages_hold_across_block_boundaries(tmp_path, monkeypatch, builtin):
    """Every entry of a streamed catalog is found at its line, with its msgctxt, whichever block
    it fell in; errors deep in the file name the file's line."""
    path = tmp_path / "big.tr.po"
    path.write_text(_catalog(300), encoding="utf-8")
    streamed = _streamed(monkeypatch, [path], builtin, block_bytes=2000)
    lines = path.read_text(encoding="utf-8").split("\n")
    deprecated = [f for f in streamed.findings if f.rule == "term-wrong" and f.msgctxt.startswith("item ")]
    assert len(deprecated) == len(range(13, 301, 13)) - 1  # entry 52's is suppressed
    for finding in deprecated:
        n = finding.msgctxt.split()[1]
        assert lines[finding.line - 1] == f'msgstr "Devlet Göç Servisi, not {n}"'
        assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == "Devlet Göç Servisi"

    broken = tmp_path / "broken.tr.po"
    broken.write_text(_catalog(300) + 'msgid "Dangling"\n\nmsgctxt "x"\nmsgid "y"\nmsgstr "z"\n', encoding="utf-8")
    run = _streamed(monkeypatch, [broken], builtin, block_bytes=2000)
    [error] = run.errors
    assert isinstance(error, DilmacError) and error.line == len(lines)  # the msgid without a msgstr


def test_a_streamed_catalog_is_compared_with_the_others_of_the_run(tmp_path, monkeypatch, builtin):
    big = tmp_path / "a" / "big.tr.po"
    small = tmp_path / "b" / "small.tr.po"
    big.parent.mkdir()
    small.parent.mkdir()
    big.write_text(_catalog(200), encoding="utf-8")
    small.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgctxt "item 10"\n'
        'msgid "The State Migration Service of the Republic of Azerbaijan, report 10"\n'
        'msgstr "Azerbaycan Cumhuriyeti Devlet Göç Hizmeti, rapor on"\n\n'
        'msgid "Cancel"\nmsgstr "Vazgeç"\n',
        encoding="utf-8",
    )
    whole = lint_paths([tmp_path], builtin, day=DAY, stream=False)
    streamed = _streamed(monkeypatch, [tmp_path], builtin)
    assert [r.streamed is not None for r in streamed.files] == [True, False]
    assert shown(streamed) == shown(whole)
    across = [f for f in whole.findings if f.rule == "translation-inconsistent" and f.path == str(small)]
    assert {f.msgid for f in across} == {
        "Cancel",
        "The State Migration Service of the Republic of Azerbaijan, report 10",
    }
    assert all(f"{big}:" in f.message for f in across)
    # Two worker processes: the summaries travel back and give the same result.
    assert shown(_streamed(monkeypatch, [tmp_path], builtin, jobs=2)) == shown(whole)


def test_cli_json_of_a_streamed_catalog_matches_and_fix_leaves_it_alone(tmp_path, monkeypatch):
    path = tmp_path / "big.tr.po"
    text = _catalog(200)
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    options = ["--date", "2024-06-01", "--format", "json", str(path)]
    whole = runner.invoke(app, ["lint", "--no-cache", *options])
    monkeypatch.setattr(lint_module, "STREAM_ABOVE", 20_000)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 3000)
    streamed = runner.invoke(app, ["lint", "--no-cache", *options])
    assert whole.exit_code == streamed.exit_code == 1
    whole_data, streamed_data = json.loads(whole.stdout), json.loads(streamed.stdout)
    assert streamed_data["findings"] == whole_data["findings"]
    assert streamed_data["summary"]["messages"] == whole_data["summary"]["messages"]
    fixed = runner.invoke(app, ["lint", "--no-cache", "--fix", *options[:-3], str(path)])
    assert "too large to rewrite" in fixed.output and path.read_text(encoding="utf-8") == text


def test_several_streamed_catalogs_compare_as_read_whole_and_leave_no_store(tmp_path, monkeypatch, builtin):
    """Two streamed catalogs and one read whole, linted together in one process and in two
    workers: the findings across them are the whole files'. The summaries' stores (temporary
    SQLite files) exist while the run holds them and are gone with it."""
    import gc
    import tempfile

    folder = tmp_path / "locale"
    for name, entries in (("a", 300), ("b", 200)):
        (folder / name).mkdir(parents=True)
        # b: the same messages, "Cancel" the other way round and item 10 otherwise.
        text = _catalog(entries)
        if name == "b":
            text = (
                text.replace('msgstr "İptal"', 'msgstr "X"')
                .replace('msgstr "Vazgeç"', 'msgstr "İptal"')
                .replace('msgstr "X"', 'msgstr "Vazgeç"')
                .replace('Hizmeti, rapor 10"', 'Hizmeti, rapor on"')
            )
        (folder / name / "big.tr.po").write_text(text, encoding="utf-8")
    (folder / "c").mkdir()
    (folder / "c" / "small.tr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "Cancel"\nmsgstr "Vazgeç"\n', encoding="utf-8"
    )
    stores = tmp_path / "tmp"
    stores.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(stores))
    whole = lint_paths([folder], builtin, day=DAY, stream=False)
    across = [f for f in whole.findings if f.rule == "translation-inconsistent" and f.msgid == "Cancel"]
    assert {f.path for f in across} == {str(path) for path in sorted(folder.rglob("*.po"))}
    assert any(f.msgctxt == "item 10" for f in whole.findings if f.rule == "translation-inconsistent")
    for jobs in (1, 2):
        streamed = _streamed(monkeypatch, [folder], builtin, jobs=jobs)
        assert [r.streamed is not None for r in streamed.files] == [True, True, False]
        assert shown(streamed) == shown(whole)
        assert len(list(stores.iterdir())) == 2
        del streamed
        gc.collect()
        assert list(stores.iterdir()) == []


def test_a_summary_keeps_its_messages_on_disk(tmp_path, monkeypatch, builtin):
    """The summary of a streamed catalog holds no message in memory: whatever the catalog,
    the object is the same few fields, and its store has a row per checked message."""
    import sqlite3

    path = tmp_path / "big.tr.po"
    path.write_text(_catalog(400), encoding="utf-8")
    run = _streamed(monkeypatch, [path], builtin)
    summary = run.files[0].streamed.summary
    assert set(vars(summary)) == {"path", "lang", "source_lang", "store", "_db", "_removal"}
    with sqlite3.connect(summary.store) as db:
        [(rows,)] = db.execute("SELECT COUNT(*) FROM messages")
    checked = run.message_counts()["translated"]
    assert rows == checked > 300
    keys = [key for key, _ in summary.sorted_messages()]
    assert keys == sorted(keys) and len(keys) == rows
