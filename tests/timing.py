"""How costs grow with the input, measured without a time limit."""

from __future__ import annotations

import time


def growth(run, small, large, *, repeat: int = 3) -> float:
    """How many times longer `run(large)` takes than `run(small)`, best of `repeat` each, run in
    turn: a check of how a cost grows with the input (linear, constant, quadratic), which holds
    on a loaded machine where a time limit would not."""
    run(small)  # warm-up: caches, lazy tables
    best = {}
    for _ in range(repeat):
        for name, arg in (("small", small), ("large", large)):
            started = time.perf_counter()
            run(arg)
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)
    return best["large"] / max(best["small"], 1e-6)
