"""Running a model: n-best translations of a batch of (masked) source strings.

Two backends over the same tokenizer, so they see the same tokens: CTranslate2 (int8 on CPU,
the default whenever a converted copy exists) and transformers `generate` (the reference, fp32).
transformers 5 has no constrained beam search and no translation pipeline; the termbase is
enforced afterwards, on the n-best list (terms.py).

`DILMAC_MT_BACKEND=FILE.py:FACTORY` (or `module:factory`) replaces the model by another engine:
FACTORY(request) returns an object with `name` and `translate(texts, beam=, n_best=)`. The tests
use it for deterministic and deliberately slow fake engines; it also plugs in engines dilmac
does not ship.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dilmac.core.errors import DilmacError
from dilmac.mt.models import (
    TOKENIZER_FILES,
    Located,
    converted_path,
    is_converted,
    language_token,
    locate,
)

INSTALL_HINT = (
    "pip install 'dilmac[mt]' (transformers, sentencepiece, ctranslate2). PyTorch is needed for the "
    "transformers backend and for `dilmac mt convert`; install its CPU build first so that pip does "
    "not fetch the CUDA one: pip install torch --index-url https://download.pytorch.org/whl/cpu "
    "(`make test` pins torch==2.13.0)"
)
NEEDS = {
    "any": ("transformers", "sentencepiece"),
    "ctranslate2": ("ctranslate2", "transformers", "sentencepiece"),
    "transformers": ("torch", "transformers", "sentencepiece"),
    "convert": ("ctranslate2", "torch", "transformers", "sentencepiece"),
}


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float  # the model's length-normalised log-probability; higher is better


class Backend(Protocol):
    name: str  # what the drafts' comment says, e.g. "Helsinki-NLP/opus-mt-en-trk (ctranslate2 int8)"

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]: ...


@dataclass(frozen=True)
class Request:
    """What a backend is asked to load."""

    pair: str
    source: str
    target: str
    reference: str  # hub id or path of the model
    backend: str  # auto, ctranslate2 or transformers
    threads: int
    batch_size: int


def require(purpose: str) -> None:
    """Import the modules `purpose` needs; DilmacError with the install command if one is missing.
    `any`: what every backend needs, and one of CTranslate2 and PyTorch."""
    missing = [module for module in NEEDS[purpose] if not _importable(module)]
    if purpose == "any" and not missing and not _importable("ctranslate2") and not _importable("torch"):
        missing = ["ctranslate2"]
    if missing:
        raise DilmacError(
            f"machine translation needs the optional 'mt' extra; not installed: {', '.join(missing)}", hint=INSTALL_HINT
        )


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def load_backend(request: Request) -> Backend:
    hook = os.environ.get("DILMAC_MT_BACKEND")
    if hook:
        return _factory(hook)(request)
    # No network, ever: the hub client must not look for newer files.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    require("any" if request.backend == "auto" else request.backend)
    located = locate(request.reference, request.pair)
    backend = request.backend
    if backend == "auto":
        backend = "ctranslate2" if located.converted is not None else "transformers"
    if backend == "ctranslate2" and located.converted is None:
        raise DilmacError(
            f"the model {request.reference} has no CTranslate2 copy",
            hint=f"run `dilmac mt convert {request.reference}` (int8, into {converted_path(request.reference)}), "
            "or use --backend transformers",
        )
    if backend == "transformers" and located.checkpoint is None:
        raise DilmacError(
            f"{request.reference} is a CTranslate2 model; the transformers backend needs the original checkpoint",
            hint="use --backend ctranslate2, or point --model at the transformers folder",
        )
    require(backend)
    quiet_transformers()
    if backend == "ctranslate2":
        return CTranslate2Backend(located, request)
    return TransformersBackend(located, request)


def _factory(hook: str) -> Callable[[Request], Backend]:
    where, sep, name = hook.rpartition(":")
    if not sep or not where or not name:
        raise DilmacError(
            f"DILMAC_MT_BACKEND={hook!r} is not FILE.py:FACTORY or module:factory",
            hint="unset DILMAC_MT_BACKEND to use the models",
        )
    try:
        if where.endswith(".py"):
            spec = importlib.util.spec_from_file_location(f"dilmac_mt_plugin_{Path(where).stem}", where)
            if spec is None or spec.loader is None:
                raise ImportError(where)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses look their module up while it runs
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
        return getattr(module, name)
    except (ImportError, OSError, AttributeError) as exc:
        raise DilmacError(
            f"DILMAC_MT_BACKEND={hook!r} cannot be loaded: {exc}", hint="unset DILMAC_MT_BACKEND to use the models"
        ) from None


def quiet_transformers() -> None:
    """No download bars or advice on stderr: the run's own progress bar is there."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _tokenizer(folder: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


def _max_length(longest_input: int) -> int:
    # Translations rarely run to twice the source's tokens; the cap is opus-mt's position limit.
    return min(512, 2 * longest_input + 10)


class TransformersBackend:
    """transformers `generate` with beam search, fp32 on CPU: the reference implementation."""

    def __init__(self, located: Located, request: Request) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(max(1, request.threads))
        self.torch = torch
        self.tokenizer = _tokenizer(located.checkpoint)
        self.model = AutoModelForSeq2SeqLM.from_pretrained(str(located.checkpoint), local_files_only=True)
        self.model.eval()
        self.prefix = language_token(self.tokenizer.get_vocab(), request.target, request.reference)
        self.name = f"{request.reference} (transformers)"

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]:
        n_best = max(1, min(n_best, beam))
        inputs = self.tokenizer(
            [f"{self.prefix} {t}" if self.prefix else t for t in texts],
            return_tensors="pt",
            padding=True,
            truncation=True,
        )
        with self.torch.inference_mode():
            out = self.model.generate(
                **inputs,
                num_beams=beam,
                num_return_sequences=n_best,
                do_sample=False,
                max_new_tokens=_max_length(inputs["input_ids"].shape[1]),
                output_scores=True,
                return_dict_in_generate=True,
            )
        decoded = self.tokenizer.batch_decode(out.sequences, skip_special_tokens=True)
        scores = (
            out.sequences_scores.tolist()
            if getattr(out, "sequences_scores", None) is not None
            else [0.0] * len(decoded)
        )
        return [
            [Hypothesis(decoded[i * n_best + k], scores[i * n_best + k]) for k in range(n_best)]
            for i in range(len(texts))
        ]


class CTranslate2Backend:
    """CTranslate2, int8 on CPU. Threads go to parallel batches (inter_threads), one thread each:
    the fastest split on a few cores."""

    def __init__(self, located: Located, request: Request) -> None:
        import ctranslate2
        from transformers import MarianTokenizer

        folder = located.converted
        # `dilmac mt convert` copies the tokenizer next to model.bin; a model converted elsewhere
        # may lack it, and then the checkpoint's is used.
        tokenizer_home = folder if (folder / "source.spm").is_file() else located.checkpoint
        if tokenizer_home is None:
            raise DilmacError(
                "the CTranslate2 model has no tokenizer files (source.spm, target.spm, vocab.json)",
                path=str(folder),
                hint="convert it with `dilmac mt convert`, which copies them",
            )
        self.tokenizer = MarianTokenizer.from_pretrained(str(tokenizer_home), local_files_only=True)
        self.inter_threads = max(1, request.threads)
        self.batch_size = max(1, request.batch_size)
        self.translator = ctranslate2.Translator(
            str(folder), device="cpu", compute_type="int8", inter_threads=self.inter_threads, intra_threads=1
        )
        self.prefix = language_token(self.tokenizer.get_vocab(), request.target, request.reference)
        self.name = f"{request.reference} (ctranslate2 int8)"

    def translate(self, texts: list[str], *, beam: int, n_best: int) -> list[list[Hypothesis]]:
        n_best = max(1, min(n_best, beam))
        tokens = [
            self.tokenizer.convert_ids_to_tokens(
                self.tokenizer(f"{self.prefix} {t}" if self.prefix else t, truncation=True)["input_ids"]
            )
            for t in texts
        ]
        # Batches of batch_size run in parallel, one per inter thread.
        results = self.translator.translate_batch(
            tokens,
            beam_size=beam,
            num_hypotheses=n_best,
            return_scores=True,
            max_batch_size=self.batch_size,
            max_decoding_length=_max_length(max(map(len, tokens), default=1)),
        )
        decode = self.tokenizer.decode
        return [
            [
                Hypothesis(decode(self.tokenizer.convert_tokens_to_ids(hyp), skip_special_tokens=True), score)
                for hyp, score in zip(result.hypotheses, result.scores)
            ]
            for result in results
        ]


def convert(
    reference: str, output: Path | None, *, quantization: str = "int8", force: bool = False, pair: str | None = None
) -> Path:
    """Convert a transformers checkpoint for CTranslate2, with its tokenizer files beside it.

    Written into a temporary folder next to the output and renamed into place, so an
    interrupted conversion never leaves a half model where `translate` would pick it up.
    """
    require("convert")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    located = locate(reference, pair)
    if located.checkpoint is None:
        raise DilmacError(f"{reference} is already a CTranslate2 model", hint="convert the transformers checkpoint")
    target = Path(output) if output is not None else converted_path(reference)
    if target.exists() and not force:
        raise DilmacError(
            "the output folder exists", path=str(target), hint="pass --force to replace it, or choose another --output"
        )
    quiet_transformers()
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        copy = [name for name in TOKENIZER_FILES if (located.checkpoint / name).is_file()]
        try:
            TransformersConverter(str(located.checkpoint), copy_files=copy).convert(
                str(staging), quantization=quantization, force=True
            )
        except (ValueError, KeyError, OSError) as exc:
            raise DilmacError(
                f"CTranslate2 cannot convert this model: {exc}",
                path=str(located.checkpoint),
                hint="convert a MarianMT (opus-mt) checkpoint; --quantization takes int8, "
                "int8_float32, int16, float16 or float32",
            ) from None
        if not is_converted(staging):
            raise DilmacError("the converter wrote no model.bin", path=str(staging))
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
