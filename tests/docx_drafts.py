"""Word drafts for the tests, built with python-docx and the WordprocessingML Word itself
writes for what python-docx has no API for (hyperlinks, fields, notes, text boxes, revisions).

`reference_draft` is a Turkish press release with every kind of place a name can be: a name
split over a bold run, one half in a hyperlink, one inside a field's result, table cells,
a picture, a text box, a header, a footer, a footnote and an endnote.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DAY = "2024-05-14"

# The reference draft's text as dilmac reads it, line by line (body, text box, header, footer,
# footnote, endnote), and which lines the fixes change.
REFERENCE_LINES = [
    "Bakü'de göç forumu düzenlendi",
    "14 Mayıs 2024 tarihinde Türk Konseyi'nin heyeti Azerbaycan Devlet Göç Hizmeti ile bir araya geldi.",
    "Toplantıya Göç İdaresi Genel Müdürlüğü ve İçişleri Bakanlığı temsilcileri katıldı.",
    "Uluslararası Göç Örgütü Genel Sekreteri Amy Pope toplantıya video mesaj gönderdi.",
    "Ad",
    "Görev",
    "Kubanychbek Omuraliev",
    "Türk Devletleri Teşkilatı Genel Sekreteri",
    "",  # the picture
    "Forumun fotoğrafı yukarıdadır.",
    "Görüşmeler Bakı'daki merkezde sürdü.",
    "",  # the paragraph holding the text box
    "Türk Keneşi heyeti",  # the text box
    "Türk Konseyi basın bülteni, Bakı",  # header
    "Sayfa — Göç İdaresi Genel Müdürlüğü",  # footer
    " Türk Konseyi'nin Bakı'daki toplantısı da anıldı.",  # footnote 1
    " Kaynak: İç İşleri Bakanlığı.",  # endnote 1
]
BODY_PARAGRAPHS = 12


def png(width: int = 30, height: int = 15) -> bytes:
    """A small picture: three stripes, blue, red and green."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    colours = (b"\x00\xb5\xe2", b"\xef\x33\x40", b"\x50\x9e\x2f")
    rows = b"".join(b"\0" + colours[3 * y // height] * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def xml(fragment: str):
    """An element from WordprocessingML written with the usual prefixes."""
    from docx.oxml import parse_xml

    return parse_xml(f"<w:wrapper {NAMESPACES}>{fragment}</w:wrapper>")[0]


def run(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def add_part(document, name: str, content_type: str, relationship: str, body: str):
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(name), content_type, body.encode("utf-8"), document.part.package)
    document.part.relate_to(part, relationship)
    return part


def notes_part(kind: str, text: str) -> str:
    """A footnotes or endnotes part with the two separators Word writes and note 1."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {NAMESPACES}>'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
        f"{run(' ' + text)}</w:p></w:{kind}></w:{kind}s>"
    )


def text_box(text: str) -> str:
    """A run holding a text box, as Word 2010 and later write it (with the VML fallback)."""
    box = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2400000" cy="400000"/>'
        '<wp:docPr id="20" name="Metin Kutusu 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2400000" cy="400000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>"
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:189pt;height:31.5pt">'
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def reference_draft(path: Path) -> Path:
    """The reference press release (see the module docstring); Turkish, dated 2024-05-14."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Inches, Pt

    document = docx.Document()
    document.core_properties.language = "tr-TR"
    document.add_heading("Bakü'de göç forumu düzenlendi", level=1)
    # A name over three runs, the first word bold.
    p = document.add_paragraph("14 Mayıs 2024 tarihinde ")
    p.add_run("Türk").bold = True
    p.add_run(" Konseyi'nin heyeti Azerbaycan Devlet Göç Hizmeti ile bir araya geldi.")
    # A name whose first half is a hyperlink; the next name is fine.
    link = document.part.relate_to("https://www.goc.gov.tr/", RT.HYPERLINK, is_external=True)
    p = document.add_paragraph()
    p._p.append(xml(run("Toplantıya ")))
    underlined = run("Göç İdaresi Genel", '<w:rPr><w:u w:val="single"/></w:rPr>')
    p._p.append(xml(f'<w:hyperlink r:id="{link}">{underlined}</w:hyperlink>'))
    p._p.append(xml(run(" Müdürlüğü ve İçişleri Bakanlığı temsilcileri katıldı.")))
    # A name that is a field's result, with a footnote reference after it.
    p = document.add_paragraph()
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(xml('<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.iom.int" </w:instrText></w:r>'))
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(xml(run("Uluslararası Göç Örgütü Genel Sekreteri")))
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(xml(run(" Amy Pope toplantıya video mesaj gönderdi.")))
    p._p.append(xml('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for (row, column), text in {(0, 0): "Ad", (0, 1): "Görev", (1, 0): "Kubanychbek Omuraliev"}.items():
        table.cell(row, column).text = text
    table.cell(1, 1).text = "Türk Devletleri Teşkilatı Genel Sekreteri"
    document.add_picture(BytesIO(png()), width=Inches(1))
    p = document.add_paragraph("Forumun fotoğrafı yukarıdadır.")
    p.runs[0].font.size = Pt(10)
    p = document.add_paragraph("Görüşmeler Bakı'daki merkezde sürdü.")
    p._p.append(xml('<w:r><w:endnoteReference w:id="1"/></w:r>'))
    p = document.add_paragraph()
    p._p.append(xml(text_box("Türk Keneşi heyeti")))
    section = document.sections[0]
    section.header.paragraphs[0].text = REFERENCE_LINES[13]
    section.footer.paragraphs[0].text = REFERENCE_LINES[14]
    add_part(
        document,
        "/word/footnotes.xml",
        CT.WML_FOOTNOTES,
        RT.FOOTNOTES,
        notes_part("footnote", REFERENCE_LINES[15].strip()),
    )
    add_part(
        document, "/word/endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES, notes_part("endnote", REFERENCE_LINES[16].strip())
    )
    document.save(path)
    return path


def simple_draft(path: Path, paragraphs: list[str], *, language: str | None = None) -> Path:
    """A document of plain paragraphs."""
    import docx

    document = docx.Document()
    if language:
        document.core_properties.language = language
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def revised_draft(path: Path) -> Path:
    """A draft another reviewer has already revised: a deletion of an outdated name (not to be
    checked) and an insertion holding a wrong one (checked, but not revised again)."""
    import docx

    document = docx.Document()
    document.core_properties.language = "tr-TR"
    p = document.add_paragraph()
    p._p.append(xml(run("Heyet ")))
    p._p.append(
        xml(
            '<w:del w:id="90" w:author="Redaktör" w:date="2024-05-10T09:00:00Z"><w:r>'
            '<w:delText xml:space="preserve">Türk Keneşi ile </w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        xml(
            '<w:ins w:id="91" w:author="Redaktör" w:date="2024-05-10T09:00:00Z">'
            f"{run('İç İşleri Bakanlığı ile ')}</w:ins>"
        )
    )
    p._p.append(xml(run("görüştü.")))
    document.save(path)
    return path
