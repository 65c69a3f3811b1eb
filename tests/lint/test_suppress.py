"""Inline suppressions in Markdown, HTML and PO, and the findings on unused and invalid ones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.lint.pipeline import lint_text
from dilmac.match import compiled as compiled_termbase

MINI = Path(__file__).parents[1] / "data" / "termbase-mini.yaml"
DAY = date(2024, 5, 1)
runner = CliRunner()


@pytest.fixture(scope="module")
def mini():
    return compiled_termbase.load([MINI], use_cache=False)


def check(mini, text: str, *, kind: str = "markdown", path: str = "news.md", lang: str = "en", rules=None):
    found = lint_text(text, mini, lang=lang, day=DAY, kind=kind, path=path, rules=rules)
    return [(f.line, f.rule) for f in found], found


# Line 1 has a forbidden name (“Turkish Council”) and a superseded one (“Turkey”).
BAD = "The Turkish Council met in Turkey."


def test_without_suppressions(mini):
    assert check(mini, f"{BAD}\n")[0] == [(1, "term-forbidden"), (1, "term-superseded")]


def test_disable_next_line_silences_the_named_rule_on_the_next_line_only(mini):
    text = f"<!-- dilmac-disable-next-line term-forbidden -->\n{BAD}\n{BAD}\n"
    assert check(mini, text)[0] == [(2, "term-superseded"), (3, "term-forbidden"), (3, "term-superseded")]


def test_several_rules_and_a_reason(mini):
    text = f"<!-- dilmac-disable-next-line term-forbidden, term-superseded -- quoted from a 2019 letter -->\n{BAD}\n"
    assert check(mini, text)[0] == []


def test_without_a_rule_every_rule(mini):
    assert check(mini, f"<!-- dilmac-disable-next-line -->\n{BAD}\n")[0] == []


def test_disable_enable_range(mini):
    text = (
        f"{BAD}\n<!-- dilmac-disable term-superseded -->\n{BAD}\n\n{BAD}\n"
        f"<!-- dilmac-enable term-superseded -->\n{BAD}\n"
    )
    assert check(mini, text)[0] == [
        (1, "term-forbidden"),
        (1, "term-superseded"),
        (3, "term-forbidden"),
        (5, "term-forbidden"),
        (7, "term-forbidden"),
        (7, "term-superseded"),
    ]


def test_disable_without_enable_runs_to_the_end(mini):
    text = f"{BAD}\n<!-- dilmac-disable -->\n{BAD}\n\n{BAD}\n"
    assert check(mini, text)[0] == [(1, "term-forbidden"), (1, "term-superseded")]


def test_enable_of_one_rule_keeps_the_others_disabled(mini):
    text = (
        f"<!-- dilmac-disable term-forbidden term-superseded -->\n{BAD}\n<!-- dilmac-enable term-forbidden -->\n{BAD}\n"
    )
    assert check(mini, text)[0] == [(4, "term-forbidden")]


def test_unused_suppression_is_reported_per_rule(mini):
    text = f"Clean line.\n<!-- dilmac-disable-next-line term-forbidden, term-casing -->\n{BAD}\n"
    pairs, found = check(mini, text)
    assert pairs == [(1 + 1, "unused-suppression"), (3, "term-superseded")]
    unused = found[0]
    assert unused.message == (
        "“dilmac-disable-next-line term-forbidden, term-casing” silences no term-casing finding; remove it"
    )
    assert str(unused.severity) == "warning"
    comment = text.splitlines()[1]
    assert unused.found == comment
    assert (unused.column, unused.end_line, unused.end_column) == (1, 2, len(comment) + 1)


def test_unused_range_and_unused_all_rules(mini):
    text = (
        "<!-- dilmac-disable term-forbidden -->\nClean.\n<!-- dilmac-enable term-forbidden -->\n"
        "<!-- dilmac-disable-next-line -->\nClean.\n"
    )
    assert check(mini, text)[0] == [(1, "unused-suppression"), (4, "unused-suppression")]


def test_suppression_of_a_rule_that_did_not_run_is_not_unused(mini):
    from dilmac.rules import load_rules

    rules = [rule for rule in load_rules() if rule.ID != "term-casing"]
    text = f"<!-- dilmac-disable-next-line term-casing -->\n{BAD}\n"
    assert check(mini, text, rules=rules)[0] == [(2, "term-forbidden"), (2, "term-superseded")]


def test_unknown_rule_and_directive_and_stray_enable(mini):
    text = (
        f"<!-- dilmac-disable-next-line term-forbiden -->\n{BAD}\n"
        "<!-- dilmac-disable-nextline term-forbidden -->\n"
        "<!-- dilmac-enable term-casing -->\n"
    )
    pairs, found = check(mini, text)
    assert pairs == [
        (1, "invalid-suppression"),
        (2, "term-forbidden"),
        (2, "term-superseded"),
        (3, "invalid-suppression"),
        (4, "invalid-suppression"),
    ]
    assert found[0].message.startswith("unknown rule 'term-forbiden' in a suppression; rule ids: ")
    assert "term-forbidden" in found[0].message and "unused-suppression" in found[0].message
    assert found[3].message.startswith("unknown directive 'dilmac-disable-nextline'")
    assert found[4].message == "dilmac-enable for term-casing without a dilmac-disable before it"


def test_markdown_code_and_mid_line_comments_are_not_directives(mini):
    text = (
        f"```html\n<!-- dilmac-disable -->\n```\n{BAD}\n"
        f"Write `<!-- dilmac-disable-next-line -->` to silence a line.\n{BAD}\n"
    )
    assert check(mini, text)[0] == [
        (4, "term-forbidden"),
        (4, "term-superseded"),
        (6, "term-forbidden"),
        (6, "term-superseded"),
    ]


def test_html(mini):
    text = (
        f'<html lang="en"><body>\n<p>{BAD}</p>\n<!-- dilmac-disable term-forbidden -->\n'
        f"<p>{BAD}</p>\n<!-- dilmac-enable term-forbidden --><p>{BAD}</p>\n</body></html>\n"
    )
    assert check(mini, text, kind="html", path="page.html")[0] == [
        (2, "term-forbidden"),
        (2, "term-superseded"),
        (4, "term-superseded"),
        (5, "term-forbidden"),
        (5, "term-superseded"),
    ]


# --------------------------------------------------------------------------- PO


PO_HEADER = 'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
ENTRY = 'msgid "The Turkic Council met."\nmsgstr "Türk Şurası toplandı."\n'


def po_rules(mini, text: str):
    return check(mini, text, kind="po", path="az.po", lang="az")[0]


def test_po_without_suppression(mini):
    pairs = po_rules(mini, PO_HEADER + ENTRY + "\n" + ENTRY)
    assert pairs and {line for line, _ in pairs} == {7, 10}


def test_po_ignore_silences_its_entry_only(mini):
    rules = sorted({rule for _, rule in po_rules(mini, PO_HEADER + ENTRY)})
    text = (
        PO_HEADER
        + f"# reviewed\n# dilmac: ignore {', '.join(rules)}\n#: news.md:3\n#, fuzzy\n"
        + ENTRY.replace("msgid", 'msgctxt "x"\nmsgid', 1)
        + "\n"
        + ENTRY
    )
    # fuzzy entries are not checked by default: the ignore silences nothing there and says so
    assert po_rules(mini, text) == [(7, "unused-suppression")] + [(15, rule) for rule in rules]
    assert po_rules(mini, text.replace("#, fuzzy\n", "")) == [(14, rule) for rule in rules]


def test_po_unused_and_misplaced_ignores(mini):
    text = (
        "# dilmac: ignore term-wrong\n" + PO_HEADER + "#. dilmac: ignore term-wrong\n"
        "# dilmac: ignore term-casing\n" + 'msgid "Hello."\nmsgstr "Salam."\n\n'
        '# dilmac: ignore term-wrong\n#~ msgid "Old."\n#~ msgstr "Köhnə."\n\n'
        "# dilmac: skip term-wrong\n" + 'msgid "Bye."\nmsgstr "Sağ olun."\n'
    )
    pairs, found = check(mini, text, kind="po", path="az.po", lang="az")
    assert pairs == [
        (1, "invalid-suppression"),
        (8, "unused-suppression"),
        (12, "invalid-suppression"),
        (16, "invalid-suppression"),
    ]
    assert "belongs to no checked entry" in found[0].message
    assert found[1].message == "“dilmac: ignore term-casing” silences no term-casing finding; remove it"
    assert found[3].message.startswith("unknown directive 'dilmac: skip'")


# --------------------------------------------------------------------------- the CLI


def test_cli_exit_status_config_and_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.en.md", "b.en.md"):
        (tmp_path / name).write_text(
            f"<!-- dilmac-disable-next-line term-forbidden, term-superseded -->\n{BAD}\n"
            "<!-- dilmac-disable-next-line term-casing -->\nClean.\n",
            encoding="utf-8",
        )
    args = ["lint", str(tmp_path), "--termbase", str(MINI), "--date", "2024-05-01", "--format", "json"]
    serial = runner.invoke(app, args)
    assert serial.exit_code == 0, serial.output  # only warnings left
    found = json.loads(serial.stdout)["findings"]
    assert [(Path(f["path"]).name, f["line"], f["rule"]) for f in found] == [
        ("a.en.md", 3, "unused-suppression"),
        ("b.en.md", 3, "unused-suppression"),
    ]
    parallel = runner.invoke(app, args + ["--jobs", "2"])
    assert parallel.stdout == serial.stdout
    (tmp_path / "dilmac.toml").write_text('[rules]\nunused-suppression = "error"\n', encoding="utf-8")
    assert runner.invoke(app, args).exit_code == 1
    (tmp_path / "dilmac.toml").write_text('[rules]\nunused-suppression = "off"\n', encoding="utf-8")
    assert json.loads(runner.invoke(app, args).stdout)["findings"] == []
