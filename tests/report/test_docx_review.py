"""`dilmac lint --fix` on Word documents: tracked changes, comments, what stays byte for byte,
and the safety of the write."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.readers import read_document
from dilmac.report import docx as review_docx
from dilmac.report.xml_splice import element_spans, splice
from docx_drafts import DAY, REFERENCE_LINES, reference_draft, revised_draft, simple_draft, xml

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def lint(*args: str):
    return runner.invoke(app, ["lint", "--date", DAY, *args])


def fixed_as_text(tmp_path: Path, lines: list[str], lang: str = "tr") -> list[str]:
    """What `--fix` makes of the same text in a plain text file."""
    path = tmp_path / f"same-text.{lang}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lint("--fix", str(path))
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def root(path: Path, part: str):
    return etree.fromstring(parts(path)[part])


def top_level_paragraphs(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """The bytes of each outermost <w:p> of a part and of the stretches between them."""
    paragraphs, gaps, depth, start, last = [], [], 0, 0, 0
    for tag in re.finditer(rb"<(/?)w:p(?=[\s/>])[^>]*?(/?)>", data):
        closing, empty = tag.group(1), tag.group(2)
        if not closing and depth == 0:
            start = tag.start()
            gaps.append(data[last:start])
        if empty and not closing:
            if depth == 0:
                paragraphs.append(data[start : tag.end()])
                last = tag.end()
            continue
        depth += -1 if closing else 1
        if closing and depth == 0:
            paragraphs.append(data[start : tag.end()])
            last = tag.end()
    gaps.append(data[last:])
    return paragraphs, gaps


@pytest.fixture()
def reference(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    path = reference_draft(tmp_path / "release.docx")
    return path, parts(path)


def test_fixes_become_tracked_changes_and_the_rest_comments(reference):
    path, _ = reference
    result = lint("--fix", str(path))
    assert result.exit_code == 0, result.output  # what is left are warnings
    assert f"{path}: 9 tracked changes and 3 comments: review them in Word or LibreOffice" in result.stdout
    # accepted, the document reads as the same text fixed as plain text
    assert read_document(path).text.split("\n") == fixed_as_text(path.parent, REFERENCE_LINES)
    document = root(path, "word/document.xml")
    deleted = ["".join(t.text for t in d.iter(f"{W}delText")) for d in document.iter(f"{W}del")]
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in document.iter(f"{W}ins")]
    # only the words that differ are revised
    # (a name half in a hyperlink: a deletion on each side of the link's end)
    assert deleted[:4] == ["Konseyi'nin", "Genel", " Müdürlüğü", "Sekreteri"]
    assert inserted[:3] == ["Devletleri Teşkilatının", "Başkanlığı", "Direktörü"]
    for revision in [*document.iter(f"{W}del"), *document.iter(f"{W}ins")]:
        assert revision.get(f"{W}author") == "dilmac"
        when = datetime.strptime(revision.get(f"{W}date"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs(datetime.now(UTC) - when) < timedelta(minutes=5)


def test_python_docx_reads_the_result_with_its_comments(reference):
    import docx

    path, _ = reference
    lint("--fix", str(path))
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Bakü'de göç forumu düzenlendi"
    comments = [(c.author, c.text) for c in document.comments]
    assert comments == [
        (
            "dilmac",
            "[foreign-letter] “Bakı'daki” is spelled the Azerbaijani way; in Turkish: “Bakü'deki”\n"
            "Suggestion: Bakü'deki",
        ),
        (
            "dilmac",
            "[foreign-letter] Header: “Bakı” is spelled the Azerbaijani way; in Turkish: “Bakü”\nSuggestion: Bakü",
        ),
        (
            "dilmac",
            "[foreign-letter] Footnote 1: “Bakı'daki” is spelled the Azerbaijani way; in Turkish: “Bakü'deki”\n"
            "Suggestion: Bakü'deki",
        ),
    ]


def test_comments_sit_on_their_words_or_where_word_shows_them(reference):
    path, _ = reference
    lint("--fix", str(path))
    layout_doc = read_document(path)
    document = root(path, "word/document.xml")
    body = document.find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p"))
    # on the words in the body
    marked = next(p for p in paragraphs if "Görüşmeler" in "".join(p.itertext()))
    kinds = [child.tag.split("}")[1] for child in marked]
    assert kinds[kinds.index("commentRangeStart") + 1 : kinds.index("commentRangeEnd")] == ["r"]
    start = marked[kinds.index("commentRangeStart") + 1]
    assert "".join(start.itertext()) == "Bakı'daki"
    # the header's at the start of the document; the footnote's on its reference mark
    first = paragraphs[0]
    assert [c.tag.split("}")[1] for c in first][1:4] == ["commentRangeStart", "commentRangeEnd", "r"]
    reference_run = next(document.iter(f"{W}footnoteReference")).getparent()
    assert reference_run.getprevious().tag == f"{W}commentRangeStart"
    assert reference_run.getnext().tag == f"{W}commentRangeEnd"
    assert layout_doc.text.split("\n")[0] == "Bakü'de göç forumu düzenlendi"
    # nothing anchored where Word ignores comments
    for part in ("word/header1.xml", "word/footnotes.xml"):
        assert b"commentRange" not in parts(path)[part]


def test_formatting_links_fields_and_notes_are_kept(reference):
    path, _ = reference
    lint("--fix", str(path))
    document = root(path, "word/document.xml")
    paragraphs = list(document.find(f"{W}body").iter(f"{W}p"))
    # the bold word of the name stays as it was: the revision starts after it
    bold = [r for r in paragraphs[1].iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    assert ["".join(r.itertext()) for r in bold] == ["Türk"]
    # the name's first half in the hyperlink: revised inside the link, the new words underlined like it
    link = paragraphs[2].find(f"{W}hyperlink")
    assert "".join(t.text for t in link.iter(f"{W}delText")) == "Genel"
    assert [c.tag for c in link] == [f"{W}r", f"{W}del", f"{W}ins"]
    assert link.find(f"{W}ins/{W}r/{W}rPr/{W}u") is not None
    # the field keeps its code and structure, the result is revised
    fourth = paragraphs[3]
    assert [c.get(f"{W}fldCharType") for c in fourth.iter(f"{W}fldChar")] == ["begin", "separate", "end"]
    assert "".join(t.text for t in fourth.iter(f"{W}instrText")) == ' HYPERLINK "https://www.iom.int" '
    assert fourth.find(f"{W}r/{W}footnoteReference") is not None


def test_runs_are_split_only_where_needed(reference):
    path, before = reference
    old = etree.fromstring(before["word/document.xml"])
    lint("--fix", str(path))
    new = root(path, "word/document.xml")
    old_paragraphs = list(old.find(f"{W}body").iter(f"{W}p"))
    new_paragraphs = list(new.find(f"{W}body").iter(f"{W}p"))
    second = [(c.tag.split("}")[1], "".join(c.itertext())) for c in new_paragraphs[1]]
    assert second == [
        ("r", "14 Mayıs 2024 tarihinde "),
        ("r", "Türk"),
        ("r", " "),  # the run " Konseyi'nin heyeti …" is cut where the revision starts and ends
        ("del", "Konseyi'nin"),
        ("ins", "Devletleri Teşkilatının"),
        ("r", " heyeti Azerbaycan Devlet Göç Hizmeti ile bir araya geldi."),
    ]
    # a paragraph with nothing to change keeps its runs
    assert len(old_paragraphs[9].findall(f"{W}r")) == len(new_paragraphs[9].findall(f"{W}r")) == 1


def test_the_package_is_byte_identical_outside_the_changed_paragraphs(reference):
    path, before = reference
    lint("--fix", str(path))
    after = parts(path)
    changed = {
        "word/document.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    }
    assert list(after)[: len(before)] == list(before)  # every entry in its place
    assert list(after)[len(before) :] == ["word/comments.xml"]
    for name, data in before.items():
        if name not in changed:
            assert after[name] == data, name  # styles, numbering, picture, settings, theme, …
    for name in changed - {"word/_rels/document.xml.rels", "[Content_Types].xml"}:
        old_paragraphs, old_gaps = top_level_paragraphs(before[name])
        new_paragraphs, new_gaps = top_level_paragraphs(after[name])
        assert new_gaps == old_gaps, name
        same = [i for i, (a, b) in enumerate(zip(old_paragraphs, new_paragraphs)) if a == b]
        if name == "word/document.xml":  # the header's comment at the start; table cells 1, 2 and 4, picture
            assert same == [4, 5, 7, 8, 9]
        elif name in ("word/footnotes.xml", "word/endnotes.xml"):
            assert same == [0, 1]  # the separators
        else:
            assert same == []
    # the relationships and content types gain one entry each, the rest unchanged
    rels = after["word/_rels/document.xml.rels"]
    added = re.search(rb"<Relationship [^>]*relationships/comments[^>]*/>", rels)
    assert rels[: added.start()] + rels[added.end() :] == before["word/_rels/document.xml.rels"]
    types = after["[Content_Types].xml"]
    added = re.search(rb'<Override PartName="/word/comments.xml"[^>]*/>', types)
    assert types[: added.start()] + types[added.end() :] == before["[Content_Types].xml"]


def test_a_second_fix_changes_nothing(reference):
    path, _ = reference
    lint("--fix", str(path))
    first = path.read_bytes()
    again = lint("--fix", str(path))
    assert path.read_bytes() == first
    assert "0 fixes in 0 files" in again.stdout and "tracked change" not in again.stdout


def test_earlier_comments_are_kept_and_not_added_again(tmp_path):
    path = simple_draft(tmp_path / "x.tr.docx", ["Görüşmeler Bakı'daki merkezde sürdü.", "Bakı'daki ikinci toplantı."])
    lint("--fix", str(path))
    first = parts(path)["word/comments.xml"]
    assert first.count(b"<w:comment ") == 2
    # someone adds a paragraph above: the comments move with their words and are still dilmac's
    import docx

    document = docx.Document(str(path))
    document.paragraphs[0].insert_paragraph_before("Yeni giriş paragrafı.")
    document.save(str(path))
    lint("--fix", str(path))
    assert parts(path)["word/comments.xml"].count(b"<w:comment ") == 2


def test_another_reviewers_changes_are_respected(tmp_path):
    path = revised_draft(tmp_path / "revised.docx")
    result = lint("--fix", str(path))
    # "Türk Keneşi" was deleted by the other reviewer: not checked; the inserted text is
    assert "Keneşi" not in result.output
    assert (
        f"not fixed: {path}:1:7: [term-forbidden] “İç İşleri Bakanlığı”: it is inside a tracked change "
        "not yet accepted or rejected: do that first" in result.stdout
    )
    document = root(path, "word/document.xml")
    paragraph = document.find(f"{W}body/{W}p")
    assert [(c.tag.split("}")[1], c.get(f"{W}author")) for c in paragraph if c.tag in (f"{W}ins", f"{W}del")] == [
        ("del", "Redaktör"),
        ("ins", "Redaktör"),
    ]
    inserted = paragraph.find(f"{W}ins")
    assert inserted.find(f"{W}commentRangeStart") is not None  # the comment on the words in the insertion,
    assert inserted.getnext().find(f"{W}commentReference") is not None  # its mark outside (kept if rejected)
    comment = root(path, "word/comments.xml").find(f"{W}comment")
    assert "".join(comment.itertext()).endswith(
        "Not fixed automatically: it is inside a tracked change not yet accepted or rejected: do that first."
    )


def test_azerbaijani_inflection_is_reharmonised(tmp_path):
    lines = ["Türk Şurasının sammiti Bakıda keçirildi.", "TÜRK ŞURASININ BƏYANATI"]
    path = simple_draft(tmp_path / "xeber.az.docx", lines)
    lint("--fix", str(path))
    assert (
        read_document(path).text.split("\n")
        == fixed_as_text(tmp_path, lines, "az")
        == [
            "Türk Dövlətləri Təşkilatının sammiti Bakıda keçirildi.",
            "TÜRK DÖVLƏTLƏRİ TƏŞKİLATININ BƏYANATI",
        ]
    )


def test_author_option_and_output_copy(reference, tmp_path):
    path, before = reference
    out = tmp_path / "corrected.docx"
    result = lint("--fix", "-o", str(out), "--author", "Redaksiya", str(path))
    assert result.exit_code == 0, result.output
    assert parts(path) == before  # the original is left alone
    assert str(out) in result.stdout  # the report is about the corrected copy
    document = root(out, "word/document.xml")
    assert {r.get(f"{W}author") for r in document.iter(f"{W}ins")} == {"Redaksiya"}
    assert {c.get(f"{W}author") for c in root(out, "word/comments.xml")} == {"Redaksiya"}


def test_output_of_a_file_with_nothing_to_fix_is_a_copy(tmp_path):
    path = simple_draft(tmp_path / "clean.tr.docx", ["Türk Devletleri Teşkilatı toplandı."])
    out = tmp_path / "copy.docx"
    assert lint("--fix", "-o", str(out), str(path)).exit_code == 0
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/x.docx", "{doc}"], "--output writes the fixed file: it needs --fix"),
        (["--fix", "-o", "{tmp}/x.docx", "{doc}", "{doc}"], "--output needs exactly one file to fix"),
        (["--fix", "-o", "{tmp}/x.docx", "{tmp}"], "--output needs exactly one file to fix"),
        (["--fix", "-o", "{tmp}/x.txt", "{doc}"], "--output must be a .docx file like the one fixed"),
        (["--fix", "-o", "{tmp}", "{doc}"], "--output names a folder"),
    ],
)
def test_output_misuse_is_a_usage_error(tmp_path, args, message):
    doc = simple_draft(tmp_path / "a.tr.docx", ["Türk Konseyi"])
    result = lint(*[a.format(tmp=tmp_path, doc=doc) for a in args])
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("lock", ["~$draft.docx", ".~lock.draft.docx#"])
def test_an_open_document_is_not_overwritten_without_force(tmp_path, lock):
    path = simple_draft(tmp_path / "draft.docx", ["Türk Konseyi toplandı."], language="tr")
    before = path.read_bytes()
    (tmp_path / lock).write_bytes(b"owner")
    result = lint("--fix", str(path))
    assert result.exit_code == 2
    assert f"the document is open in a word processor (lock file {lock} beside it)" in result.stderr
    assert "--force" in result.stderr and path.read_bytes() == before
    assert lint("--fix", "--force", str(path)).exit_code == 0
    assert read_document(path).text == "Türk Devletleri Teşkilatı toplandı."


def test_words_lock_file_drops_the_first_letters_of_a_long_name(tmp_path):
    target = tmp_path / "2024-05-14-basin-bulteni.docx"
    (tmp_path / "~$24-05-14-basin-bulteni.docx").write_bytes(b"owner")
    assert [p.name for p in review_docx.lock_files(target)] == ["~$24-05-14-basin-bulteni.docx"]
    assert review_docx.lock_files(tmp_path / "other.docx") == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "not a valid .docx (zip) file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "password-protected document"),
    ],
)
def test_a_corrupt_or_protected_document_is_an_input_error(tmp_path, data, message):
    path = tmp_path / "draft.tr.docx"
    path.write_bytes(data)
    result = lint("--fix", str(path))
    assert result.exit_code == 2 and message in result.stderr and str(path) in result.stderr
    assert path.read_bytes() == data


def _rezip(source: Path, target: Path, extra=(), flag_bits=0, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        for name, data in extra:
            new.writestr(name, data)
        new.infolist()[-1].flag_bits |= flag_bits
    return target


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([("../../evil.xml", b"x")], "an entry named '../../evil.xml' points outside the package"),
        ([("/etc/evil.xml", b"x")], "points outside the package"),
        ([("word\\..\\evil.xml", b"x")], "points outside the package"),
        ([("WORD/document.xml", b"x")], "the entry 'WORD/document.xml' is there twice"),
    ],
)
def test_path_tricks_in_the_package_are_refused(tmp_path, extra, message):
    base = simple_draft(tmp_path / "base.docx", ["Türk Konseyi toplandı."], language="tr")
    path = _rezip(base, tmp_path / "tricky.docx", extra)
    before = path.read_bytes()
    result = lint("--fix", str(path))
    assert result.exit_code == 2 and message in result.stderr
    assert path.read_bytes() == before


def test_bzip2_entries_are_refused(tmp_path):
    base = simple_draft(tmp_path / "base.docx", ["Türk Konseyi toplandı."], language="tr")
    path = _rezip(base, tmp_path / "odd.docx", compression=zipfile.ZIP_BZIP2)
    with pytest.raises(DilmacError) as err:
        review_docx.check_package(zipfile.ZipFile(path), str(path))
    assert "compressed in a way Word never uses" in err.value.message


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    """The attack of 2026-12 (a small .docx with a part of gigabytes of zeros), with a part just
    over the limit: refused by the sizes the package declares, the file left as it was."""
    base = simple_draft(tmp_path / "base.docx", ["Türk Konseyi toplandı."], language="tr")
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        with new.open("word/media/image1.png", "w", force_zip64=True) as part:
            for _ in range(review_docx.MAX_ENTRY_SIZE // (1 << 24) + 1):
                part.write(bytes(1 << 24))
    assert path.stat().st_size < 2 << 20
    before = path.read_bytes()
    result = lint("--fix", str(path))
    assert result.exit_code == 2
    assert "not fixed: the .docx package is unsafe: it would unpack to more than 1024 MB" in result.stderr
    assert path.read_bytes() == before


def test_a_document_changed_since_it_was_checked_is_not_written(tmp_path):
    path = simple_draft(tmp_path / "a.tr.docx", ["Türk Konseyi toplandı."])
    doc = read_document(path)
    other = simple_draft(tmp_path / "b.tr.docx", ["Başka metin."])
    with pytest.raises(DilmacError) as err:
        review_docx.review(str(path), other.read_bytes(), doc, [], [], when=datetime.now(UTC))
    assert "changed while it was being checked" in err.value.message


def test_json_gives_the_location_and_the_comments(reference):
    path, _ = reference
    result = lint("--fix", "--format", "json", str(path))
    data = json.loads(result.stdout)
    table = next(f for f in data["fixes"]["fixes"] if f["found"] == "Kubanychbek Omuraliev")
    assert table["line"] == 7 and table["location"]["cells"] == [{"table": 1, "row": 2, "cell": 1}]
    assert [c["location"]["part"] for c in data["fixes"]["comments"]] == ["body", "header", "footnote"]
    footnote = data["findings"][-1]
    assert footnote["location"]["part"] == "footnote" and footnote["location"]["note"] == 1


def test_text_output_says_where_the_paragraph_is(reference):
    path, _ = reference
    result = lint(str(path))
    assert "   = in table 1, row 2, cell 1, paragraph 7 “Kubanychbek Omuraliev”" in result.stdout
    assert "   = in footnote 1, paragraph 1 “Türk Konseyi'nin Bakı'daki toplantısı…”" in result.stdout


def test_diff_previews_a_word_document_without_writing_it(reference):
    path, before = reference
    result = lint("--diff", str(path))
    assert result.stdout == ""  # a .docx has no unified diff
    assert f"{path}: would add 9 tracked changes and 3 comments" in result.stderr
    assert parts(path) == before


@pytest.mark.parametrize(
    ("old", "new", "kept"),
    [
        ("Türk Konseyi'nin", "Türk Devletleri Teşkilatının", (5, 0)),
        ("Göç İdaresi Genel Müdürlüğü", "Göç İdaresi Başkanlığı", (12, 0)),
        ("İç İşleri Bakanlığı", "İçişleri Bakanlığı", (0, 10)),
        ("Kubanychbek Omuraliev", "Kubanıçbek Ömüraliyev", (0, 0)),
        ("Turkish Council", "Turkish Council of", (8, 0)),  # something is always replaced
        ("a b", "a b c", (2, 0)),
    ],
)
def test_only_the_words_that_differ_are_revised(old, new, kept):
    assert review_docx.minimal_change(old, new) == kept


_NAME = st.sampled_from(["w:p", "w:r", "w:t", "a", "x:y"])
_VALUE = st.text(alphabet="ab>/'\"&< ", max_size=6)


def _attribute(number: int, value: str) -> str:
    quote = "'" if '"' in value else '"'
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(quote, "&apos;" if quote == "'" else "&quot;")
    return f" k{number}={quote}{escaped}{quote}"


@st.composite
def xml_trees(draw, depth=0):
    """An element as files write them: either quote, '>' and '/' in values, comments,
    processing instructions, CDATA, empty elements with or without a space."""
    name = draw(_NAME)
    attributes = "".join(_attribute(i, v) for i, v in enumerate(draw(st.lists(_VALUE, max_size=2))))
    if depth > 2 or draw(st.booleans()):
        return f"<{name}{attributes}{draw(st.sampled_from(['/>', ' />']))}"
    others = st.sampled_from(["text", "<!-- > -->", "<?pi x?>", "<![CDATA[<a>]]>", " "])
    children = draw(st.lists(st.one_of(xml_trees(depth=depth + 1), others), max_size=3))
    return f"<{name}{attributes}>{''.join(children)}</{name} >"


@given(xml_trees())
def test_element_spans_agree_with_lxml_and_a_splice_changes_only_what_changed(tree):
    data = ('<?xml version="1.0"?>\n<root xmlns:w="w" xmlns:x="x">' + tree + "</root>").encode()
    document = etree.fromstring(data)
    spans = element_spans(data, document)
    for element, span in spans.items():
        alone = etree.fromstring(b'<r xmlns:w="w" xmlns:x="x">' + data[span.start : span.end] + b"</r>")[0]
        assert alone.tag == element.tag and dict(alone.attrib) == dict(element.attrib)
    assert splice(data, spans, document, set(), {}) == data
    target = [element for element in document.iter() if isinstance(element.tag, str)][-1]
    target.set("changed", "yes")
    out = splice(data, spans, document, {target}, {})
    before = spans[target]
    assert out[: before.start] == data[: before.start] and out.endswith(data[before.end :])
    assert etree.tostring(etree.fromstring(out)) == etree.tostring(document)


def test_the_review_of_a_paragraph_in_a_table_cell_keeps_the_table(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ad"
    cell = table.cell(0, 1).paragraphs[0]
    cell._p.append(xml('<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Türk Konseyi</w:t></w:r>'))
    path = tmp_path / "table.tr.docx"
    document.save(path)
    lint("--fix", str(path))
    cells = root(path, "word/document.xml").findall(f".//{W}tc")
    assert len(cells) == 2
    assert cells[1].find(f".//{W}ins/{W}r/{W}rPr/{W}i") is not None  # the new words italic like the old


_NAMES = [
    "Türk Konseyi'nin",
    "Göç İdaresi Genel Müdürlüğü",
    "İç İşleri Bakanlığı",
    "Kubanychbek Omuraliev",
    "Bakı'daki",
]
_PARAGRAPH = st.tuples(
    st.sampled_from(_NAMES),
    st.lists(st.integers(1, 40), max_size=4),  # where the paragraph is cut into runs
    st.lists(st.sampled_from(["plain", "bold", "link"]), min_size=5, max_size=5),  # each run's kind
)


@settings(max_examples=30)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=3))
def test_names_cut_into_runs_anyhow_are_fixed_as_in_plain_text(builtin, tmp_path_factory, paragraphs):
    """However a name is cut into runs (bold, hyperlinks), accepting the tracked changes gives the
    text-file fix, the other runs keep their formatting, and python-docx opens the result."""
    import docx

    from dilmac.lint.pipeline import lint_paths
    from dilmac.report import fix

    folder = tmp_path_factory.mktemp("cuts")
    document = docx.Document()
    document.core_properties.language = "tr-TR"
    lines, bold_before = [], []
    for name, cuts, kinds in paragraphs:
        text = f"Heyet {name} ile görüştü."
        lines.append(text)
        bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
        paragraph = document.add_paragraph()
        for (start, end), kind in zip(pairwise(bounds), kinds):
            piece = text[start:end].replace("&", "&amp;")
            properties = "<w:rPr><w:b/></w:rPr>" if kind == "bold" else ""
            fragment = f'<w:r>{properties}<w:t xml:space="preserve">{piece}</w:t></w:r>'
            if kind == "link":
                fragment = f'<w:hyperlink w:anchor="top">{fragment}</w:hyperlink>'
            paragraph._p.append(xml(fragment))
            if kind == "bold" and not set(range(start, end)) & set(range(6, 6 + len(name))):
                bold_before.append(text[start:end])
    path, plain = folder / "release.docx", folder / "release.tr.txt"
    document.save(path)
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    day = datetime(2024, 5, 14).date()
    assert fix.apply(fix.plan(lint_paths([path, plain], builtin, day=day))) == []
    assert read_document(path).text == plain.read_text(encoding="utf-8").rstrip("\n")
    reviewed = docx.Document(str(path))
    bold_after = [r.text for p in reviewed.paragraphs for r in p.runs if r.bold]
    assert all(piece in bold_after for piece in bold_before)  # runs away from the name are untouched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--author", "Redaksiya"], "--author and --force go with --fix"),
        (["--force"], "--author and --force go with --fix"),
        (["--fix", "--author", " "], "--author needs a name"),
    ],
)
def test_author_and_force_misuse_is_a_usage_error(tmp_path, args, message):
    doc = simple_draft(tmp_path / "a.tr.docx", ["Türk Konseyi"])
    result = lint(*args, str(doc))
    assert result.exit_code == 2 and message in result.stderr


def test_a_name_over_two_paragraphs_is_commented_in_the_first(tmp_path):
    path = simple_draft(tmp_path / "split.tr.docx", ["Heyet Türk", "Konseyi ile görüştü."])
    result = lint("--fix", str(path))
    assert "“Türk\nKonseyi”: the name runs over two paragraphs: fix it by hand" in result.stdout
    paragraphs = root(path, "word/document.xml").findall(f".//{W}body/{W}p")
    start = paragraphs[0].find(f"{W}commentRangeStart")
    assert "".join(start.getnext().itertext()) == "Türk" and paragraphs[0].find(f"{W}commentRangeEnd") is not None
    assert paragraphs[1].find(f"{W}commentRangeEnd") is None
    assert lint("--fix", str(path)).exit_code == 1 and parts(path)["word/comments.xml"].count(b"<w:comment ") == 1
