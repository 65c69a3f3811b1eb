"""Which model translates a language pair, and where it is on this machine.

Defaults are Helsinki-NLP opus-mt models (MarianMT). There is no en→az model as good as the
multilingual en→Turkic one, which needs the target-language token `>>aze_Latn<<`; the token is
read from the model's own vocabulary, so any multi-target model works the same way. A pair's
model is overridden with `--model PAIR=PATH_OR_ID`.

Nothing is downloaded: a model is a local directory (a transformers checkpoint, or a converted
CTranslate2 model) or a hub id already in the Hugging Face cache. A CTranslate2 copy made by
`dilmac mt convert` lives in the dilmac cache and is found from the model's id or path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from dilmac import LANGUAGES
from dilmac.core.errors import DilmacError

DEFAULT_MODELS: dict[str, str] = {
    "en-az": "Helsinki-NLP/opus-mt-en-trk",
    "en-tr": "Helsinki-NLP/opus-mt-tc-big-en-tr",
    "az-en": "Helsinki-NLP/opus-mt-az-en",
    "tr-en": "Helsinki-NLP/opus-mt-tc-big-tr-en",
    "az-tr": "Helsinki-NLP/opus-mt-az-tr",
    "tr-az": "Helsinki-NLP/opus-mt-tr-az",
}

# Target-language tokens of multi-target opus-mt models, best first.
LANGUAGE_TOKENS: dict[str, tuple[str, ...]] = {
    "az": (">>aze_Latn<<", ">>aze<<", ">>azj_Latn<<", ">>az<<"),
    "tr": (">>tur<<", ">>tr<<"),
    "en": (">>eng<<", ">>en<<"),
}

TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
_HUB_ID = re.compile(r"[\w.-]+/[\w.-]+")


def parse_pair(pair: str) -> tuple[str, str]:
    source, sep, target = pair.partition("-")
    if not sep or source not in LANGUAGES or target not in LANGUAGES or source == target:
        raise DilmacError(
            f"{pair!r} is not a language pair",
            hint="write SOURCE-TARGET with two of " + ", ".join(LANGUAGES) + ", e.g. en-az",
        )
    return source, target


def parse_model_options(values: list[str] | None) -> dict[str, str]:
    """`--model PAIR=PATH_OR_ID` values → {pair: reference}."""
    chosen: dict[str, str] = {}
    for value in values or ():
        pair, sep, reference = value.partition("=")
        if not sep or not reference.strip():
            raise DilmacError(
                f"--model {value!r} is not PAIR=PATH_OR_ID", hint="e.g. --model en-az=models/opus-mt-en-trk"
            )
        parse_pair(pair.strip())
        chosen[pair.strip()] = reference.strip()
    return chosen


def model_for(pair: str, overrides: dict[str, str]) -> str:
    parse_pair(pair)
    return overrides.get(pair) or DEFAULT_MODELS[pair]


@dataclass(frozen=True)
class Located:
    """A model found on this machine."""

    reference: str  # as configured: hub id or path; drafts name it
    checkpoint: Path | None  # transformers checkpoint (config.json, weights, tokenizer)
    converted: Path | None  # CTranslate2 model (model.bin and the tokenizer files)


def is_converted(path: Path) -> bool:
    return (path / "model.bin").is_file()


def cache_root() -> Path:
    from dilmac.core.cache import cache_dir

    return cache_dir() / "ct2"


def converted_path(reference: str) -> Path:
    """Where `dilmac mt convert` puts the CTranslate2 copy of a model by default."""
    path = Path(reference).expanduser()
    if path.is_dir():
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
        return cache_root() / f"{path.resolve().name}-{digest}"
    return cache_root() / reference.replace("/", "--")


def locate(reference: str, pair: str | None = None) -> Located:
    """Find a model without any network access; DilmacError saying how to fetch it if absent."""
    path = Path(reference).expanduser()
    if path.is_dir():
        if is_converted(path):
            return Located(reference, None, path)
        if not (path / "config.json").is_file():
            raise DilmacError(
                "not a model directory: it has neither config.json (transformers) nor model.bin (CTranslate2)",
                path=reference,
                hint="point --model at the folder `hf download … --local-dir` made",
            )
        converted = converted_path(reference)
        return Located(reference, path, converted if is_converted(converted) else None)
    if not _HUB_ID.fullmatch(reference):
        raise DilmacError(
            "no such model directory",
            path=reference,
            hint="give a directory, or a Hugging Face model id such as Helsinki-NLP/opus-mt-en-trk",
        )
    converted = converted_path(reference)
    checkpoint = _hub_snapshot(reference)
    if checkpoint is None and not is_converted(converted):
        raise missing_model(reference, pair)
    return Located(reference, checkpoint, converted if is_converted(converted) else None)


def _hub_snapshot(model_id: str) -> Path | None:
    """The model's folder in the Hugging Face cache, or None; never downloads."""
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError
    except ImportError:
        return None
    try:
        folder = Path(snapshot_download(model_id, local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    return folder if (folder / "config.json").is_file() else None


def missing_model(model_id: str, pair: str | None) -> DilmacError:
    folder = "models/" + model_id.rsplit("/", 1)[-1]
    flag = f"--model {pair}={folder}" if pair else f"--model PAIR={folder}"
    try:
        from huggingface_hub.constants import HF_HUB_CACHE
    except ImportError:
        HF_HUB_CACHE = "~/.cache/huggingface/hub"
    return DilmacError(
        f"the model {model_id} is not on this machine (not in the Hugging Face cache {HF_HUB_CACHE}, "
        f"not converted in {converted_path(model_id)}); dilmac never downloads",
        hint=(
            f"on a machine with internet access run\n"
            f"      hf download {model_id} --local-dir {folder}\n"
            f'    or: python -c "from huggingface_hub import snapshot_download; '
            f"snapshot_download('{model_id}', local_dir='{folder}')\"\n"
            f"    copy {folder} here and translate with {flag}; "
            f"`dilmac mt convert {folder}` then makes the faster CTranslate2 copy"
        ),
    )


def language_token(vocabulary, target: str, reference: str) -> str:
    """The `>>xxx<<` token selecting `target` in a multi-target model, '' for a one-target model."""
    tokens = {token for token in vocabulary if token.startswith(">>") and token.endswith("<<")}
    if not tokens:
        return ""
    for token in LANGUAGE_TOKENS[target]:
        if token in tokens:
            return token
    raise DilmacError(
        f"the model {reference} translates into several languages, but none of its language "
        f"tokens is for '{target}' (it has {', '.join(sorted(tokens)[:12])}"
        f"{', …' if len(tokens) > 12 else ''})",
        hint=f"choose a model that translates into '{target}' with --model",
    )
