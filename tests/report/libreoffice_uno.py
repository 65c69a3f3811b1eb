"""Open Word documents in LibreOffice (headless, through UNO) the way a reviewer would.

Run by the system Python, which has LibreOffice's `uno` module (Debian: python3-uno); the
tests call it as a subprocess. For each document it prints, as one JSON object per file:
the tracked changes and comments LibreOffice sees, then the text after "accept all changes"
(body paragraphs with table cells row by row, text boxes, headers, footers, footnotes and
endnotes).

    /usr/bin/python3 libreoffice_uno.py review A.docx [B.docx ...]
    /usr/bin/python3 libreoffice_uno.py pdf A.docx OUT.pdf   (as printed; the README's picture)
    /usr/bin/python3 libreoffice_uno.py docx A.docx OUT.docx (saved again by LibreOffice)
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def start_office(profile):
    pipe = f"dilmac-test-{os.getpid()}"
    office = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start") from None
            time.sleep(0.3)


def load(desktop, path, folder):
    """Open a copy in `folder`: LibreOffice leaves no lock file beside the original, and a
    stale one cannot stop the test."""
    copy = os.path.join(folder, f"{len(os.listdir(folder))}-{os.path.basename(path)}")
    shutil.copyfile(path, copy)
    url = uno.systemPathToFileUrl(copy)
    document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if document is None:
        raise SystemExit(f"LibreOffice could not open {path}")
    return document


def paragraphs(text):
    """Paragraph strings of a text, table cells row by row, in document order."""
    result = []
    enumeration = text.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            for row in range(element.getRows().getCount()):
                for column in range(element.getColumns().getCount()):
                    cell = element.getCellByPosition(column, row)
                    if cell is not None:
                        result += paragraphs(cell.getText())
        elif element.supportsService("com.sun.star.text.Paragraph"):
            result.append(paragraph_text(element))
    return result


def paragraph_text(paragraph):
    """A paragraph's text without the marks of its footnotes and endnotes (dilmac reads those
    as references, not as text)."""
    parts = []
    portions = paragraph.createEnumeration()
    while portions.hasMoreElements():
        portion = portions.nextElement()
        if portion.TextPortionType != "Footnote":
            parts.append(portion.getString())
    return "".join(parts)


def review(desktop, context, path, folder):
    document = load(desktop, path, folder)
    try:
        changes = []
        redlines = document.getRedlines()
        for index in range(redlines.getCount()):
            redline = redlines.getByIndex(index)
            changes.append({"type": redline.RedlineType, "author": redline.RedlineAuthor})
        comments = []
        fields = document.getTextFields().createEnumeration()
        while fields.hasMoreElements():
            field = fields.nextElement()
            if field.supportsService("com.sun.star.text.TextField.Annotation"):
                comments.append(
                    {"author": field.Author, "content": field.Content, "anchor": field.getAnchor().getString()}
                )
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        frame = document.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        left = document.getRedlines().getCount()
        headers, footers = [], []
        styles = document.getStyleFamilies().getByName("PageStyles")
        for name in styles.getElementNames():
            style = styles.getByName(name)
            if style.HeaderIsOn:
                headers.append(style.HeaderText.getString())
            if style.FooterIsOn:
                footers.append(style.FooterText.getString())
        notes = document.getFootnotes()
        footnotes = [notes.getByIndex(i).getString() for i in range(notes.getCount())]
        notes = document.getEndnotes()
        endnotes = [notes.getByIndex(i).getString() for i in range(notes.getCount())]
        shapes = document.getDrawPage()
        text_boxes = [
            shape.getPropertyValue("TextBoxContent").getString()
            for shape in (shapes.getByIndex(i) for i in range(shapes.getCount()))
            if shape.getPropertySetInfo().hasPropertyByName("TextBox") and shape.getPropertyValue("TextBox")
        ]
        return {
            "path": path,
            "changes": changes,
            "comments": comments,
            "changes_left": left,
            "body": paragraphs(document.getText()),
            "headers": headers,
            "footers": footers,
            "footnotes": footnotes,
            "endnotes": endnotes,
            "text_boxes": text_boxes,
        }
    finally:
        document.close(True)


# What `pdf` and `docx` store: the document as LibreOffice prints it (tracked changes marked,
# comments as PDF notes), and as its Word filter writes a .docx.
FILTERS = {
    "pdf": ("writer_pdf_Export", (prop("ExportNotes", True),)),
    "docx": ("MS Word 2007 XML", ()),
}


def store(desktop, path, out, folder, mode):
    name, data = FILTERS[mode]
    document = load(desktop, path, folder)
    try:
        url = uno.systemPathToFileUrl(os.path.abspath(out))
        settings = (prop("FilterName", name), prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", data)))
        uno.invoke(document, "storeToURL", (url, settings))
    finally:
        document.close(True)


def main(argv):
    mode, paths = argv[0], argv[1:]
    profile = tempfile.mkdtemp(prefix="dilmac-lo-")
    copies = tempfile.mkdtemp(prefix="dilmac-lo-docs-")
    office, context = start_office(profile)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        if mode == "review":
            for path in paths:
                print(json.dumps(review(desktop, context, path, copies), ensure_ascii=False), flush=True)
        elif mode in FILTERS:
            store(desktop, paths[0], paths[1], copies, mode)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(copies, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
