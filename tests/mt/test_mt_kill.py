"""`dilmac translate` killed with SIGKILL at several moments of a run, then run again.

A real process (the console entry point) drafts a catalog of 240 untranslated and 120 human
messages through the slow fake engine of tests/data/mt/fake_backend.py (plugged in with
DILMAC_MT_BACKEND, sleeping per batch, so that kills land between and during checkpoints).
After every kill the catalog must parse (polib and `msgfmt -c`), every human translation must
be exactly as it was, and the drafts on disk must only grow; the runs must finish the job.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib

FAKE = Path(__file__).parents[1] / "data" / "mt" / "fake_backend.py"
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: az\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
DELAYS = (0.0, 0.013, 0.031, 0.057, 0.089, 0.13, 0.2)  # after progress is seen: kills land anywhere


def _catalog(path: Path) -> None:
    blocks = [HEADER]
    for i in range(360):
        if i % 3 == 0:
            blocks.append(
                f"# Reviewed by Aysel.\n#: page{i}.html:{i}\n#, python-format\n"
                f'msgid "Human message {i} for %(name)s"\nmsgstr "İnsan tərcüməsi {i}: %(name)s"\n'
            )
        else:
            blocks.append(f'#: page{i}.html:{i}\nmsgid "Report {i} of the State Migration Service"\nmsgstr ""\n')
    blocks.append('#~ msgid "Old"\n#~ msgstr "Köhnə"\n')
    path.write_text("\n".join(blocks), encoding="utf-8")


def _human(path: Path) -> dict[str, str]:
    return {e.msgid: str(e) for e in polib.pofile(str(path)) if e.msgid.startswith("Human") or e.obsolete}


def _drafts(path: Path) -> int:
    return sum(1 for e in polib.pofile(str(path)) if e.msgstr and "fuzzy" in e.flags)


def _start(path: Path, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DILMAC_MT_BACKEND": f"{FAKE}:slow",
        "DILMAC_FAKE_DELAY": "0.02",
        "DILMAC_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("DILMAC_FAKE_LOG", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dilmac",
            "translate",
            str(path),
            "--no-tm",
            "--checkpoint",
            "5",
            "--batch-size",
            "4",
            "--date",
            "2024-06-01",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_sigkill_at_any_moment_loses_no_human_work_and_resumes(tmp_path):
    path = tmp_path / "az" / "site.po"
    path.parent.mkdir()
    _catalog(path)
    human = _human(path)
    assert len(human) == 121
    drafted, kills, partial_kills = 0, 0, 0
    for _attempt in range(40):
        proc = _start(path, tmp_path)
        deadline = time.monotonic() + 120
        while proc.poll() is None and _drafts(path) <= drafted and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is None and kills < len(DELAYS):
            time.sleep(DELAYS[kills])
            proc.send_signal(signal.SIGKILL)
            kills += 1
        out, err = proc.communicate(timeout=120)
        # Whatever the moment of death: a catalog msgfmt accepts, human work as it was.
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        assert _human(path) == human
        now = _drafts(path)
        assert now >= drafted, "a checkpoint lost drafts"
        partial_kills += proc.returncode == -signal.SIGKILL and 0 < now < 240
        drafted = now
        if proc.returncode == 0:
            break
        assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")[-2000:]
    else:
        raise AssertionError("the runs never finished")
    assert kills == len(DELAYS) and partial_kills >= 3
    assert _drafts(path) == 240
    catalog = polib.pofile(str(path))
    assert all(e.translated() for e in catalog if e.msgid.startswith("Human"))
    assert all("fuzzy" in e.flags and e.msgstr == f"AZ {e.msgid}" for e in catalog if e.msgid.startswith("Report"))
    again = _start(path, tmp_path)
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0 and b"nothing to draft" in out


def test_sigterm_saves_the_drafts_made_since_the_last_checkpoint(tmp_path):
    path = tmp_path / "az" / "site.po"
    path.parent.mkdir()
    _catalog(path)
    human = _human(path)
    log = tmp_path / "model.log"
    env = {
        **os.environ,
        "DILMAC_MT_BACKEND": f"{FAKE}:slow",
        "DILMAC_FAKE_DELAY": "0.05",
        "DILMAC_FAKE_LOG": str(log),
        "DILMAC_CACHE_DIR": str(tmp_path / "cache"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dilmac",
            "translate",
            str(path),
            "--no-tm",
            "--checkpoint",
            "1000",
            "--batch-size",
            "4",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 120
    while (not log.exists() or len(log.read_text().splitlines()) < 12) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 130
    # No checkpoint was due: what is on disk was saved on the way out.
    assert _drafts(path) >= 8 and _human(path) == human  # at least the two batches done before the third
