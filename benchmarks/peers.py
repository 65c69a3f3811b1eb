#!/usr/bin/env python
"""Side by side: dilmac and the tools people use for wrong→right phrase rules, on one corpus.

What is compared
----------------
One ~5 MB English corpus (benchmarks/_corpus.py: 2 168 synthetic press releases, 10^6 bytes of
UTF-8 per MB) and rule sets of 10, 100, 1 000 and 5 000 wrong→right phrase substitutions: the
forbidden and the preferred English name of the first N generated concepts ("Energy Management"
→ "Energy Administration"). The rule sets are nested and the corpus only names the first 10
concepts, so every size has the same ~1 100 wrong names to find; what grows is the rule set.

The same pairs, in each tool's own terms (a space in a rule matches one space or one line
break, so that the ~6 % of names broken across two lines count; rules are case-sensitive, as
written, except in dilmac, which folds case):

* dilmac: a termbase of N concepts with the right name `preferred` and the wrong one
  `forbidden` (`inflect: false`, so a hit ends where the phrase ends), linted with ALL rules
  (`lint_document`, full findings with suggestions, positions and every other check); its hits
  are the term-forbidden findings. Timed in-process, document by document, as
  lint_throughput.py does ("dilmac"), and as the whole `dilmac lint DIR --format json` on the
  corpus directory, start-up, reading and the warm compiled-termbase cache included ("dilmac
  CLI"). "dilmac 1 rule" is the in-process run with the rule set equivalent to the peers'
  (term-forbidden alone: the same matcher, normalisation and full findings with positions and
  suggestions, without dilmac's other checks); the targets are judged on it, and printed for
  the all-checks row too.
* regex: one compiled alternation `\\b(?:wrong1|wrong2|…)\\b`, longest phrase first (so the
  leftmost match is the longest), `finditer` over each document.
* pyahocorasick: an automaton of the wrong phrases, `iter` over each document with line breaks
  read as spaces, word-boundary check per hit, leftmost-longest selection.
* pofilter (translate-toolkit): no shipped check substitutes phrases (musttranslatewords and
  notranslatewords compare single words between source and translation), so a checker class
  adds one test, `forbiddenphrases`, written like the shipped word checks (one search per
  configured phrase in each translation, word boundaries, leftmost-longest), and pofilter's own
  command line runs it alone (`pofilter -t forbiddenphrases in.po out.po`) over the PO version
  of the corpus: one message per paragraph, msgstr = msgid = the paragraph (what `msgen` makes
  of a template). pofilter reports per message, so its hits are compared per message.
* textlint + textlint-rule-prh (npm, versions pinned by benchmarks/peers/package-lock.json,
  installed with `npm ci` when missing or outdated): a prh YAML with one rule per pair,
  `{expected: right, patterns: [/wrong/], options: {wordBoundary: true}}`; the pattern is a
  regular expression only so that a space matches a line break too. Run through textlint's
  API (benchmarks/peers/textlint-timed.js) on the documents saved as Markdown, the same bytes:
  its plain-text parser makes one node per line, where no rule can match a broken name.

Hits are (document, offset, wrong phrase); every tool's hits must equal dilmac's (per message
for pofilter, as a multiset). A disagreement is printed and makes the exit status 1.

How it is measured
------------------
Every measurement runs in a fresh process (`peers.py --worker TOOL`, node for textlint, the
`dilmac` command), started by a small helper process so that its peak memory (wait4's
ru_maxrss) is its own. The process reads the documents, builds its rules ("setup s": the
termbase compile, the regex, the automaton, textlint's configuration; outside the passes),
then makes N passes and keeps the best. Times are CPU seconds of the measuring process, all its
threads (node's included): this machine is shared, and other processes stretch wall time at
random far more than CPU time; the best wall times are reported beside them. textlint builds
prh's rules again for every file: that is inside its passes, as it is for its users. Slow tools
are first timed on 2 % of the documents; when the whole corpus would take more than --budget
seconds a pass, they are measured on the first documents that fit the budget and their MB/s
is extrapolated (marked `*`). The speed-up is dilmac's MB/s over the tool's.

Targets (issue 5 §4), at 5 000 rules, printed as PASS/MISS, never asserted: dilmac at least
1 000× faster than textlint-rule-prh, and within 2× of bare pyahocorasick (time ≤ 2× its time).

    python benchmarks/peers.py                  # full run (~15 min; budget 30 s a pass)
    python benchmarks/peers.py --quick          # 200 KB, 10 and 100 rules, one pass (~20 s)
    python benchmarks/peers.py --sizes 10,5000 --tools dilmac,pyahocorasick --repeat 5
    python benchmarks/peers.py --json           # or --save FILE next to the table
"""

from __future__ import annotations

import argparse
import bisect
import functools
import gc
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

# _corpus (and through it dilmac and yaml) is imported where it is used: the workers of the
# other tools must not carry it, their peak memory is measured.
PEERS_DIR = HERE / "peers"
FULL_SIZES = (10, 100, 1000, 5000)
QUICK_SIZES = (10, 100)
FULL_BYTES = 5_000_000
QUICK_BYTES = 200_000
BUDGET_S = 30.0
# Measured in this order at each size: the pair the 2x target compares comes right after the
# reference, back to back, so that a slow spell of a shared machine is less likely to fall on
# only one of them.
TOOLS = ("dilmac", "dilmac 1 rule", "pyahocorasick", "dilmac CLI", "regex", "pofilter", "textlint+prh")
# The rule equivalent to a wrong→right phrase substitution; the targets compare the peers with
# dilmac running it alone (the same rule set), the "dilmac" row runs every check besides.
EQUIVALENT_RULES = ("term-forbidden",)
SLICEABLE = {"regex", "pofilter", "textlint+prh"}  # may be too slow for the whole corpus
TARGET_TEXTLINT_SPEEDUP = 1000.0
TARGET_AC_TIME_RATIO = 2.0
PROBE_SHARE = 0.02  # of the documents, for the first timing of a slow tool
WORKER_LIMIT_S = 3600  # a run that hangs is killed and reported
CLI_COLD_RETRIES = 3


# --------------------------------------------------------------------------- rules and inputs


@dataclass(frozen=True)
class PhraseRule:
    wrong: str
    right: str
    concept: str


def phrase_rules(n: int) -> list[PhraseRule]:
    """The forbidden → preferred English names of the first n generated concepts."""
    import _corpus

    rules = [PhraseRule(s.roles["en"]["forbidden"], s.roles["en"]["preferred"], s.id) for s in _corpus.specs(n)]
    assert len({r.wrong for r in rules}) == len(rules), "one rule per wrong phrase"
    return rules


def termbase_yaml(rules: list[PhraseRule]) -> str:
    import yaml

    concepts = [
        {
            "id": r.concept,
            "domain": "institutions",
            "sources": ["synthetic benchmark data"],
            "terms": {
                "en": [
                    {"text": r.right, "status": "preferred", "inflect": False},
                    {"text": r.wrong, "status": "forbidden", "inflect": False},
                ]
            },
        }
        for r in rules
    ]
    return yaml.safe_dump({"concepts": concepts}, allow_unicode=True, sort_keys=False, width=200)


def _js_regex_source(phrase: str) -> str:
    return "[ \\n]".join(re.sub(r"([\\^$.|?*+()\[\]{}/-])", r"\\\1", word) for word in phrase.split(" "))


def prh_yaml(rules: list[PhraseRule]) -> str:
    lines = ["version: 1", "rules:"]
    for r in rules:
        lines += [
            f"  - expected: {json.dumps(r.right, ensure_ascii=False)}",
            f"    patterns: [{json.dumps('/' + _js_regex_source(r.wrong) + '/', ensure_ascii=False)}]",
            "    options: {wordBoundary: true}",
        ]
    return "\n".join(lines) + "\n"


def paragraphs(doc: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: the PO version's messages."""
    out, start = [], 0
    for piece in doc.split("\n\n"):
        text = piece.rstrip("\n")
        if text.strip():
            out.append((start, text))
        start += len(piece) + 2
    return out


class Inputs:
    """The corpus and rule sets written to a work directory, as each tool reads them."""

    def __init__(self, workdir: Path, docs: list[str]) -> None:
        self.dir = workdir
        self.docs = docs
        self.sizes_mb = [len(d.encode("utf-8")) / 1e6 for d in docs]
        (workdir / "txt").mkdir()
        (workdir / "md").mkdir()
        for i, doc in enumerate(docs):
            (workdir / "txt" / f"{i:05d}.txt").write_text(doc, encoding="utf-8")
            (workdir / "md" / f"{i:05d}.md").write_text(doc, encoding="utf-8")
        self.rules: dict[int, list[PhraseRule]] = {}

    def mb(self, n_docs: int) -> float:
        return sum(self.sizes_mb[:n_docs])

    def add_rules(self, size: int) -> None:
        rules = self.rules[size] = phrase_rules(size)
        (self.dir / f"rules-{size}.json").write_text(json.dumps([[r.wrong, r.right] for r in rules]), encoding="utf-8")
        (self.dir / f"termbase-{size}.yaml").write_text(termbase_yaml(rules), encoding="utf-8")
        (self.dir / f"prh-{size}.yml").write_text(prh_yaml(rules), encoding="utf-8")
        (self.dir / f"textlintrc-{size}.json").write_text(
            json.dumps({"rules": {"prh": {"rulePaths": [f"prh-{size}.yml"]}}}), encoding="utf-8"
        )

    def po(self, n_docs: int) -> Path:
        """The first n documents as an English catalog, one message per paragraph."""
        path = self.dir / f"corpus-{n_docs}.po"
        if not path.exists():
            import polib

            po = polib.POFile(wrapwidth=78)
            po.metadata = {
                "Project-Id-Version": "dilmac benchmark corpus",
                "Language": "en",
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
            }
            for i, doc in enumerate(self.docs[:n_docs]):
                for p, (_offset, text) in enumerate(paragraphs(doc)):
                    po.append(
                        polib.POEntry(
                            msgctxt=f"{i:05d}:{p}", msgid=text, msgstr=text, occurrences=[(f"{i:05d}.txt", str(p))]
                        )
                    )
            po.save(str(path))
        return path

    def md_list(self, n_docs: int) -> Path:
        path = self.dir / f"md-{n_docs}.json"
        if not path.exists():
            path.write_text(json.dumps([str(self.dir / "md" / f"{i:05d}.md") for i in range(n_docs)]), encoding="utf-8")
        return path


# --------------------------------------------------------------------------- the workers


def _read_docs(workdir: Path, n_docs: int) -> list[str]:
    return [(workdir / "txt" / f"{i:05d}.txt").read_text(encoding="utf-8") for i in range(n_docs)]


def _load_rules(workdir: Path, size: int) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in json.loads((workdir / f"rules-{size}.json").read_text(encoding="utf-8"))]


def _best_of(repeat: int, one_pass) -> tuple[float, float, object]:
    """(best CPU seconds, best wall seconds, the result of the last pass) of `repeat` passes."""
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(max(1, repeat)):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = one_pass()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, result


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \b counts as a word character


def bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end]))


def leftmost_longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    chosen, last_end = [], -1
    for span in spans:
        if span[0] >= last_end:
            chosen.append(span)
            last_end = span[1]
    return chosen


def work_dilmac(workdir: Path, size: int, n_docs: int, repeat: int, only: tuple[str, ...] | None = None) -> dict:
    from _corpus import DOC_DAY
    from dilmac.core.document import Document
    from dilmac.lint.pipeline import FileResult, lint_document
    from dilmac.match.compiled import Compiled
    from dilmac.rules import load_rules
    from dilmac.termbase.model import Termbase

    docs = _read_docs(workdir, n_docs)
    start = time.perf_counter()
    compiled = Compiled.build(Termbase.load([workdir / f"termbase-{size}.yaml"]))
    rules = [rule for rule in load_rules() if only is None or rule.ID in only]
    wrong = {c.id: next(t.text for t in c.terms["en"] if t.status == "forbidden") for c in compiled.termbase.concepts}
    lint_document(
        Document(path="init.txt", source=docs[0], text=docs[0], lang="en"),
        compiled,
        lang="en",
        day=DOC_DAY,
        rules=rules,
    )  # word lists, morphology tables: paid once per process
    setup = time.perf_counter() - start

    def one_pass():
        findings = []
        for i, text in enumerate(docs):
            doc = Document(path=f"en/{i:05d}.txt", source=text, text=text, lang="en")
            findings.append(
                lint_document(doc, compiled, lang="en", day=DOC_DAY, rules=rules, result=FileResult(path=doc.path))
            )
        return findings

    cpu, wall, per_doc = _best_of(repeat, one_pass)
    hits = [
        [i, f.start, wrong[f.concept]]
        for i, findings in enumerate(per_doc)
        for f in findings
        if f.rule == "term-forbidden"
    ]
    by_rule = Counter(f.rule for findings in per_doc for f in findings)
    return {
        "seconds": cpu,
        "wall_s": wall,
        "setup_s": setup,
        "hits": hits,
        "rules": [r.ID for r in rules],
        "findings": sum(by_rule.values()),
        "by_rule": dict(by_rule.most_common()),
    }


def regex_pattern(wrongs: list[str]) -> re.Pattern:
    alternatives = sorted(wrongs, key=len, reverse=True)
    return re.compile(
        r"\b(?:" + "|".join("[ \n]".join(re.escape(w) for w in phrase.split(" ")) for phrase in alternatives) + r")\b"
    )


def work_regex(workdir: Path, size: int, n_docs: int, repeat: int) -> dict:
    docs = _read_docs(workdir, n_docs)
    start = time.perf_counter()
    pattern = regex_pattern([wrong for wrong, _ in _load_rules(workdir, size)])
    setup = time.perf_counter() - start

    def one_pass():
        return [
            [i, m.start(), m.group().replace("\n", " ")] for i, doc in enumerate(docs) for m in pattern.finditer(doc)
        ]

    cpu, wall, hits = _best_of(repeat, one_pass)
    return {"seconds": cpu, "wall_s": wall, "setup_s": setup, "hits": hits}


def work_pyahocorasick(workdir: Path, size: int, n_docs: int, repeat: int) -> dict:
    import ahocorasick

    docs = _read_docs(workdir, n_docs)
    start = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for wrong, _right in _load_rules(workdir, size):
        automaton.add_word(wrong, wrong)
    automaton.make_automaton()
    setup = time.perf_counter() - start

    def one_pass():
        hits = []
        for i, doc in enumerate(docs):
            text = doc.replace("\n", " ")  # same length: offsets hold
            found = [(end + 1 - len(wrong), end + 1, wrong) for end, wrong in automaton.iter(text)]
            hits += [[i, s, wrong] for s, e, wrong in leftmost_longest([f for f in found if bounded(text, f[0], f[1])])]
        return hits

    cpu, wall, hits = _best_of(repeat, one_pass)
    return {"seconds": cpu, "wall_s": wall, "setup_s": setup, "hits": hits}


def phrase_checker(pairs: list[tuple[str, str]]):
    """A translate-toolkit checker with one more test, `forbiddenphrases`."""
    from translate.filters import checks
    from translate.filters.decorators import functional

    class PhraseChecker(checks.StandardChecker):
        phrases = pairs

        @functional
        def forbiddenphrases(self, str1: str, str2: str) -> bool:
            """Checks that the translation uses none of the configured wrong phrases."""
            text = str2.replace("\n", " ")
            found = []
            for wrong, right in self.phrases:
                at = text.find(wrong)
                while at >= 0:
                    if bounded(text, at, at + len(wrong)):
                        found.append((at, at + len(wrong), f"{wrong} => {right}"))
                    at = text.find(wrong, at + 1)
            if found:
                raise checks.FilterFailure("; ".join(f[2] for f in leftmost_longest(found)))
            return True

    return PhraseChecker


def work_pofilter(workdir: Path, size: int, n_docs: int, repeat: int) -> dict:
    from translate.filters import pofilter

    po_path = workdir / f"corpus-{n_docs}.po"
    out_path = workdir / f"pofilter-{size}-{n_docs}.po"
    start = time.perf_counter()
    checker = phrase_checker(_load_rules(workdir, size))
    setup = time.perf_counter() - start

    def one_pass():
        parser = pofilter.cmdlineparser()
        parser.set_defaults(filterclass=checker)
        argv = sys.argv
        sys.argv = ["pofilter", "--progress=none", "-t", "forbiddenphrases", str(po_path), str(out_path)]
        try:
            parser.run()
        finally:
            sys.argv = argv

    cpu, wall, _ = _best_of(repeat, one_pass)
    return {"seconds": cpu, "wall_s": wall, "setup_s": setup, "hits": pofilter_hits(out_path)}


def pofilter_hits(path: Path) -> list[list]:
    """[document, paragraph, wrong phrase] from the `(pofilter) forbiddenphrases:` notes."""
    import polib

    if not path.exists():  # pofilter writes no file when no message failed
        return []
    hits = []
    for entry in polib.pofile(str(path)):
        doc, _, para = entry.msgctxt.partition(":")
        for line in entry.tcomment.splitlines():
            head, _, found = line.partition("(pofilter) forbiddenphrases: ")
            if found and not head.strip():
                hits += [[int(doc), int(para), item.split(" => ")[0]] for item in found.split("; ")]
    return hits


WORKERS = {
    "dilmac": work_dilmac,
    "dilmac 1 rule": functools.partial(work_dilmac, only=EQUIVALENT_RULES),
    "regex": work_regex,
    "pyahocorasick": work_pyahocorasick,
    "pofilter": work_pofilter,
}


# --------------------------------------------------------------------------- running the tools


@dataclass
class Spawned:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    peak_mb: float


class Spawner:
    """Starts the measured commands from a small helper process and reports each one's peak
    memory (wait4's ru_maxrss). A child's ru_maxrss counts the memory of the process it was
    forked from, so forking them from this one, which holds the corpus, would inflate every
    figure; the helper holds nothing."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--spawner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(
        self, argv: list[str], *, cwd: Path | None = None, env: dict | None = None, limit_s: float = WORKER_LIMIT_S
    ) -> Spawned:
        with tempfile.TemporaryDirectory(prefix="dilmac-peers-run-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            request = {
                "argv": argv,
                "cwd": str(cwd) if cwd else None,
                "env": env,
                "stdout": str(out),
                "stderr": str(err),
                "limit_s": limit_s,
            }
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
            if not reply:
                raise ToolError("the helper process that starts the tools has died")
            done = json.loads(reply)
            return Spawned(
                done["returncode"],
                out.read_text(encoding="utf-8", errors="replace"),
                err.read_text(encoding="utf-8", errors="replace"),
                done["wall_s"],
                done["cpu_s"],
                done["peak_kb"] / 1024,
            )

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def serve_spawns() -> None:
    """The helper's side: one JSON request a line on stdin, one JSON reply a line on stdout."""
    for line in sys.stdin:
        request = json.loads(line)
        with open(request["stdout"], "wb") as out, open(request["stderr"], "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(request["argv"], stdout=out, stderr=err, cwd=request["cwd"], env=request["env"])
            timer = threading.Timer(request["limit_s"], proc.kill)
            timer.start()
            try:
                _pid, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sys.stdout.write(
            json.dumps(
                {
                    "returncode": proc.returncode,
                    "wall_s": wall,
                    "cpu_s": usage.ru_utime + usage.ru_stime,
                    "peak_kb": usage.ru_maxrss,
                }
            )
            + "\n"
        )
        sys.stdout.flush()


class ToolError(Exception):
    pass


def _json_output(done: Spawned, what: str) -> dict:
    if done.returncode != 0:
        raise ToolError(f"{what} exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise ToolError(f"{what} printed no JSON ({exc}): {done.stdout[:300]!r} {done.stderr[-1000:]}") from None


def _utf16_to_index(text: str, utf16_offset: int) -> int:
    """JavaScript offsets count UTF-16 code units; Python's count code points."""
    if all(ord(c) < 0x10000 for c in text):
        return utf16_offset
    return len(text.encode("utf-16-le")[: 2 * utf16_offset].decode("utf-16-le"))


def measure(spawner: Spawner, tool: str, inputs: Inputs, size: int, n_docs: int, repeat: int) -> dict:
    """One fresh process measuring `tool` on the first n_docs documents."""
    workdir = inputs.dir
    if tool == "textlint+prh":
        done = spawner.run(
            [
                "node",
                str(PEERS_DIR / "textlint-timed.js"),
                str(workdir / f"textlintrc-{size}.json"),
                str(inputs.md_list(n_docs)),
                str(repeat),
            ],
            cwd=PEERS_DIR,
        )
        out = _json_output(done, "textlint")
        hits = []
        for file_path, offset, _rule, message in out["hits"]:
            doc = int(Path(file_path).stem)
            hits.append([doc, _utf16_to_index(inputs.docs[doc], offset), message.split(" => ")[0].replace("\n", " ")])
        out["hits"] = hits
    else:
        if tool == "pofilter":
            inputs.po(n_docs)
        done = spawner.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                tool,
                "--workdir",
                str(workdir),
                "--size",
                str(size),
                "--docs",
                str(n_docs),
                "--repeat",
                str(repeat),
            ]
        )
        out = _json_output(done, f"{tool} worker")
    out["peak_mb"] = done.peak_mb
    out["docs"] = n_docs
    out["mb"] = inputs.mb(n_docs)
    return out


def measure_cli(spawner: Spawner, inputs: Inputs, size: int, repeat: int) -> dict:
    """`dilmac lint DIR --format json`: CPU time of the whole command (and wall time), best of
    `repeat` runs after one that fills the compiled-termbase cache. The cache key covers dilmac's source, so
    a run after an edit to it compiles the termbase again: such a run (a new file in the
    cache) is not counted but repeated, up to CLI_COLD_RETRIES times."""
    from _corpus import DOC_DAY

    cache = inputs.dir / "cache"
    env = dict(os.environ, DILMAC_CACHE_DIR=str(cache))
    argv = [
        sys.executable,
        "-m",
        "dilmac",
        "lint",
        str(inputs.dir / "txt"),
        "--termbase",
        str(inputs.dir / f"termbase-{size}.yaml"),
        "--lang",
        "en",
        "--date",
        DOC_DAY.isoformat(),
        "--format",
        "json",
    ]

    def lint() -> Spawned:
        done = spawner.run(argv, env=env)
        if done.returncode not in (0, 1):
            raise ToolError(f"dilmac lint exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
        return done

    lint()
    timed, cold = [], 0
    while len(timed) < max(1, repeat) and cold <= CLI_COLD_RETRIES:
        before = set(cache.iterdir())
        done = lint()
        if set(cache.iterdir()) - before:
            cold += 1
        else:
            timed.append(done)
    if not timed:
        raise ToolError("every run of dilmac lint compiled the termbase: dilmac's source kept changing")
    best = min(timed, key=lambda d: d.cpu_s)
    report = json.loads(best.stdout)
    wrong = {r.concept: r.wrong for r in inputs.rules[size]}
    line_starts: dict[int, list[int]] = {}
    hits = []
    for f in report["findings"]:
        if f["rule"] != "term-forbidden":
            continue
        doc = int(Path(f["path"]).stem)
        starts = line_starts.get(doc)
        if starts is None:
            text = inputs.docs[doc]
            starts = line_starts[doc] = [0] + [m.end() for m in re.finditer("\n", text)]
        hits.append([doc, starts[f["line"] - 1] + f["column"] - 1, wrong[f["concept"]]])
    return {
        "seconds": best.cpu_s,
        "wall_s": min(d.wall_s for d in timed),
        "setup_s": None,
        "hits": hits,
        "peak_mb": max(d.peak_mb for d in timed),
        "docs": len(inputs.docs),
        "mb": inputs.mb(len(inputs.docs)),
        "findings": report["summary"]["findings"],
        "cold_runs_dropped": cold,
    }


def measure_within_budget(
    spawner: Spawner, tool: str, inputs: Inputs, size: int, repeat: int, budget_s: float | None, log
) -> dict:
    """The whole corpus, or for a slow tool the first documents that one pass gets through in
    about `budget_s` (judged from a timing on PROBE_SHARE of them)."""
    n_all = len(inputs.docs)
    if budget_s is None or tool not in SLICEABLE:
        return measure(spawner, tool, inputs, size, n_all, repeat)
    probe_docs = max(5, min(n_all, round(n_all * PROBE_SHARE)))
    probe = measure(spawner, tool, inputs, size, probe_docs, 1)
    rate = probe["seconds"] / probe["mb"]  # s per MB
    if rate * inputs.mb(n_all) <= budget_s:
        return measure(spawner, tool, inputs, size, n_all, repeat)
    want_mb = budget_s / rate
    n_docs = max(probe_docs, bisect.bisect_left([inputs.mb(k) for k in range(n_all + 1)], want_mb))
    log(
        f"    {tool}: {1 / rate:.3f} MB/s on {probe['mb'] * 1000:.0f} KB; measuring {n_docs} documents "
        f"({inputs.mb(n_docs) * 1000:.0f} KB) instead of {n_all}"
    )
    return measure(spawner, tool, inputs, size, min(n_docs, n_all), repeat)


# --------------------------------------------------------------------------- node and npm


def textlint_unavailable(log) -> str | None:
    """Why textlint cannot run (None when it can), after `npm ci` from the lockfile when
    node_modules is missing or differs from it."""
    if shutil.which("node") is None:
        return "node not found"
    if _node_modules_current():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found (needed to install textlint from benchmarks/peers/package-lock.json)"
    log("npm ci in benchmarks/peers (textlint, textlint-rule-prh) …")
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=PEERS_DIR, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        return f"npm ci failed: {(done.stderr or done.stdout).strip()[-500:]}"
    return None if _node_modules_current() else "npm ci did not install what package-lock.json lists"


def _node_modules_current() -> bool:
    lock = json.loads((PEERS_DIR / "package-lock.json").read_text(encoding="utf-8"))
    for where, entry in lock.get("packages", {}).items():
        if not where:
            continue
        manifest = PEERS_DIR / where / "package.json"
        if not manifest.exists():
            if entry.get("optional"):
                continue
            return False
        if json.loads(manifest.read_text(encoding="utf-8")).get("version") != entry.get("version"):
            return False
    return True


# --------------------------------------------------------------------------- comparing hits


def compare(reference: list[list], hits: list[list], *, n_docs: int, per_message: bool, docs: list[str]) -> dict:
    """Does the tool find what dilmac finds on the documents it was given? As multisets of
    (document, offset, phrase), or (document, paragraph, phrase) for per-message tools."""
    ref = [h for h in reference if h[0] < n_docs]
    if per_message:
        starts = {}
        projected = []
        for doc, offset, phrase in ref:
            if doc not in starts:
                starts[doc] = [s for s, _ in paragraphs(docs[doc])]
            projected.append((doc, bisect.bisect_right(starts[doc], offset) - 1, phrase))
        expected = Counter(projected)
    else:
        expected = Counter(tuple(h) for h in ref)
    got = Counter(tuple(h) for h in hits)
    only_tool, only_dilmac = got - expected, expected - got
    return {
        "same": not only_tool and not only_dilmac,
        "expected": sum(expected.values()),
        "found": sum(got.values()),
        "only_tool": sum(only_tool.values()),
        "only_dilmac": sum(only_dilmac.values()),
        "examples": [
            f"only {name}: {list(h)}"
            for name, diff in (("tool", only_tool), ("dilmac", only_dilmac))
            for h in sorted(diff)[:5]
        ],
        "granularity": "message" if per_message else "offset",
    }


# --------------------------------------------------------------------------- the run


def run(
    *,
    quick: bool = False,
    sizes=None,
    repeat: int | None = None,
    corpus_bytes: int | None = None,
    budget_s: float | None = BUDGET_S,
    tools=TOOLS,
    keep: Path | None = None,
    log=None,
) -> dict:
    sizes = tuple(sizes or (QUICK_SIZES if quick else FULL_SIZES))
    repeat = repeat or (1 if quick else 3)
    corpus_bytes = corpus_bytes or (QUICK_BYTES if quick else FULL_BYTES)
    budget_s = None if quick else budget_s
    log = log or (lambda msg: None)
    unknown = set(tools) - set(TOOLS)
    if unknown:
        raise ValueError(f"unknown tools: {', '.join(sorted(unknown))} (known: {', '.join(TOOLS)})")
    tools = [t for t in TOOLS if t in tools]
    skipped = {}
    if "textlint+prh" in tools:
        reason = textlint_unavailable(log)
        if reason:
            skipped["textlint+prh"] = reason
            tools.remove("textlint+prh")
            log(f"textlint+prh not run: {reason}")
    import _corpus

    load_before = os.getloadavg()
    corpus = _corpus.corpus("en", corpus_bytes)
    workdir = Path(tempfile.mkdtemp(prefix="dilmac-peers-"))
    spawner = Spawner()
    errors = {}
    try:
        inputs = Inputs(workdir, corpus.docs)
        log(f"corpus: {inputs.mb(len(corpus.docs)):.2f} MB, {len(corpus.docs)} documents, in {workdir}")
        rows, comparisons, dilmac_findings = [], {}, {}
        for size in sizes:
            inputs.add_rules(size)
            log(f"{size} rules")
            measured = {}
            for tool in ["dilmac"] + [t for t in tools if t != "dilmac"]:
                try:
                    if tool == "dilmac CLI":
                        out = measure_cli(spawner, inputs, size, repeat)
                    else:
                        out = measure_within_budget(spawner, tool, inputs, size, repeat, budget_s, log)
                except ToolError as exc:
                    if tool == "dilmac":
                        raise
                    errors[f"{tool}:{size}"] = str(exc)
                    log(f"  {tool:<14} FAILED: {exc}")
                    continue
                measured[tool] = out
                log(
                    f"  {tool:<14} {out['mb'] / out['seconds']:9.3f} MB/s on {out['mb']:.2f} MB, "
                    f"peak {out['peak_mb']:.0f} MB, {len(out['hits'])} hits"
                )
            reference = measured["dilmac"]
            dilmac_findings[size] = {
                "findings": reference["findings"],
                "by_rule": reference["by_rule"],
                "rules": reference["rules"],
            }
            for tool, out in measured.items():
                comparison = (
                    None
                    if tool == "dilmac"
                    else compare(
                        reference["hits"],
                        out["hits"],
                        n_docs=out["docs"],
                        per_message=tool == "pofilter",
                        docs=inputs.docs,
                    )
                )
                if comparison is not None:
                    comparisons[f"{tool}:{size}"] = comparison
                mb_per_s = out["mb"] / out["seconds"]
                rows.append(
                    {
                        "rules": size,
                        "tool": tool,
                        "docs": out["docs"],
                        "mb": round(out["mb"], 4),
                        "sliced": out["docs"] < len(inputs.docs),
                        "seconds": round(out["seconds"], 4),
                        "wall_s": round(out["wall_s"], 4),
                        "mb_per_s": round(mb_per_s, 4),
                        "seconds_whole": round(inputs.mb(len(inputs.docs)) / mb_per_s, 3),
                        "setup_s": None if out["setup_s"] is None else round(out["setup_s"], 3),
                        "peak_mb": round(out["peak_mb"], 1),
                        "hits": len(out["hits"]),
                        "same_hits": None if comparison is None else comparison["same"],
                        "speedup": None
                        if tool.startswith("dilmac")
                        else round(reference["mb"] / reference["seconds"] / mb_per_s, 2),
                        "cold_runs_dropped": out.get("cold_runs_dropped", 0),
                    }
                )
        if keep is not None:
            shutil.copytree(workdir, keep, dirs_exist_ok=True)
    finally:
        spawner.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "benchmark": "peers",
        "quick": quick,
        "repeat": repeat,
        "budget_s": budget_s,
        "corpus": {"lang": "en", "mb": round(inputs.mb(len(corpus.docs)), 3), "documents": len(corpus.docs)},
        "machine": machine(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "sizes": list(sizes),
        "tools": tools,
        "skipped": skipped,
        "rows": rows,
        "comparisons": comparisons,
        "dilmac_findings": dilmac_findings,
        "errors": errors,
        "agree": not errors and all(c["same"] for c in comparisons.values()),
        "verdicts": verdicts(rows, sizes[-1]),
    }


def verdicts(rows: list[dict], size: int) -> dict:
    """The targets, judged for dilmac with the equivalent rule set (term-forbidden alone, full
    findings) when it ran, and for dilmac with every check for information."""
    at = {r["tool"]: r for r in rows if r["rules"] == size}
    out = {"rules": size}
    for key, name in (("equivalent", "dilmac 1 rule"), ("all_rules", "dilmac")):
        if name not in at:
            continue
        dilmac = at[name]
        judged = {}
        if "textlint+prh" in at:
            speedup = dilmac["mb_per_s"] / at["textlint+prh"]["mb_per_s"]
            judged["textlint"] = {
                "speedup": round(speedup, 1),
                "target": TARGET_TEXTLINT_SPEEDUP,
                "verdict": "PASS" if speedup >= TARGET_TEXTLINT_SPEEDUP else "MISS",
            }
        if "pyahocorasick" in at:
            ratio = at["pyahocorasick"]["mb_per_s"] / dilmac["mb_per_s"]  # dilmac's time over pyahocorasick's
            judged["pyahocorasick"] = {
                "time_ratio": round(ratio, 2),
                "target": TARGET_AC_TIME_RATIO,
                "verdict": "PASS" if ratio <= TARGET_AC_TIME_RATIO else "MISS",
            }
        out[key] = judged
    return out


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    except OSError:
        pass
    lock = json.loads((PEERS_DIR / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "date": date.today().isoformat(),
        "commit": _version(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"]),
        "toolkit_modified": bool(
            _version(["git", "-C", str(HERE), "status", "--porcelain", "--untracked-files=no", "--", "../toolkit"])
        ),
        "node": _version(["node", "--version"]) if shutil.which("node") else "not found",
        "textlint": lock["node_modules/textlint"]["version"],
        "textlint-rule-prh": lock["node_modules/textlint-rule-prh"]["version"],
        "prh": lock["node_modules/prh"]["version"],
        "translate-toolkit": _package_version("translate-toolkit"),
        "pyahocorasick": _package_version("pyahocorasick"),
    }


def _times(factor: float | None) -> str:
    if factor is None:
        return ""
    return f"{factor:.2f}x" if factor < 10 else f"{factor:,.0f}x"


def format_report(result: dict) -> str:
    m = result["machine"]
    corpus = result["corpus"]
    lines = [
        f"dilmac side by side — {corpus['mb']:.2f} MB English ({corpus['documents']} documents), "
        f"{m['date']}, commit {m['commit'] or '?'}{' + local changes' if m['toolkit_modified'] else ''}, "
        f"best of {result['repeat']}" + (f", budget {result['budget_s']:g} s a pass" if result["budget_s"] else ""),
        f"machine: {m['cpus']} CPUs, {m['cpu']}, {m['platform']}; Python {m['python']}, node {m['node']}",
        f"load average before/after: {' '.join(map(str, result['load_before']))} / "
        f"{' '.join(map(str, result['load_after']))}",
        f"tools: textlint {m['textlint']} + textlint-rule-prh {m['textlint-rule-prh']} (prh {m['prh']}), "
        f"translate-toolkit {m['translate-toolkit']}, pyahocorasick {m['pyahocorasick']}",
    ]
    for tool, reason in result["skipped"].items():
        lines.append(f"NOT RUN: {tool}: {reason}")
    head = (
        f"{'rules':>5} {'tool':<14} {'MB':>6} {'cpu s':>8} {'wall s':>8} {'MB/s':>8} {'s/corpus':>9} "
        f"{'setup s':>7} {'peak MB':>7} {'hits':>5} {'same hits':>10} {'dilmac x':>9}"
    )
    lines += ["", head, "-" * len(head)]
    for r in result["rows"]:
        mark = "*" if r["sliced"] else " "
        same = "ref" if r["same_hits"] is None else ("yes" if r["same_hits"] else "NO")
        if r["tool"] == "pofilter" and r["same_hits"] is not None:
            same += " (msg)"
        setup = "" if r["setup_s"] is None else format(r["setup_s"], ".2f")
        lines.append(
            f"{r['rules']:>5} {r['tool']:<14} {r['mb']:>5.2f}{mark} {r['seconds']:>8.3f} {r['wall_s']:>8.3f} "
            f"{r['mb_per_s']:>8.3f} {r['seconds_whole']:>8.2f}{mark} {setup:>7} {r['peak_mb']:>7.0f} {r['hits']:>5} "
            f"{same:>10} {_times(r['speedup']):>9}"
        )
    lines += [
        "cpu s: CPU seconds of the best pass over the MB measured (the measuring process, all its threads); "
        "wall s: its best wall time;",
        "MB/s, s/corpus and dilmac x are from cpu s. dilmac: lint_document with all rules, document by "
        "document; dilmac CLI: the whole `dilmac lint DIR --format json`",
        "(start-up, reading, warm termbase cache, JSON). setup s: rules compiled or loaded, outside the "
        "passes (wall). peak MB: the process's maximum resident set.",
        "* measured on the first MB shown (the budget); s/corpus extrapolates its MB/s to the whole corpus.",
        "same hits: equal to dilmac's term-forbidden hits (document, offset, phrase) on the same documents; "
        "pofilter per message. dilmac x: dilmac's MB/s over the tool's.",
    ]
    largest = result["sizes"][-1]
    f = result["dilmac_findings"][largest]
    lines.append(
        f"\ndilmac at {largest} rules: {f['findings']} findings from {len(f['rules'])} rules ("
        + ", ".join(f"{rule} {n}" for rule, n in f["by_rule"].items())
        + ")"
    )
    lines.append("")
    v = result["verdicts"]
    for key, label in (
        ("equivalent", "dilmac with the equivalent rule set (term-forbidden)"),
        ("all_rules", "dilmac with every check (for information)"),
    ):
        judged = v.get(key)
        if judged is None:
            continue
        if "textlint" in judged:
            t = judged["textlint"]
            lines.append(
                f"target: at {v['rules']} rules, {label} >= {t['target']:,.0f}x faster than "
                f"textlint-rule-prh: {t['speedup']:,.1f}x {t['verdict']}"
            )
        else:
            lines.append(f"target: {label} vs textlint-rule-prh: not measured (textlint not run)")
        if "pyahocorasick" in judged:
            a = judged["pyahocorasick"]
            lines.append(
                f"target: at {v['rules']} rules, {label} within {a['target']:g}x of bare pyahocorasick: "
                f"{a['time_ratio']:.2f}x its time {a['verdict']}"
            )
    if v["rules"] != FULL_SIZES[-1]:
        lines.append(f"(the targets are for {FULL_SIZES[-1]} rules; this run's largest rule set is {v['rules']})")
    lines.append("")
    for name, message in result["errors"].items():
        lines.append(f"FAILED {name}: {message}")
    for r in result["rows"]:
        if r["cold_runs_dropped"]:
            lines.append(
                f"{r['tool']} at {r['rules']} rules: {r['cold_runs_dropped']} run(s) found dilmac's source "
                "changed (a new compiled-termbase cache) and were run again"
            )
    if result["agree"]:
        lines.append(
            f"hits: every tool found the same hits as dilmac at every size ({len(result['comparisons'])} comparisons)"
        )
    for name, c in result["comparisons"].items():
        if not c["same"]:
            lines.append(
                f"hits DISAGREE {name}: dilmac {c['expected']}, tool {c['found']} "
                f"(only tool {c['only_tool']}, only dilmac {c['only_dilmac']}, per {c['granularity']})"
            )
            lines += [f"    {e}" for e in c["examples"]]
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_BYTES // 1000} KB corpus, {' and '.join(map(str, QUICK_SIZES))} rules, one pass, no budget",
    )
    parser.add_argument("--sizes", help="comma-separated rule counts (default 10,100,1000,5000)")
    parser.add_argument("--tools", help=f"comma-separated, from: {', '.join(TOOLS)} (dilmac always runs)")
    parser.add_argument("--repeat", type=int, help="timed passes per measurement, best kept (default 3)")
    parser.add_argument("--mb", type=float, help="corpus size in MB (default 5)")
    parser.add_argument(
        "--budget",
        type=float,
        default=BUDGET_S,
        help="seconds a pass may take before a slow tool is measured on part of the corpus (default %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--save", metavar="FILE", help="also write the JSON result to FILE")
    parser.add_argument("--keep", metavar="DIR", help="copy the generated inputs (corpus, PO, rule files) to DIR")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--spawner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spawner:
        serve_spawns()
        return 0
    if args.worker:
        out = WORKERS[args.worker](Path(args.workdir), args.size, args.docs, args.repeat or 1)
        sys.stdout.write(json.dumps(out))
        return 0
    tools = TOOLS if not args.tools else ("dilmac", *args.tools.split(","))
    log = None if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    result = run(
        quick=args.quick,
        sizes=[int(s) for s in args.sizes.split(",")] if args.sizes else None,
        repeat=args.repeat,
        corpus_bytes=int(args.mb * 1e6) if args.mb else None,
        budget_s=args.budget,
        tools=tools,
        keep=Path(args.keep) if args.keep else None,
        log=log,
    )
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_report(result))
    return 0 if result["agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
