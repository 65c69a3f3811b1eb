"""Issue 11 §1–2: the attack run's reproductions (../shared/research/attack-2026-12/) as
regression tests, through the command line. One section per reproduction folder:

- fix_readonly_and_misleading_output: read-only files and folders are not written without
  --force, and "fixed" is printed only for what was written;
- config_discovery_planted_parent: a dilmac.toml above the repository or home, or one another
  user could have written, is not used; --show-config and -v say which one is;
- symlinks_devices_fifo: only regular files are read; links out of the tree, devices, FIFOs and
  loops are skipped with a notice; --fix never writes through a link without --follow-symlinks;
- output_formats_odd_filenames: names that are not UTF-8 or hold control characters, and escape
  sequences in files, never break an output format or reach the terminal raw.

The changed_since_runs_repo_fsmonitor case is in tests/gate/test_changed_since.py, the races in
tests/cli/test_races.py, the writer itself in tests/core/test_safe_write.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.safe_write import side_file

runner = CliRunner()
MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
BAD = "The Turkish Council met.\n"
GOOD = "The Organization of Turkic States met.\n"


def lint(*args: str):
    return runner.invoke(app, ["lint", *args, "--date", "2024-05-01", "--no-cache"])


def dilmac(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """The command in a process of its own: real stdout encoding, nothing shared."""
    return subprocess.run(
        [sys.executable, "-m", "dilmac", *args],
        cwd=cwd,
        capture_output=True,
        timeout=120,
        env={**os.environ, "DILMAC_CACHE_DIR": str(cwd / ".cache"), **env},
    )


# --------------------------------------------------------------------------- read-only


def test_a_read_only_file_is_not_fixed_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ro.en.md"
    path.write_text(BAD, encoding="utf-8")
    path.chmod(0o444)
    result = lint("--fix", "ro.en.md", "-t", MINI)
    assert result.exit_code == 2
    assert "fixed:" not in result.output.replace("not fixed:", "")  # nothing claimed
    assert "not written: the fixed file is read-only" in result.stderr and "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == BAD
    result = lint("--fix", "--force", "ro.en.md", "-t", MINI)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == GOOD
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # still read-only


def test_in_a_read_only_folder_nothing_is_claimed_fixed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "rodir"
    folder.mkdir()
    (folder / "a.en.md").write_text(BAD, encoding="utf-8")
    folder.chmod(0o555)
    try:
        result = lint("--fix", "rodir/a.en.md", "-t", MINI)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert not any(line.startswith("fixed:") for line in lines), result.stdout
    assert any(line.startswith("not fixed: rodir/a.en.md:1:5") for line in lines), result.stdout
    assert "0 fixes in 0 files" in result.stdout
    assert "folder of the fixed file is read-only" in result.stderr
    assert (folder / "a.en.md").read_text(encoding="utf-8") == BAD


def test_a_file_changed_after_the_check_is_refused_and_the_fix_kept_aside(tmp_path, monkeypatch):
    """The fixer's own check, end to end: the lint saw one text, the file now holds another."""
    from dilmac.report import fix

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.en.md"
    path.write_text(BAD, encoding="utf-8")
    real_apply = fix.apply

    def editor_saves_first(plan, **options):
        path.write_text("Edited by a person.\n" + BAD, encoding="utf-8")
        return real_apply(plan, **options)

    monkeypatch.setattr(fix, "apply", editor_saves_first)
    result = lint("--fix", "a.en.md", "-t", MINI)
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "Edited by a person.\n" + BAD
    assert side_file(path).read_text(encoding="utf-8") == GOOD
    assert "a.en.md.dilmac-unsaved" in result.stderr


# --------------------------------------------------------------------------- config discovery

EVIL = """\
concepts:
  - id: evil.x
    domain: documents
    sources: ["planted"]
    terms:
      en:
        - {text: payment account, status: forbidden}
        - {text: attacker account, status: preferred}
"""


def test_a_config_planted_above_the_work_folder_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "evil.yaml").write_text(EVIL, encoding="utf-8")
    (tmp_path / "dilmac.toml").write_text('termbases = ["evil.yaml"]\n', encoding="utf-8")
    work = tmp_path / "victim" / "work"
    work.mkdir(parents=True)
    (work / "invoice.en.md").write_text("Send the money to the payment account 12345.\n", encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # not above the work folder
    result = lint("--fix", "invoice.en.md")
    assert result.exit_code == 0, result.output
    assert (work / "invoice.en.md").read_text(encoding="utf-8") == "Send the money to the payment account 12345.\n"
    shown = runner.invoke(app, ["lint", "--show-config"])
    assert shown.exit_code == 0 and shown.stdout.startswith("config: none")
    assert "termbases: builtin" in shown.stdout


def test_the_repository_root_bounds_discovery_and_show_config_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "dilmac.toml").write_text('fail-on = "never"\n', encoding="utf-8")  # above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert runner.invoke(app, ["lint", "--show-config"]).stdout.startswith("config: none")
    (repo / "dilmac.toml").write_text('fail-on = "warning"\n[rules]\nterm-casing = "off"\n', encoding="utf-8")
    shown = runner.invoke(app, ["lint", "--show-config"])
    assert shown.stdout.splitlines()[0] == f"config: {repo / 'dilmac.toml'}"
    assert "fail-on: warning" in shown.stdout and "rule term-casing: off" in shown.stdout
    (repo / "docs" / "a.en.md").write_text(BAD, encoding="utf-8")
    verbose = lint("-v", "a.en.md", "-t", MINI)
    assert f"config: {repo / 'dilmac.toml'}" in verbose.stderr


def test_a_config_others_may_write_is_ignored_with_a_warning(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    config = tmp_path / "dilmac.toml"
    config.write_text('fail-on = "never"\n', encoding="utf-8")
    config.chmod(0o666)
    (tmp_path / "a.en.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = lint("a.en.md", "-t", MINI)
    assert result.exit_code == 1  # fail-on "never" was not applied
    assert f"warning: {config}: config ignored: group or others may change it (mode 666)" in result.stderr
    assert "chmod go-w" in result.stderr


def test_a_config_of_another_user_is_ignored(tmp_path, monkeypatch):
    from dilmac.lint import config as config_module

    (tmp_path / ".git").mkdir()
    planted = tmp_path / "dilmac.toml"
    planted.write_text('fail-on = "never"\n', encoding="utf-8")
    me = os.geteuid()
    monkeypatch.setattr(config_module.os, "geteuid", lambda: me + 1)  # as if another user ran it
    warnings: list[str] = []
    assert config_module.discover(tmp_path, warnings) is None
    assert warnings == [
        f"{planted}: config ignored: it belongs to another user (uid {me}); use --config to name it if you trust it"
    ]


# --------------------------------------------------------------------------- links, devices, FIFOs


@pytest.fixture()
def tree(tmp_path, monkeypatch) -> Path:
    (tmp_path / "repo").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "target.en.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path


def test_fix_does_not_follow_a_link_out_of_the_tree(tree):
    (tree / "repo" / "link.en.md").symlink_to(tree / "outside" / "target.en.md")
    result = lint("--fix", "link.en.md", "-t", MINI)
    assert result.exit_code == 0, result.output
    assert "link.en.md: skipped: a symbolic link to" in result.stderr and "--follow-symlinks" in result.stderr
    assert (tree / "outside" / "target.en.md").read_text(encoding="utf-8") == BAD


def test_fix_writes_through_a_link_only_with_follow_symlinks(tree):
    (tree / "repo" / "target.en.md").write_text(BAD, encoding="utf-8")
    (tree / "repo" / "link.en.md").symlink_to("target.en.md")  # inside the tree: linted
    result = lint("--fix", "link.en.md", "-t", MINI)
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr and (tree / "repo" / "target.en.md").read_text(encoding="utf-8") == BAD
    result = lint("--fix", "--follow-symlinks", "link.en.md", "-t", MINI)
    assert result.exit_code == 0, result.output
    assert (tree / "repo" / "link.en.md").is_symlink()
    assert (tree / "repo" / "target.en.md").read_text(encoding="utf-8") == GOOD


def test_a_link_to_a_device_is_never_read(tree):
    (tree / "repo" / "zero.en.md").symlink_to("/dev/zero")
    result = lint("zero.en.md", "--follow-symlinks", "-t", MINI)
    assert result.exit_code == 0, result.output
    assert "zero.en.md: skipped: not a regular file (a device)" in result.stderr
    result = lint("zero.en.md", "-t", MINI)  # without: a link out of the tree
    assert result.exit_code == 0 and "skipped: a symbolic link to /dev/zero" in result.stderr


def test_a_fifo_is_skipped_without_being_opened(tree):
    os.mkfifo(tree / "repo" / "fifo.en.md")
    (tree / "repo" / "ok.en.md").write_text(BAD, encoding="utf-8")
    # A process of its own, with a timeout: opening the FIFO would block forever.
    done = dilmac("lint", "fifo.en.md", ".", "-t", MINI, "--no-cache", "--date", "2024-05-01", cwd=tree / "repo")
    err = done.stderr.decode()
    assert done.returncode == 1, err  # the finding in ok.en.md; the FIFO is no input error
    assert err.count("fifo.en.md: skipped: not a regular file (a FIFO): it is never opened") == 2


def test_a_symlink_loop_is_a_notice_not_an_input_error(tree):
    (tree / "repo" / "ok.en.md").write_text("Fine text.\n", encoding="utf-8")
    (tree / "repo" / "loop").symlink_to(".")
    result = lint(".", "-t", MINI)
    assert result.exit_code == 0, result.output
    assert "loop: skipped: a symbolic link back to a folder above it (a loop)" in result.stderr


# --------------------------------------------------------------------------- odd file names


def test_a_file_name_that_is_not_utf8_works_in_every_format(tmp_path):
    name = os.fsdecode(b"latin1\xe9.en.md")
    (tmp_path / name).write_text(BAD, encoding="utf-8")
    for output_format in ("text", "json", "sarif", "github", "junit"):
        done = dilmac(
            "lint", name, "-t", MINI, "--no-cache", "--format", output_format, cwd=tmp_path, PYTHONIOENCODING="utf-8"
        )
        assert done.returncode == 1, (output_format, done.stderr.decode())
        out = done.stdout.decode("utf-8")  # valid UTF-8 whatever the name
        if output_format == "sarif":
            [result] = json.loads(out)["runs"][0]["results"]
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert uri == "latin1%E9.en.md"
        elif output_format == "json":
            assert os.fsencode(json.loads(out)["findings"][0]["path"]) == b"latin1\xe9.en.md"
        elif output_format == "junit":
            xml.dom.minidom.parseString(done.stdout)
        else:
            assert "latin1\\xe9.en.md" in out


def test_a_control_character_in_a_name_keeps_junit_well_formed(tmp_path):
    name = "ctl\x01name.en.md"
    (tmp_path / name).write_text(BAD, encoding="utf-8")
    done = dilmac("lint", name, "-t", MINI, "--no-cache", "--format", "junit", cwd=tmp_path)
    assert done.returncode == 1
    document = xml.dom.minidom.parseString(done.stdout)  # well-formed
    assert "ctl\\x01name.en.md" in document.getElementsByTagName("testsuite")[0].getAttribute("name")


def test_escape_sequences_from_a_file_do_not_reach_the_terminal(tmp_path):
    (tmp_path / "esc.en.md").write_text(
        "The Turkish Council met. \x1b]0;pwned\x07\x1b[2J\x1b[1A\x1b[2K fake: 0 findings\n", encoding="utf-8"
    )
    done = dilmac("lint", "esc.en.md", "-t", MINI, "--no-cache", cwd=tmp_path)
    output = done.stdout + done.stderr
    assert b"\x1b" not in output and b"\x07" not in output
    assert b"\\x1b]0;pwned\\x07\\x1b[2J" in done.stdout
    # the marker still sits under the name
    lines = done.stdout.decode().splitlines()
    source = next(line for line in lines if "The Turkish Council met." in line)
    marker = lines[lines.index(source) + 1]
    assert source.index("Turkish Council") == marker.index("^") and marker.count("^") == len("Turkish Council")


def test_a_lookup_of_bytes_that_are_not_utf8_is_an_error_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "dilmac", "termbase", "lookup", os.fsdecode(b"\xe9"), "-t", MINI, "--no-cache"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"the text to look up is not valid UTF-8" in done.stderr
