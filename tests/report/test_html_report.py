"""The HTML report (`dilmac lint --format html`): one self-contained file, summaries per file and
rule, every finding in its line with its fix, in the interface language. Its filters are tried
in a browser by tests/web/test_browser.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core import i18n
from dilmac.core.findings import Finding, Severity
from dilmac.report.html import CONTEXT, excerpt, severity_count

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
runner = CliRunner()


@pytest.fixture()
def drafts(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "draft.en.txt").write_text(
        "Intro line.\nThe delegation met the Turkish Council in <Baku> & Ankara.\n", encoding="utf-8"
    )
    (tmp_path / "news" / "clean.en.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    (tmp_path / "news" / "broken.en.txt").write_bytes(b"caf\xe9 au lait\n")
    return tmp_path


class Outline(HTMLParser):
    """What a browser would fetch besides the page itself, and the page's findings."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.findings: list[dict] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for name in ("src", "href"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.fetched.append(attrs[name])
        if tag == "link" or (tag == "script" and "src" in attrs):
            self.fetched.append(tag)
        if tag == "article":
            self.findings.append(attrs)


def report(*args: str):
    return runner.invoke(app, ["lint", "--termbase", MINI, "--date", "2024-05-01", "--format", "html", *args])


def test_a_self_contained_report_with_summaries_and_findings(drafts):
    result = report("news", "-o", "report.html")
    assert result.exit_code == 2  # the undecodable file is an input error, as with every format
    page = (drafts / "report.html").read_text(encoding="utf-8")
    outline = Outline()
    outline.feed(page)
    assert outline.fetched == [] and outline.lang == "en"
    assert "@import" not in page and "url(" not in page
    assert [(f["data-severity"], f["data-rule"]) for f in outline.findings] == [("error", "term-forbidden")]
    # The finding in its line, the text escaped, the span marked, the fix given.
    assert 'The delegation met the <mark class="sev-error">Turkish Council</mark> in &lt;Baku&gt; &amp; Ankara.' in page
    assert "<ins>Organization of Turkic States</ins>" in page
    assert re.search(r'<a href="#file-1">news/draft.en.txt</a></td><td class="n">1</td>', page)
    assert re.search(
        r'data-show-rule="term-forbidden">term-forbidden</button></td><td>error</td><td class="n">1<', page
    )
    assert "error: news/broken.en.txt:1:4: the file is not UTF-8" in page and "hint: re-save the file as UTF-8" in page
    assert "report written to report.html" in result.stderr
    assert result.stdout == ""


def test_without_output_the_report_goes_to_stdout(drafts):
    result = report("news/draft.en.txt")
    assert result.exit_code == 1 and result.stdout.startswith("<!doctype html>")


def test_a_clean_run_says_so(drafts):
    result = report("news/clean.en.txt")
    assert result.exit_code == 0 and "No findings" in result.stdout and "<article" not in result.stdout


def test_output_naming_a_folder_is_an_error(drafts):
    result = report("news/draft.en.txt", "-o", "news")
    assert result.exit_code == 2 and "-o names a folder" in result.stderr


def test_the_report_speaks_the_interface_language(drafts, monkeypatch):
    from dilmac.lint.pipeline import lint_paths
    from dilmac.match.compiled import load
    from dilmac.report.html import render

    run = lint_paths([drafts / "news" / "draft.en.txt"], load([Path(MINI)], use_cache=False))
    spoken = {"dilmac report": "dilmac hesabatı"}
    monkeypatch.setattr(i18n, "gettext", lambda message: spoken.get(message, message))
    before = i18n.current_language()
    i18n.set_language("az")
    try:
        page = render(run)
    finally:
        i18n.set_language(before)
    assert '<html lang="az">' in page and "<h1>dilmac hesabatı</h1>" in page


def finding(line_text: str, column: int, end_column: int) -> Finding:
    return Finding(
        "x",
        0,
        0,
        "r",
        Severity.ERROR,
        "m",
        line_text[column - 1 : end_column - 1],
        line=1,
        column=column,
        end_line=1,
        end_column=end_column,
    )


def test_the_context_is_cut_around_the_finding():
    line = "a" * 300 + "NAME" + "b" * 300
    before, found, after = excerpt(line, finding(line, 301, 305))
    assert found == "NAME" and before == "…" + "a" * CONTEXT and after == "b" * CONTEXT + "…"
    assert excerpt("short NAME here", finding("short NAME here", 7, 11)) == ("short ", "NAME", " here")


@pytest.mark.parametrize(
    ("level", "n", "text"), [("error", 1, "1 error"), ("error", 3, "3 errors"), ("info", 2, "2 info")]
)
def test_severity_counts(level, n, text):
    assert severity_count(level, n) == text


def test_word_documents_and_catalogs_say_where_and_count_messages(tmp_path, monkeypatch):
    from docx_drafts import simple_draft

    monkeypatch.chdir(tmp_path)
    simple_draft(tmp_path / "release.docx", ["Intro.", "The Turkish Council met."], language="en-GB")
    (tmp_path / "site.az.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n\nmsgid "Hello"\nmsgstr "Salam"\n\nmsgid "Later"\nmsgstr ""\n',
        encoding="utf-8",
    )
    result = report("release.docx", "site.az.po")
    assert result.exit_code == 1
    assert "paragraph 2 “The Turkish Council met.”" in result.stdout
    assert "Catalog messages: 2 (1 translated, 0 fuzzy, 1 untranslated)." in result.stdout


def test_with_fix_the_files_are_fixed_in_place_and_o_names_the_report(drafts):
    result = report("news/draft.en.txt", "--fix", "-o", "report.html")
    assert result.exit_code == 0, result.stderr
    assert "Organization of Turkic States" in (drafts / "news" / "draft.en.txt").read_text(encoding="utf-8")
    page = (drafts / "report.html").read_text(encoding="utf-8")
    assert "No findings" in page and "fixed: news/draft.en.txt:2:" in result.stderr
