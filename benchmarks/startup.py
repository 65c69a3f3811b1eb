#!/usr/bin/env python
"""Start-up time: `dilmac lint` on a one-line file, as a user runs it (target: < 0.25 s wall).

What is measured
----------------
* warm: the real console script (`<venv>/bin/dilmac lint FILE`) as a subprocess, wall time,
  median of --runs (10) after two warm-up runs; the warm-up fills the compiled-termbase disk
  cache in a temporary DILMAC_CACHE_DIR, so this is the everyday case (cache hit).
* cold: the same with a fresh, empty cache directory every run (termbase YAML parsed and the
  index built), median of --cold-runs (5).
* baseline: `python -c pass` with the same interpreter, in the same session: the floor any
  Python CLI pays on this machine. "dilmac - baseline" is what dilmac itself costs.
* imports: one run of `python -X importtime -m dilmac lint FILE` (warm cache); which modules
  were imported (torch / transformers / numpy must not be), and the top 10 by own import time.

The file is one English line with names from the shipped termbase, named `release.txt` so that
no path convention gives its language (dilmac then guesses it, as it does for most real files);
`--lang en` measures the variant with the language given. `--termbase` lints against other
termbase files, `--generated N` against N generated concepts (benchmarks/_corpus.py) written as
YAML, to see how the cache load grows with the termbase.

    python benchmarks/startup.py
    python benchmarks/startup.py --generated 5000
    python benchmarks/startup.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 0.25
LINE = "The State Migration Service and the Turkish Council met in Nakhchivan on Monday.\n"
HEAVY = ("torch", "transformers", "numpy", "scipy", "pandas", "sklearn", "tensorflow", "jax")


def _console_script() -> str:
    beside = Path(sys.executable).parent / "dilmac"
    if beside.exists():
        return str(beside)
    found = shutil.which("dilmac")
    if not found:
        raise SystemExit("no `dilmac` console script: install the package (make test / pip install -e .)")
    return found


def _wall(cmd: list[str], env: dict) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return seconds, proc.returncode


def _machine() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": date.today().isoformat(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "toolkit_modified": bool(git("status", "--porcelain", "--untracked-files=no", "--", "../toolkit")),
    }


def _stats(samples: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(samples), 4),
        "min_s": round(min(samples), 4),
        "max_s": round(max(samples), 4),
        "runs": len(samples),
    }


def parse_importtime(stderr: str) -> list[dict]:
    """`-X importtime` lines → [{module, self_us, cumulative_us, depth}] in import order."""
    rows = []
    pattern = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")
    for line in stderr.splitlines():
        m = pattern.match(line)
        if m:
            rows.append(
                {
                    "module": m.group(4),
                    "self_us": int(m.group(1)),
                    "cumulative_us": int(m.group(2)),
                    "depth": (len(m.group(3)) - 1) // 2,
                }
            )
    return rows


def measure(
    *,
    runs: int = 10,
    cold_runs: int = 5,
    lang: str | None = None,
    termbase: list[str] | None = None,
    generated: int | None = None,
    log=None,
) -> dict:
    log = log or (lambda msg: None)
    script = _console_script()
    with tempfile.TemporaryDirectory(prefix="dilmac-startup-") as tmp:
        tmp_path = Path(tmp)
        target = tmp_path / "release.txt"
        target.write_text(LINE, encoding="utf-8")
        args = ["lint"]
        if lang:
            args += ["--lang", lang]
        termbase = list(termbase or [])
        if generated:
            sys.path.insert(0, str(HERE))
            import _corpus

            tb = tmp_path / "generated.yaml"
            tb.write_text(_corpus.termbase_yaml(generated), encoding="utf-8")
            termbase.append(str(tb))
        for t in termbase:
            args += ["--termbase", t]
        args.append(str(target))
        env = dict(os.environ)
        env.pop("DILMAC_NO_CACHE", None)
        # An installed package has its bytecode cached after the first run; a shell that sets
        # PYTHONDONTWRITEBYTECODE would have every run compile ~50 modules again (+0.1 s).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["DILMAC_CACHE_DIR"] = str(tmp_path / "cache")

        for _ in range(2):
            _wall([sys.executable, "-c", "pass"], env)
            _wall([script, *args], env)  # warm-up: fills the cache
        baseline, warm, statuses = [], [], set()
        for _ in range(runs):  # interleaved, so that load changes hit both alike
            baseline.append(_wall([sys.executable, "-c", "pass"], env)[0])
            seconds, status = _wall([script, *args], env)
            warm.append(seconds)
            statuses.add(status)
        log(f"warm: median {statistics.median(warm):.3f} s, baseline {statistics.median(baseline):.3f} s")

        cold = []
        for i in range(cold_runs):
            cold_env = dict(env, DILMAC_CACHE_DIR=str(tmp_path / f"cold-{i}"))
            cold.append(_wall([script, *args], cold_env)[0])
        log(f"cold: median {statistics.median(cold):.3f} s")

        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "dilmac", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        imports = parse_importtime(proc.stderr.decode(errors="replace"))
    modules = {row["module"] for row in imports}
    heavy = sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})
    top_self = sorted(imports, key=lambda r: -r["self_us"])[:10]
    top_level = sorted((r for r in imports if r["depth"] == 0), key=lambda r: -r["cumulative_us"])[:10]
    warm_stats = _stats(warm)
    return {
        "benchmark": "startup",
        "machine": _machine(),
        "command": ["dilmac", *args[:-1], "ONE_LINE_FILE"],
        "exit_status": sorted(statuses),
        "target_s": TARGET_S,
        "warm": warm_stats,
        "cold": _stats(cold),
        "baseline_python": _stats(baseline),
        "dilmac_minus_baseline_s": round(warm_stats["median_s"] - statistics.median(baseline), 4),
        "verdict": "PASS" if warm_stats["median_s"] < TARGET_S else "MISS",
        "imports": {
            "modules": len(modules),
            "total_self_ms": round(sum(r["self_us"] for r in imports) / 1000, 1),
            "heavy_imported": heavy,
            "torch": "torch" in modules,
            "transformers": "transformers" in modules,
            "top_self": [{"module": r["module"], "self_ms": round(r["self_us"] / 1000, 2)} for r in top_self],
            "top_level_cumulative": [
                {"module": r["module"], "cumulative_ms": round(r["cumulative_us"] / 1000, 2)} for r in top_level
            ],
        },
    }


def format_report(r: dict) -> str:
    m, imp = r["machine"], r["imports"]
    lines = [
        f"dilmac start-up — Python {m['python']}, {m['cpus']} CPUs, {m['date']}, commit {m['commit'] or '?'}"
        f"{' + local changes' if m['toolkit_modified'] else ''}",
        f"command: {' '.join(r['command'])}   (exit status {r['exit_status']})",
        "",
        f"{'':<28} {'median s':>9} {'min s':>7} {'max s':>7} {'runs':>5}",
    ]
    for label, key in (
        ("dilmac lint, warm cache", "warm"),
        ("dilmac lint, cold cache", "cold"),
        ("python -c pass (baseline)", "baseline_python"),
    ):
        s = r[key]
        lines.append(f"{label:<28} {s['median_s']:>9.3f} {s['min_s']:>7.3f} {s['max_s']:>7.3f} {s['runs']:>5}")
    lines += [
        "",
        f"dilmac minus baseline: {r['dilmac_minus_baseline_s']:.3f} s",
        f"target: warm median < {r['target_s']} s → {r['verdict']}",
        "",
        f"imports (python -X importtime -m dilmac …): {imp['modules']} modules, {imp['total_self_ms']} ms in all; "
        f"torch imported: {'YES' if imp['torch'] else 'no'}, transformers imported: "
        f"{'YES' if imp['transformers'] else 'no'}"
        + (f"; heavy: {', '.join(imp['heavy_imported'])}" if imp["heavy_imported"] else ""),
        "top 10 by own import time:",
    ]
    lines += [f"  {row['self_ms']:>7.2f} ms  {row['module']}" for row in imp["top_self"]]
    lines.append("top-level imports by cumulative time:")
    lines += [f"  {row['cumulative_ms']:>7.2f} ms  {row['module']}" for row in imp["top_level_cumulative"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--lang", help="pass --lang to dilmac (default: let it guess)")
    parser.add_argument("--termbase", action="append", help="termbase file or directory (repeatable)")
    parser.add_argument("--generated", type=int, metavar="N", help="add N generated concepts as a YAML termbase")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--save", metavar="FILE", help="also write the JSON result to FILE")
    args = parser.parse_args(argv)
    log = None if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    result = measure(
        runs=args.runs,
        cold_runs=args.cold_runs,
        lang=args.lang,
        termbase=args.termbase,
        generated=args.generated,
        log=log,
    )
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
