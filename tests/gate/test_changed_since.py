"""`dilmac lint --changed-since REF`, on real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.findings import Finding, Severity
from dilmac.gate.changed import _touches, parse_diff

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
BAD = "The delegation met the Turkish Council in Baku."
runner = CliRunner()


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


def lint(*args: str):
    return runner.invoke(
        app, ["lint", *args, "--termbase", MINI, "--date", "2024-05-01", "--no-cache", "--format", "json"]
    )


def reported(*args: str) -> list[tuple[str, int]]:
    result = lint(*args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository with one commit holding docs/a.en.txt (findings on lines 2 and 4)."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no user configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key, value in {
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "docs" / "a.en.txt").write_text(f"Intro.\n{BAD}\nMiddle.\n{BAD}\nEnd.\n", encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, count), encoding="utf-8")


def test_nothing_changed_nothing_reported(repo):
    assert reported("docs") == [("docs/a.en.txt", 2), ("docs/a.en.txt", 4)]
    result = lint("docs", "--changed-since", "HEAD")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
    assert "changed since HEAD: 2 findings on unchanged lines not shown" in result.stderr


def test_only_findings_on_changed_lines_whether_committed_staged_or_not(repo):
    doc = repo / "docs" / "a.en.txt"
    edit(doc, "Intro.\n", "Intro.\nAdded: the Turkish Council again.\n")  # new line 2
    git(repo, "commit", "-qam", "second")
    edit(doc, "Middle.", "Middle: the Organization of Turkish States.")  # line 4, staged
    git(repo, "add", "docs")
    edit(doc, "End.", "End with the Turkish Council.")  # line 6, unstaged
    assert reported("docs", "--changed-since", "HEAD~1") == [
        ("docs/a.en.txt", 2),
        ("docs/a.en.txt", 4),
        ("docs/a.en.txt", 6),
    ]
    assert reported("docs", "--changed-since", "HEAD") == [("docs/a.en.txt", 4), ("docs/a.en.txt", 6)]
    # The old findings moved to lines 3 and 5 but did not change.
    assert ("docs/a.en.txt", 3) in reported("docs") and ("docs/a.en.txt", 5) in reported("docs")


def test_deleting_lines_changes_none_that_remain(repo):
    edit(repo / "docs" / "a.en.txt", "Middle.\n", "")
    assert reported("docs") == [("docs/a.en.txt", 2), ("docs/a.en.txt", 3)]
    assert reported("docs", "--changed-since", "HEAD") == []


def test_a_renamed_file_has_only_its_edited_lines_changed(repo):
    git(repo, "mv", "docs/a.en.txt", "docs/renamed.en.txt")
    assert reported("docs", "--changed-since", "HEAD") == []
    edit(repo / "docs" / "renamed.en.txt", "End.", "End: Turkish Council.")
    assert reported("docs", "--changed-since", "HEAD") == [("docs/renamed.en.txt", 5)]
    git(repo, "commit", "-qam", "renamed")
    assert reported("docs", "--changed-since", "HEAD~1") == [("docs/renamed.en.txt", 5)]


def test_untracked_files_are_new_and_ignored_ones_unchanged(repo):
    (repo / "docs" / "new file ş.en.txt").write_text(f"{BAD}\nFine.\n{BAD}\n", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "out.en.txt").write_text(f"{BAD}\n", encoding="utf-8")
    assert reported("docs", "build", "--changed-since", "HEAD") == [
        ("docs/new file ş.en.txt", 1),
        ("docs/new file ş.en.txt", 3),
    ]


def test_odd_file_names_are_matched(repo):
    """Names git quotes (a double quote, a tab-less space, non-ASCII) still map to the files."""
    odd = repo / "docs" / 'say "hi" ə.en.txt'
    odd.write_text("Intro.\nFine.\n", encoding="utf-8")
    git(repo, "add", "docs")
    git(repo, "commit", "-qm", "odd")
    edit(odd, "Fine.", BAD)
    assert reported("docs", "--changed-since", "HEAD") == [('docs/say "hi" ə.en.txt', 2)]


def test_paths_from_a_subdirectory_and_absolute(repo):
    edit(repo / "docs" / "a.en.txt", "End.", BAD)
    os.chdir(repo / "docs")
    assert reported(".", "--changed-since", "HEAD") == [("a.en.txt", 5)]
    assert reported(str(repo / "docs" / "a.en.txt"), "--changed-since", "HEAD") == [
        (str(repo / "docs" / "a.en.txt"), 5)
    ]


def test_linted_from_outside_the_repository(repo, tmp_path):
    edit(repo / "docs" / "a.en.txt", "End.", BAD)
    os.chdir(tmp_path)
    assert reported("repo/docs", "--changed-since", "main") == [("repo/docs/a.en.txt", 5)]


def test_works_with_a_baseline(repo):
    result = runner.invoke(
        app,
        ["lint", "docs", "--termbase", MINI, "--date", "2024-05-01", "--no-cache", "--write-baseline", "baseline.yaml"],
    )
    assert result.exit_code == 0, result.output
    git(repo, "add", "baseline.yaml")
    git(repo, "commit", "-qm", "baseline")
    doc = repo / "docs" / "a.en.txt"
    # A third identical line, which git sees added as line 3: that one is the new finding,
    # not the last of the three.
    edit(doc, "Intro.\n", f"Intro.\n{BAD}\n")
    edit(doc, "End.", "End: the Organization of Turkish States.")
    assert "@@ -2,0 +3 @@" in git(repo, "diff", "-U0", "HEAD")
    found = reported("docs", "--baseline", "baseline.yaml", "--changed-since", "HEAD")
    assert found == [("docs/a.en.txt", 3), ("docs/a.en.txt", 6)]
    # Without --changed-since the baseline cannot tell which of the three is new.
    assert len(reported("docs", "--baseline", "baseline.yaml")) == 2


def test_not_a_repository_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "a.en.txt").write_text(f"{BAD}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = lint("a.en.txt", "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert "a.en.txt: not inside a git repository" in result.stderr
    assert "hint:" in result.stderr


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", "HEAD~5"])
def test_a_ref_that_names_no_commit_is_an_error(repo, ref):
    result = lint("docs", f"--changed-since={ref}")
    assert result.exit_code == 2
    assert f"--changed-since {ref!r} names no commit" in result.stderr
    assert "fetch" in result.stderr
    assert not (repo / "x").exists()


def test_parse_diff_follows_hunk_counts():
    output = b"\n".join(
        [
            b"diff --git a/one.txt b/one.txt",
            b"--- a/one.txt",
            b"+++ b/one.txt",
            b"@@ -3 +3 @@",  # counts default to 1
            b"-old",
            b"+new",
            b"@@ -7,2 +6,0 @@",  # a deletion: no new lines
            b"-gone",
            b"-gone too",
            b"@@ -20,0 +19,3 @@ heading",
            b"+++ b/looks-like-a-header",  # added lines that read like headers
            b"+@@ -1 +1 @@",
            b"+diff --git a/x b/x",
            b"\\ No newline at end of file",
            b"diff --git a/gone.txt b/gone.txt",
            b"deleted file mode 100644",
            b"--- a/gone.txt",
            b"+++ /dev/null",
            b"@@ -1,2 +0,0 @@",
            b"-a",
            b"-b",
            b'diff --git "a/tab\\there.txt" "b/tab\\there.txt"',
            b'--- "a/tab\\there.txt"',
            b'+++ "b/tab\\there.txt"',
            b"@@ -1 +1,2 @@",
            b"-x",
            b"+y",
            b"+z",
            b"diff --git a/with space.txt b/with space.txt",
            b"--- a/with space.txt\t",
            b"+++ b/with space.txt\t",
            b"@@ -0,0 +1 @@",
            b"+first",
            b'diff --git "a/\\303\\274.txt" "b/\\303\\274.txt"',
            b'+++ "b/\\303\\274.txt"',
            b"@@ -5 +5 @@",
            b"-a",
            b"+b",
            b"",
        ]
    )
    assert parse_diff(output) == {
        "one.txt": {3, 19, 20, 21},
        "tab\there.txt": {1, 2},
        "with space.txt": {1},
        "ü.txt": {5},
    }


def finding(line: int, end_line: int, end_column: int) -> Finding:
    return Finding(
        path="x",
        start=0,
        end=1,
        rule="r",
        severity=Severity.ERROR,
        message="m",
        found="f",
        line=line,
        column=3,
        end_line=end_line,
        end_column=end_column,
    )


def test_a_finding_counts_as_changed_when_any_line_it_spans_changed():
    assert _touches(finding(4, 6, 2), {6})
    assert not _touches(finding(4, 6, 2), {3, 7})
    assert not _touches(finding(4, 5, 1), {5})  # ends where line 5 begins
    assert _touches(finding(0, 0, 0), {9})  # about the whole file
    assert not _touches(finding(0, 0, 0), set())


# --------------------------------------------------------------------------- hostile repositories


def test_changed_since_runs_no_command_from_the_repository_config(repo, tmp_path):
    """The attack run's changed_since_runs_repo_fsmonitor: a received repository whose
    .git/config names an fsmonitor hook, a clean filter and an external diff, each a command
    that leaves a file behind when run. None may run."""
    ran = tmp_path / "ran"
    ran.mkdir()
    git(repo, "config", "core.fsmonitor", f"touch {ran}/fsmonitor; echo")
    git(repo, "config", "filter.evil.clean", f"touch {ran}/clean; cat")
    git(repo, "config", "filter.evil.process", f"touch {ran}/process")
    git(repo, "config", "diff.external", f"touch {ran}/external")
    git(repo, "config", "core.pager", f"touch {ran}/pager")
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {ran}/{hook}\n", encoding="utf-8")
        (hooks / hook).chmod(0o755)
    (repo / ".gitattributes").write_text("*.txt filter=evil\n", encoding="utf-8")
    git_dir_files = repo / "docs" / "a.en.txt"
    git_dir_files.write_text(git_dir_files.read_text(encoding="utf-8") + f"{BAD}\n", encoding="utf-8")
    os.utime(git_dir_files, (1_000_000_000, 1_000_000_000))  # stale stat data: git must look at the file
    assert reported("docs", "--changed-since", "HEAD") == [("docs/a.en.txt", 6)]
    assert sorted(p.name for p in ran.iterdir()) == []


def test_the_planted_commands_would_run_under_plain_git(repo, tmp_path):
    """The test above is meaningful: plain git in this repository runs the planted commands."""
    ran = tmp_path / "ran"
    ran.mkdir()
    git(repo, "config", "core.fsmonitor", f"touch {ran}/fsmonitor; echo")
    git(repo, "config", "filter.evil.clean", f"touch {ran}/clean; cat")
    (repo / ".gitattributes").write_text("*.txt filter=evil\n", encoding="utf-8")
    (repo / "docs" / "a.en.txt").write_text("changed\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "diff", "HEAD", "--stat"], capture_output=True, check=False)
    assert sorted(p.name for p in ran.iterdir()) == ["clean", "fsmonitor"]
