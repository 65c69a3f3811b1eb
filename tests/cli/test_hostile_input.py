"""Issue 11 §3 and §4: hostile input gets a clear refusal (exit 2, the file, the position, what
to do) or is read in bounded time and memory, never a traceback, a hang or gigabytes. Each test
is one reproduction of ../shared/research/attack-2026-12/ made small: growth is compared between
two sizes (tests/timing.py), memory is bounded with resource.setrlimit in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app

runner = CliRunner()
CONCEPT = """\
concepts:
  - id: org.turkic-council
    domain: international-organizations
    sources: ["Nakhchivan Agreement, 2009"]
    terms:
      en: [{text: Turkic Council, status: preferred}]
"""


def dilmac(*args: str, cwd: Path | None = None):
    return runner.invoke(app, [*args])


def refused(result, where: str, *words: str) -> None:
    """Exit 2 with `where` (file:line…) and the words on stderr, a hint, and no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr, result.exception)
    assert where in result.stderr, result.stderr
    assert "hint:" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def limited(args: list[str], memory: int, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    """`dilmac ARGS` in a subprocess whose address space is limited to `memory` bytes."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
        sys.argv = ["dilmac", *sys.argv[1:]]
        from dilmac.cli.main import main
        main()
        """
    )
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "a.en.md"
    path.write_text("The Turkish Council met in Baku.\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- termbase YAML

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (CONCEPT + "    note: &n x\n    see: [*n]\n", 7, ["anchors", "aliases"]),
        (ALIAS_BOMB, 1, ["anchors"]),
        ("concepts: " + "[" * 5000 + "]" * 5000 + "\n", 1, ["nested more than 64"]),
        (CONCEPT.replace("Turkic Council", "Turkic\0Council"), 6, ["U+0000"]),
        (CONCEPT + "    sources: 5\n", 7, ["'sources' of concept 1 must be a list, not a number"]),
        (CONCEPT + "    see: 5\n", 7, ["'see'", "a list"]),
        (CONCEPT + "    offices: [1]\n", 7, ["item 1 of 'offices'", "a mapping"]),
        (CONCEPT + "    examples: [1, 2]\n", 7, ["'examples'", "a mapping"]),
        (CONCEPT + "    examples: {en: {ok: 5}}\n", 7, ["'ok'", "a list"]),
        (CONCEPT + "    examples: {en: [1]}\n", 7, ["'en' of 'examples'", "a mapping"]),
        (CONCEPT + "    note: 5\n", 7, ["'note' of concept 1 must be text"]),
        (CONCEPT.replace("      en:", "      1:"), 6, ["not a language code"]),
        (CONCEPT.replace("Turkic Council", "T" * 200_000), 6, ["200,000 characters", "at most 1,000"]),
        (CONCEPT + "    ? [a]\n    : 2\n", 7, ["a key must be a plain value"]),
    ],
)
def test_a_hostile_termbase_is_refused_at_its_line(tmp_path, page, text, line, words):
    termbase = tmp_path / "tb.yaml"
    termbase.write_text(text, encoding="utf-8")
    for args in (
        ["lint", str(page), "--no-cache", "--termbase", str(termbase)],
        ["termbase", "lookup", "Turkic Council", "--no-cache", "--termbase", str(termbase)],
        ["termbase", "export", "-o", str(tmp_path / "out.csv"), "-f", "csv", "--termbase", str(termbase)],
    ):
        refused(dilmac(*args), f"{termbase}:{line}", *words)


def test_an_alias_bomb_costs_nothing(tmp_path, page):
    """The 9-level bomb expanded to gigabytes (and SIGSEGV); now it is refused under 1 GB."""
    termbase = tmp_path / "bomb.yaml"
    termbase.write_text(ALIAS_BOMB, encoding="utf-8")
    done = limited(["termbase", "validate", "--termbase", str(termbase)], 1 << 30, tmp_path)
    assert done.returncode == 1 and "anchors (&name) and aliases" in done.stdout, done.stderr


# --------------------------------------------------------------------------- baselines


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("version: 1\nentries:\n- rule: a\x00\n", ":3:10", ["U+0000"]),
        ("version: 1\nentries:\n- rule: a\x07\n", ":3:10", ["U+0007"]),
        ("version: 1\nentries:\n- " + "[" * 3000 + "]" * 3000 + "\n", ":3:", ["nested more than 64"]),
        ("version: 1\nentries:\n- rule: a\n  ? [a]\n  : 2\n", ":4:", ["a key must be a plain value"]),
        ("version: 1\nentries: &e []\n", ":2:", ["anchors"]),
    ],
)
def test_a_hostile_baseline_is_refused_at_its_line(tmp_path, page, text, where, words):
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(text, encoding="utf-8")
    refused(dilmac("lint", str(page), "--baseline", str(baseline)), f"{baseline}{where}", *words)


# --------------------------------------------------------------------------- dilmac.toml


def test_toml_nesting_a_reversed_range_and_a_nul_termbase_are_refused(tmp_path, page):
    config = tmp_path / "dilmac.toml"
    config.write_text("x = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    refused(dilmac("lint", str(page), "--config", str(config)), str(config), "nests")
    config.write_text('ignore = ["[z-a]"]\n', encoding="utf-8")
    refused(dilmac("lint", str(page), "--config", str(config)), f"{config}:1", "z-a", "reversed")
    config.write_text('[[paths]]\nglob = "docs/[9-0]*"\nlang = "az"\n', encoding="utf-8")
    refused(dilmac("lint", str(page), "--config", str(config)), f"{config}:2", "9-0")
    binary = tmp_path / "environ"
    binary.write_bytes(b"A=1\0B=2\0")
    config.write_text(f'termbases = ["{binary}"]\n', encoding="utf-8")
    refused(dilmac("lint", str(page), "--no-cache", "--config", str(config)), f"{binary}:1", "U+0000")


def test_a_toml_config_with_a_byte_order_mark_is_read(tmp_path, page):
    config = tmp_path / "dilmac.toml"
    config.write_bytes(b'\xef\xbb\xbffail-on = "never"\n')
    result = dilmac("lint", str(page), "--config", str(config))
    assert result.exit_code == 0, result.stderr


def test_glob_matching_is_linear_whatever_the_glob():
    """`*a*a…*ab` against a long name hung (regex backtracking); a position-set simulation
    costs the glob's length times the name's."""
    from dilmac.lint.config import glob_matches
    from timing import growth

    pattern = "*a" * 14 + "b"
    ratio = growth(lambda n: glob_matches(pattern, "a" * n), 400, 1600)
    assert ratio < 16, ratio  # 4 times the name: linear about 4; the regex did not finish at 200
    assert glob_matches("docs/**/*.md", "docs/a/b/c.md") and not glob_matches("docs/**/*.md", "src/c.md")
    assert glob_matches("[!a-c]x", "dx") and not glob_matches("[!a-c]x", "bx")


# --------------------------------------------------------------------------- catalogs

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Language: az\\n"\n{plural}\n'
PLURAL = 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fayl"\nmsgstr[1] "%d fayl"\n'


def catalog(tmp_path: Path, *, charset="UTF-8", plural="", body="", data: bytes | None = None) -> Path:
    path = tmp_path / "az.po"
    if data is None:
        plural_line = f'"Plural-Forms: {plural}\\n"' if plural else ""
        data = (HEADER.format(charset=charset, plural=plural_line) + "\n" + body).encode("latin-1")
    path.write_bytes(data)
    return path


def test_a_bare_hex_escape_is_read_not_a_traceback(tmp_path):
    path = catalog(tmp_path, body='msgid "a\\x"\nmsgstr "b\\xq"\n')
    for args in (["lint", str(path)], ["lint", "--diff", str(path)], ["lint", "--fix", str(path)]):
        result = dilmac(*args)
        assert result.exit_code == 0 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("charset", ["undefined", "rot13", "base64", "x-bogus"])
def test_a_charset_that_is_no_text_encoding_is_an_error_in_every_command(tmp_path, charset):
    path = catalog(tmp_path, charset=charset, body='msgid "File"\nmsgstr "Fayl \xfc"\n')
    for args in (
        ["lint", str(path)],
        ["catalog", "stats", str(path)],
        ["catalog", "compile", str(path), "-o", str(tmp_path / "az.mo")],
        ["catalog", "export-json", str(path), "-o", str(tmp_path / "az.json")],
    ):
        result = dilmac(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert f"{path}:3" in result.stderr and charset in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_utf16_catalogs_are_read_by_export_json_as_by_lint(tmp_path):
    text = HEADER.format(charset="UTF-16", plural="") + '\nmsgid "File"\nmsgstr "Fayl"\n'
    path = catalog(tmp_path, data=b"\xff\xfe" + text.encode("utf-16-le"))
    assert dilmac("lint", str(path), "--fail-on", "never").exit_code == 0
    result = dilmac("catalog", "export-json", str(path), "-o", str(tmp_path / "az.json"))
    assert result.exit_code == 0, result.stderr
    assert '"File": "Fayl"' in (tmp_path / "az.json").read_text(encoding="utf-8")
    # A catalog in ASCII whose header says UTF-16 (no byte order mark): read as lint reads it.
    ascii_path = catalog(tmp_path, charset="UTF-16", body='msgid "File"\nmsgstr "Fayl"\n')
    assert dilmac("catalog", "export-json", str(ascii_path), "-o", str(tmp_path / "b.json")).exit_code == 0


@pytest.mark.parametrize(
    ("plural", "words"),
    [
        ("nplurals=2; plural=n%0;", ["divides by zero"]),
        ("nplurals=2; plural=n/0;", ["divides by zero"]),
        ("nplurals=99999999999; plural=n;", ["nplurals=99999999999", "1 to 100"]),
        ("nplurals=0; plural=0;", ["nplurals"]),
    ],
)
def test_absurd_plural_forms_are_errors(tmp_path, plural, words):
    path = catalog(tmp_path, plural=plural, body=PLURAL)
    for args in (
        ["catalog", "export-json", str(path), "-o", str(tmp_path / "az.json")],
        ["catalog", "compile", str(path), "-o", str(tmp_path / "az.mo")],
    ):
        result = dilmac(*args)
        assert result.exit_code in (1, 2), (args, result.stdout, result.stderr, result.exception)
        output = result.stdout + result.stderr
        assert all(word in output for word in words), output
        assert "Traceback" not in output and not (tmp_path / "az.json").exists()


def test_a_huge_nplurals_needs_no_memory(tmp_path):
    """nplurals=99999999999 took 6.3 GB (a tally per form) and never ended."""
    path = catalog(tmp_path, plural="nplurals=99999999999; plural=n;", body=PLURAL)
    done = limited(["catalog", "export-json", str(path), "-o", "az.json"], 1 << 30, tmp_path)
    assert done.returncode == 2 and "1 to 100" in done.stderr, done.stderr


def test_export_json_names_the_missing_plural_form(tmp_path):
    body = 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "a"\nmsgstr[99999999999999999999999] "b"\n'
    path = catalog(tmp_path, plural="nplurals=2; plural=(n != 1);", body=body)
    result = dilmac("catalog", "export-json", str(path), "-o", str(tmp_path / "az.json"), "--allow-errors")
    output = result.stdout + result.stderr
    assert "lacks msgstr[1]: Plural-Forms asks for 2 forms" in output, output
    assert "Traceback" not in output


# --------------------------------------------------------------------------- termbase import


def test_termbase_import_errors(tmp_path):
    bogus = tmp_path / "bogus.tbx"
    bogus.write_text('<?xml version="1.0" encoding="x-bogus"?>\n<martif type="TBX"/>\n', encoding="ascii")
    refused(
        dilmac("termbase", "import", str(bogus), "-o", str(tmp_path / "a.yaml"), "--domain", "documents"),
        f"{bogus}:1",
        "unknown encoding",
    )
    deep = tmp_path / "deep.tbx"
    deep.write_text(
        '<martif type="TBX"><text><body><termEntry id="x"><note>'
        + "<hi>a" * 30_000
        + "</hi>" * 30_000
        + "</note></termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    refused(
        dilmac("termbase", "import", str(deep), "-o", str(tmp_path / "b.yaml"), "--domain", "documents"),
        f"{deep}:1:",
        "nested more than 64",
    )
    short = tmp_path / "short.csv"
    short.write_text("concept,lang,term,status\norg.x,en\n", encoding="utf-8")
    result = dilmac("termbase", "import", str(short), "-o", str(tmp_path / "c.yaml"), "--domain", "documents")
    assert result.exit_code == 0 and "Traceback" not in result.stderr, result.stderr


def test_tbx_text_is_kept_once_whatever_the_nesting():
    """Text used to be appended to every open element: O(depth x chunks) memory."""
    from dilmac.termbase.interchange.tbx import parse_xml

    data = b"<a>" + b"<hi>x" * 60 + b"</hi>" * 60 + b"</a>"
    root = parse_xml(data, "t.tbx")
    assert root.text == "x" * 60
    assert sum(len(part) for part in root.parts if isinstance(part, str)) == 0  # only its child


# --------------------------------------------------------------------------- Word zip bombs


def _docx_with_document(path: Path, padding: int, level: int = 9) -> Path:
    from docx_drafts import simple_draft

    simple_draft(path, ["The Turkish Council met in Baku."])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    document = parts["word/document.xml"]
    at = document.index(b"<w:body>")
    parts["word/document.xml"] = document[:at] + b" " * padding + document[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def test_a_zip_bomb_docx_is_refused_before_it_is_read(tmp_path):
    bomb = _docx_with_document(tmp_path / "bomb.docx", 80 << 20)
    assert bomb.stat().st_size < 1 << 20
    refused(dilmac("lint", str(bomb), "--lang", "en"), str(bomb), "zip bomb", "inflate")
    ratio = _docx_with_document(tmp_path / "ratio.docx", 4 << 20)  # small, but 1 000 times its size
    refused(dilmac("lint", str(ratio), "--lang", "en"), str(ratio), "times its compressed size")
    done = limited(["lint", str(bomb), "--lang", "en"], 1 << 30, tmp_path)
    assert done.returncode == 2, done.stderr


def test_a_large_ordinary_docx_is_still_read(tmp_path):
    from docx_drafts import simple_draft

    path = simple_draft(tmp_path / "long.docx", [f"Paragraph {n}: the Turkish Council met." for n in range(3000)])
    result = dilmac("lint", str(path), "--lang", "en", "--fail-on", "never")
    assert result.exit_code == 0 and "3000 findings" in result.stdout, result.stdout[-300:]


# --------------------------------------------------------------------------- one long word


def test_one_huge_word_needs_bounded_memory(tmp_path):
    """40 000 repetitions of a suffix on one name: term-near-miss built every one-letter deletion
    (9.2 GB); tokens over 100 characters are not looked up."""
    path = tmp_path / "long.az.md"
    path.write_text("Türk Şurası" + "nın" * 40_000 + "\n", encoding="utf-8")
    done = limited(["lint", str(path), "--no-cache"], 1 << 30, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]


def test_near_miss_still_finds_misspellings_beside_long_tokens(builtin):
    from datetime import date

    from dilmac.lint.pipeline import lint_text

    text = "x" * 5000 + " Secretary General Baghdad Amreev met " + "y" * 200 + "\n"
    findings = lint_text(text, builtin, lang="en", day=date(2024, 6, 1), kind="text")
    assert [f.found for f in findings if f.rule == "term-near-miss"] == ["Amreev"]


# --------------------------------------------------------------------------- extract and build


def test_deeply_nested_sources_are_errors_in_extract_and_build(tmp_path):
    code = tmp_path / "deep.py"
    code.write_text("x = _('a')" + " + 1" * 100_000 + "\n", encoding="utf-8")
    refused(dilmac("catalog", "extract", str(code), "-o", str(tmp_path / "a.pot")), str(code), "nests too deeply")
    unary = tmp_path / "unary.py"
    unary.write_text("x = " + "-" * 100_000 + "1\n", encoding="utf-8")
    refused(dilmac("catalog", "extract", str(unary), "-o", str(tmp_path / "b.pot")), str(unary), "nests too deeply")
    template = tmp_path / "t.jinja2"
    template.write_text("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}\n", encoding="utf-8")
    result = dilmac("catalog", "extract", str(template), "--map", ".jinja2=jinja2", "-o", str(tmp_path / "c.pot"))
    refused(result, str(template), "nests too deeply")
    quotes = tmp_path / "quotes.en.md"
    quotes.write_text(">" * 100_000 + " The Turkish Council.\n", encoding="utf-8")
    refused(dilmac("catalog", "extract", str(quotes), "-o", str(tmp_path / "d.pot")), f"{quotes}:1", "32 levels")
    lists = tmp_path / "lists.en.md"
    lists.write_text("".join("  " * n + "- item\n" for n in range(800)), encoding="utf-8")
    po = catalog(tmp_path)
    result = dilmac("catalog", "build", str(lists), "--po", str(po), "-o", str(tmp_path / "out.md"))
    refused(result, str(lists), "32 levels")


# --------------------------------------------------------------------------- the cache


def test_a_corrupted_cache_entry_is_discarded_and_rebuilt(tmp_path, page, monkeypatch, caplog):
    import logging
    import random

    caplog.set_level(logging.INFO, logger="dilmac.cache")  # what -v shows

    cache = tmp_path / "cache"
    monkeypatch.setenv("DILMAC_CACHE_DIR", str(cache))
    assert dilmac("lint", str(page)).exit_code == 1
    (entry,) = cache.glob("termbase-*.pickle")
    for seed in range(20):
        data = bytearray(entry.read_bytes())
        rnd = random.Random(seed)
        for at in rnd.sample(range(len(data)), rnd.choice([1, 3, 10, 100])):
            data[at] = rnd.randrange(256)
        entry.write_bytes(bytes(data))
        result = dilmac("lint", str(page))
        assert result.exit_code == 1 and "1 finding" in result.stdout, (seed, result.stdout, result.stderr)
        assert entry.read_bytes() != bytes(data)  # rebuilt
        assert "discarded and rebuilt" in caplog.text and "discarded" not in result.stderr  # only in -v
        caplog.clear()


# --------------------------------------------------------------------------- lookup


def test_lookup_text_that_is_not_utf8_is_an_error():
    result = dilmac("termbase", "lookup", "T\udcffurkic")
    refused(result, "error:", "not valid UTF-8")


def test_front_matter_refuses_aliases_and_deep_nesting(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("---\nlang: en\ntitle: &t [x]\nsubtitle: *t\n---\nThe Turkish Council met.\n", encoding="utf-8")
    refused(dilmac("lint", str(page)), f"{page}:3", "anchors")
    page.write_text("---\nlang: en\ntags: " + "[" * 500 + "]" * 500 + "\n---\nText.\n", encoding="utf-8")
    refused(dilmac("lint", str(page)), f"{page}:3", "nested more than 64")
