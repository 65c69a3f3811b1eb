"""`dilmac --version`/`-V` from the installed metadata, and shell completion as Typer offers it."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

import dilmac
from dilmac.cli.main import app

DILMAC = Path(sys.executable).with_name("dilmac")


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DILMAC), *args], env=dict(os.environ, **env), capture_output=True, text=True, timeout=60)


def test_version_is_the_installed_distributions():
    assert version("dilmac") == dilmac.__version__  # pyproject.toml reads it from dilmac/__init__.py
    for flag in ("--version", "-V"):
        done = run(flag)
        assert (done.returncode, done.stdout) == (0, f"dilmac {dilmac.__version__}\n")


def test_version_outside_an_installation_says_so(monkeypatch):
    """The sources on sys.path without their metadata: the sources' version, marked as such."""

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    result = CliRunner().invoke(app, ["-V"])
    assert result.exit_code == 0
    assert result.output == f"dilmac {dilmac.__version__} (not installed: the version of the sources on sys.path)\n"


def test_show_completion_prints_the_script_for_the_shell():
    done = run("--show-completion", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 2  # with detection off, Typer wants the shell named
    for shell, marker in (("bash", "complete -o default -F _dilmac_completion dilmac"), ("zsh", "#compdef dilmac")):
        done = run("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
        assert done.returncode == 0 and marker in done.stdout and "_DILMAC_COMPLETE" in done.stdout


def test_install_completion_writes_the_shells_start_up_file(tmp_path):
    done = run("--install-completion", "bash", HOME=str(tmp_path), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "dilmac.sh"
    assert "_DILMAC_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_answers_commands_options_and_choices():
    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        done = run(_DILMAC_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("dilmac termbase lo") == ["lookup"]
    assert "catalog" in complete("dilmac ")
    assert complete("dilmac lint --format ") == ["text", "json", "sarif", "github", "junit", "html"]
