"""Precision and recall of `dilmac lint` on real press releases (issue 13).

Lints every text of ``../shared/data/press`` (see its part of ``../shared/data/SOURCES.md``)
with the date ``MANIFEST.tsv`` gives it, through the library (``lint_text``), and compares the
findings with the reviews:

- ``findings-reviewed.tsv``: every finding of the 2026-12 release, reviewed (TP, FP,
  debatable, convention) — a reviewed TP must still be reported, a reviewed FP must be gone;
- ``benchmarks/press-review.tsv`` (in this repository): our own review of every finding the
  reviewed file does not list (file, line, column, rule, found text, verdict, reason);
- ``missed.tsv``: errors no finding reported; a miss counts as caught when a finding covers
  one of its spellings.

A finding matches a review when file, rule and line agree and the spans overlap (a fix of the
rule may shorten or lengthen the span, e.g. by its suffix). Precision is over warnings and
errors: TP / (TP + FP); debatable and convention verdicts are left out. Findings nobody has
reviewed are listed: review them in press-review.tsv.

    .venv/bin/python benchmarks/press_precision.py            # the table
    .venv/bin/python benchmarks/press_precision.py --list     # + every finding with its verdict

Skips (exit 0, with a message) when ``../shared/data/press`` is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRESS = REPO.parent / "shared" / "data" / "press"
OWN_REVIEW = REPO / "benchmarks" / "press-review.tsv"
COUNTED = ("warning", "error")  # severities precision is measured on


@dataclass(frozen=True)
class Review:
    file: str
    line: int
    column: int
    rule: str
    found: str
    verdict: str  # TP, FP, debatable, convention
    reason: str
    source: str  # "reviewed" (the shared file) or "own" (press-review.tsv)

    def covers(self, file: str, rule: str, line: int, column: int, length: int) -> bool:
        if (file, rule, line) != (self.file, self.rule, self.line):
            return False
        return column < self.column + max(len(self.found), 1) and self.column < column + max(length, 1)


@dataclass
class Result:
    findings: list[tuple[str, object, Review | None]] = field(default_factory=list)  # file, finding, review
    reviewed_tp_lost: list[Review] = field(default_factory=list)
    reviewed_fp_left: list[Review] = field(default_factory=list)
    misses: list[tuple[str, str, bool]] = field(default_factory=list)  # file, spelling, caught
    seconds: float = 0.0

    def counted(self) -> list[tuple[str, object, Review | None]]:
        return [item for item in self.findings if str(item[1].severity) in COUNTED]

    def precision(self) -> tuple[int, int, int]:
        """(TP, FP, unreviewed) among the warnings and errors."""
        verdicts = Counter(review.verdict if review else None for _, _, review in self.counted())
        return verdicts["TP"], verdicts["FP"], verdicts[None]

    def misses_caught(self) -> tuple[int, int]:
        rows: dict[tuple[str, int], bool] = {}
        for file, spelling, caught in self.misses:
            key = (file, spelling.split("\x00")[0])
            rows[key] = rows.get(key, False) or caught
        return sum(rows.values()), len(rows)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_reviews(press: Path, own: Path) -> list[Review]:
    reviews = [
        Review(r["file"], int(r["line"]), int(r["col"]), r["rule"], r["found"], r["verdict"], r["reason"], "reviewed")
        for r in read_tsv(press / "findings-reviewed.tsv")
    ]
    if own.is_file():
        for r in read_tsv(own):
            line, _, column = r["line:col"].partition(":")
            reviews.append(
                Review(r["file"], int(line), int(column), r["rule"], r["found"], r["verdict"], r["reason"], "own")
            )
    return reviews


def _miss_spellings(found_text: str) -> list[str]:
    """The spellings a missed.tsv row names: separated by ';' or ' / '."""
    parts = [p.strip() for chunk in found_text.split(";") for p in chunk.split(" / ")]
    return [p for p in parts if p]


def evaluate(press: Path = PRESS, own: Path = OWN_REVIEW) -> Result:
    import time

    from dilmac.lint.pipeline import lint_text
    from dilmac.match.compiled import load
    from dilmac.termbase.model import builtin_dir

    compiled = load([builtin_dir()], use_cache=False)
    reviews = load_reviews(press, own)
    result = Result()
    by_file: dict[str, list] = {}
    began = time.perf_counter()
    for row in read_tsv(press / "MANIFEST.tsv"):
        text = (press / row["file"]).read_text(encoding="utf-8")
        findings = lint_text(text, compiled, lang=row["lang"], day=date.fromisoformat(row["date"]), path=row["file"])
        by_file[row["file"]] = (text, findings)
    result.seconds = time.perf_counter() - began
    for file, (_text, findings) in by_file.items():
        for finding in findings:
            length = len(finding.found.split("\n")[0])
            review = next(
                (
                    r
                    for r in reviews
                    if r.covers(file, finding.rule, finding.line, finding.column, length) and r.source == "reviewed"
                ),
                None,
            ) or next((r for r in reviews if r.covers(file, finding.rule, finding.line, finding.column, length)), None)
            result.findings.append((file, finding, review))
    matched = {id(r) for _, _, r in result.findings if r is not None}
    for review in reviews:
        if review.source != "reviewed" or id(review) in matched:
            continue
        if review.verdict == "TP":
            result.reviewed_tp_lost.append(review)
    for _, _finding, review in result.findings:
        if review is not None and review.source == "reviewed" and review.verdict == "FP":
            result.reviewed_fp_left.append(review)
    for row in read_tsv(press / "missed.tsv"):
        text, findings = by_file[row["file"]]
        for spelling in _miss_spellings(row["found_text"]):
            caught = False
            at = text.find(spelling)
            while at != -1 and not caught:
                caught = any(f.start < at + len(spelling) and at < f.end for f in findings)
                at = text.find(spelling, at + 1)
            result.misses.append((row["file"], row["found_text"] + "\x00" + spelling, caught))
    return result


def print_report(result: Result, listing: bool = False, out=sys.stdout) -> None:
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for file, finding, review in result.findings:
        lang = file.split("/")[0]
        key = (finding.rule, lang)
        counted = str(finding.severity) in COUNTED
        if review is None:
            table[key]["new" if counted else "new info"] += 1
        elif review.verdict in ("debatable", "convention"):
            table[key]["debatable/conv"] += 1
        else:
            column = f"{review.verdict} {'reviewed' if review.source == 'reviewed' else 'own'}"
            table[key][column + ("" if counted else " (info)")] += 1
    for review in result.reviewed_tp_lost:
        table[(review.rule, review.file.split("/")[0])]["TP lost"] += 1
    columns = [
        "TP reviewed",
        "TP own",
        "FP reviewed",
        "FP own",
        "debatable/conv",
        "new",
        "TP lost",
        "TP reviewed (info)",
        "TP own (info)",
        "FP reviewed (info)",
        "FP own (info)",
        "new info",
    ]
    columns = [c for c in columns if any(counter[c] for counter in table.values())]
    print(f"{'rule':<22}{'lang':<5}" + "".join(f"{c:>20}" for c in columns), file=out)
    for (rule, lang), counter in sorted(table.items()):
        print(f"{rule:<22}{lang:<5}" + "".join(f"{counter[c]:>20}" for c in columns), file=out)
    tp, fp, unreviewed = result.precision()
    caught, total = result.misses_caught()
    spellings = sum(1 for *_, c in result.misses if c)
    print(file=out)
    print(f"warnings+errors: {tp} TP, {fp} FP, {unreviewed} not reviewed (debatable/convention left out)", file=out)
    if tp + fp:
        print(f"precision: {100 * tp / (tp + fp):.1f} %", file=out)
    print(
        f"reviewed TP lost: {len(result.reviewed_tp_lost)}; reviewed FP left: {len(result.reviewed_fp_left)}", file=out
    )
    print(f"missed.tsv caught: {caught} of {total} rows ({spellings} of {len(result.misses)} spellings)", file=out)
    print(
        f"lint time: {result.seconds:.2f} s for {len({f for f, _, _ in result.findings})} files with findings", file=out
    )
    for review in result.reviewed_tp_lost:
        print(f"  TP lost: {review.file}:{review.line}:{review.column} {review.rule} {review.found!r}", file=out)
    for review in result.reviewed_fp_left:
        print(f"  FP left: {review.file}:{review.line}:{review.column} {review.rule} {review.found!r}", file=out)
    for file, spelling, caught in result.misses:
        print(f"  miss {'caught' if caught else 'still missed'}: {file} {spelling.split(chr(0))[1]!r}", file=out)
    for file, finding, review in result.findings:
        if review is None or listing:
            verdict = f"{review.verdict} ({review.source})" if review else "NOT REVIEWED"
            print(
                f"  {verdict}: {file}\t{finding.line}:{finding.column}\t{finding.rule}\t{finding.severity}\t"
                f"{finding.found!r} -> {finding.suggestions} | {finding.message}",
                file=out,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list every finding with its verdict")
    parser.add_argument("--press", type=Path, default=PRESS, help="the press folder (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.press / "MANIFEST.tsv").is_file():
        print(f"SKIP: the press texts are not at {args.press} (see ../shared/data/SOURCES.md)")
        return 0
    print_report(evaluate(args.press), listing=args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
