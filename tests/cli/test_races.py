"""Writers racing a person's save, with real processes (issue 11).

A writer process (`dilmac translate`, `dilmac catalog update`, `dilmac lint --fix`) runs while
an "editor" (this test) saves the same file, in place (empties it, then writes, in two pieces)
or atomically (a temporary file renamed over it). The editor saves either at a random moment or
exactly when dilmac's temporary file appears (the moment between dilmac's last look at the file
and its rename, where the attack run lost saves). In every trial the person's edit must be in
the file afterwards, the file must parse, and the writer must have exited cleanly: 0 (or 1 for
lint's findings), or 2 with a message and its work kept in the side file.

The trial counts are small so the tests take seconds; the attack run's own scripts
(../shared/research/attack-2026-12/) repeat the same races hundreds of times.
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from dilmac.catalog.io import read_catalog
from dilmac.core.safe_write import side_file

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: az\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
SAVES = ("in place", "atomic")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    return {**os.environ, "DILMAC_CACHE_DIR": str(tmp_path_factory.mktemp("cache")), "PYTHONWARNINGS": "ignore"}


def dilmac(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dilmac", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def save(path: Path, data: bytes, how: str) -> None:
    """Save as an editor does: in place (truncate, then write in two pieces) or atomically."""
    if how == "in place":
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            time.sleep(0.002)
            handle.write(data[len(data) // 2 :])
    else:
        temporary = path.with_name(path.name + ".editor-tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)


def wait_for_moment(process: subprocess.Popen, path: Path, rng: random.Random, trial: int, within: float) -> None:
    """Even trials: a random moment of the run. Odd ones: as soon as dilmac's temporary file
    beside `path` appears (it has read the file and is about to rename)."""
    if trial % 2 == 0:
        time.sleep(rng.uniform(0.0, within))
        return
    prefix = f".{path.name}."
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(prefix) and name.endswith(".tmp") for name in os.listdir(path.parent)):
            return
        time.sleep(0.0005)


def finished(process: subprocess.Popen, path: Path, ok: tuple[int, ...]) -> str:
    _, err = process.communicate(timeout=120)
    err = err.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert process.returncode in (*ok, 2), err
    if process.returncode == 2:  # refused: said why, and kept its work aside
        assert "not written" in err, err
    return err


# --------------------------------------------------------------------------- translate


@pytest.fixture(scope="module")
def demo_model(tmp_path_factory) -> Path:
    """The random demo model (`python -m dilmac.mt.random_model`), as the MT tests use."""
    missing = [m for m in ("torch", "transformers", "sentencepiece") if importlib.util.find_spec(m) is None]
    if missing:
        reason = f"the mt extra is not installed ({', '.join(missing)} missing): pip install 'dilmac[mt]'"
        if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
            pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("model") / "demo-en-az"
    subprocess.run([sys.executable, "-m", "dilmac.mt.random_model", str(folder)], check=True, capture_output=True)
    return folder


def _site_catalog(path: Path) -> None:
    blocks = [HEADER]
    for i in range(24):
        if i % 2 == 0:
            blocks.append(f'#: page{i}.html:{i}\nmsgid "Human message {i}"\nmsgstr "İnsan tərcüməsi {i}"\n')
        else:
            blocks.append(f'#: page{i}.html:{i}\nmsgid "Report {i} of the State Migration Service"\nmsgstr ""\n')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks), encoding="utf-8")


@pytest.mark.parametrize("how", SAVES)
def test_translate_never_loses_a_translators_save(tmp_path, env, demo_model, how):
    rng = random.Random(11)
    for trial in range(2):  # each run loads torch: a few seconds
        work = tmp_path / f"{trial}"
        path = work / "az" / "LC_MESSAGES" / "site.po"
        _site_catalog(path)
        process = dilmac(
            [
                "translate",
                str(path),
                "--model",
                f"en-az={demo_model}",
                "--date",
                "2024-06-01",
                "--checkpoint",
                "2",
                "--batch-size",
                "4",
                "--threads",
                "1",
                "--no-tm",
            ],
            work,
            env,
        )
        wait_for_moment(process, path, rng, trial, within=2.0)
        catalog = polib.pofile(str(path))
        edits = {}
        human = catalog.find(f"Human message {2 * trial}")
        human.msgstr = f"TRANSLATOR-EDITED {trial}"
        edits[human.msgid] = human.msgstr
        other = catalog.find(f"Report {23 - 2 * trial} of the State Migration Service")
        other.msgstr = f"TRANSLATOR-FILLED {trial}"  # filled by hand, or a draft approved
        if "fuzzy" in other.flags:
            other.flags.remove("fuzzy")
        edits[other.msgid] = other.msgstr
        save(path, catalog.__unicode__().encode("utf-8"), how)
        err = finished(process, path, ok=(0,))
        final = {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}
        read_catalog(path)  # parses for dilmac too
        assert len(final) == 24, f"trial {trial}: messages lost ({len(final)} left)\n{err}"
        for msgid, text in edits.items():
            assert final[msgid].msgstr == text, f"trial {trial} ({how}): the translator's {msgid!r} was lost\n{err}"
        if process.returncode == 2:
            assert side_file(path).is_file()


# --------------------------------------------------------------------------- catalog update


def _template_and_catalog(work: Path) -> Path:
    entries = [f'#: app.py:{i}\nmsgid "Message number {i}"\nmsgstr ""\n' for i in range(600)]
    (work / "messages.pot").write_text(HEADER.replace("Language: az", "Language: ") + "\n" + "\n".join(entries))
    translated = [
        f'#: app.py:{i}\nmsgid "Message number {i}"\nmsgstr "{"Mesaj " + str(i) if i % 2 else ""}"\n'
        for i in range(0, 600, 1)
        if i % 7
    ]
    path = work / "po" / "az.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + "\n" + "\n".join(translated), encoding="utf-8")
    return path


@pytest.mark.parametrize("how", SAVES)
def test_catalog_update_never_loses_a_translators_save(tmp_path, env, how):
    rng = random.Random(3)
    for trial in range(6):
        work = tmp_path / f"{trial}"
        work.mkdir()
        path = _template_and_catalog(work)
        process = dilmac(["catalog", "update", "messages.pot", "po"], work, env)
        wait_for_moment(process, path, rng, trial, within=0.8)
        text = path.read_text(encoding="utf-8")
        target = f'msgid "Message number {2 * trial + 2}"\nmsgstr ""'
        assert target in text
        save(path, text.replace(target, target[:-2] + f'"TRANSLATOR-{trial}"').encode("utf-8"), how)
        err = finished(process, path, ok=(0,))
        final = read_catalog(path)
        assert final.find(f"Message number {2 * trial + 2}").msgstr == f"TRANSLATOR-{trial}", (
            f"trial {trial} ({how}): the translator's save was lost\n{err}"
        )


# --------------------------------------------------------------------------- lint --fix


@pytest.mark.parametrize("how", SAVES)
def test_lint_fix_never_loses_an_editors_save(tmp_path, env, how):
    rng = random.Random(7)
    body = "The Turkish Council met in Baku.\n\n" * 3000
    fixed = body.replace("Turkish Council", "Organization of Turkic States")
    for trial in range(6):
        work = tmp_path / f"{trial}"
        work.mkdir()
        path = work / "big.en.md"
        path.write_text(body, encoding="utf-8")
        process = dilmac(["lint", "--fix", "big.en.md", "-t", MINI, "--date", "2024-05-01"], work, env)
        wait_for_moment(process, path, rng, trial, within=1.5)
        marker = f"EDITOR-ADDED-LINE-{trial}\n"
        save(path, (marker + path.read_text(encoding="utf-8")).encode("utf-8"), how)
        err = finished(process, path, ok=(0, 1))
        final = path.read_text(encoding="utf-8")
        assert final.startswith(marker), f"trial {trial} ({how}): the editor's save was lost\n{err}"
        assert final[len(marker) :] in (body, fixed), f"trial {trial}: the file is neither version"
        if process.returncode == 2:
            assert side_file(path).is_file()
