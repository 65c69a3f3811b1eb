"""The pre-commit hook (.pre-commit-hooks.yaml), through `pre-commit try-repo` as a user runs it.

try-repo clones this repository at a release tag and installs dilmac from the clone with
`pip install .` into a fresh virtualenv, as pre-commit does for a `rev:` in a user's config;
the hook then lints with the termbase shipped inside that installed package (the publication
repository has none of its own). The clone holds HEAD, tagged as the release process tags it,
so the test checks what users get from the last commit; dependencies come from the package
index within the lock (PIP_CONSTRAINT). It takes a minute or so: one run covers the failure,
the config and the file selection.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dilmac

REPO_ROOT = Path(__file__).resolve().parents[2]
TAG = f"v{dilmac.__version__}"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture()
def publications(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("try-repo needs git and this repository's history")
    if ".pre-commit-hooks.yaml" not in git(REPO_ROOT, "ls-tree", "--name-only", "HEAD").split():
        pytest.fail(".pre-commit-hooks.yaml is not committed: try-repo only sees HEAD")
    root = tmp_path_factory.mktemp("publications")
    git(root, "init", "-q")
    # No termbases: the hook lints with the one shipped in the installed package.
    (root / "dilmac.toml").write_text(
        'ignore = ["drafts/**"]\n[[paths]]\nglob = "**"\nlang = "en"\ndate = 2024-05-01\n', encoding="utf-8"
    )
    (root / "drafts").mkdir()
    bad = "The Turkish Council met in Baku.\n"
    for name in ("news/bad.md", "news/ok.md", "drafts/wip.md", "scripts/tool.py"):
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(
            bad if name != "news/ok.md" else "The Organization of Turkic States met.\n", encoding="utf-8"
        )
    git(root, "add", "-A")
    return root


@pytest.fixture()
def release(tmp_path_factory) -> Path:
    """A clone of this repository's HEAD with the release tag, as users' `rev:` names it."""
    clone = tmp_path_factory.mktemp("dilmac-release") / "dilmac"
    git(REPO_ROOT, "clone", "-q", "--no-hardlinks", str(REPO_ROOT), str(clone))
    git(clone, "tag", "-a", TAG, "-m", TAG)
    return clone


def try_repo(cwd: Path, repo: Path, constraints: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"),
        NO_COLOR="1",
        PIP_CONSTRAINT=str(constraints),
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(repo),
            "dilmac",
            "--ref",
            TAG,
            "--color",
            "never",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_fails_on_a_finding_and_names_it(publications, release, locked_constraints):
    files = ("news/bad.md", "news/ok.md", "drafts/wip.md", "scripts/tool.py")
    result = try_repo(publications, release, locked_constraints, *files)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "dilmac" in out and "Failed" in out
    assert (
        "news/bad.md:1:5: error [term-forbidden] “Turkish Council” must not be used for “Organization of Turkic States”"
        in out
    )
    assert "1 finding (1 error) in 1 of 2 checked files" in out  # ok.md checked, wip.md ignored
    assert "drafts/wip.md" not in out.split("Failed", 1)[1]  # ignored by the config
    assert "tool.py" not in out.split("Failed", 1)[1]  # not a file type the hook takes
