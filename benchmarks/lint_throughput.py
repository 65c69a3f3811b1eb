#!/usr/bin/env python
"""Lint throughput: MB/s of the whole pipeline by termbase size, against a bare Aho–Corasick scan.

What is measured
----------------
For each language (en, az, tr) a ~5 MB synthetic corpus of press releases (benchmarks/_corpus.py:
deterministic, seeded; about one name mention per 2.5 sentences, some inflected or possessive,
some in a wrong form so that the rules fire, some broken across lines) is linted with termbases
of 10, 100, 1 000 and 5 000 generated concepts (en/az/tr terms each: preferred, abbreviation,
admitted, superseded, forbidden, deprecated forms).

* lint s: `lint_documents` with ALL rules (those that exist in dilmac.rules.RULE_MODULES; a
  missing one is reported) over every press release, in batches of the size `dilmac lint DIR`
  checks together after reading the files (dilmac.lint.pipeline.lint_files: a few dozen
  documents, each stage over all of them; a FileResult is passed, so line/column spans are
  computed as in the CLI; the occurrences for the hits column and the checks come from one more, untimed
  pass). One core, best of N runs (3; 1 with --quick), fresh Document objects each run; the
  runs go round all (size, language) pairs in turn, so a slow spell of the machine costs each
  pair one run rather than all of one pair's. Timed in CPU seconds of the process
  (time.process_time): the pipeline is single-threaded, so that is its time on one core, less
  disturbed by other processes on a shared machine than wall time (lint s, scan s and bare s
  alike; set-up times are wall clock). The termbase compile (`Compiled.build`) is excluded and
  reported as "compile s";
  the first lint call's lazy set-up (word lists, near-miss index: paid once per process, that is
  once per CLI run) is excluded and reported as "init s".
* scan s: `TermIndex.scan` alone over the same documents (matcher share of lint s).
* bare s: a bare pyahocorasick automaton of the folded surface forms of the same terms (all
  languages, like dilmac's index), `automaton.iter` over the lower-cased corpus, counting hits.
  "of bare" is dilmac's MB/s as a fraction of the bare scan's.

Nested termbases, fixed corpus
------------------------------
The termbases are nested (termbase(5000) contains termbase(1000) … contains termbase(10)) and
the corpus only mentions the 10 concepts that all of them share, so every size finds the same
mentions in the same text. The 5000/10 time ratio therefore measures what a bigger index costs
(more automaton candidates: abbreviations inside ordinary words, shared name words, bigger
per-termbase indexes in the rules), not more hits. MB are 10^6 bytes of UTF-8.

Targets (from the issue): >= 10 MB/s at 5 000 concepts on one core; 5000/10 time ratio <= 1.5.
They are printed as PASS/MISS, never asserted.

    python benchmarks/lint_throughput.py            # full run (a few minutes)
    python benchmarks/lint_throughput.py --quick    # ~500 KB corpora, sizes 10 and 1000
    python benchmarks/lint_throughput.py --json     # machine-readable
    python benchmarks/lint_throughput.py --breakdown            # time per rule at the largest size
    python benchmarks/lint_throughput.py --profile en:5000      # cProfile one lint pass
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import ahocorasick

import _corpus
from dilmac.core.document import Document
from dilmac.language.normalize import fold, key
from dilmac.lint.pipeline import FileResult, Linting, batch_full, lint_document, lint_documents
from dilmac.match.compiled import Compiled
from dilmac.rules import RULE_MODULES

LANGS = _corpus.LANGS
FULL_SIZES = (10, 100, 1000, 5000)
QUICK_SIZES = (10, 1000)
FULL_BYTES = 5_000_000
QUICK_BYTES = 500_000
TARGET_MBPS = 10.0
# The measured passes count the process's CPU seconds: the pipeline is single-threaded, so this
# is its time on one core, and other processes on a shared machine do not inflate it as they
# inflate wall time.
clock = time.process_time
TARGET_RATIO = 1.5
DAY = _corpus.DOC_DAY
_SEPARATORS = "'-\""


# --------------------------------------------------------------------------- pieces


def available_rules() -> tuple[list, list[str]]:
    """The rule modules that exist now (others are being written), and the names missing."""
    rules, missing = [], []
    for name in RULE_MODULES:
        try:
            rules.append(importlib.import_module(f"dilmac.rules.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"dilmac.rules.{name}":
                raise
            missing.append(name)
    return rules, missing


def documents(corpus: _corpus.Corpus) -> list[Document]:
    return [
        Document(path=f"{corpus.lang}/{i:05d}.txt", source=text, text=text, lang=corpus.lang)
        for i, text in enumerate(corpus.docs)
    ]


def lint_pass(
    corpus: _corpus.Corpus, compiled: Compiled, rules: list, every_occurrence: bool = False
) -> tuple[float, int, int, list]:
    """(seconds, findings, per-document results) of one lint of the corpus; with
    `every_occurrence` the results list the term occurrences (as for `dilmac terms`)."""
    docs = documents(corpus)
    results = [FileResult(path=d.path) for d in docs]
    gc.collect()
    findings = 0
    start = clock()
    batch: list[Linting] = []
    chars = 0
    for doc, result in zip(docs, results):
        batch.append(Linting(doc, corpus.lang, DAY, result))
        chars += len(doc.text)
        if batch_full(len(batch), chars) or result is results[-1]:
            for found in lint_documents(batch, compiled, rules=rules, every_occurrence=every_occurrence):
                findings += len(found)
            batch, chars = [], 0
    seconds = clock() - start
    return seconds, findings, results


def scan_pass(corpus: _corpus.Corpus, compiled: Compiled) -> tuple[float, int]:
    docs = documents(corpus)
    gc.collect()
    n = 0
    start = clock()
    for doc in docs:
        n += len(compiled.index.scan(doc.text, corpus.lang))
    return clock() - start, n


def bare_automaton(termbase) -> ahocorasick.Automaton:
    """The baseline: the folded surface form of every term, nothing else."""
    automaton = ahocorasick.Automaton()
    for term in termbase.terms():
        folded = key(term.text, term.lang).strip()
        if folded:
            automaton.add_word(folded, len(folded))
    automaton.make_automaton()
    return automaton


def bare_pass(automaton: ahocorasick.Automaton, text: str) -> tuple[float, int]:
    gc.collect()
    start = clock()
    lowered = text.lower()
    hits = 0
    for _ in automaton.iter(lowered):
        hits += 1
    return clock() - start, hits


def best(runs: int, fn):
    """fn() → (seconds, *rest); the fastest run's tuple."""
    return min((fn() for _ in range(max(1, runs))), key=lambda r: r[0])


# --------------------------------------------------------------------------- correctness


def _uninflected_end(text: str, end: int) -> bool:
    """Nothing word-like follows: no letter, and no separator + letter (türkiye'nin, DMX-nin)."""
    if end < len(text) and text[end].isalnum():
        return False
    return not (end + 1 < len(text) and text[end] in _SEPARATORS and text[end + 1].isalnum())


def bare_exact_spans(automaton: ahocorasick.Automaton, text: str, lang: str) -> list[tuple[int, int]]:
    """Uninflected whole-word hits of `automaton` (own-language terms) in `text`, chosen
    leftmost-longest among all hits that start a word (a longer name followed by a suffix
    hides the shorter one inside it, as in dilmac)."""
    folded = fold(text.replace("\n", " "), lang)
    assert len(folded) == len(text)
    hits = []
    for end_index, (length, capitals) in automaton.iter(folded):
        start = end_index - length + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        # an abbreviation counts only with its capitals written as capitals ("has" is not HAS)
        if capitals and not all(f.isupper() for t, f in zip(capitals, text[start:]) if t.isupper()):
            continue
        hits.append((start, end_index + 1))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen, last = [], -1
    for start, end in hits:
        if start >= last:
            chosen.append((start, end))
            last = end
    return [(s, e) for s, e in chosen if _uninflected_end(folded, e)]


def check(corpus: _corpus.Corpus, compiled: Compiled, results: list[FileResult]) -> dict:
    """Every planted mention (typos aside) found as an own-language occurrence of the planted
    term, with its suffix; and dilmac's exact uninflected occurrences == bare AC's whole-word ones."""
    lang = corpus.lang
    roles = {s.id: s.roles[lang] for s in _corpus.specs(_corpus.CORE)}
    by_start = [{occ.start: occ for occ in r.occurrences} for r in results]
    found, findable, missed = 0, 0, {}
    examples = []
    for m in corpus.mentions:
        if m.kind == "typo":
            continue
        findable += 1
        occ = by_start[m.doc].get(m.start)
        if occ is not None and occ.end == m.end and occ.term.text == roles[m.concept_id][m.role]:
            found += 1
        else:
            label = m.kind + (f"+{m.case}" if m.case else "") + ("+broken" if m.broken else "")
            missed[label] = missed.get(label, 0) + 1
            if len(examples) < 10:
                got = None if occ is None else (corpus.docs[m.doc][occ.start : occ.end], occ.term.text)
                examples.append({"mention": corpus.docs[m.doc][m.start : m.end], "got": got})
    forms: dict[str, str | None] = {}  # folded form → the abbreviation's capitals (None: not only an abbreviation)
    for term in compiled.termbase.terms(lang):
        folded = key(term.text, lang).strip()
        if folded:
            caps = term.text if term.abbr else None
            forms[folded] = caps if forms.get(folded, caps) is not None else None
    own = ahocorasick.Automaton()
    for folded, caps in forms.items():
        own.add_word(folded, (len(folded), caps))
    own.make_automaton()
    only_dilmac = only_bare = exact_dilmac = exact_bare = 0
    diff_examples = []
    for _doc_index, (text, result) in enumerate(zip(corpus.docs, results)):
        folded = fold(text.replace("\n", " "), lang)
        mine = {
            (o.start, o.end)
            for o in result.occurrences
            if o.exact and folded[o.start : o.end] == key(o.term.text, lang).strip() and _uninflected_end(folded, o.end)
        }
        # A diacritic-less name (loose match, which the bare scan cannot see) may hide a shorter
        # exact one inside it ("Samahi Bilim Komitesi" ⊃ "Bilim Komitesi"): leave those out.
        loose = [(o.start, o.end) for o in result.occurrences if not o.exact]
        bare = {(s, e) for s, e in bare_exact_spans(own, text, lang) if not any(ls < e and s < le for ls, le in loose)}
        exact_dilmac += len(mine)
        exact_bare += len(bare)
        for label, spans in (("only dilmac", mine - bare), ("only bare", bare - mine)):
            if label == "only dilmac":
                only_dilmac += len(spans)
            else:
                only_bare += len(spans)
            for s, e in sorted(spans)[: max(0, 10 - len(diff_examples))]:
                diff_examples.append({label: text[max(0, s - 20) : e + 20]})
    return {
        "mentions": len(corpus.mentions),
        "findable": findable,
        "found": found,
        "missed": missed,
        "missed_examples": examples,
        "exact_dilmac": exact_dilmac,
        "exact_bare": exact_bare,
        "only_dilmac": only_dilmac,
        "only_bare": only_bare,
        "diff_examples": diff_examples,
    }


# --------------------------------------------------------------------------- breakdown, profile


def breakdown(corpus: _corpus.Corpus, compiled: Compiled, rules: list) -> dict[str, float]:
    """Seconds per pipeline part for one lint of the corpus: normalisation, matcher scan, each
    rule, the rest."""
    from dilmac.lint import pipeline as lint

    spent: dict[str, float] = {}

    def timed(rule):
        def check(ctx):
            start = clock()
            out = list(rule.check(ctx))
            spent[rule.ID] = spent.get(rule.ID, 0.0) + clock() - start
            return out

        # A module-like stand-in (hashable, as lint caches per rule set) with the rule's declarations.
        stand_in = ModuleType(rule.__name__)
        stand_in.__dict__.update({k: v for k, v in vars(rule).items() if k.isupper()}, check=check)
        return stand_in

    def timing(label: str, function):
        def timed_call(*args, **kwargs):
            start = clock()
            out = function(*args, **kwargs)
            spent[label] = spent.get(label, 0.0) + clock() - start
            return out

        return timed_call

    index = compiled.index
    wrapped = [timed(r) for r in rules]
    normalized_text = lint.NormalizedText
    index.scan_normalized = timing("matcher scan", index.scan_normalized)
    lint.NormalizedText = timing("normalisation", normalized_text)
    try:
        total = lint_pass(corpus, compiled, wrapped)[0]
    finally:
        del index.scan_normalized
        lint.NormalizedText = normalized_text
    spent["rest (contexts, select, spans, sort)"] = total - sum(spent.values())
    spent["total"] = total
    return spent


def profile(lang: str, size: int, corpus_bytes: int, top: int = 30) -> str:
    import cProfile
    import io
    import pstats

    corpus = _corpus.corpus(lang, corpus_bytes)
    compiled = Compiled.build(_corpus.termbase(size))
    rules, _missing = available_rules()
    lint_document(documents(corpus)[0], compiled, lang=lang, day=DAY, rules=rules)  # lazy init
    profiler = cProfile.Profile()
    profiler.enable()
    lint_pass(corpus, compiled, rules)
    profiler.disable()
    out = io.StringIO()
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    profiler.dump_stats(out_dir / f"lint-{lang}-{size}.prof")
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --------------------------------------------------------------------------- the run


def run(
    *,
    quick: bool = False,
    langs=LANGS,
    sizes=None,
    repeat: int | None = None,
    corpus_bytes: int | None = None,
    verify: bool = False,
    with_breakdown: bool = False,
    log=None,
) -> dict:
    """Run the benchmark; returns a dict (what --json prints). `verify` adds correctness checks."""
    sizes = tuple(sizes or (QUICK_SIZES if quick else FULL_SIZES))
    repeat = repeat or (1 if quick else 3)
    corpus_bytes = corpus_bytes or (QUICK_BYTES if quick else FULL_BYTES)
    log = log or (lambda msg: None)
    rules, missing = available_rules()
    corpora = {}
    for lang in langs:
        start = time.perf_counter()
        corpora[lang] = _corpus.corpus(lang, corpus_bytes)
        log(
            f"corpus {lang}: {corpora[lang].nbytes / 1e6:.2f} MB, {len(corpora[lang].docs)} documents, "
            f"{len(corpora[lang].mentions)} mentions ({time.perf_counter() - start:.1f} s to generate)"
        )
    rows, checks, breakdowns = [], {}, {}
    builds = {}
    for size in sizes:
        termbase = _corpus.termbase(size)
        start = time.perf_counter()
        compiled = Compiled.build(termbase)
        compile_s = time.perf_counter() - start
        builds[size] = (termbase, compiled, compile_s)
        log(f"termbase {size}: {sum(1 for _ in termbase.terms())} terms, compiled in {compile_s:.2f} s")
    init_s = {}
    for size in sizes:
        for lang in langs:
            start = time.perf_counter()
            lint_document(documents(corpora[lang])[0], builds[size][1], lang=lang, day=DAY, rules=rules)
            init_s[size, lang] = time.perf_counter() - start
    # The timed passes go round every (size, language) in turn: this shared VM's speed drifts over
    # minutes, and a slow spell then costs every configuration one pass, not one all of its own.
    times: dict[tuple[int, str], list[float]] = {key: [] for key in init_s}
    findings = {}
    for _round in range(max(1, repeat)):
        for size in sizes:
            for lang in langs:
                seconds, findings[size, lang], _results = lint_pass(corpora[lang], builds[size][1], rules)
                times[size, lang].append(seconds)
    for size in sizes:
        termbase, compiled, compile_s = builds[size]
        automaton = bare_automaton(termbase)
        n_terms = sum(1 for _ in termbase.terms())
        for lang in langs:
            corpus = corpora[lang]
            mb = corpus.nbytes / 1e6
            first_s, lint_s = times[size, lang][0], min(times[size, lang])
            # The occurrences, for the hits column and the checks: an untimed pass that keeps them.
            results = lint_pass(corpus, compiled, rules, every_occurrence=True)[2]
            hits = sum(len(r.occurrences) for r in results)
            scan_s, candidates = best(repeat, lambda corpus=corpus, compiled=compiled: scan_pass(corpus, compiled))
            whole = "\n\n".join(corpus.docs)
            bare_s, bare_hits = best(repeat, lambda automaton=automaton, whole=whole: bare_pass(automaton, whole))
            row = {
                "lang": lang,
                "concepts": size,
                "terms": n_terms,
                "mb": round(mb, 3),
                "documents": len(corpus.docs),
                "compile_s": round(compile_s, 3),
                "init_s": round(init_s[size, lang], 3),
                "first_s": round(first_s, 3),
                "lint_s": round(lint_s, 3),
                "lint_runs_s": [round(t, 3) for t in times[size, lang]],
                "mb_per_s": round(mb / lint_s, 2),
                "scan_s": round(scan_s, 3),
                "hits": hits,
                "occurrences": candidates,
                "findings": findings[size, lang],
                "bare_s": round(bare_s, 3),
                "bare_mb_per_s": round(mb / bare_s, 1),
                "bare_hits": bare_hits,
                "of_bare": round(bare_s / lint_s, 4),
            }
            rows.append(row)
            log(f"  {lang} {size:>5}: {row['mb_per_s']:.2f} MB/s, {hits} hits, {row['findings']} findings")
            if verify:
                checks[f"{lang}:{size}"] = check(corpus, compiled, results)
            if with_breakdown and size == sizes[-1]:
                breakdowns[lang] = {k: round(v, 3) for k, v in breakdown(corpus, compiled, rules).items()}
            del results
        del automaton
        builds[size] = None  # its compiled termbase is no longer needed
    ratios, verdicts = {}, {}
    for lang in langs:
        by_size = {r["concepts"]: r for r in rows if r["lang"] == lang}
        small, large = min(by_size), max(by_size)
        ratio = by_size[large]["lint_s"] / by_size[small]["lint_s"]
        ratios[lang] = {"large": large, "small": small, "ratio": round(ratio, 3)}
        verdicts[lang] = {
            "speed": "PASS" if by_size[large]["mb_per_s"] >= TARGET_MBPS else "MISS",
            "ratio": "PASS" if ratio <= TARGET_RATIO else "MISS",
            "speed_measured_at": large,
            "ratio_of": f"{large}/{small}",
        }
    return {
        "benchmark": "lint_throughput",
        "quick": quick,
        "repeat": repeat,
        "day": DAY.isoformat(),
        "machine": machine(),
        "rules": [r.ID for r in rules],
        "missing_rules": missing,
        "targets": {"mb_per_s_at_largest": TARGET_MBPS, "ratio_max": TARGET_RATIO},
        "rows": rows,
        "ratios": ratios,
        "verdicts": verdicts,
        "checks": checks,
        "breakdown": breakdowns,
    }


def machine() -> dict:
    """Where and on what code the numbers were taken."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "../toolkit")
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": date.today().isoformat(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "toolkit_modified": bool(dirty),
    }


def format_report(result: dict) -> str:
    lines = []
    m = result["machine"]
    lines.append(
        f"dilmac lint throughput — Python {m['python']}, {m['cpus']} CPUs, {m['date']}, commit "
        f"{m['commit'] or '?'}{' + local changes' if m['toolkit_modified'] else ''}, "
        f"best of {result['repeat']}, one core"
    )
    lines.append(f"rules ({len(result['rules'])}): {', '.join(result['rules'])}")
    if result["missing_rules"]:
        lines.append(f"NOT YET IN dilmac (not timed): {', '.join(result['missing_rules'])}")
    head = (
        f"{'lang':<4} {'concepts':>8} {'terms':>6} {'MB':>5} {'compile s':>9} {'init s':>6} {'1st s':>6} "
        f"{'lint s':>6} {'MB/s':>6} {'scan s':>6} {'hits':>6} {'findings':>8} {'bare MB/s':>9} {'of bare':>7}"
    )
    lines += ["", head, "-" * len(head)]
    for r in result["rows"]:
        lines.append(
            f"{r['lang']:<4} {r['concepts']:>8} {r['terms']:>6} {r['mb']:>5.2f} {r['compile_s']:>9.2f} "
            f"{r['init_s']:>6.2f} {r['first_s']:>6.2f} {r['lint_s']:>6.2f} {r['mb_per_s']:>6.2f} "
            f"{r['scan_s']:>6.2f} {r['hits']:>6} {r['findings']:>8} {r['bare_mb_per_s']:>9.1f} "
            f"{r['of_bare']:>7.1%}"
        )
    lines.append("(1st s: the first timed run, with per-word caches still cold; lint s / MB/s: best run)")
    lines.append("")
    t = result["targets"]
    for lang, ratio in result["ratios"].items():
        v = result["verdicts"][lang]
        largest = next(r for r in result["rows"] if r["lang"] == lang and r["concepts"] == ratio["large"])
        lines.append(
            f"{lang}: time ratio {ratio['large']}/{ratio['small']} concepts = {ratio['ratio']:.2f} "
            f"(target <= {t['ratio_max']}) {v['ratio']}; {largest['mb_per_s']:.2f} MB/s at "
            f"{ratio['large']} concepts (target >= {t['mb_per_s_at_largest']:g}) {v['speed']}"
        )
    for lang, parts in result["breakdown"].items():
        total = parts["total"]
        lines.append(f"\nbreakdown {lang} (largest termbase, one pass, {total:.2f} s):")
        for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
            if name != "total":
                lines.append(f"  {name:<38} {seconds:>7.3f} s {seconds / total:>6.1%}")
    for name, c in result["checks"].items():
        lines.append(
            f"\ncheck {name}: found {c['found']}/{c['findable']} planted mentions"
            + (f", missed {c['missed']}" if c["missed"] else "")
            + f"; exact uninflected: dilmac {c['exact_dilmac']}, bare AC {c['exact_bare']}"
            + (
                f" (only dilmac {c['only_dilmac']}, only bare {c['only_bare']})"
                if c["only_dilmac"] or c["only_bare"]
                else " (same spans)"
            )
        )
        for e in c["missed_examples"][:5] + c["diff_examples"][:5]:
            lines.append(f"    {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="~500 KB corpora, sizes 10 and 1000, one run")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--langs", default=",".join(LANGS), help="comma-separated, default en,az,tr")
    parser.add_argument("--sizes", help="comma-separated concept counts (default 10,100,1000,5000)")
    parser.add_argument("--repeat", type=int, help="runs per measurement, best is kept (default 3)")
    parser.add_argument("--mb", type=float, help="corpus size per language in MB")
    parser.add_argument("--check", action="store_true", help="also verify hits against the planted mentions")
    parser.add_argument("--breakdown", action="store_true", help="time per rule at the largest size")
    parser.add_argument("--save", metavar="FILE", help="also write the JSON result to FILE")
    parser.add_argument("--profile", metavar="LANG:SIZE", help="cProfile one lint pass instead of the benchmark")
    args = parser.parse_args(argv)
    corpus_bytes = int(args.mb * 1e6) if args.mb else None
    if args.profile:
        lang, _, size = args.profile.partition(":")
        print(profile(lang, int(size or 5000), corpus_bytes or (QUICK_BYTES if args.quick else FULL_BYTES)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    log = None if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    result = run(
        quick=args.quick,
        langs=tuple(args.langs.split(",")),
        sizes=sizes,
        repeat=args.repeat,
        corpus_bytes=corpus_bytes,
        verify=args.check,
        with_breakdown=args.breakdown,
        log=log,
    )
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
