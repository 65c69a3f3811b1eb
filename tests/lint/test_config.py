"""Project config: discovery, strict validation with file:line, and its effect on `dilmac lint`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.lint import config

MINI = Path(__file__).parents[1] / "data" / "termbase-mini.yaml"
runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(*args: str):
    return runner.invoke(app, ["lint", *args])


def findings(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


# --------------------------------------------------------------------------- discovery


def test_discovered_from_a_subdirectory(tmp_path):
    found = write(tmp_path / "dilmac.toml", "")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert config.discover(tmp_path / "a" / "b") == found


def test_pyproject_only_with_a_dilmac_table(tmp_path):
    outer = write(tmp_path / "pyproject.toml", "[tool.dilmac]\nfail-on = 'warning'\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\ndependencies = ['dilmac']\n")
    assert config.discover(tmp_path / "pkg") == outer
    assert config.load(outer).fail_on == "warning"


def test_dilmac_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.dilmac]\n")
    own = write(tmp_path / "dilmac.toml", "")
    assert config.discover(tmp_path) == own


def test_nearest_wins(tmp_path):
    write(tmp_path / "dilmac.toml", "")
    inner = write(tmp_path / "sub" / "dilmac.toml", "")
    assert config.discover(tmp_path / "sub") == inner


# --------------------------------------------------------------------------- validation


def load_error(tmp_path: Path, text: str, name: str = "dilmac.toml") -> DilmacError:
    path = write(tmp_path / name, text)
    with pytest.raises(DilmacError) as caught:
        config.load(path)
    assert caught.value.path == str(path)
    return caught.value


def test_unknown_top_level_key_names_file_line_and_allowed_keys(tmp_path):
    error = load_error(tmp_path, 'fail-on = "error"\n\ntermbase = ["x.yaml"]\n')
    assert error.line == 3
    assert error.message == "termbase: unknown key"
    assert error.hint == "allowed keys: termbases, fail-on, ignore, paths, rules, house, extract"
    assert str(error).startswith(f"{tmp_path / 'dilmac.toml'}:3: termbase: unknown key")


def test_unknown_rule_lists_the_rule_ids(tmp_path):
    error = load_error(tmp_path, "[rules]\nterm-admited = 'off'\n")
    assert (error.line, error.message) == (2, "rules.term-admited: unknown key")
    assert "term-admitted" in error.hint and "unused-suppression" in error.hint


def test_bad_severity_names_the_allowed_values(tmp_path):
    error = load_error(tmp_path, "[rules]\nterm-casing = 'loud'\n")
    assert (error.line, error.message) == (2, "rules.term-casing: 'loud' is not allowed")
    assert error.hint == "allowed values: off, on, info, warning, error"


def test_bad_value_in_the_second_paths_entry(tmp_path):
    error = load_error(tmp_path, '[[paths]]\nglob = "a/**"\nlang = "az"\n\n[[paths]]\nglob = "b/**"\nlang = "de"\n')
    assert (error.line, error.message) == (7, "paths[1].lang: 'de' is not allowed")
    assert error.hint == "allowed values: en, az, tr"


@pytest.mark.parametrize(
    "text, key, line, fragment",
    [
        ('fail-on = "sometimes"\n', "fail-on", 1, "'sometimes' is not allowed"),
        ('termbases = "builtin"\n', "termbases", 1, "must be a list of non-empty strings, not a string"),
        ('ignore = ["", "x"]\n', "ignore", 1, "must be a list of non-empty strings"),
        ('[[paths]]\nglob = "a/**"\ndate = "May 2024"\n', "paths[0].date", 3, "'May 2024' is not a date"),
        ('[[paths]]\nlang = "az"\n', "paths[0].glob", 1, "missing or not a non-empty string"),
        ('[[paths]]\nglob = "a/**"\n', "paths[0]", 1, "sets neither lang nor date"),
        ('[[paths]]\nglob = "a/**"\nlanguage = "az"\n', "paths[0].language", 3, "unknown key"),
        ('rules = ["off"]\n', "rules", 1, "must be a table, not an array"),
    ],
)
def test_bad_values(tmp_path, text, key, line, fragment):
    error = load_error(tmp_path, text)
    assert error.message.startswith(f"{key}: ")
    assert fragment in error.message
    assert error.line == line
    assert error.hint


def test_pyproject_keys_are_found_under_tool_dilmac(tmp_path):
    error = load_error(
        tmp_path,
        "[project]\nname = 'x'\n\n[tool.dilmac]\nfail-on = 'error'\n\n[tool.dilmac.rules]\nterm-casing = 'of'\n",
        name="pyproject.toml",
    )
    assert (error.line, error.message) == (8, "rules.term-casing: 'of' is not allowed")


@pytest.mark.parametrize(
    "text, line, column",
    [
        ('fail-on = "error\n', 1, 17),
        ("[rules]\nterm-casing = 'off'\nterm-casing = 'on'\n", 3, None),
        ("ignore = [\n  'a',\n", 3, None),
    ],
)
def test_malformed_toml_has_file_and_line(tmp_path, text, line, column):
    error = load_error(tmp_path, text)
    assert error.message.startswith("invalid TOML: ")
    assert error.line == line
    if column is not None:
        assert error.column == column
    assert "(at line" not in error.message


def test_relative_paths_from_the_config_directory(tmp_path):
    path = write(tmp_path / "proj" / "dilmac.toml", 'termbases = ["builtin", "terms/local.yaml"]\n')
    loaded = config.load(path)
    assert loaded.termbases == ["builtin", str((tmp_path / "proj" / "terms" / "local.yaml").absolute())]
    assert loaded.root == (tmp_path / "proj").absolute()


def test_dates_as_toml_dates_or_iso_strings(tmp_path):
    path = write(
        tmp_path / "dilmac.toml",
        '[[paths]]\nglob = "a/**"\ndate = 2019-05-01\n[[paths]]\nglob = "b/**"\ndate = "2020-01-02"\n',
    )
    assert [p.date for p in config.load(path).paths] == [date(2019, 5, 1), date(2020, 1, 2)]


# --------------------------------------------------------------------------- globs


@pytest.mark.parametrize(
    "pattern, path, expected",
    [
        ("*.tmp.md", "a/b/x.tmp.md", True),  # no slash: any directory
        ("*.tmp.md", "a/b/x.md", False),
        ("drafts/old/**", "drafts/old/x.md", True),
        ("drafts/old/**", "drafts/older/x.md", False),
        ("drafts/old", "drafts/old/deep/x.md", True),  # a directory covers what is in it
        ("content/*/x.md", "content/az/x.md", True),
        ("content/*/x.md", "content/az/sub/x.md", False),  # * stays in one segment
        ("content/**/x.md", "content/x.md", True),
        ("content/**/x.md", "content/a/b/x.md", True),
        ("./news/?.md", "news/a.md", True),
        ("news/[ab].md", "news/c.md", False),
        ("news/[!ab].md", "news/c.md", True),
        ("drafts", "published/drafts.md", False),
    ],
)
def test_glob_matches(pattern, path, expected):
    assert config.glob_matches(pattern, path) is expected


# --------------------------------------------------------------------------- the CLI


TURKIC_COUNCIL = "The Turkic Council met in Baku.\n"  # superseded since 2021-11-12


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    """A publication repository with a config at its root; the tests run in a subdirectory."""
    write(tmp_path / "terms" / "mini.yaml", MINI.read_text(encoding="utf-8"))
    write(tmp_path / "news" / "old" / "2019.txt", TURKIC_COUNCIL)
    write(tmp_path / "news" / "new.txt", TURKIC_COUNCIL)
    write(tmp_path / "drafts" / "wip.txt", TURKIC_COUNCIL)
    write(
        tmp_path / "dilmac.toml",
        """\
termbases = ["terms/mini.yaml"]
ignore = ["drafts/**"]

[[paths]]
glob = "news/old/**"
lang = "en"
date = 2019-05-01

[[paths]]
glob = "news/**"
lang = "en"
date = 2024-05-01
""",
    )
    monkeypatch.chdir(tmp_path / "news")
    return tmp_path


def test_dates_by_glob_first_match_wins_and_ignore(project):
    result = lint(str(project), "--format", "json")
    found = findings(result)
    assert [(Path(f["path"]).relative_to(project).as_posix(), f["rule"]) for f in found] == [
        ("news/new.txt", "term-superseded")
    ]
    assert json.loads(result.stdout)["summary"]["files"] == 2  # drafts/ ignored


def test_ignore_applies_to_files_named_on_the_command_line(project):
    """pre-commit names each staged file: ignored ones must stay ignored."""
    result = lint(str(project / "drafts" / "wip.txt"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["files"] == 0


def test_command_line_wins_over_config(project):
    found = findings(lint(str(project / "news" / "new.txt"), "--date", "2019-01-01", "--format", "json"))
    assert found == []
    assert findings(lint(str(project / "news" / "new.txt"), "--termbase", "builtin", "--format", "json"))


def test_rule_off_and_severity_and_fail_on(project):
    new = str(project / "news" / "new.txt")
    toml = project / "dilmac.toml"
    base = toml.read_text(encoding="utf-8")
    toml.write_text(
        base.replace("ignore =", 'fail-on = "never"\nignore =') + '[rules]\nterm-superseded = "info"\n',
        encoding="utf-8",
    )
    result = lint(new, "--format", "json")
    assert result.exit_code == 0  # fail-on never from the config
    assert [f["severity"] for f in findings(result)] == ["info"]
    assert lint(new, "--fail-on", "info").exit_code == 1  # the option wins
    toml.write_text(base + '[rules]\nterm-superseded = "off"\n', encoding="utf-8")
    assert findings(lint(new, "--format", "json")) == []


def test_explicit_config_and_no_config(project, tmp_path_factory):
    new = str(project / "news" / "new.txt")
    other = write(
        tmp_path_factory.mktemp("elsewhere") / "strict.toml",
        f'termbases = ["{MINI.as_posix()}"]\n[rules]\nterm-superseded = "warning"\n',
    )
    found = findings(lint(new, "--config", str(other), "--lang", "en", "--date", "2024-05-01", "--format", "json"))
    assert [f["severity"] for f in found] == ["warning"]
    no_config = lint(new, "--no-config", "--lang", "en", "--date", "2019-05-01", "--format", "json")
    assert findings(no_config) == []  # the builtin termbase, and no [[paths]] dates
    both = lint(new, "--config", str(other), "--no-config")
    assert both.exit_code == 2 and "exclude each other" in both.output


def test_terms_command_uses_the_config(project):
    result = runner.invoke(app, ["terms", str(project / "news" / "new.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [o["concept"] for o in json.loads(result.stdout)["occurrences"]] == ["org.turkic-states"]


def test_malformed_config_exits_2_with_file_and_line(project):
    (project / "dilmac.toml").write_text("[rules]\nterm-casing = off\n", encoding="utf-8")
    result = lint(str(project / "news"))
    assert result.exit_code == 2
    assert f"error: {project / 'dilmac.toml'}:2:15: invalid TOML: " in result.output


def test_disable_accepts_suppression_findings_and_still_checks_ids(project):
    assert lint(str(project), "--disable", "unused-suppression").exit_code == 1
    result = lint(str(project), "--disable", "no-such-rule")
    assert result.exit_code == 2 and "--disable names no rule: no-such-rule" in result.output
