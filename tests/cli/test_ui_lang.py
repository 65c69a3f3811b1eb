"""dilmac in Azerbaijani and Turkish: --ui-lang, DILMAC_UI_LANG and the locale, as users run it
(real subprocesses, since help texts are translated before Typer reads the command line), and
machine formats that stay English where scripts read them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core import i18n

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
runner = CliRunner()


def dilmac(*args: str, ok=(0,), **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("DILMAC_UI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environ.update({"LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"})
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "dilmac", *args], capture_output=True, text=True, env=environ, check=False
    )
    assert done.returncode in ok, done.stderr[-3000:]
    return done


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_lint_speaks_turkish_with_ui_lang():
    done = dilmac("--ui-lang", "tr", "lint", str(SAMPLES), ok=(1,))
    summary = done.stdout.splitlines()[-1]
    assert " bulgu (" in summary and "denetlenen 5 dosyanın" in summary and "tanesinde" in summary
    assert (
        " hata [term-forbidden] “Turkish Council”, “Organization of Turkic States” için kullanılmamalı" in done.stdout
    )
    assert "= düzeltme: Organization of Turkic States" in done.stdout
    english = dilmac("lint", str(SAMPLES), ok=(1,))
    assert "error [term-forbidden] “Turkish Council” must not be used for" in english.stdout
    assert len(english.stdout.splitlines()) == len(done.stdout.splitlines())  # the same findings


def test_the_locale_chooses_when_nothing_else_does():
    done = dilmac("lint", str(SAMPLES / "en"), ok=(1,), LANG="az_AZ.UTF-8")
    assert "yoxlanan 2 fayldan" in done.stdout.splitlines()[-1]
    done = dilmac("lint", str(SAMPLES / "en"), ok=(1,), LANG="az_AZ.UTF-8", DILMAC_UI_LANG="tr")
    assert "denetlenen 2 dosyanın" in done.stdout.splitlines()[-1]
    done = dilmac("--ui-lang", "en", "lint", str(SAMPLES / "en"), ok=(1,), DILMAC_UI_LANG="tr")
    assert "of 2 checked files" in done.stdout.splitlines()[-1]


def test_rule_documentation_in_azerbaijani():
    done = dilmac("rules", "term-wrong", DILMAC_UI_LANG="az")
    lines = done.stdout.splitlines()
    assert lines[0] == "term-wrong (susmaya görə ciddilik dərəcəsi: xəta)"
    assert lines[2] == "term-wrong: tərcümə mənbədəki adı səhv forma ilə verir."
    assert 'Səhv (msgid → msgstr):  "Organization of Turkic States summit" → "Türk Konseyi zirvesi"' in done.stdout
    listing = dilmac("rules", DILMAC_UI_LANG="tr").stdout
    assert "term-forbidden" in listing and "terim bankasının yasakladığı bir karşılık." in listing


def test_help_in_turkish():
    done = dilmac("--ui-lang", "tr", "lint", "--help")
    assert "Dosyalar ya da klasörler" in done.stdout
    assert "Seçenekler" in done.stdout and "Argümanlar" in done.stdout
    assert "Çıkış kodu: 0 hiçbir şey --fail-on düzeyine ulaşmadı" in done.stdout
    top = dilmac("--help", DILMAC_UI_LANG="az").stdout
    assert "Əmrlər" in top and "Terminologiya bazasını yoxlayın" in top


def test_errors_and_hints_in_turkish(tmp_path):
    done = dilmac("--ui-lang", "tr", "lint", str(tmp_path / "absent.md"), ok=(2,))
    assert "hata: " in done.stderr and "böyle bir dosya ya da klasör yok" in done.stderr
    assert "ipucu: yolu denetleyin" in done.stderr
    wrong = dilmac("--ui-lang", "tr", "lint", str(SAMPLES), "--date", "yesterday", ok=(2,))
    assert "--date 'yesterday' bir tarih değil" in wrong.stderr


def test_an_unknown_ui_language_is_a_usage_error():
    done = dilmac("--ui-lang", "fr", "lint", str(SAMPLES), ok=(2,))
    text = " ".join(done.stderr.replace("│", " ").split())
    assert "'fr' is not a language of dilmac's interface: use one of en, az, tr" in text


def test_json_keeps_english_ids_and_messages_and_adds_the_localised_one():
    english = json.loads(dilmac("lint", str(SAMPLES), "--format", "json", ok=(1,)).stdout)
    turkish = json.loads(dilmac("--ui-lang", "tr", "lint", str(SAMPLES), "--format", "json", ok=(1,)).stdout)
    assert all("localized_message" not in f for f in english["findings"])
    stripped = [{k: v for k, v in f.items() if k != "localized_message"} for f in turkish["findings"]]
    assert stripped == english["findings"]
    assert turkish["summary"] == english["summary"]
    forbidden = next(f for f in turkish["findings"] if f["found"] == "Turkish Council")
    assert forbidden["localized_message"]["lang"] == "tr"
    assert "için kullanılmamalı" in forbidden["localized_message"]["text"]
    assert forbidden["message"].startswith("“Turkish Council” must not be used for")


def test_sarif_keeps_english_text_and_carries_the_localised_message():
    log = json.loads(dilmac("--ui-lang", "az", "lint", str(SAMPLES), "--format", "sarif", ok=(1,)).stdout)
    results = log["runs"][0]["results"]
    result = next(
        r for r in results if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "Turkish Council"
    )
    assert result["message"]["text"].startswith("“Turkish Council” must not be used for")
    assert result["properties"]["localizedMessage"]["lang"] == "az"
    assert "üçün işlədilməməlidir" in result["properties"]["localizedMessage"]["text"]


def test_worker_processes_speak_the_language_too(tmp_path):
    """--jobs lints in other processes: their notices come back in the UI language."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text("---\nlang: fr\n---\nBonjour.\n", encoding="utf-8")
    (tmp_path / "d.en.md").write_text("The Turkish Council met.\n", encoding="utf-8")
    done = dilmac("--ui-lang", "tr", "lint", str(tmp_path), "--jobs", "2", ok=(1,))
    assert done.stderr.count("atlandı: 'fr' dili denetlenmiyor (en, az, tr)") == 3, done.stderr


def test_in_process_runs_do_not_leak_their_language():
    turkish = runner.invoke(app, ["--ui-lang", "tr", "lint", str(SAMPLES / "en")])
    assert "denetlenen 2 dosyanın" in turkish.stdout
    english = runner.invoke(app, ["lint", str(SAMPLES / "en")])
    assert "of 2 checked files" in english.stdout


def test_dates_in_translated_messages_are_the_right_ones(tmp_path):
    """A name valid between two dates is outdated since its end, in every language."""
    draft = tmp_path / "xeber.az.md"
    draft.write_text("---\ndate: 2024-05-01\n---\nTürk Şurası toplandı.\n", encoding="utf-8")
    english = runner.invoke(app, ["lint", str(draft)])
    assert "“Türk Şurası” is outdated since 2021-11-12: replaced by “Türk Dövlətləri Təşkilatı”" in english.stdout
    azerbaijani = runner.invoke(app, ["--ui-lang", "az", "lint", str(draft)])
    assert "“Türk Şurası” 2021-11-12 tarixindən köhnəlib: onu “Türk Dövlətləri Təşkilatı” əvəz edib" in (
        azerbaijani.stdout
    )


def test_input_errors_are_english_in_json_and_translated_on_the_terminal(tmp_path):
    missing = str(tmp_path / "absent.md")
    done = dilmac("--ui-lang", "az", "lint", missing, "--format", "json", ok=(2,))
    [error] = json.loads(done.stdout)["summary"]["errors"]
    assert error["message"] == "no such file or directory"
    assert error["hint"] == "check the path; directories are searched recursively"
    assert "xəta: " in done.stderr and "belə fayl və ya qovluq yoxdur" in done.stderr
    assert "məsləhət: yolu yoxlayın" in done.stderr
