"""The real MarianMT backends on a tiny randomly initialised model, no network.

A session fixture builds a MarianMT model with opus-mt's files and architecture and a trained
SentencePiece tokenizer (dilmac.mt.random_model), reloads it offline (local_files_only) and
converts it with CTranslate2 (`dilmac mt convert`). Its random weights write noise, so these
tests check the plumbing: loading, conversion, n-best lists, `dilmac translate` end to end with
both backends (fuzzy drafts naming the model, human work untouched, masks, translation memory,
deduplication, resuming), and the messages for a model that is not on the machine. The term
logic is tested with deterministic engines in test_mt_drafts.py.

These tests need the `mt` extra (make test installs it). Without it they skip, and under
DILMAC_REQUIRE_DATA=1 (CI) they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app

DATA = Path(__file__).parents[1] / "data" / "mt"
MT_MODULES = ("torch", "transformers", "sentencepiece", "ctranslate2")
runner = CliRunner()


@pytest.fixture(scope="session")
def mt_extra() -> None:
    missing = [m for m in MT_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        reason = f"the mt extra is not installed ({', '.join(missing)} missing): pip install 'dilmac[mt]'"
        if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
            pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
        pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")
    from dilmac.mt.engine import quiet_transformers

    quiet_transformers()


@pytest.fixture(scope="session")
def tiny_model(mt_extra, tmp_path_factory) -> Path:
    from dilmac.mt.random_model import build

    return build(tmp_path_factory.mktemp("mt") / "tiny-en-az", size="tiny", seed=0)


@pytest.fixture(scope="session")
def converted(tiny_model, tmp_path_factory) -> Path:
    """The tiny model converted by the command line, int8, into a dilmac cache of its own."""
    from dilmac.mt.models import converted_path

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DILMAC_CACHE_DIR", str(tmp_path_factory.mktemp("dilmac-cache")))
        result = runner.invoke(app, ["mt", "convert", str(tiny_model)])
        folder = converted_path(str(tiny_model))
    assert result.exit_code == 0, result.output
    assert f"→ {folder} (CTranslate2, int8)" in result.stdout
    assert {p.name for p in folder.iterdir()} >= {"model.bin", "source.spm", "target.spm", "vocab.json"}
    return folder


@pytest.fixture()
def locale(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "locale", tmp_path / "locale")
    return tmp_path / "locale"


def test_random_model_has_opus_mt_files_and_reloads_offline(tiny_model, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from transformers import (
        AutoModelForSeq2SeqLM,
        AutoTokenizer,
        MarianMTModel,
        MarianTokenizer,
    )

    assert {p.name for p in tiny_model.iterdir()} >= {
        "config.json",
        "model.safetensors",
        "source.spm",
        "target.spm",
        "vocab.json",
        "tokenizer_config.json",
    }
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model), local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(tiny_model), local_files_only=True)
    assert isinstance(tokenizer, MarianTokenizer) and isinstance(model, MarianMTModel)
    vocab = tokenizer.get_vocab()
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1 and vocab["<pad>"] == len(vocab) - 1
    assert model.config.decoder_start_token_id == model.config.pad_token_id == len(vocab) - 1
    assert ">>aze_Latn<<" in tokenizer.supported_language_codes
    # Masks, placeholders and the three languages' letters survive tokenizing.
    text = "[1] Dövlət Miqrasiya Xidmətinin İçişleri Başkanlığı %(name)s [2]"
    ids = tokenizer(text)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text


def test_ctranslate2_conversion_computes_what_transformers_computes(tiny_model, tmp_path):
    """Greedy decoding of the float32 conversion gives transformers' tokens, step for step."""
    import ctranslate2
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from dilmac.mt.engine import convert

    folder = convert(str(tiny_model), tmp_path / "fp32", quantization="float32")
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model), local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(tiny_model), local_files_only=True).eval()
    texts = [
        ">>aze_Latn<< The State Migration Service met [1] in Baku.",
        ">>aze_Latn<< Hello",
        ">>aze_Latn<< Archive of the Ministry of Foreign Affairs",
    ]
    steps = 20
    generated = model.generate(
        **tokenizer(texts, return_tensors="pt", padding=True), num_beams=1, do_sample=False, max_new_tokens=steps
    )
    translator = ctranslate2.Translator(str(folder), device="cpu", compute_type="float32")
    results = translator.translate_batch(
        [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in texts],
        beam_size=1,
        max_decoding_length=steps,
    )
    for row, result in zip(generated, results):
        # transformers starts with the decoder start token and forces </s> at the length limit.
        expected = tokenizer.convert_ids_to_tokens(row.tolist()[1:steps])
        assert result.hypotheses[0][: steps - 1] == expected


@pytest.mark.parametrize("kind", ["transformers", "ctranslate2"])
def test_backends_return_n_best_lists(tiny_model, converted, kind):
    from dilmac.mt.engine import CTranslate2Backend, Request, TransformersBackend
    from dilmac.mt.models import Located

    request = Request("en-az", "en", "az", str(tiny_model), kind, threads=2, batch_size=2)
    located = Located(str(tiny_model), tiny_model, converted)
    backend = TransformersBackend(located, request) if kind == "transformers" else CTranslate2Backend(located, request)
    assert backend.prefix == ">>aze_Latn<<"
    assert backend.name == f"{tiny_model} ({'ctranslate2 int8' if kind == 'ctranslate2' else 'transformers'})"
    texts = ["Hello", "The State Migration Service met [1] in Baku.", "Welcome, [1]!"]
    lists = backend.translate(texts, beam=4, n_best=3)
    assert [len(hypotheses) for hypotheses in lists] == [3, 3, 3]
    for hypotheses in lists:
        scores = [h.score for h in hypotheses]
        assert scores == sorted(scores, reverse=True) and all(s < 0 for s in scores)
        assert all(isinstance(h.text, str) and h.text for h in hypotheses)
    greedy = backend.translate(texts, beam=1, n_best=4)
    assert [len(hypotheses) for hypotheses in greedy] == [1, 1, 1]


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_translate_end_to_end(tiny_model, converted, locale, backend, monkeypatch):
    monkeypatch.setenv("DILMAC_CACHE_DIR", str(converted.parent.parent))
    monkeypatch.delenv("DILMAC_MT_BACKEND", raising=False)
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    before = polib.pofile(str(site))
    result = runner.invoke(
        app,
        [
            "translate",
            str(site),
            "--model",
            f"en-az={tiny_model}",
            "--backend",
            backend,
            "--date",
            "2024-06-01",
            "--batch-size",
            "3",
            "--checkpoint",
            "4",
        ],
    )
    assert result.exit_code == 0, result.output
    engine = f"{tiny_model} ({'ctranslate2 int8' if backend == 'ctranslate2' else 'transformers'})"
    # Memory first (3 exact, 1 fuzzy); the 12 other messages need 12 distinct source strings
    # (a plural message has two, two messages share one).
    assert "16 of 16 drafted; 3 exact and 1 fuzzy from translation memory" in result.stdout
    assert f"12 by {engine}, 12 distinct source strings" in result.stdout
    after = polib.pofile(str(site))
    assert [(e.msgctxt, e.msgid) for e in after] == [(e.msgctxt, e.msgid) for e in before]
    for old, new in zip(before, after):
        if old.obsolete or old.translated() or "fuzzy" in old.flags:
            assert str(new) == str(old)
            continue
        assert "fuzzy" in new.flags
        marker = " ".join(new.tcomment.split("\n"))
        assert marker.startswith("dilmac-mt: ")
        if "translation memory" not in marker:
            assert marker.startswith(f"dilmac-mt: {engine} [")
        forms = list(new.msgstr_plural.values()) if new.msgid_plural else [new.msgstr]
        assert all(forms)
        # Masked placeholders came back, or the draft says which did not.
        from dilmac.mt.masking import placeholders

        for form in forms:
            if placeholders(form, new.flags) != placeholders(new.msgid, new.flags):
                assert "dilmac-mt: placeholders:" in (new.comment or "")
    news = {e.msgctxt: e.msgstr for e in after if e.msgid == "News of the day"}
    assert news["headline"] == news["sidebar"]
    stats = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", os.devnull, str(site)], capture_output=True, text=True
    )
    assert stats.returncode == 0 and "17 fuzzy translations" in stats.stderr, stats.stderr

    # Resuming: messages without a draft (here: two whose drafts were taken out) get one; the
    # rest is left alone.
    for entry in after:
        if entry.msgid in ("Good morning", "Welcome, %(name)s!"):
            entry.msgstr, entry.tcomment, entry.comment = "", None, None
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    after.save(str(site))
    resumed = runner.invoke(app, ["translate", str(site), "--model", f"en-az={tiny_model}", "--backend", backend])
    assert resumed.exit_code == 0, resumed.output
    assert "2 of 2 drafted" in resumed.stdout and f"2 by {engine}" in resumed.stdout


def test_auto_backend_prefers_the_converted_copy(tiny_model, converted, locale, monkeypatch):
    monkeypatch.setenv("DILMAC_CACHE_DIR", str(converted.parent.parent))
    monkeypatch.delenv("DILMAC_MT_BACKEND", raising=False)
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    result = runner.invoke(app, ["translate", str(site), "--model", f"en-az={tiny_model}", "--no-tm"])
    assert result.exit_code == 0, result.output
    assert f"by {tiny_model} (ctranslate2 int8)" in result.stdout
    listing = runner.invoke(app, ["mt", "models", "--model", f"en-az={tiny_model}"])
    assert f"en-az  {tiny_model}" in listing.stdout and f"CTranslate2 copy {converted}" in listing.stdout
    # A converted folder named directly works too, and converting again needs --force.
    direct = runner.invoke(app, ["translate", str(site), "--model", f"en-az={converted}", "--refresh-mt", "--no-tm"])
    assert direct.exit_code == 0 and f"by {converted} (ctranslate2 int8)" in direct.stdout
    again = runner.invoke(app, ["mt", "convert", str(tiny_model)])
    assert again.exit_code == 2 and "--force" in again.output


def test_missing_model_names_it_and_how_to_fetch_it(mt_extra, locale, tmp_path):
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "DILMAC_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DILMAC_MT_BACKEND", None)
    env.pop("HF_HUB_CACHE", None)
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    before = site.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "dilmac", "translate", str(site)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 2
    assert "the model Helsinki-NLP/opus-mt-en-trk is not on this machine" in proc.stderr
    assert "hf download Helsinki-NLP/opus-mt-en-trk --local-dir models/opus-mt-en-trk" in proc.stderr
    assert "snapshot_download('Helsinki-NLP/opus-mt-en-trk', local_dir='models/opus-mt-en-trk')" in proc.stderr
    assert "--model en-az=models/opus-mt-en-trk" in proc.stderr
    assert "dilmac mt convert models/opus-mt-en-trk" in proc.stderr
    assert site.read_bytes() == before
    # A pair has one model by default; a directory that is no model is named as such.
    bad = runner.invoke(app, ["translate", str(site), "--model", f"en-az={tmp_path}"], env={"DILMAC_MT_BACKEND": None})
    assert bad.exit_code == 2 and "not a model directory" in bad.output


def test_default_models_cover_every_pair():
    from dilmac import LANGUAGES
    from dilmac.mt.models import DEFAULT_MODELS

    pairs = {f"{a}-{b}" for a in LANGUAGES for b in LANGUAGES if a != b}
    assert set(DEFAULT_MODELS) == pairs
    assert all(model.startswith("Helsinki-NLP/opus-mt-") for model in DEFAULT_MODELS.values())
