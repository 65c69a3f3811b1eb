"""The .docx reader: every story of a Word document, where each paragraph is, tracked changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dilmac.core.errors import DilmacError
from dilmac.readers import read_document
from dilmac.readers.docx import open_archive, read_docx, read_layout
from docx_drafts import BODY_PARAGRAPHS, REFERENCE_LINES, reference_draft, revised_draft, xml


def test_every_story_is_read_body_first(tmp_path):
    doc = read_document(reference_draft(tmp_path / "release.docx"))
    assert doc.text.split("\n") == REFERENCE_LINES
    assert doc.lang == "tr"
    assert [p.part for p in doc.places] == ["body"] * BODY_PARAGRAPHS + [
        "text box",
        "header",
        "footer",
        "footnote",
        "endnote",
    ]
    # body paragraphs are numbered like lines; the other parts count their own
    assert [p.paragraph for p in doc.places] == [*range(1, BODY_PARAGRAPHS + 1), 1, 1, 1, 1, 1]


def test_places_say_where_a_person_finds_the_paragraph(tmp_path):
    doc = read_document(reference_draft(tmp_path / "release.docx"))
    places = dict(enumerate(doc.places, 1))
    assert places[2].describe() == "paragraph 2 “14 Mayıs 2024 tarihinde Türk…”"
    assert places[7].cells == ((1, 2, 1),)
    assert places[7].describe() == "table 1, row 2, cell 1, paragraph 7 “Kubanychbek Omuraliev”"
    assert places[13].describe() == "text box in paragraph 12, paragraph 1 “Türk Keneşi heyeti”"
    assert places[14].describe() == "header, paragraph 1 “Türk Konseyi basın bülteni, Bakı”"
    assert places[16].note == 1 and places[16].describe().startswith("footnote 1, paragraph 1 “Türk Konseyi'nin")
    assert places[17].to_json() == {
        "part": "endnote",
        "paragraph": 1,
        "first_words": "Kaynak: İç İşleri Bakanlığı.",
        "note": 1,
        "description": "endnote 1, paragraph 1 “Kaynak: İç İşleri Bakanlığı.”",
    }


def test_inserted_text_is_read_and_deleted_text_is_not(tmp_path):
    doc = read_document(revised_draft(tmp_path / "revised.docx"))
    assert doc.text == "Heyet İç İşleri Bakanlığı ile görüştü."


def test_sections_headers_and_notes_in_the_order_a_reader_meets_them(tmp_path):
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_paragraph("Birinci bölüm")
    first = document.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "İlk sayfa başlığı"
    first.header.paragraphs[0].text = "Başlık"
    document.add_section(WD_SECTION.NEW_PAGE)
    second = document.sections[1]
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "İkinci bölüm başlığı"
    path = tmp_path / "sections.docx"
    document.save(path)
    doc = read_document(path)
    lines = doc.text.split("\n")
    headers = {lines[i]: p.describe() for i, p in enumerate(doc.places) if p.part == "header"}
    assert headers == {
        "Başlık": "header of section 1, paragraph 1 “Başlık”",
        "İlk sayfa başlığı": "header (first page) of section 1, paragraph 1 “İlk sayfa başlığı”",
        "İkinci bölüm başlığı": "header of section 2, paragraph 1 “İkinci bölüm başlığı”",
    }


def test_comment_ranges_are_placed_in_the_text(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Birinci paragraf.")
    paragraph = document.add_paragraph()
    for fragment in (
        '<w:r><w:t xml:space="preserve">Heyet </w:t></w:r>',
        '<w:commentRangeStart w:id="7"/>',
        "<w:r><w:t>Bakıda</w:t></w:r>",
        '<w:commentRangeEnd w:id="7"/>',
        '<w:r><w:commentReference w:id="7"/></w:r>',
        '<w:r><w:t xml:space="preserve"> toplandı.</w:t></w:r>',
    ):
        paragraph._p.append(xml(fragment))
    path = tmp_path / "commented.docx"
    document.save(path)
    layout = read_layout(open_archive(path.read_bytes(), str(path)), str(path))
    start, end = layout.comment_ranges["7"]
    assert layout.text[start:end] == "Bakıda"


def test_a_zip_of_something_else_is_not_a_word_document(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DilmacError) as err:
        read_document(path)
    assert err.value.message == "not a valid .docx: there is no Word document inside"
    assert err.value.hint


def _with_part(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, data if info.filename == name else old.read(info))
    return target


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<w:document><w:body></w:document>", "the part word/document.xml is not well-formed XML (line 1"),
        (
            b'<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
            "the part word/document.xml has a DOCTYPE",
        ),
    ],
)
def test_broken_or_suspicious_xml_is_an_error_naming_the_part(tmp_path, data, message):
    import docx

    base = tmp_path / "base.docx"
    docx.Document().save(base)
    path = _with_part(base, tmp_path / "bad.docx", "word/document.xml", data)
    with pytest.raises(DilmacError) as err:
        read_document(path)
    assert message in err.value.message and err.value.path == str(path)


# A paragraph as a run of pieces: plain text, bold, in a hyperlink, inserted or deleted by a
# reviewer, a field's result with its code; what dilmac reads is the text with the changes
# accepted, the code left out.
_TEXT = st.text(alphabet="abcçəğıöşü ÇƏĞİÖŞÜ'.-\t", min_size=1, max_size=8)
_PIECE = st.tuples(st.sampled_from(["plain", "bold", "link", "ins", "del", "field"]), _TEXT)


def _piece_xml(kind: str, text: str) -> tuple[str, str]:
    t = f'<w:t xml:space="preserve">{text}</w:t>'
    if kind == "plain":
        return f"<w:r>{t}</w:r>", text
    if kind == "bold":
        return f"<w:r><w:rPr><w:b/></w:rPr>{t}</w:r>", text
    if kind == "link":
        return f'<w:hyperlink w:anchor="x"><w:r>{t}</w:r></w:hyperlink>', text
    if kind == "ins":
        return f'<w:ins w:id="1" w:author="A"><w:r>{t}</w:r></w:ins>', text
    if kind == "del":
        return f'<w:del w:id="2" w:author="A"><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>', ""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF x </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>{t}</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ), text


@given(st.lists(st.lists(_PIECE, max_size=6), min_size=1, max_size=4))
def test_any_mix_of_runs_reads_as_the_accepted_text_and_maps_back(tmp_path_factory, paragraphs):
    import docx

    document = docx.Document()
    expected = []
    for pieces in paragraphs:
        paragraph = document.add_paragraph()
        text = ""
        for kind, piece in pieces:
            fragment, shown = _piece_xml(kind, piece)
            for element in xml(f"<w:p>{fragment}</w:p>"):
                paragraph._p.append(element)
            text += shown
        expected.append(text)
    path = tmp_path_factory.mktemp("props") / "mix.docx"
    document.save(path)
    data = path.read_bytes()
    doc = read_docx(data, str(path))
    assert doc.text.split("\n") == expected
    layout = read_layout(open_archive(data, str(path)), str(path))
    for line in layout.lines:  # every character comes from the element it is said to
        for piece in line.pieces:
            assert layout.text[piece.start : piece.start + len(piece.text)] == piece.text
            assert piece.element.text == piece.text or piece.text == "\t"
