"""Speed of the machine-translation backends: CTranslate2 int8 against transformers fp32.

The model is randomly initialised with opus-mt's base configuration (6+6 layers, d_model 512,
8 heads, FFN 2048, vocabulary 58 101, shared embeddings; dilmac.mt.random_model), converted to
CTranslate2 int8 by dilmac's own converter. Every sentence produces exactly 30 tokens (minimum
= maximum new tokens), so both backends do the same work whatever the weights write. Batches
of 32 source sentences, greedy and beam 4, both backends in the same run. Each measurement runs
in a fresh child process, which reports its time and its own peak resident memory (VmHWM);
repeats alternate between the backends and the best time counts.

Threads: transformers gets torch.set_num_threads(THREADS) and one batch at a time;
CTranslate2 gets inter_threads=THREADS, intra_threads=1 and all batches in one call
(max_batch_size=32), so THREADS batches run in parallel, one thread each: the fastest split on
few cores. Target (issue 4): CTranslate2 int8 ≥ 3.5× transformers fp32 on greedy. The result
is printed as PASS or MISS; nothing here fails a build.

    .venv/bin/python benchmarks/mt_speed.py                # 4 batches of 32, best of 2 (~10 min on 2 cores)
    .venv/bin/python benchmarks/mt_speed.py --quick        # tiny model, one batch of 8 (smoke test)
    .venv/bin/python benchmarks/mt_speed.py --batches 2 --repeat 1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUTPUT_TOKENS = 30
TARGET = 3.5
DECODINGS = (("greedy", 1), ("beam 4", 4))
BACKENDS = ("transformers fp32", "ctranslate2 int8")


def _sentences(count: int) -> list[str]:
    from dilmac.mt.random_model import corpus

    return corpus(seed=1, lines=count)[:count]


def measure(backend: str, model: Path, converted: Path, beam: int, batches: int, batch_size: int, threads: int) -> dict:
    """In this process: the time of `batches` batches, after one untimed warm-up batch."""
    # MarianTokenizer, not AutoTokenizer: that one imports torch, which the CTranslate2 side
    # never needs and whose memory would count against it.
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(model), local_files_only=True)
    texts = [f">>aze_Latn<< {s}" for s in _sentences(batch_size * (batches + 1))]
    warm, timed = texts[:batch_size], texts[batch_size:]
    if backend.startswith("transformers"):
        import torch
        from transformers import AutoModelForSeq2SeqLM

        torch.set_num_threads(threads)
        net = AutoModelForSeq2SeqLM.from_pretrained(str(model), local_files_only=True).eval()
        net.generation_config.forced_eos_token_id = None  # the length is fixed; nothing is forced

        def run(chunk: list[str]) -> list[int]:
            inputs = tokenizer(chunk, return_tensors="pt", padding=True)
            with torch.inference_mode():
                out = net.generate(
                    **inputs,
                    num_beams=beam,
                    do_sample=False,
                    min_new_tokens=OUTPUT_TOKENS,
                    max_new_tokens=OUTPUT_TOKENS,
                )
            return [len(row) - 1 for row in out.tolist()]  # without the decoder start token

        def run_all() -> list[int]:
            return [n for at in range(0, len(timed), batch_size) for n in run(timed[at : at + batch_size])]

        run(warm)
    else:
        import ctranslate2

        translator = ctranslate2.Translator(
            str(converted), device="cpu", compute_type="int8", inter_threads=threads, intra_threads=1
        )
        tokens = [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in timed]

        def run_all() -> list[int]:
            results = translator.translate_batch(
                tokens,
                max_batch_size=batch_size,
                beam_size=beam,
                min_decoding_length=OUTPUT_TOKENS,
                max_decoding_length=OUTPUT_TOKENS,
            )
            return [len(r.hypotheses[0]) for r in results]

        translator.translate_batch(
            [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in warm],
            max_batch_size=batch_size,
            beam_size=beam,
            min_decoding_length=OUTPUT_TOKENS,
            max_decoding_length=OUTPUT_TOKENS,
        )
    started = time.perf_counter()
    lengths = run_all()
    seconds = time.perf_counter() - started
    return {
        "backend": backend,
        "beam": beam,
        "sentences": len(timed),
        "seconds": seconds,
        "sentences_per_s": len(timed) / seconds,
        "output_tokens": sorted(set(lengths)),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the process's own memory
    map; ru_maxrss would also count the parent's memory at the time of the fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(
    args: argparse.Namespace, backend: str, beam: int, model: Path, converted: Path, batches: int, batch_size: int
) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        backend,
        "--beam",
        str(beam),
        "--model-dir",
        str(model),
        "--converted-dir",
        str(converted),
        "--batches",
        str(batches),
        "--batch-size",
        str(batch_size),
        "--threads",
        str(args.threads),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{backend}, beam {beam} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best(runs: list[dict]) -> dict:
    """The fastest of a configuration's runs, with the highest peak memory of any."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    best["runs_seconds"] = [round(r["seconds"], 3) for r in runs]
    return best


def prepare(directory: Path, size: str) -> tuple[Path, Path]:
    """The random model and its int8 conversion (reused if `directory` has them)."""
    from dilmac.mt.engine import convert, quiet_transformers
    from dilmac.mt.models import is_converted
    from dilmac.mt.random_model import build

    quiet_transformers()
    model, converted = directory / f"random-{size}", directory / f"random-{size}-ct2-int8"
    if not (model / "config.json").is_file():
        build(model, size=size, seed=0)
    if not is_converted(converted):
        convert(str(model), converted, quantization="int8", force=True)
    return model, converted


def run(
    quick: bool = False,
    batches: int | None = None,
    threads: int = 2,
    repeat: int | None = None,
    model_dir: Path | None = None,
) -> dict:
    args = argparse.Namespace(threads=threads, repeat=repeat or (1 if quick else 2))
    size, batch_size = ("tiny", 8) if quick else ("base", 32)
    batches = batches or (1 if quick else 4)
    with tempfile.TemporaryDirectory(prefix="dilmac-mt-speed-") as scratch:
        model, converted = prepare(Path(model_dir or scratch), size)
        rows = []
        for _, beam in DECODINGS:
            # Repeats alternate between the backends, so that both see the same machine: other
            # processes on a shared one come and go.
            runs: dict[str, list[dict]] = {backend: [] for backend in BACKENDS}
            for _ in range(args.repeat):
                for backend in BACKENDS:
                    runs[backend].append(_child(args, backend, beam, model, converted, batches, batch_size))
            rows.extend(_best(runs[backend]) for backend in BACKENDS)
    for row in rows:
        row["decoding"] = {b: d for d, b in DECODINGS}[row["beam"]]
    ratios = {}
    for decoding, beam in DECODINGS:
        speed = {r["backend"]: r["sentences_per_s"] for r in rows if r["beam"] == beam}
        ratios[decoding] = speed["ctranslate2 int8"] / speed["transformers fp32"]
    return {
        "model": size,
        "batch_size": batch_size,
        "batches": batches,
        "threads": threads,
        "repeat": args.repeat,
        "output_tokens": OUTPUT_TOKENS,
        "rows": rows,
        "ratios": ratios,
        "greedy_target": TARGET,
        "greedy_pass": ratios["greedy"] >= TARGET,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end",
    }


def render(result: dict) -> str:
    config = (
        "opus-mt base configuration (6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 58 101)"
        if result["model"] == "base"
        else "tiny model (2+2 layers, d_model 32): a smoke test, not a benchmark"
    )
    lines = [
        f"MT speed: {config}, random weights",
        f"{result['batches']} batches of {result['batch_size']} sentences, {result['output_tokens']} output "
        f"tokens each, best of {result['repeat']}; {result['threads']} threads (torch: set_num_threads; "
        f"CTranslate2: inter_threads={result['threads']}, intra_threads=1); {result['machine']}",
        "",
        f"{'decoding':9} {'backend':18} {'sentences/s':>12} {'seconds':>8} {'peak RSS MB':>12}",
    ]
    for row in result["rows"]:
        lines.append(
            f"{row['decoding']:9} {row['backend']:18} {row['sentences_per_s']:12.1f} {row['seconds']:8.2f} "
            f"{row['peak_rss_mb']:12.0f}"
        )
    lines.append("")
    for decoding, ratio in result["ratios"].items():
        verdict = f" (target ≥ {TARGET}×: {'PASS' if ratio >= TARGET else 'MISS'})" if decoding == "greedy" else ""
        lines.append(f"CTranslate2 int8 / transformers fp32, {decoding}: {ratio:.2f}×{verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny model, one batch of 8")
    parser.add_argument("--batches", type=int, help="timed batches per measurement (default 4; quick 1)")
    parser.add_argument("--batch-size", type=int, default=32, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, help="best of N runs of each configuration (default 2; quick 1)")
    parser.add_argument("--model-dir", type=Path, help="keep (and reuse) the random model and its conversion here")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--save", type=Path, help="also write the JSON to this file")
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--beam", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--converted-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from dilmac.mt.engine import quiet_transformers

        quiet_transformers()
        print(
            json.dumps(
                measure(
                    args.child,
                    args.model_dir,
                    args.converted_dir,
                    args.beam,
                    args.batches,
                    args.batch_size,
                    args.threads,
                )
            )
        )
        return
    result = run(
        quick=args.quick, batches=args.batches, threads=args.threads, repeat=args.repeat, model_dir=args.model_dir
    )
    if args.save:
        args.save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else render(result))


if __name__ == "__main__":
    main()
