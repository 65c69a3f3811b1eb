"""A randomly initialised MarianMT model with a real SentencePiece tokenizer, built offline.

For the tests, the speed benchmark and demonstrations on machines that cannot fetch pretrained
weights. Files, architecture and tokenizer are those of an opus-mt model (source.spm and
target.spm, vocab.json with `</s>` 0, `<unk>` 1 and `<pad>` last, `>>xxx<<` target-language
tokens), so loading, conversion and translation run as with a real one; what it writes is noise.

    python -m dilmac.mt.random_model models/demo-en-az            # tiny: 2+2 layers, d_model 32
    python -m dilmac.mt.random_model models/base --size base       # opus-mt base: 6+6, 512, vocab 58 101
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

from dilmac.language.wordlists import word_list_text
from dilmac.mt.models import LANGUAGE_TOKENS

# (layers each side, d_model, attention heads, feed-forward width, vocabulary or None: the SentencePiece size)
SIZES = {"tiny": (2, 32, 2, 64, None), "base": (6, 512, 8, 2048, 58101)}


def corpus(seed: int = 0, lines: int = 3000) -> list[str]:
    """Sentences of English, Azerbaijani and Turkish words, with digits, brackets, placeholders
    and tags, so that every character a catalog or a mask uses is in the tokenizer."""
    words = []
    for lang in ("en", "az", "tr"):
        text = word_list_text(lang)
        words.extend(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    extras = [
        "[1]",
        "[2]",
        "[3]",
        "%(name)s",
        "%d",
        "{count}",
        "<b>",
        "</b>",
        "2024",
        "Bakı",
        "Türkiye",
        "Xidməti",
        "Başkanlığı",
        "State",
        "Service",
        "Ministry",
        "Organization",
        ",",
        ".",
        "?",
        "!",
        ":",
    ]
    rng = random.Random(seed)
    out = []
    for _ in range(lines):
        sentence = rng.choices(words, k=rng.randint(4, 14)) + rng.choices(extras, k=rng.randint(0, 3))
        rng.shuffle(sentence)
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        out.append(" ".join(sentence) + rng.choice(".!?"))
    letters = "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVWYZÂÎÛ"
    out.extend(f"{c} {c.lower()} {c}{c.lower()}" for c in letters for _ in range(3))
    return out


def build(directory: Path, *, size: str = "tiny", seed: int = 0, spm_vocab: int = 1000) -> Path:
    """Write the model and tokenizer into `directory` (save_pretrained) and return it."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    layers, d_model, heads, ffn, vocab_size = SIZES[size]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model_file = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus(seed)),
        model_writer=model_file,
        vocab_size=spm_vocab,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
    )
    for name in ("source.spm", "target.spm"):
        (directory / name).write_bytes(model_file.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model_file.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for token in [t for tokens in LANGUAGE_TOKENS.values() for t in tokens[:1]] + [
        processor.id_to_piece(i) for i in range(processor.get_piece_size())
    ]:
        vocab.setdefault(token, len(vocab))
    while vocab_size is not None and len(vocab) < vocab_size - 1:
        vocab[f"▁filler{len(vocab)}"] = len(vocab)  # opus-mt's vocabulary size, for realistic cost
    vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    MarianTokenizer(
        str(directory / "source.spm"),
        str(directory / "target.spm"),
        str(directory / "vocab.json"),
        source_lang="eng",
        target_lang="mul",
    ).save_pretrained(str(directory))
    pad = len(vocab) - 1
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        num_beams=4,
        max_length=512,
    )
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(str(directory))
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from dilmac.core.errors import DilmacError
    from dilmac.mt.engine import quiet_transformers, require

    try:
        require("convert")
    except DilmacError as exc:
        raise SystemExit(f"error: {exc}") from None
    quiet_transformers()
    print(build(args.directory, size=args.size, seed=args.seed))


if __name__ == "__main__":
    main()
