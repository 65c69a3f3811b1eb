"""Smoke test of the throughput benchmark: it runs, and what it measures is right.

No timing is asserted (CI machines vary); the quick benchmark must lint every generated corpus
with every generated termbase, find every planted name mention (inflected, possessive, broken
across lines, in a wrong form; typos aside) as the planted term, and agree exactly with a bare
Aho–Corasick scan on the exact, uninflected occurrences.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str):
    """Import benchmarks/<name>.py (benchmarks/ is scripts, not a package)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def quick_result():
    return _load("lint_throughput").run(quick=True, verify=True)


def test_generators_are_deterministic_and_nested():
    corpus = _load("_corpus")
    small, large = corpus.termbase(10), corpus.termbase(100)
    assert [c.id for c in large.concepts[:10]] == [c.id for c in small.concepts]
    assert len({c.id for c in large.concepts}) == 100
    for lang in corpus.LANGS:
        a, b = corpus.corpus(lang, 20_000), corpus.corpus(lang, 20_000)
        assert a.docs == b.docs and a.mentions == b.mentions
        assert a.mentions and all(a.docs[m.doc][m.start : m.end].strip() for m in a.mentions)
    # every language's terms: preferred forms, abbreviations, old and wrong forms
    statuses = {(t.lang, t.status) for t in large.terms()}
    assert {(lang, s) for lang in corpus.LANGS for s in ("preferred", "superseded", "forbidden")} <= statuses
    assert any(t.abbr for t in large.terms())


def test_quick_benchmark_covers_every_language_and_size(quick_result):
    rows = {(r["lang"], r["concepts"]): r for r in quick_result["rows"]}
    assert set(rows) == {(lang, size) for lang in ("en", "az", "tr") for size in (10, 1000)}
    assert quick_result["rules"], "no rule ran"
    for row in rows.values():
        assert 0.4 < row["mb"] < 0.7
        assert row["hits"] > 1000 and row["findings"] > 0 and row["bare_hits"] > 0
        assert row["lint_s"] > 0 and row["mb_per_s"] > 0 and 0 < row["of_bare"]
    for lang in ("en", "az", "tr"):
        assert quick_result["verdicts"][lang]["speed"] in ("PASS", "MISS")


def test_quick_benchmark_finds_every_planted_mention(quick_result):
    for name, check in quick_result["checks"].items():
        assert check["findable"] > 1000, name
        assert check["found"] == check["findable"], (name, check["missed"], check["missed_examples"])


def test_matcher_agrees_with_bare_aho_corasick_on_exact_forms(quick_result):
    for name, check in quick_result["checks"].items():
        assert check["exact_dilmac"] > 500, name
        assert check["only_dilmac"] == 0 and check["only_bare"] == 0, (name, check["diff_examples"])
        assert check["exact_dilmac"] == check["exact_bare"], name


def test_peers_quick_every_tool_finds_what_dilmac_finds():
    """benchmarks/peers.py --quick: dilmac (in-process and the CLI), the single regex,
    pyahocorasick, pofilter and, where node is installed, textlint-rule-prh find the same
    wrong phrases at the same places (pofilter: in the same messages) with 10 and 100 rules."""
    import shutil

    peers = _load("peers")
    result = peers.run(quick=True)
    expected_tools = {"dilmac", "dilmac 1 rule", "dilmac CLI", "regex", "pyahocorasick", "pofilter"}
    if shutil.which("node"):
        expected_tools.add("textlint+prh")
    assert {r["tool"] for r in result["rows"]} == expected_tools, result["skipped"]
    assert len(result["comparisons"]) == 2 * (len(expected_tools) - 1)
    for name, comparison in result["comparisons"].items():
        assert comparison["expected"] > 20, name
        assert comparison["same"], (name, comparison["examples"])
    assert result["agree"] and all(r["hits"] > 20 and r["mb_per_s"] > 0 for r in result["rows"])
    # the comparison notices one missing or moved hit
    hits = [[0, 10, "Energy Management"], [1, 5, "Energy Management"]]
    docs = ["x" * 50, "y" * 50]
    assert not peers.compare(hits, hits[:1], n_docs=2, per_message=False, docs=docs)["same"]
    assert not peers.compare(hits, [hits[0], [1, 6, "Energy Management"]], n_docs=2, per_message=False, docs=docs)[
        "same"
    ]


def test_big_text_files_lint_in_bounded_memory(tmp_path):
    """A memory bound, not a timing: linting a 3x larger text file must not need 3x the memory
    (the file is streamed in blocks), and every planted wrong name is still reported."""
    big_files = _load("big_files")
    rows = []
    for mb in (10, 30):
        path = tmp_path / f"big{mb}.en.txt"
        planted = big_files.write_text(path, mb * 1_000_000)
        row = big_files.lint(path)
        path.unlink()
        assert row["by_rule"] == {"term-forbidden": planted} and planted >= mb - 1
        rows.append(row)
    small, large = rows
    assert large["peak_rss_mb"] < 0.5 * large["file_mb"] + 150, rows
    # Read whole, the document and its normalised layers cost about 25 bytes per byte of file.
    assert large["peak_rss_mb"] - small["peak_rss_mb"] < 0.5 * (large["file_mb"] - small["file_mb"]), rows


def test_catalog_benchmark_quick_runs_both_tools_on_the_same_catalogs():
    """The catalog benchmark in --quick mode: dilmac (in process and CLI) and pofilter run on
    the same generated and real catalogs; dilmac finds every planted placeholder error and the
    bilingual findings; the CLI agrees with the in-process run. No timing is asserted."""
    result = _load("catalog_lint").run(quick=True)
    dilmac, cli, pofilter = result["dilmac"], result["dilmac_cli"], result["pofilter"]
    assert result["input"]["generated_mb"] >= 0.45 and dilmac["errors"] == []
    messages = dilmac["messages"]
    assert messages["total"] > 2000 and messages["fuzzy"] > 0 and messages["untranslated"] > 0
    for rule in ("term-wrong", "term-missing", "translation-inconsistent"):
        assert dilmac["by_rule"].get(rule, 0) > 0, rule
    planted = result["input"]["planted"]["misspelt placeholder"]
    assert planted > 0 and dilmac["by_rule"]["placeholder-mismatch"] == planted
    assert cli["rc"] == 1 and cli["summary"]["findings"] == dilmac["findings"]
    assert cli["summary"]["messages"] == messages
    assert pofilter is not None and pofilter["rc"] == 0 and pofilter["files_with_failures"] > 0
    assert result["ratio_cpu"] > 0 and result["verdict"] in ("PASS", "MISS")


def test_mt_speed_quick_measures_both_backends_on_the_same_work():
    """benchmarks/mt_speed.py --quick: transformers fp32 and CTranslate2 int8, greedy and beam 4,
    on one tiny random model; every sentence yields exactly the fixed 30 tokens in both, and
    each measurement reports its own peak memory. No timing is asserted."""
    missing = [
        m for m in ("torch", "transformers", "sentencepiece", "ctranslate2") if importlib.util.find_spec(m) is None
    ]
    if missing:
        reason = f"the mt extra is not installed ({', '.join(missing)} missing)"
        if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
            pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
        pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")
    mt_speed = _load("mt_speed")
    result = mt_speed.run(quick=True)
    assert [(row["decoding"], row["backend"]) for row in result["rows"]] == [
        ("greedy", "transformers fp32"),
        ("greedy", "ctranslate2 int8"),
        ("beam 4", "transformers fp32"),
        ("beam 4", "ctranslate2 int8"),
    ]
    for row in result["rows"]:
        assert row["sentences"] == 8 and row["output_tokens"] == [30], row
        assert row["sentences_per_s"] > 0 and row["peak_rss_mb"] > 0
    assert set(result["ratios"]) == {"greedy", "beam 4"}
    assert "target ≥ 3.5×: " in mt_speed.render(result)
