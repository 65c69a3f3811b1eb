"""Fuzz targets, one per reader (issue 11 §5): hostile files made of the pieces each format's
parser trips on, read and fixed through `dilmac lint --fix --output` as a user runs it. Whatever
the file, the only failure is a DilmacError (exit 2, `error:` on stderr, no traceback), and a
fix that changes nothing writes the file back byte for byte.

They run in CI for a fixed number of examples, derandomized, so a failure is reproducible; run
one with more examples locally by raising FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers_props import FRAGMENTS
from typer.testing import CliRunner

from dilmac.cli.main import app

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
runner = CliRunner()

# No termbase name in the pieces: a fix that changes nothing must give the same bytes back.
WORDS = ["Baki şəhəri", "Ankara", "the minister", "və", "ilə", "Mənim", "İstanbul", "ı", "İ", "\u0307"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\r", "\r\n", "\x0c", "\u2028", "\ufeff", "\udcff"]


def soup(pieces: list[str], max_size: int = 40):
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=4)), max_size=max_size).map("".join)


def encoded(text: str, how: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    return data


encodings = st.sampled_from(["utf-8", "utf-8", "bom", "utf-16", "latin-1"])


def check_file(name: str, data: bytes) -> None:
    """Lint and fix `data` as the file `name`: a DilmacError at most, and the bytes kept when
    nothing was fixed."""
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / name, Path(folder) / ("out" + Path(name).suffix)
        path.write_bytes(data)
        result = runner.invoke(
            app, ["lint", "--fix", str(path), "--output", str(out), "--fail-on", "never", "--no-config"]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.stderr
        assert result.exit_code in (0, 2), (result.exit_code, result.stdout, result.stderr)
        if result.exit_code == 2:
            assert "error:" in result.stderr, result.stderr
            return
        assert path.read_bytes() == data  # --output never touches the file read
        # A Word document also gets comments on what is not fixed: a change, said on stdout.
        changed = "fixed:" in result.stdout or re.search(r"\b[1-9][0-9]* comments?\b", result.stdout)
        if not changed and out.exists():
            assert out.read_bytes() == data, result.stdout


# --------------------------------------------------------------------------- text


@fuzz
@given(text=soup(FRAGMENTS + WORDS + CONTROL, 60), how=encodings)
def test_fuzz_text(text, how):
    check_file("doc.az.txt", encoded(text, how))


# --------------------------------------------------------------------------- Markdown

MARKDOWN = (
    FRAGMENTS + WORDS + ["\n```\n", "\n~~~~\n", "\n> > ", "\n    - ", "`` ` ``", "<!-- dilmac-disable-next-line -->\n"]
)


@fuzz
@given(text=soup(MARKDOWN, 80), how=encodings)
def test_fuzz_markdown(text, how):
    check_file("doc.az.md", encoded(text, how))


# --------------------------------------------------------------------------- HTML

HTML = (
    FRAGMENTS
    + WORDS
    + [
        "&#",
        "&# ",
        "&#x;",
        "&#12a;",
        "<a title='",
        "'>",
        '<p lang="tr">',
        "<pre>",
        "</pre>",
        "<script>var x = '",
        "</script>",
        "<textarea>",
        "<meta charset=latin-1>",
    ]
)


@fuzz
@given(text=soup(HTML, 80), how=encodings)
def test_fuzz_html(text, how):
    check_file("page.az.html", encoded('<html lang="az"><body>' + text, how))


# --------------------------------------------------------------------------- PO

PO_STRINGS = WORDS + ["\\x", "\\x4", "\\777", "\\", '\\"', "\\n", "\\t", "%d", "{0}", "%(n)s", "\\u0130", '"\n"']
HEADERS = [
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Type: text/plain; charset=undefined",
    "Content-Type: text/plain; charset=rot13",
    "Content-Type: text/plain; charset=UTF-16",
    "Content-Type: text/plain; charset=ISO-8859-9",
    "Plural-Forms: nplurals=2; plural=n%0;",
    "Plural-Forms: nplurals=99999999999; plural=n;",
    "Plural-Forms: nplurals=2; plural=(n != 1);",
    "Plural-Forms: nplurals=1; plural=0",
    "Language: az",
]


@st.composite
def catalogs(draw) -> str:
    header = "".join(f'"{line}\\n"\n' for line in draw(st.lists(st.sampled_from(HEADERS), max_size=4)))
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        msgid, msgstr = draw(soup(PO_STRINGS, 6)), draw(soup(PO_STRINGS, 6))
        if draw(st.booleans()):
            index = draw(st.sampled_from(["0", "1", "2", "99999999999999999999", "-1", "x"]))
            entries.append(
                f'msgid "{msgid}"\nmsgid_plural "{msgid}s"\nmsgstr[0] "{msgstr}"\nmsgstr[{index}] "{msgstr}"\n'
            )
        else:
            flag = draw(st.sampled_from(["", "#, fuzzy\n", "#, c-format\n", "# dilmac: disable term-wrong\n"]))
            entries.append(f'{flag}msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    text = f'msgid ""\nmsgstr ""\n{header}\n' + "\n".join(entries)
    if draw(st.booleans()):  # a mutation anywhere, as the 10 000-file fuzz made them
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\\", "\n", "msgstr ", "#~ ", "\\x"])) + text[at:]
    return text


@fuzz
@given(text=catalogs(), how=encodings)
def test_fuzz_po(text, how):
    check_file("az.po", encoded(text, how))


# --------------------------------------------------------------------------- XLIFF

XLIFF_TEXT = WORDS + [
    "&amp;",
    "&lt;",
    "&#x130;",
    "<g id='1'>",
    "</g>",
    "<x id='2'/>",
    "<![CDATA[<b>]]>",
    "<!-- c -->",
    "<?p q?>",
]
DOCTYPES = [
    "",
    "<!DOCTYPE xliff>",
    "<!DOCTYPE xliff [<!-- ]> </a> -->]>",
    "<!DOCTYPE xliff [<?pi ]> <trans-unit id='9'><source>a</source><target>b</target></trans-unit> ?>]>",
    '<!DOCTYPE xliff [<!ENTITY a "b">]>',
    '<!DOCTYPE xliff SYSTEM "x.dtd">',
]


@st.composite
def xliff_files(draw) -> str:
    units = "".join(
        f'<trans-unit id="{n}"><source>{draw(soup(XLIFF_TEXT, 5))}</source>'
        f"<target>{draw(soup(XLIFF_TEXT, 5))}</target></trans-unit>\n"
        for n in range(draw(st.integers(0, 3)))
    )
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{draw(st.sampled_from(DOCTYPES))}\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'<file source-language="en" target-language="az" datatype="plaintext" original="x"><body>\n{units}'
        "</body></file></xliff>\n"
    )
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["<", ">", "&", "]]>", "-->", "</a>", '"'])) + text[at:]
    return text


@fuzz
@given(text=xliff_files(), how=st.sampled_from(["utf-8", "bom", "utf-16"]))
def test_fuzz_xliff(text, how):
    check_file("x.az.xlf", encoded(text, how))


# --------------------------------------------------------------------------- Word

DOCX_TEXT = WORDS + ["&", "<", "]]>", "\t", "  ", "\u00ad", "\u2011", "😀"]


def _draft(paragraphs: list[str]) -> bytes:
    from docx_drafts import simple_draft

    with tempfile.TemporaryDirectory() as folder:
        return simple_draft(Path(folder) / "d.docx", paragraphs).read_bytes()


def _repacked(data: bytes, mutate) -> bytes:
    """The package with its parts passed through `mutate(name, bytes)`."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        parts = {name: mutate(name, source.read(name)) for name in source.namelist()}
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in parts.items():
            target.writestr(name, part)
    return out.getvalue()


@fuzz
@given(
    paragraphs=st.lists(
        soup(DOCX_TEXT, 8).map(lambda t: "".join(c for c in t if c.isprintable() or c == "\t")), max_size=4
    ),
    damage=st.one_of(
        st.none(),
        st.tuples(st.just("bytes"), st.integers(0, 10**6), st.integers(0, 255)),
        st.tuples(st.just("xml"), st.sampled_from(["</w:p>", "<!DOCTYPE x>", "<w:p>", "&bogus;", "\x00"])),
    ),
)
def test_fuzz_docx(paragraphs, damage):
    data = _draft(paragraphs)
    if damage is not None and damage[0] == "bytes":
        data = bytearray(data)
        data[damage[1] % len(data)] = damage[2]
        data = bytes(data)
    elif damage is not None:
        inserted = damage[1].encode()
        data = _repacked(data, lambda name, part: part.replace(b"<w:body>", b"<w:body>" + inserted, 1))
    check_file("doc.az.docx", data)
