"""Issue 11 §3: shapes of input that took quadratic time or unbounded memory, each compared
between two sizes (tests/timing.py: how much longer the larger takes, not a time limit) or
checked by what the code kept in memory.

Each ratio bound sits between what linear growth gives and what the old quadratic code gave:
4 times the input gives about 4 (linear) against 16 (quadratic)."""

from __future__ import annotations

import difflib
import gc
import json
import re
from io import StringIO

import pytest
from streaming_support import DAY, lint_streamed, shown

from dilmac.core.findings import Finding, Severity
from dilmac.lint.pipeline import FileResult, lint_paths, lint_text
from dilmac.lint.suppress import Suppression, silence
from dilmac.readers import read_text, stream
from dilmac.readers.markdown import read_markdown
from dilmac.report.fix import Edit, FileFix, _unified_diff
from timing import growth


def test_many_lang_regions_are_linear(builtin):
    """20 000 <span lang> regions took over a minute: each region scanned every occurrence."""

    def page(n: int) -> str:
        spans = "".join(
            f'<span lang="{"az" if i % 2 else "tr"}">The Turkish Council met in Baku.</span>' for i in range(n)
        )
        return f'<html lang="en"><body>\n{spans}</body></html>\n'

    pages = {n: page(n) for n in (500, 2000)}
    ratio = growth(lambda n: lint_text(pages[n], builtin, lang="en", day=DAY, kind="html"), 500, 2000)
    assert ratio < 9, ratio


# --------------------------------------------------------------------------- lint --diff


def _catalog_fix(n: int) -> FileFix:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    source = header + "".join(
        f'msgid "The Turkic Council met {i}."\nmsgstr "Türk Şurası toplandı {i}."\n\n' for i in range(n)
    )
    doc = read_text(source, "az.po", "po")
    finding = Finding("az.po", 0, 0, "term-wrong", Severity.ERROR, "", "")
    edits = [Edit(m.start(), m.end(), "Türk Dövlətləri Təşkilatı", finding) for m in re.finditer("Türk Şurası", source)]
    return FileFix("az.po", doc, "po", edits)


def test_lint_diff_is_linear_in_the_fixes():
    """difflib on near-identical lines: 10 000 fixes took 20 s, 20 000 over a minute."""
    fixes = {n: _catalog_fix(n) for n in (2000, 8000)}
    gc.disable()  # the collector's passes over these many small objects blur the measure
    try:
        ratio = growth(lambda n: _unified_diff(fixes[n], fromfile="a", tofile="b"), 2000, 8000, repeat=5)
    finally:
        gc.enable()
    assert ratio < 10, ratio  # difflib: 16 and more


def _applied(old: str, diff: list[str]) -> str:
    """The new text a unified diff makes of `old` (what `patch` does, for the test)."""
    old_lines, out, at = old.splitlines(keepends=True), [], 0
    hunk = re.compile(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")
    for line in diff[2:]:
        match = hunk.match(line)
        if match:
            start = int(match[1]) - (0 if match[2] == "0" else 1)
            out += old_lines[at:start]
            at = start
        elif line[0] == "-":
            at += 1
        elif line[0] == "+":
            out.append(line[1:])
        else:
            out.append(old_lines[at])
            at += 1
    return "".join(out + old_lines[at:])


@pytest.mark.parametrize("n", [1, 3, 7, 40])
def test_the_diff_built_from_the_edits_is_a_correct_unified_diff(n):
    fix = _catalog_fix(n)
    mine = _unified_diff(fix, fromfile="a/az.po", tofile="b/az.po")
    assert _applied(fix.doc.source, mine) == fix.fixed_source()
    reference = list(
        difflib.unified_diff(
            fix.doc.source.splitlines(keepends=True), fix.fixed_source().splitlines(keepends=True), "a/az.po", "b/az.po"
        )
    )
    # Hunks and their headers as difflib writes them (it may pair the last blank line otherwise).
    assert [line for line in mine if line.startswith("@@")][:-1] == [
        line for line in reference if line.startswith("@@")
    ][:-1]


def test_a_fix_across_lines_and_at_the_end_of_the_file():
    source = "one\ntwo Türk Şurası\nthree\nfour\nfive\nsix\nseven\neight\nnine Türk Şurası"
    doc = read_text(source, "a.az.txt", "text")
    finding = Finding("a", 0, 0, "term-wrong", Severity.ERROR, "", "")
    edits = [
        Edit(source.index("Şurası"), source.index("three") + 2, "X\nY", finding),
        Edit(source.rindex("Türk"), len(source), "Z", finding),
    ]
    fix = FileFix("a.az.txt", doc, "text", edits)
    assert _applied(source, _unified_diff(fix, fromfile="a", tofile="b")) == fix.fixed_source()


# --------------------------------------------------------------------------- Markdown


def test_code_spans_of_many_lengths_are_linear():
    """2 000 backtick runs of growing length (2 MB) took 19 s: one search per opening run."""
    filler = "word " * 100  # the paragraph grows about linearly with the number of runs
    texts = {n: "".join("`" * i + " " + filler for i in range(1, n)) + "The Turkish Council met." for n in (200, 800)}
    ratio = growth(lambda n: read_markdown(texts[n], "a.en.md"), 200, 800)
    assert ratio < 14, ratio  # the text grows 6 times; a search per run to the paragraph's end made it 24


def test_code_spans_still_close_where_commonmark_closes_them():
    doc = read_markdown("a ``x ` y`` b `z` ```w`` c\n", "a.en.md")
    assert doc.text.split() == ["a", "b", "```w``", "c"]


def test_many_suppressions_are_linear():
    """20 000 disable-next-line comments took 20 s: every suppression tried on every finding."""

    def case(n: int):
        suppressions = [
            Suppression("d", 10 * i, 10 * i + 5, (10 * i + 5, 10 * i + 10), frozenset({"r"})) for i in range(n)
        ]
        findings = [Finding("p", 10 * i + 6, 10 * i + 7, "r", Severity.ERROR, "", "") for i in range(0, n, 2)]
        findings += [Finding("p", 10 * i + 2, 10 * i + 3, "r", Severity.ERROR, "", "") for i in range(n)]
        return suppressions, findings

    cases = {n: case(n) for n in (8000, 32000)}
    ratio = growth(lambda n: silence(*cases[n]), 8000, 32000)
    assert ratio < 9, ratio
    suppressions, findings = case(10)
    kept = silence(suppressions, findings)
    assert [f.start for f in kept] == [10 * i + 2 for i in range(10)]  # order kept, covered ones gone
    assert all(s.used == {"r"} for s in suppressions[::2]) and not any(s.used for s in suppressions[1::2])


def test_overlapping_suppressions_all_mark_their_use():
    wide = Suppression("d", 0, 1, (0, 1000), None)
    narrow = Suppression("n", 50, 60, (60, 70), frozenset({"r"}))
    other = Suppression("o", 50, 60, (60, 70), frozenset({"x"}))
    findings = [
        Finding("p", 65, 66, "r", Severity.ERROR, "", ""),
        Finding("p", 2000, 2001, "r", Severity.ERROR, "", ""),
    ]
    assert silence([narrow, other, wide], findings) == findings[1:]
    assert wide.used == {"r"} and narrow.used == {"r"} and not other.used


# --------------------------------------------------------------------------- streaming


@pytest.fixture
def block_sizes(monkeypatch):
    """Blocks of 300 bytes, and the largest text a block was read from."""
    read = []
    original = stream.read_text

    def recording(text, path, kind):
        read.append(len(text))
        return original(text, path, kind)

    monkeypatch.setattr(stream, "read_text", recording)
    return read


SENTENCE = "The quick fox met the Turkish Council in Baku. "


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("oneline.en.txt", SENTENCE * 400),
        ("nonblank.en.md", (SENTENCE.strip() + "\n") * 300),
        ("fence.en.md", "Turkish Council.\n\n```\n" + (SENTENCE + "\n\n") * 200 + "```\n\nTurkish Council, after.\n"),
        ("unclosed.en.md", "Turkish Council.\n\n```\n" + (SENTENCE + "\n\n") * 200),
        ("tilde.en.md", "~~~~\n" + SENTENCE * 30 + "\n~~~\n" + (SENTENCE + "\n") * 100 + "~~~~\nTurkish Council.\n"),
    ],
)
def test_streamed_text_and_markdown_stay_in_bounded_blocks(tmp_path, monkeypatch, builtin, block_sizes, name, text):
    """A file of one line, Markdown without a blank line or inside a long code fence grew a
    block as large as the file (0.8-1.2 GB for 60 MB); blocks now stop at 8 times their size,
    with the findings, their lines and columns, and the notices of the file read whole."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    whole = lint_paths([path], builtin, day=DAY)
    block_sizes.clear()
    streamed = lint_streamed(monkeypatch, [path], builtin, block_bytes=300, above=100)
    assert len(block_sizes) > 2 and max(block_sizes) <= 8 * 300 + 2 * len(SENTENCE), block_sizes
    assert [f.to_json() for f in streamed.findings] == [f.to_json() for f in whole.findings]
    assert streamed.files[0].notices == whole.files[0].notices
    assert streamed.findings, "the sample has findings to compare"


def test_lines_of_streamed_findings_are_shown_as_in_the_whole_file(tmp_path, monkeypatch, builtin):
    path = tmp_path / "a.en.md"
    path.write_text((SENTENCE.strip() + "\n") * 300, encoding="utf-8")
    whole = shown(lint_paths([path], builtin, day=DAY))
    assert shown(lint_streamed(monkeypatch, [path], builtin, block_bytes=300, above=100)) == whole


# --------------------------------------------------------------------------- JSON output


def test_json_findings_are_made_as_they_are_written(builtin):
    """500 000 findings took 2.4 GB as dicts and one string: each is now made as it is written."""
    from dilmac.report.json import Items, dump, lint_json

    run = lint_paths([], builtin, day=DAY)
    run.files.append(
        FileResult("a.md", findings=[Finding("a.md", i, i + 1, "r", Severity.ERROR, "m", "x") for i in range(2500)])
    )
    made = []
    data = lint_json(run)
    assert isinstance(data["findings"], Items)
    data["findings"].to_json = lambda finding, made=made: made.append(1) or finding.to_json()

    class Out(StringIO):
        def write(self, text):
            self.sizes = [*getattr(self, "sizes", []), len(made)]
            return super().write(text)

    out = Out()
    dump(data, out)
    assert json.loads(out.getvalue())["summary"]["findings"] == 2500
    assert len(json.loads(out.getvalue())["findings"]) == 2500
    assert min(size for size in out.sizes if size) <= 1000  # written before all were made


def test_json_output_keeps_its_layout():
    from dilmac.report.json import dump

    out = StringIO()
    dump({"findings": [{"a": 1}, {"b": 2}], "summary": {"n": 2}, "empty": []}, out)
    assert (
        out.getvalue()
        == '{\n  "findings": [\n    {"a": 1},\n    {"b": 2}\n  ],\n  "summary": {"n": 2},\n  "empty": []\n}\n'
    )
