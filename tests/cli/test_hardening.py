"""Issue 5 §3, hardening: one test per item of the checklist, through `dilmac lint` where the
item is about what a user sees (exit status 2, file, position, what to do).

Deeper cases of each item live with their module: test_readers.py (decoding, binary files,
unreadable files), test_readers_props.py and test_matcher.py (properties), test_validate.py
(termbase checks), test_jobs.py (--jobs), test_benchmarks_smoke.py (memory bound).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.lint import pipeline as lint_module
from dilmac.lint.pipeline import lint_paths, lint_text
from dilmac.readers import stream

runner = CliRunner()
MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
TERMBASE = """\
concepts:
  - id: place.baku
    domain: countries-and-places
    sources: ["Constitution of the Republic of Azerbaijan, 1995"]
    terms:
      en: [{text: Baku, status: preferred}, {text: Baky, status: forbidden}]
"""


def lint(*args: str):
    return runner.invoke(app, ["lint", *args])


def assert_input_error(result, path: Path, where: str, *words: str) -> None:
    """Exit 2, and stderr names the file with its position, says what is wrong and what to do."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert f"{path}{where}" in result.stderr, result.stderr
    assert "hint:" in result.stderr or "expected" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(),
    kind=st.sampled_from(["text", "markdown", "html", "po", "xliff"]),
    lang=st.sampled_from(["en", "az", "tr"]),
)
def test_readers_matcher_and_checks_on_arbitrary_unicode(builtin, text, kind, lang):
    """Whole pipeline (reader, matcher, every rule): only DilmacError, every finding inside."""
    try:
        findings = lint_text(text, builtin, lang=lang, day=date(2024, 6, 1), kind=kind)
    except DilmacError as exc:
        assert exc.path == "<text>" and exc.message
        return
    lines = text.split("\n")
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert 1 <= finding.line <= finding.end_line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1


# --------------------------------------------------------------------------- bad input


def test_invalid_utf8_names_the_byte_offset(tmp_path):
    path = tmp_path / "bad.en.txt"
    path.write_bytes(b"First line.\nSecond \xff line.\n")
    assert_input_error(lint(str(path), "-t", MINI), path, ":2:8", "byte offset 19", "UTF-8")


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.en.txt"
    path.write_bytes("The Turkish Council met.\n".encode("utf-16"))
    result = lint(str(path), "-t", MINI, "--format", "json")
    assert result.exit_code == 1
    assert '"found": "Turkish Council"' in result.stdout and '"column": 5' in result.stdout


@pytest.mark.parametrize(
    ("encoding", "text", "named"),
    [
        ("cp1254", "Dışişleri Bakanlığı açıklama yaptı.\n", "Windows-1254 (Turkish)"),
        ("cp1252", "Le ministère a publié un communiqué.\n", "Windows-1252"),
    ],
)
def test_legacy_encodings_are_detected_and_explained(tmp_path, encoding, text, named):
    path = tmp_path / "legacy.tr.txt"
    path.write_bytes(text.encode(encoding))
    assert_input_error(lint(str(path), "-t", MINI), path, ":1:", named, "Save As")


def test_binary_files_are_skipped_with_a_notice(tmp_path):
    (tmp_path / "scan.en.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary")
    (tmp_path / "good.en.txt").write_text("We met in Baku.\n", encoding="utf-8")
    result = lint(str(tmp_path), "-t", MINI)
    assert result.exit_code == 0, result.stderr
    assert f"{tmp_path / 'scan.en.txt'}: skipped: this is a PDF file" in result.stderr
    assert "in 0 of 1 checked file" in result.stdout


def test_unreadable_files(tmp_path, monkeypatch):
    path = tmp_path / "locked.en.txt"
    path.write_text("We met in Baku.\n", encoding="utf-8")
    real_read = Path.read_bytes

    def refuse(self):  # file modes do not stop root, who runs many CI containers
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert_input_error(lint(str(path), "-t", MINI), path, ": ", "cannot read the file", "Permission denied")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_directory_symlink_loops_are_broken(tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.en.txt").write_text("The Turkish Council met.\n", encoding="utf-8")
    os.symlink("..", tmp_path / "docs" / "sub" / "up")
    result = lint(str(tmp_path / "docs"), "-t", MINI)
    assert result.exit_code == 1, result.output  # the finding; a loop is no input error
    assert f"{tmp_path / 'docs' / 'sub' / 'up'}: skipped: a symbolic link back to a folder above it" in result.stderr
    assert result.stdout.count("[term-forbidden]") == 1  # the file itself was linted, once


def test_malformed_yaml_termbase_names_file_and_line(tmp_path, draft_file):
    termbase = tmp_path / "broken.yaml"
    termbase.write_text(TERMBASE.replace("domain: countries-and-places", "domain: [unclosed"), encoding="utf-8")
    assert_input_error(lint(str(draft_file), "-t", str(termbase)), termbase, ":4:12", "YAML")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("status: preferred}", "status: preferred, from: 2024-13-01}", ":6", ("not a date",)),
        ("status: forbidden}", "status: banned}", ":6", ("'banned'", "forbidden")),
    ],
)
def test_termbase_with_a_bad_date_or_status(tmp_path, draft_file, old, new, line, words):
    termbase = tmp_path / "bad.yaml"
    termbase.write_text(TERMBASE.replace(old, new), encoding="utf-8")
    result = lint(str(draft_file), "-t", str(termbase))
    assert result.exit_code == 2 and f"{termbase}{line}" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr


@pytest.fixture()
def draft_file(tmp_path: Path) -> Path:
    path = tmp_path / "draft.en.txt"
    path.write_text("We met in Baky.\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- size


def _big_text(paragraphs: int) -> str:
    """Paragraphs naming bodies, a wrong name in some, a name broken across lines in others."""
    parts = []
    for n in range(paragraphs):
        parts.append(f"Paragraph {n}. The Organization of\nTurkic States met in Baku.\n")
        if n % 7 == 3:
            parts.append(f"Note {n}: the Turkish Council, and the Turkish Council again.\n")
        if n % 11 == 5:
            parts.append("```\nThe Turkish Council in code\n\nis not checked.\n```\n")
        parts.append("\n")
    return "".join(parts)


@pytest.mark.parametrize("name", ["big.en.txt", "big.en.md"])
def test_large_files_are_linted_in_blocks_with_true_positions(tmp_path, monkeypatch, builtin, name):
    """Streamed blocks (tiny here) give the findings, lines and columns of the whole file."""
    path = tmp_path / name
    path.write_text("---\nlang: en\ndate: 2024-06-01\n---\n" * name.endswith(".md") + _big_text(300), encoding="utf-8")
    whole = lint_paths([path], builtin, stream=False)
    monkeypatch.setattr(lint_module, "STREAM_ABOVE", 1000)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 2000)
    blocks = list(stream.read_blocks(path))
    assert len(blocks) > 5
    streamed = lint_paths([path], builtin)
    assert isinstance(streamed.files[0].doc, lint_module.LineTexts)

    def shown(run):
        return [
            (
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                f.start,
                f.end,
                f.rule,
                f.found,
                run.files[0].doc.line_text(f.line),
            )
            for f in run.findings
        ]

    assert shown(streamed) == shown(whole)
    in_code = 0 if name.endswith(".md") else len(range(5, 300, 11))  # Markdown does not check code
    assert sum(f.rule == "term-forbidden" for f in whole.findings) == 2 * len(range(3, 300, 7)) + in_code


def test_invalid_utf8_deep_in_a_streamed_file_names_the_true_offset(tmp_path, monkeypatch, builtin):
    path = tmp_path / "big.en.txt"
    good = _big_text(200).encode()
    path.write_bytes(good + b"Bad \xfe byte.\n")
    monkeypatch.setattr(lint_module, "STREAM_ABOVE", 1000)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 4096)
    [error] = lint_paths([path], builtin).errors
    assert f"byte offset {len(good) + 4}" in error.message
    assert (error.line, error.column) == (good.count(b"\n") + 1, 5)


# The bound itself (peak RSS at two sizes) is measured by test_benchmarks_smoke.py.


# --------------------------------------------------------------------------- shared data


def test_everything_in_shared_data_goes_through_lint(shared_data):
    """Real third-party files of every kind: never a crash. Exit 2 only for input errors that
    are explained (file and what to do), never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "dilmac", "lint", "--jobs", "2", "--fail-on", "never", str(shared_data)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode in (0, 2), done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert (done.returncode == 2) == bool(errors)
    for error in errors:
        assert error.startswith(f"error: {shared_data}"), error
    assert "checked files" in done.stdout.splitlines()[-1]
