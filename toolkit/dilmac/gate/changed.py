"""`dilmac lint --changed-since REF`: keep only the findings on lines changed since a git ref.

What changed is what `git diff REF` shows against the working tree (commits since REF, staged
and unstaged edits alike): the new side of each hunk gives the changed lines. Untracked files
(not ignored) are new, so all their lines count as changed; a file git ignores has no changes.
Renames are followed, so a file that was only moved has no changed lines. A finding is kept
when any line it spans changed; deleting lines changes no line that is still there.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding
from dilmac.lint.pipeline import Run

# file (real path) → its changed line numbers, or None for "every line" (an untracked file)
Changes = dict[str, "set[int] | None"]

HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
C_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


# The repository may be anyone's (a received tarball, a nested checkout): its .git/config must
# not run commands. These settings switch off every configured program git would start for
# `rev-parse`, `diff` and `ls-files` (as pre-commit does for its own calls).
_NO_COMMANDS = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.askPass=",
    "core.editor=false",
    "core.untrackedCache=false",
    "diff.external=",
    "credential.helper=",
    "protocol.allow=never",
    "filter.lfs.process=",
    "gpg.program=false",
)
_SAFE_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "GIT_EXTERNAL_DIFF": "",
    "GIT_OPTIONAL_LOCKS": "0",  # a read-only look must not rewrite the index
}
_UNSAFE_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_SSH")


def _git(root: str, *args: str, filters: bool = True) -> subprocess.CompletedProcess:
    """Run git in `root` with every command its config could start switched off; `filters`:
    also the clean filters of the repository's config (a `git diff` of the working tree runs
    them), which are replaced by `cat`."""
    options = [part for setting in _NO_COMMANDS for part in ("-c", setting)]
    if filters:
        options += [part for setting in _filter_overrides(root) for part in ("-c", setting)]
    env = {key: value for key, value in os.environ.items() if key not in _UNSAFE_ENV} | _SAFE_ENV
    try:
        return subprocess.run(
            ["git", "-C", root, "--no-pager", "--literal-pathspecs", "-c", "core.quotePath=false", *options, *args],
            capture_output=True,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise DilmacError(
            "--changed-since needs git, which is not installed", hint="install git, or leave --changed-since out"
        ) from None


@functools.cache
def _filter_overrides(root: str) -> tuple[str, ...]:
    """Settings that neutralise each filter driver the repository's config defines."""
    done = _git(root, "config", "--null", "--name-only", "--get-regexp", r"^filter\.", filters=False)
    names = {key.rsplit(".", 1)[0] for key in os.fsdecode(done.stdout).split("\0") if key.count(".") >= 2}
    settings = []
    for name in sorted(names):
        settings += [f"{name}.clean=cat", f"{name}.smudge=cat", f"{name}.process=", f"{name}.required=false"]
    return tuple(settings)


def repository_root(path: Path) -> str:
    """The top folder of the git working tree that holds `path`."""
    folder = path if path.is_dir() else path.parent
    done = _git(str(folder), "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise DilmacError(
            "not inside a git repository, so --changed-since has nothing to compare with",
            path=str(path),
            hint="run it on files of a git working tree, or leave --changed-since out",
        )
    return os.fsdecode(done.stdout.rstrip(b"\n"))


def changed_lines(paths: list[Path], ref: str) -> Changes:
    """The changed lines of every file under `paths` since `ref`, each path looked up in the
    repository that holds it."""
    by_root: dict[str, list[str]] = {}
    for path in paths:
        if not path.exists():
            continue  # the lint run reports it
        root = repository_root(path)
        by_root.setdefault(root, []).append(os.path.relpath(os.path.realpath(path), root))
    changes: Changes = {}
    for root, specs in by_root.items():
        commit = _resolve(root, ref)
        diff = _git(
            root,
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--find-renames",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            commit,
            "--",
            *specs,
        )
        if diff.returncode != 0:
            raise DilmacError(f"git diff failed: {os.fsdecode(diff.stderr).strip()}", path=root)
        for name, lines in parse_diff(diff.stdout).items():
            changes[os.path.join(root, name)] = lines
        untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
        if untracked.returncode != 0:
            raise DilmacError(f"git ls-files failed: {os.fsdecode(untracked.stderr).strip()}", path=root)
        for name in untracked.stdout.split(b"\0"):
            if name:
                changes[os.path.join(root, os.fsdecode(name))] = None
    return changes


def _resolve(root: str, ref: str) -> str:
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise DilmacError(
            f"--changed-since {ref!r} names no commit in the repository",
            path=root,
            hint="use a branch, tag or commit that exists here; in a shallow CI checkout, fetch "
            "it first (e.g. actions/checkout with fetch-depth: 0)",
        )
    return done.stdout.decode("ascii").strip()


def parse_diff(output: bytes) -> dict[str, set[int]]:
    """Changed lines of the new side of each file in `git diff --unified=0` output, by the
    file's path relative to the repository. Hunk bodies are skipped by their line counts, so
    a changed line that itself reads like a header cannot be taken for one."""
    changes: dict[str, set[int]] = {}
    current: set[int] | None = None
    lines = output.split(b"\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith(b"diff --git "):
            current = None
        elif line.startswith(b"+++ "):
            name = line[4:].removesuffix(b"\t")  # git ends names holding a space with a tab
            current = None if name == b"/dev/null" else changes.setdefault(_unquote(name)[2:], set())
        elif line.startswith(b"@@ "):
            match = HUNK.match(line)
            if match is None:
                raise DilmacError(f"unexpected line in git diff output: {line[:80]!r}")
            old_count = int(match.group(1) or b"1")
            start, new_count = int(match.group(2)), int(match.group(3) or b"1")
            if current is not None:
                current.update(range(start, start + new_count))
            body = old_count + new_count
            while body and index < len(lines):
                if not lines[index].startswith(b"\\"):  # "\ No newline at end of file"
                    body -= 1
                index += 1
    return changes


def _unquote(name: bytes) -> str:
    """A path as git writes it: as is, or C-quoted when it holds quotes, backslashes or
    control characters."""
    if not name.startswith(b'"'):
        return os.fsdecode(name)
    out = bytearray()
    index, end = 1, len(name) - 1
    while index < end:
        byte = name[index]
        if byte != ord("\\"):
            out.append(byte)
            index += 1
        elif name[index + 1 : index + 2].isdigit():
            out.append(int(name[index + 1 : index + 4], 8))
            index += 4
        else:
            out.append(C_ESCAPES[name[index + 1]])
            index += 2
    return os.fsdecode(bytes(out))


def on_changed_lines(changes: Changes):
    """A test of (file path, finding): does the finding span a changed line?"""
    real = functools.lru_cache(maxsize=None)(os.path.realpath)

    def changed(path: str, finding: Finding) -> bool:
        lines = changes.get(real(path), set())
        return lines is None or _touches(finding, lines)

    return changed


def keep_changed(run: Run, changed) -> int:
    """Drop the run's findings that `changed` (see on_changed_lines) rejects; returns how many."""
    dropped = 0
    for result in run.files:
        kept = [f for f in result.findings if changed(result.path, f)]
        dropped += len(result.findings) - len(kept)
        result.findings = kept
    return dropped


def _touches(finding: Finding, lines: set[int]) -> bool:
    if not finding.line:  # a finding about the whole file: kept when the file changed at all
        return bool(lines)
    last = finding.end_line or finding.line
    if last > finding.line and finding.end_column == 1:  # ends at the start of the next line
        last -= 1
    return any(line in lines for line in range(finding.line, last + 1))
