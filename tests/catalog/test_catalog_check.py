"""The checks of compile and export-json (dilmac.catalog.check) against GNU `msgfmt -c`: the
same verdict, and the same lines, on the nine real catalogs and on copies of them with broken
translations (placeholders dropped, renamed, retyped, added, a stray `%`, a line break)."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from dilmac.catalog.check import check_catalog, written
from dilmac.catalog.io import parse_catalog, read_catalog, write_catalog
from dilmac.rules._placeholders import compare, flavours_of, parse, parse_brace, parse_c, parse_python

MSGFMT_ERROR = re.compile(r"^[^\n]*?:(\d+): (?!warning)", re.M)
DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?l?[sdifux]|\{[A-Za-z_0-9]+\}")


def msgfmt_lines(gnu_gettext: str, path: Path) -> tuple[int, set[int]]:
    done = subprocess.run([f"{gnu_gettext}/msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    return done.returncode, {int(n) for n in MSGFMT_ERROR.findall(done.stderr)}


def our_lines(path: Path) -> tuple[int, set[int]]:
    checked = check_catalog(read_catalog(path))
    return (1 if checked.errors else 0), {p.line for p in checked.errors}


def break_translation(text: str, rnd: random.Random) -> str | None:
    """One of the mistakes translators make with placeholders, or None if none fits."""
    found = list(DIRECTIVE.finditer(text))
    choices = ["stray percent", "line break", "added %s"]
    if found:
        choices += ["dropped", "renamed", "retyped", "added copy"]
    choice = rnd.choice(choices)
    if choice == "stray percent":
        return text + " 100%"
    if choice == "line break":
        return text + "\n" if not text.endswith("\n") else text.rstrip("\n")
    if choice == "added %s":
        return text + " %s"
    match = rnd.choice(found)
    directive = match.group()
    if choice == "dropped":
        replacement = ""
    elif choice == "renamed":
        replacement = (
            directive.replace("(", "(x_").replace("{", "{x_") if directive[1] in "({" or "{" in directive else None
        )
        if replacement is None:
            replacement = "%5$s"
    elif choice == "retyped":
        replacement = directive[:-1] + ("d" if directive[-1] == "s" else "s") if directive.startswith("%") else "{0}"
    else:
        replacement = directive + " " + directive
    return text[: match.start()] + replacement + text[match.end() :]


def test_real_catalogs_pass_as_with_msgfmt(gnu_gettext, shared_data):
    paths = sorted((shared_data / "po").glob("*.po"))
    assert len(paths) >= 9
    for path in paths:
        assert msgfmt_lines(gnu_gettext, path) == (0, set()), path.name
        checked = check_catalog(read_catalog(path))
        assert checked.errors == [] and checked.notices == [], path.name


def broken_copy(path: Path, tmp_path: Path) -> Path:
    """The catalog with up to 40 of its format-flagged translations broken, and the last form
    of one plural c-format message without its number."""
    rnd = random.Random(path.name)
    catalog = read_catalog(path)
    candidates = [
        e for e in catalog if written(e, False) and not e.msgid_plural and any(f.endswith("-format") for f in e.flags)
    ]
    for entry in rnd.sample(candidates, min(40, len(candidates))):
        changed = break_translation(entry.msgstr, rnd)
        if changed is not None:
            entry.msgstr = changed
    plural = next((e for e in catalog if written(e, False) and e.msgid_plural and "c-format" in e.flags), None)
    if plural is not None:  # a form used for many counts that lost its %d
        last = max(plural.msgstr_plural)
        plural.msgstr_plural[last] = re.sub(r"%[-+ #0]*\d*l?[du]", "", plural.msgstr_plural[last])
    copy = tmp_path / path.name
    write_catalog(catalog, copy)
    return copy


def test_broken_copies_of_real_catalogs_get_msgfmts_verdicts_and_lines(gnu_gettext, shared_data, tmp_path):
    compared = broken = 0
    for path in sorted((shared_data / "po").glob("*.po")):
        copy = broken_copy(path, tmp_path)
        theirs, ours = msgfmt_lines(gnu_gettext, copy), our_lines(copy)
        assert ours == theirs, f"{path.name}: only msgfmt {theirs[1] - ours[1]}, only dilmac {ours[1] - theirs[1]}"
        compared += 1
        broken += len(ours[1])
    assert compared == 9 and broken > 150


def test_what_pybabel_compile_refuses_is_refused(shared_data, tmp_path):
    """pybabel compile checks python-format strings and the number of plural forms; every
    python-format message it refuses in the broken copies is refused here too. (It also reads
    c-format strings as Python ones, because Babel flags any msgid with a %-directive as
    python-format: those are left to the c-format check.)"""
    from babel.messages.pofile import read_po

    refused = 0
    for path in sorted((shared_data / "po").glob("*.po")):
        copy = broken_copy(path, tmp_path)
        catalog = read_catalog(copy)
        python = {(e.msgctxt, e.msgid) for e in catalog if written(e, False) and "python-format" in e.flags}
        ours = {(p.entry.msgctxt, p.entry.msgid) for p in check_catalog(catalog).errors if p.entry is not None}
        with open(copy, "rb") as handle:
            babel_catalog = read_po(handle)
        theirs = {
            (message.context, message.id[0] if isinstance(message.id, (list, tuple)) else message.id)
            for message, _ in babel_catalog.check()
        } & python
        assert theirs <= ours, f"{path.name}: only pybabel refuses {theirs - ours}"
        refused += len(theirs)
    assert refused > 20


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def problems(body: str, header: str = HEADER, use_fuzzy: bool = False) -> list[tuple[int | None, str]]:
    catalog = parse_catalog(header + body, "x.po")
    return [(p.line, p.message) for p in check_catalog(catalog, use_fuzzy=use_fuzzy).errors]


def test_the_issues_broken_translation():
    assert problems('#, python-format\nmsgid "Hello, %(name)s"\nmsgstr "Salam, %(ad)s"\n') == [
        (
            8,
            "msgstr: python-format: “%(ad)s” not in the source (the program has no value for it) "
            "(msgid “Hello, %(name)s”)",
        )
    ]


def test_only_messages_that_are_written_are_checked():
    body = (
        '#, fuzzy, python-format\nmsgid "a %(x)s"\nmsgstr "b %(y)s"\n\n'
        '#, python-format\nmsgid "c %(x)s"\nmsgstr ""\n\n'
        '#, python-format\n#~ msgid "d %(x)s"\n#~ msgstr "e %(y)s"\n'
    )
    assert problems(body) == []
    assert [line for line, _ in problems(body, use_fuzzy=True)] == [8]


def test_plural_forms_used_for_one_count_may_leave_the_number_out():
    body = '#, c-format\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Bir fayl"\nmsgstr[1] "%d fayl"\n'
    assert problems(body) == []
    broken = body.replace('msgstr[1] "%d fayl"', 'msgstr[1] "fayllar"')
    assert problems(broken) == [
        (9, "msgstr[1]: c-format: takes 0 values where the source takes 1 (“%d”) (msgid_plural “%d files”)")
    ]
    # nplurals=1: the only form covers every count
    one = HEADER.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;")
    assert problems('#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "fayl"\n', one)


def test_header_problems():
    plural = 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n'
    no_header = problems(plural, header="")
    assert no_header == [
        (
            3,
            "the catalog has plural translations but no header entry with “Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;”",
        )
    ]
    assert problems(plural, HEADER.replace("(n != 1)", "n")) == [
        (4, "nplurals=2 but the plural expression gives 2 for n = 2")
    ]
    assert problems(plural, HEADER.replace("(n != 1)", "n%0")) == [
        (4, "the plural expression divides by zero (for n = 0)")
    ]
    three = 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\nmsgstr[2] "bss"\n'
    assert problems(three) == [(8, "3 plural forms, but the header's Plural-Forms says nplurals=2")]


def test_line_breaks_must_agree():
    assert problems('msgid "Line\\n"\nmsgstr "Sətir"\n') == [
        (7, "msgstr does not end with a line break as the msgid does")
    ]
    assert problems('msgid "\\nLine"\nmsgstr "\\nSətir"\n') == []


def test_unknown_flavours_are_named_not_passed():
    catalog = parse_catalog(HEADER + '#, php-format\nmsgid "%s a"\nmsgstr "b"\n', "x.po")
    checked = check_catalog(catalog)
    assert checked.errors == []
    assert checked.notices == [
        "1 message declare php-format strings, which dilmac does not check; check them with 'msgfmt -c'"
    ]


# --------------------------------------------------------------------------- the parsers


@pytest.mark.parametrize(
    "text, positional, invalid",
    [
        ("%s and %d", ["string", "int"], None),
        ("%2$s %1$d", ["int", "string"], None),
        ("%*d", ["int", "int"], None),
        ("%m %s %%", ["string"], None),
        ("%1$s %3$s", [], "it uses argument 3 but not argument 2"),
        ("%1$s %s", [], "it mixes numbered placeholders (%1$s) with unnumbered ones (%s)"),
        ("50%", [], "it ends in the middle of a placeholder (write %% for a percent sign)"),
    ],
)
def test_printf_parse(text, positional, invalid):
    parsed = parse_c(text)
    assert (parsed.positional, parsed.invalid) == (positional, invalid)


def test_python_and_brace_parse():
    assert parse_python("%(a)s %(b)d %(a)s").named == {"a": "string", "b": "int"}
    assert parse_python("%(a)s %d").invalid == "it mixes named placeholders (%(name)s) with unnamed ones (%s)"
    assert parse_brace("{a} {b.c} {d[0]:>{w}} {e!r}").named == dict.fromkeys(["a", "b.c", "d[0]", "w", "e"], "")
    assert parse_brace("{} {}").named == {"0": "", "1": ""}
    assert parse_brace("a } b").invalid == "it has a single “}” (write }} for a brace)"
    assert parse_brace("{{literal}}").directives == []


def test_compare_semantics():
    brace = parse_brace("{name} in {city}")
    assert compare(brace, parse_brace("{city}: {name}")) is None
    assert compare(brace, parse_brace("{name}"), strict=False) is None
    assert compare(brace, parse_brace("{name}")) == "“{city}” of the source missing"
    assert compare(brace, parse_brace("{name} {city} {x}"), strict=False).startswith("“{x}” not in the source")
    assert compare(parse_c("%d"), parse_c("%i")) is None


def test_flavours_without_flags():
    assert flavours_of(["Hello {city}"], []) == ["python-brace-format"]
    assert flavours_of(["%(num)d documents"], []) == ["python-format"]
    assert flavours_of(["%d of %s"], []) == ["c-format"]
    assert flavours_of(["100% sure", "{} and {{x}}"], []) == []
    assert flavours_of(["Hello {city}"], ["no-python-brace-format"]) == []
    assert flavours_of(["Hello {city}"], ["c-format"]) == ["c-format"]
    assert parse("c-format", "%s").positional == ["string"]


def test_a_broken_plural_header_cannot_be_allowed(tmp_path):
    from typer.testing import CliRunner

    from dilmac.cli.main import app

    po = tmp_path / "az.po"
    po.write_text(
        HEADER.replace("(n != 1)", "n").replace('"Content-Type', '"Language: az\\n"\n"Content-Type')
        + 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fayl"\nmsgstr[1] "%d fayl"\n',
        encoding="utf-8",
    )
    for command in (["compile", str(po)], ["export-json", str(po), "-o", str(tmp_path / "az.json")]):
        result = CliRunner().invoke(app, ["catalog", *command, "--allow-errors"])
        assert result.exit_code == 1, result.output
        assert f"{po}:5: error: nplurals=2 but the plural expression gives 2 for n = 2" in result.stderr
        assert "--allow-errors cannot leave a header out" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["az.po"]
