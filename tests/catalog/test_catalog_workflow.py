"""The catalog workflow: segment → extract → init → update → build → stats, and the PO I/O under
it (byte-identical round trips, atomic writes), on the fixtures in tests/data/catalog and on
the real catalogs of the shared data."""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dilmac.catalog.build import build_document, default_output
from dilmac.catalog.io import new_catalog, parse_catalog, read_catalog, write_catalog
from dilmac.catalog.merge import init_catalog, update_catalog
from dilmac.catalog.segment import segment_text
from dilmac.catalog.stats import catalog_counts, count_words
from dilmac.cli.main import app
from dilmac.core import safe_write
from dilmac.core.errors import DilmacError

DATA = Path(__file__).parents[1] / "data" / "catalog"
runner = CliRunner()
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgmerge") is None, reason="GNU gettext tools are not installed"
)

# Translations a translator would give the fixture's messages (some left out on purpose).
AZ = {
    "Migration forum of the Turkic states": "Türk dövlətlərinin miqrasiya forumu",
    "Migration forum held in **Baku**": "Miqrasiya forumu **Bakıda** keçirildi",
    "Setext heading": "Setext başlığı",
    "Representatives of the IOM attended.": "BMqT-nin nümayəndələri iştirak edib.",
    "the Global Compact for Migration;": "Miqrasiya üzrə Qlobal Saziş;",
    "The forum is held every year. It rotates between the member states.": "Forum hər il keçirilir.\nÜzv dövlətlər arasında növbə ilə.",
    "Country": "Ölkə",
    "Kazakhstan \\| Kyrgyzstan": "Qazaxıstan | Qırğızıstan",
    "A closing <b>note</b> in HTML.": "HTML-də yekun <b>qeyd</b>.",
    "Line with a hard break\\\nand its continuation.": "Sərt keçidli sətir\\\nvə davamı.",
    "About the Service": "Xidmət haqqında",
    "About the State Migration Service": "Dövlət Miqrasiya Xidməti haqqında",
    "Citizenship &amp; registration": "Vətəndaşlıq &amp; qeydiyyat",
}


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture()
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the fixtures under src/, as the working directory, with a fixed clock."""
    shutil.copytree(DATA, tmp_path / "src", ignore=shutil.ignore_patterns("expected"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    return tmp_path


def check_with_msgfmt(path: Path) -> None:
    proc = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def fill(path: Path, translations: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    write_catalog(catalog, path)


# --------------------------------------------------------------------------- segments


def segments(path: Path, kind: str) -> list[tuple[int, str, str]]:
    source = path.read_text(encoding="utf-8")
    return [(s.line, s.kind, s.text) for s in segment_text(source, str(path), kind).segments]


def test_markdown_one_message_per_block_with_markup_kept():
    assert segments(DATA / "release.md", "markdown") == [
        (2, "front matter", "Migration forum of the Turkic states"),
        (7, "heading", "Migration forum held in **Baku**"),
        (
            9,
            "paragraph",
            "On 14 May 2024 the Chairman of the [State Migration Service]"
            "(https://migration.gov.az), Vusal Huseynov, met the delegation of the "
            "*Organization of Turkic States*.",
        ),
        (12, "heading", "Setext heading"),
        (15, "paragraph", "Representatives of the IOM attended."),
        (16, "paragraph", "The sides discussed:"),
        (17, "paragraph", "the Global Compact for Migration;"),
        (18, "paragraph", "cooperation in `Nakhichevan`."),
        (20, "paragraph", "The forum is held every year. It rotates between the member states."),
        (23, "cell", "Country"),
        (23, "cell", "Delegates"),
        (25, "cell", "Türkiye"),
        (26, "cell", "Kazakhstan \\| Kyrgyzstan"),
        (37, "html", "A closing <b>note</b> in HTML."),
        (40, "paragraph", "Line with a hard break\\\nand its continuation."),
    ]  # fenced and indented code, the comment and the link definition left out; of the front matter the title


def test_html_one_message_per_block_element():
    assert segments(DATA / "page.html", "html") == [
        (5, "html", "About the Service"),
        (9, "html", "About the State Migration Service"),
        (
            10,
            "html",
            "The Service was established by the decree of <b>19 March 2007</b>. It "
            'cooperates with the <a href="https://www.turkicstates.org">Organization of '
            "Turkic States</a>.",
        ),
        (14, "html", "Residence permits"),
        (15, "html", "Citizenship &amp; registration"),
        (17, "html", "Office"),
        (17, "html", "Baku"),
    ]  # <style>, <pre>, <script> and the number-only cell left out


def test_segment_spans_cover_exactly_the_block():
    for name, kind in (("release.md", "markdown"), ("page.html", "html")):
        source = (DATA / name).read_text(encoding="utf-8")
        for segment in segment_text(source, name, kind).segments:
            span = source[segment.start : segment.end]
            assert span.split()[0] == segment.text.split()[0]
            assert span.split()[-1] == segment.text.split()[-1]
            assert source.count("\n", 0, segment.start) + 1 == segment.line


def test_plain_text_paragraphs_and_nested_containers():
    assert [
        (s.line, s.text) for s in segment_text("First line\nwraps here.\n\n\n2024\n\nLast.", "a.txt", "text").segments
    ] == [(1, "First line wraps here."), (7, "Last.")]
    quoted = segment_text("> - item in a quote\n>   continued\n>\n> after\n", "q.md", "markdown")
    assert [(s.text, s.continuation) for s in quoted.segments] == [
        ("item in a quote continued", ">   "),
        ("after", "> "),
    ]


def test_bad_front_matter_is_an_error_with_its_line():
    with pytest.raises(DilmacError) as caught:
        segment_text("---\ntitle: Baku: the summit\n---\nText.\n", "bad.md", "markdown")
    assert caught.value.path == "bad.md" and caught.value.line == 2


# --------------------------------------------------------------------------- extract


def test_extract_publications_and_site_strings(workspace):
    result = cli("catalog", "extract", "src", "-o", "po/messages.pot")
    assert result.exit_code == 0, result.output
    assert result.output == "po/messages.pot: 30 messages from 5 files\n"
    template = read_catalog(workspace / "po" / "messages.pot")
    found = {(e.msgctxt, e.msgid): e for e in template}
    assert found[(None, "Migration forum held in **Baku**")].occurrences == [("src/release.md", "7")]
    assert found[(None, "Baku")].occurrences == [("src/page.html", "17")]
    welcome = found[(None, "Welcome, %(name)s")]
    assert welcome.occurrences == [("src/site/app.py", "6")]
    assert welcome.comment == "Translators: shown on the front page, %(name)s is the visitor's name"
    assert "python-format" in welcome.flags
    assert found[(None, "%d visit")].msgid_plural == "%d visits"
    assert ("menu", "News") in found
    assert found[(None, "Search")].comment == "Translators: button that opens the search box"
    assert found[(None, "One news item")].msgid_plural == "%d news items"
    assert found[(None, "All rights reserved")].occurrences == [("src/site/templates/base.jinja2", "3")]
    assert found[(None, "%(num)d document")].msgid_plural == "%(num)d documents"
    text = (workspace / "po" / "messages.pot").read_text(encoding="utf-8")
    for absent in (
        "code is not translated",
        "an editor's note",
        "Turkic states\n",
        "not a message",
        "code stays",
        "p { color",
    ):
        assert absent not in text
    assert template.metadata["POT-Creation-Date"] == "2024-06-01 00:00+0000"
    if shutil.which("msgfmt"):
        check_with_msgfmt(workspace / "po" / "messages.pot")


def test_extract_again_leaves_an_unchanged_template_alone(workspace, monkeypatch):
    assert cli("catalog", "extract", "src", "-o", "messages.pot").exit_code == 0
    before = (workspace / "messages.pot").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = cli("catalog", "extract", "src", "-o", "messages.pot")
    assert result.output.startswith("messages.pot: unchanged")
    assert (workspace / "messages.pot").read_bytes() == before
    (workspace / "src" / "release.md").write_text("# A new heading\n", encoding="utf-8")
    assert cli("catalog", "extract", "src", "-o", "messages.pot").exit_code == 0
    assert "2027-01-15" in (workspace / "messages.pot").read_text(encoding="utf-8")


def test_mapping_sends_html_templates_to_jinja2(workspace):
    (workspace / "tpl").mkdir()
    (workspace / "tpl" / "page.html").write_text('<p>{{ _("Hello") }}</p>\n', encoding="utf-8")
    assert cli("catalog", "extract", "tpl", "-o", "a.pot", "--map", ".html=jinja2").exit_code == 0
    assert [e.msgid for e in read_catalog(workspace / "a.pot")] == ["Hello"]
    assert cli("catalog", "extract", "tpl", "-o", "b.pot").exit_code == 0
    assert [e.msgid for e in read_catalog(workspace / "b.pot")] == ['{{ _("Hello") }}']
    (workspace / "tpl" / "requirements.txt").write_text("jinja2>=3.1\n", encoding="utf-8")
    assert (
        cli("catalog", "extract", "tpl", "-o", "c.pot", "--map", ".html=jinja2", "--map", ".txt=none").output
        == "c.pot: 1 message from 1 file\n"
    )


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("broken.py", 'x = _("open\n', "broken.py:1"),
        ("broken.jinja2", "line\n{% trans %}unclosed\n", "broken.jinja2:2"),
    ],
)
def test_extract_syntax_errors_name_file_and_line(workspace, name, content, where):
    (workspace / name).write_text(content, encoding="utf-8")
    result = cli("catalog", "extract", name, "-o", "x.pot")
    assert result.exit_code == 2
    assert f"error: {where}:" in result.output
    assert not (workspace / "x.pot").exists()


def test_extract_usage_errors(workspace):
    (workspace / "notes.rst").write_text("Text\n", encoding="utf-8")
    result = cli("catalog", "extract", "notes.rst")
    assert result.exit_code == 2 and "--map SUFFIX=METHOD" in result.output
    result = cli("catalog", "extract", "src", "--map", ".tpl=mako")
    assert result.exit_code == 2 and "is not SUFFIX=METHOD" in result.output


# --------------------------------------------------------------------------- init


def test_init_creates_catalogs_with_the_languages_plural_forms(workspace):
    assert cli("catalog", "extract", "src", "-o", "po/messages.pot").exit_code == 0
    result = cli("catalog", "init", "po/messages.pot", "--lang", "az")
    assert result.output == "po/az.po: 30 messages to translate into az (nplurals=2; plural=(n != 1);)\n"
    assert cli("catalog", "init", "po/messages.pot", "--lang", "tr").exit_code == 0
    az, tr = read_catalog(workspace / "po" / "az.po"), read_catalog(workspace / "po" / "tr.po")
    template = read_catalog(workspace / "po" / "messages.pot")
    assert [e.msgid for e in az] == [e.msgid for e in template]
    # dilmac's own decision for tr (dilmac.catalog.plurals), whatever the installed Babel says
    assert az.metadata["Language"] == "az" and tr.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert az.find("%d visit").msgstr_plural == {0: "", 1: ""}
    assert tr.find("%d visit").msgstr_plural == {0: "", 1: ""}
    assert not az.metadata_is_fuzzy and az.metadata["POT-Creation-Date"] == "2024-06-01 00:00+0000"
    if shutil.which("msgfmt"):
        check_with_msgfmt(workspace / "po" / "az.po")
        check_with_msgfmt(workspace / "po" / "tr.po")


def test_init_never_overwrites_a_catalog(workspace):
    assert cli("catalog", "extract", "src", "-o", "messages.pot").exit_code == 0
    existing = workspace / "az.po"
    existing.write_text('msgid "x"\nmsgstr "translated work"\n', encoding="utf-8")
    result = cli("catalog", "init", "messages.pot", "-l", "az")
    assert result.exit_code == 2
    assert "dilmac catalog update messages.pot az.po" in result.output
    assert existing.read_text(encoding="utf-8") == 'msgid "x"\nmsgstr "translated work"\n'
    result = cli("catalog", "init", "messages.pot", "-l", "xx-nowhere", "-o", "new.po")
    assert result.exit_code == 2 and "not a language Babel knows" in result.output


# --------------------------------------------------------------------------- update


def template_of(*messages: str | tuple[str, str]) -> polib.POFile:
    template = new_catalog()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2024-07-01 12:00+0000"}
    for k, message in enumerate(messages, start=1):
        msgid, plural = message if isinstance(message, tuple) else (message, None)
        entry = polib.POEntry(msgid=msgid, msgid_plural=plural, occurrences=[("news.md", str(k))])
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        template.append(entry)
    return template


OLD = [
    "The minister met the delegation in Baku.",
    "The forum is held every year.",
    "Cooperation with the IOM continues.",
    "Untranslated line",
]
TRANSLATED = {
    OLD[0]: "Nazir Bakıda nümayəndə heyəti ilə görüşüb.",
    OLD[1]: "Forum hər il keçirilir.",
    OLD[2]: "BMqT ilə əməkdaşlıq davam edir.",
}


def translated_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "az.po"
    catalog = init_catalog(template_of(*OLD), "az")
    write_catalog(catalog, path)
    fill(path, TRANSLATED)
    return path


def test_update_every_path_keeps_every_translation(tmp_path):
    path = translated_catalog(tmp_path)
    changed = "The forum is held every second year."
    result = update_catalog(catalog := read_catalog(path), template_of(OLD[0], changed, "A brand new sentence."))
    write_catalog(catalog, path)
    assert (result.kept, result.fuzzy, result.new, result.obsolete, result.dropped) == (1, 1, 1, 2, 1)
    catalog = read_catalog(path)
    kept = catalog.find(OLD[0])
    assert kept.msgstr == TRANSLATED[OLD[0]] and not kept.fuzzy and kept.occurrences == [("news.md", "1")]
    fuzzy = catalog.find(changed)
    assert fuzzy.fuzzy and fuzzy.msgstr == TRANSLATED[OLD[1]] and fuzzy.previous_msgid == OLD[1]
    assert catalog.find("A brand new sentence.").msgstr == ""
    obsolete = {e.msgid: e.msgstr for e in catalog.obsolete_entries()}
    assert obsolete == {OLD[1]: TRANSLATED[OLD[1]], OLD[2]: TRANSLATED[OLD[2]]}
    assert catalog.find(OLD[3], include_obsolete_entries=True) is None  # nothing to keep
    assert catalog.metadata["POT-Creation-Date"] == "2024-07-01 12:00+0000"
    text = path.read_text(encoding="utf-8")
    assert f'#~ msgid "{OLD[2]}"' in text and f'#| msgid "{OLD[1]}"' in text
    if shutil.which("msgfmt"):
        check_with_msgfmt(path)

    # The old messages come back: their translations are revived, not fuzzy.
    result = update_catalog(catalog, template_of(OLD[0], OLD[1], OLD[2]))
    write_catalog(catalog, path)
    assert (result.revived, result.obsolete) == (2, 1)  # the fuzzy one had a translation
    catalog = read_catalog(path)
    for msgid in OLD[:3]:
        entry = catalog.find(msgid)
        assert entry.msgstr == TRANSLATED[msgid] and not entry.fuzzy and entry.previous_msgid is None
    assert [e.msgid for e in catalog.obsolete_entries()] == [changed]
    if shutil.which("msgfmt"):
        check_with_msgfmt(path)


def test_update_when_a_message_becomes_plural(tmp_path):
    path = translated_catalog(tmp_path)
    catalog = read_catalog(path)
    update_catalog(catalog, template_of((OLD[1], "The forums are held every year.")))
    entry = catalog.find(OLD[1])
    assert entry.fuzzy and entry.msgstr_plural == {0: TRANSLATED[OLD[1]], 1: TRANSLATED[OLD[1]]}
    [singular] = [e for e in catalog.obsolete_entries() if e.msgid == OLD[1]]
    assert singular.msgstr == TRANSLATED[OLD[1]]


def test_update_with_an_unchanged_template_leaves_the_file_alone(tmp_path):
    path = translated_catalog(tmp_path)
    template = tmp_path / "messages.pot"
    write_catalog(template_of(*OLD), template)
    assert cli("catalog", "update", str(template), str(path)).exit_code == 0
    before = path.read_bytes()
    result = cli("catalog", "update", str(template), str(path))
    assert result.exit_code == 0 and result.output.startswith(f"{path}: unchanged")
    assert path.read_bytes() == before


@settings(max_examples=40)
@given(st.lists(st.sets(st.integers(0, 11), max_size=12), min_size=1, max_size=5))
def test_no_sequence_of_updates_loses_a_translation(templates):
    pool = [f"Sentence number {k} about the State Migration Service." for k in range(12)]
    catalog = init_catalog(template_of(*pool), "az")
    for entry in catalog:
        entry.msgstr = "tərcümə " + entry.msgid.split()[2]
    given_translations = {e.msgid: e.msgstr for e in catalog}
    for chosen in templates:
        update_catalog(catalog, template_of(*[pool[k] for k in sorted(chosen)]))
        catalog = parse_catalog(catalog.render(), "az.po")
        everywhere = {(e.msgid, e.msgstr) for e in catalog}
        assert set(given_translations.items()) <= everywhere
        for k in chosen:  # a message in the template has its own translation, not fuzzy
            entry = catalog.find(pool[k])
            assert entry.msgstr == given_translations[pool[k]] and not entry.fuzzy


@needs_gettext
def test_update_of_real_catalogs_agrees_with_msgmerge(shared_data, tmp_path):
    for path in sorted((shared_data / "po").glob("*.po")):
        catalog = read_catalog(path)
        rnd = random.Random(path.name)
        template = template_of()
        for entry in catalog:
            if entry.obsolete or rnd.random() < 0.1:
                continue  # 10% departed
            msgid = entry.msgid + " (edited)" if rnd.random() < 0.1 else entry.msgid
            template.append(
                polib.POEntry(
                    msgid=msgid,
                    msgctxt=entry.msgctxt,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                    occurrences=entry.occurrences,
                    flags=[f for f in entry.flags if f != "fuzzy"],
                )
            )
        pot = tmp_path / "t.pot"
        write_catalog(template, pot)
        merged = subprocess.run(
            ["msgmerge", "-q", "-o", "-", str(path), str(pot)], capture_output=True, text=True, check=True
        ).stdout
        theirs = {(e.msgctxt, e.msgid): e for e in parse_catalog(merged, "msgmerge") if not e.obsolete}
        before = {
            (e.msgctxt, e.msgid, e.msgstr, tuple(e.msgstr_plural.items()))
            for e in catalog
            if e.msgstr or any(e.msgstr_plural.values())
        }
        update_catalog(catalog, template)
        ours_path = tmp_path / path.name
        write_catalog(catalog, ours_path)
        check_with_msgfmt(ours_path)
        ours = read_catalog(ours_path)
        active = {(e.msgctxt, e.msgid): e for e in ours if not e.obsolete}
        assert active.keys() == theirs.keys(), path.name
        for key, entry in theirs.items():
            if not entry.fuzzy:  # exact matches: the same translation as msgmerge
                assert (active[key].msgstr, active[key].msgstr_plural) == (entry.msgstr, entry.msgstr_plural), (
                    path.name,
                    key,
                )
        after = {(e.msgctxt, e.msgid, e.msgstr, tuple(e.msgstr_plural.items())) for e in ours}
        assert before <= after, path.name  # no translation lost


# --------------------------------------------------------------------------- PO input/output


def test_every_shared_catalog_round_trips_byte_for_byte(shared_data, tmp_path):
    paths = sorted((shared_data / "po").glob("*.po"))
    assert len(paths) >= 9
    for path in paths:
        catalog = read_catalog(path)
        assert catalog.layout.entries, f"{path.name}: entries not matched to their lines"
        copy = tmp_path / path.name
        write_catalog(catalog, copy)
        assert copy.read_bytes() == path.read_bytes(), path.name


def test_a_changed_entry_changes_only_its_own_lines(shared_data, tmp_path):
    path = shared_data / "po" / "caja-az.po"
    catalog = read_catalog(path)
    entry = next(e for e in catalog if not e.obsolete and e.msgstr and not e.msgid_plural)
    entry.msgstr = "Dəyişdirilmiş tərcümə"
    write_catalog(catalog, tmp_path / "caja-az.po")
    diff = [
        line
        for line in difflib.unified_diff(
            path.read_text(encoding="utf-8").splitlines(),
            (tmp_path / "caja-az.po").read_text(encoding="utf-8").splitlines(),
            n=0,
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert [line for line in diff if line.startswith("+")] == ['+msgstr "Dəyişdirilmiş tərcümə"']
    assert all(line.startswith(("-msgstr", '-"')) for line in diff if line[0] == "-")
    assert read_catalog(tmp_path / "caja-az.po").find(entry.msgid).msgstr == "Dəyişdirilmiş tərcümə"


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',  # no header
        'msgid ""\r\nmsgstr "X: y\\n"\r\n\r\nmsgid "a"\r\nmsgstr "b"\r\n',  # CRLF
        'msgid ""\nmsgstr "X: y\\n"\n\nmsgid "a"\nmsgstr "b"',  # no final newline
        'msgid ""\nmsgstr "X: y\\n"\n\nmsgid "a"\nmsgstr "b"\n\n# trailing comment\n',
        'msgid ""\nmsgstr "X: y\\n"\nmsgid "a"\nmsgstr "b"\n#~ msgid "o"\n#~ msgstr "p"\n',  # no blanks
        'msgid ""\nmsgstr "X: y\\n"\n\n#, fuzzy\n#~| msgid "old"\n#~ msgid "o"\n#~ msgstr "p"\n',
    ],
)
def test_unusual_layouts_round_trip(text, tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # with a BOM, too
    write_catalog(read_catalog(path), path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.encode()


def test_syntax_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', encoding="utf-8")
    with pytest.raises(DilmacError) as caught:
        read_catalog(path)
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_a_crash_mid_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = translated_catalog(tmp_path)
    before = path.read_bytes()
    catalog = read_catalog(path)
    catalog[0].msgstr = "yeni"

    real_fdopen = os.fdopen

    class Crashing:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # the process is killed half way

    monkeypatch.setattr(safe_write.os, "fdopen", lambda fd, mode: Crashing(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_catalog(catalog, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["az.po"]  # no temporary file left

    monkeypatch.setattr(safe_write.os, "fdopen", real_fdopen)
    monkeypatch.setattr(safe_write, "_exchange", lambda a, b: False)
    monkeypatch.setattr(safe_write.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(DilmacError, match="No space left"):
        write_catalog(catalog, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["az.po"]


def test_writes_keep_permissions_and_new_files_get_the_usual_ones(tmp_path):
    old_mask = os.umask(0o022)
    try:
        path = translated_catalog(tmp_path)
        assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0o600
        path.chmod(0o640)
        catalog = read_catalog(path)
        catalog[0].msgstr = "yeni"
        write_catalog(catalog, path)
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old_mask)


# --------------------------------------------------------------------------- build


def test_extract_init_translate_build_gives_the_expected_document(workspace):
    assert cli("catalog", "extract", "src", "-o", "po/messages.pot").exit_code == 0
    assert cli("catalog", "init", "po/messages.pot", "-l", "az").exit_code == 0
    fill(workspace / "po" / "az.po", {**AZ, "Delegates": "Nümayəndələr"}, fuzzy=("Delegates",))
    result = cli("catalog", "build", "src/release.md", "--po", "po/az.po")
    assert result.exit_code == 0, result.output
    built = workspace / "src" / "release.az.md"
    assert built.read_text(encoding="utf-8") == (DATA / "expected" / "release.az.md").read_text(encoding="utf-8")
    assert result.output.splitlines() == [
        "src/release.az.md (az) from src/release.md: 10 of 15 segments translated (66.7%), 51 of 79 words (64.6%)",
        "  untranslated: src/release.md:9: On 14 May 2024 the Chairman of the [State Migration Service…",
        "  untranslated: src/release.md:16: The sides discussed:",
        "  untranslated: src/release.md:18: cooperation in `Nakhichevan`.",
        "  untranslated: src/release.md:23: Delegates",
        "  untranslated: src/release.md:25: Türkiye",
        "  1 fuzzy translation not used (--use-fuzzy uses them)",
    ]
    result = cli(
        "catalog", "build", "src/release.md", "--po", "po/az.po", "--use-fuzzy", "-o", "out.md", "--format", "json"
    )
    report = json.loads(result.output)
    assert report["segments"] == {"total": 15, "translated": 11, "percent": 73.3}
    assert report["fuzzy_unused"] == 0 and "| Ölkə | Nümayəndələr |" in Path("out.md").read_text()
    # The translation beside its source is not a source: --source-lang leaves it out.
    result = cli("catalog", "extract", "src", "--source-lang", "en", "-o", "po/messages.pot")
    assert result.output == (
        "po/messages.pot: unchanged (30 messages from 5 files; skipped 1 in another language: src/release.az.md)\n"
    )


def test_build_html_sets_the_language_and_keeps_untranslated_text(workspace):
    assert cli("catalog", "extract", "src/page.html", "-o", "page.pot").exit_code == 0
    assert cli("catalog", "init", "page.pot", "-l", "az").exit_code == 0
    fill(workspace / "az.po", AZ)
    result = cli("catalog", "build", "src/page.html", "--po", "az.po", "-o", "page.az.html")
    assert result.output.startswith("page.az.html (az) from src/page.html: 3 of 7 segments")
    html = Path("page.az.html").read_text(encoding="utf-8")
    assert '<html lang="az">' in html and "<title>Xidmət haqqında</title>" in html
    assert "<li>Vətəndaşlıq &amp; qeydiyyat</li>" in html and "<li>Residence permits</li>" in html
    assert "<pre>code stays as it is</pre>" in html
    assert segments(Path("page.az.html"), "html")[1] == (9, "html", "Dövlət Miqrasiya Xidməti haqqında")


def test_build_never_overwrites_its_source(workspace):
    assert cli("catalog", "extract", "src/release.md", "-o", "m.pot").exit_code == 0
    assert cli("catalog", "init", "m.pot", "-l", "az").exit_code == 0
    before = (workspace / "src" / "release.md").read_bytes()
    result = cli("catalog", "build", "src/release.md", "--po", "az.po", "-o", "src/release.md")
    assert result.exit_code == 2 and "would overwrite the source" in result.output
    assert (workspace / "src" / "release.md").read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        DATA / "release.md",
        DATA / "page.html",
        Path(__file__).parents[2] / "README.md",
        *sorted((Path(__file__).parents[2] / "samples").rglob("*.*")),
    ],
    ids=lambda p: p.name,
)
def test_a_built_document_segments_into_its_translations(path):
    """Every translation lands in its segment's place and keeps the block's structure: the
    built document segments into exactly the translations, in order."""
    kind = {".md": "markdown", ".html": "html"}[path.suffix]
    source = path.read_text(encoding="utf-8")
    segmented = segment_text(source, path.name, kind)
    catalog = new_catalog()
    for segment in segmented.segments:
        if catalog.find(segment.text) is None:
            catalog.append(polib.POEntry(msgid=segment.text, msgstr="Tərcümə: " + segment.text))
    built, coverage = build_document(segmented, catalog, "az")
    assert coverage.translated == coverage.segments == len(segmented.segments) > 0
    assert [s.text for s in segment_text(built, path.name, kind).segments] == [
        "Tərcümə: " + s.text for s in segmented.segments
    ]


def test_default_output_names_the_language():
    assert default_output(Path("news/release.md"), "az") == Path("news/release.az.md")
    assert default_output(Path("news/release.en.md"), "tr") == Path("news/release.tr.md")
    assert default_output(Path("notes.old.md"), "az") == Path("notes.old.az.md")


# --------------------------------------------------------------------------- stats


@needs_gettext
def test_stats_count_states_as_msgfmt_does(shared_data):
    for path in sorted((shared_data / "po").glob("*.po")):
        counts = catalog_counts(read_catalog(path), str(path))
        proc = subprocess.run(
            ["msgfmt", "--statistics", "-o", os.devnull, str(path)], capture_output=True, text=True, check=True
        )
        numbers = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
        for part in proc.stderr.strip().rstrip(".").split(", "):
            numbers[part.split()[1]] = int(part.split()[0])
        assert counts.messages == numbers, path.name


def test_word_counts_leave_markup_and_placeholders_out():
    assert count_words("Türkiye'nin <b>heyəti</b> %(name)s {count} &amp; 2024 [link](https://x.az)") == 3
    assert count_words("%d visits") == 1


def test_stats_cli_text_and_json(workspace):
    assert cli("catalog", "extract", "src", "-o", "po/messages.pot").exit_code == 0
    assert cli("catalog", "init", "po/messages.pot", "-l", "az").exit_code == 0
    assert cli("catalog", "init", "po/messages.pot", "-l", "tr").exit_code == 0
    fill(workspace / "po" / "az.po", AZ, fuzzy=("Country",))
    result = cli("catalog", "stats", "po", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    az = data["languages"][0]
    assert az["lang"] == "az" and az["messages"] == {"translated": 12, "fuzzy": 1, "untranslated": 17, "total": 30}
    assert az["words"]["fuzzy"] == 1 and az["translation_words"] > 0
    assert [f["paths"] for f in data["files"]] == [["po/az.po"], ["po/tr.po"]]
    lines = cli("catalog", "stats", "po").output.splitlines()
    assert lines[0].split() == [
        "lang",
        "files",
        "messages",
        "translated",
        "fuzzy",
        "untranslated",
        "words",
        "words",
        "translated",
        "words",
        "fuzzy",
        "words",
        "untranslated",
    ]
    assert lines[1].split()[:6] == ["az", "1", "30", "12", "(40.0%)", "1"]
    assert lines[2].split()[:5] == ["tr", "1", "30", "0", "(0.0%)"]


def test_start_up_does_not_import_the_catalog_libraries():
    code = "import sys, dilmac.cli.main; print([m for m in ('polib', 'babel', 'jinja2') if m in sys.modules])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
