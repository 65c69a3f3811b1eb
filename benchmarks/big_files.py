"""Huge inputs in bounded memory: a 200 MB plain-text file and a 100 000-entry PO catalog.

Generates both in a temporary directory, runs `dilmac lint` on each in a subprocess and reports
wall time and the child's peak resident memory (ru_maxrss). The texts name official bodies all
the way through (every paragraph is scanned and matched) and carry one wrong name about every
megabyte, so the run reports findings from the whole file without being flooded by them.

    python benchmarks/big_files.py            # 200 MB text, 100 000 PO entries
    python benchmarks/big_files.py --quick    # 20 MB, 10 000 entries
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "Report {n}. The Director General of the International Organization for Migration was received\n"
    "by the Chief of the State Migration Service of the Republic of Azerbaijan. The sides discussed\n"
    "the Global Compact for Safe, Orderly and Regular Migration. Representatives of the Organization\n"
    "of Turkic States and of Türkiye's Presidency of Migration Management also took part in Baku.\n\n"
)
WRONG = "Report {n}. A delegation of the Turkish Council visited Baku.\n\n"   # term-forbidden
WRONG_EVERY = 2500   # paragraphs (~1 MB)

PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
PO_ENTRY = ('#: site/page.html:{n}\nmsgctxt "item {n}"\n'
            'msgid "The State Migration Service of the Republic of Azerbaijan, report {n}"\n'
            'msgstr "Azerbaycan Cumhuriyeti Devlet Göç Hizmeti, rapor {n}"\n\n')
PO_WRONG = ('msgctxt "wrong {n}"\nmsgid "The State Migration Service, note {n}"\n'
            'msgstr "Devlet Göç Servisi, not {n}"\n\n')   # deprecated rendering
PO_WRONG_EVERY = 10_000


def write_text(path: Path, size: int) -> int:
    """A plain-text file of about `size` bytes; returns the wrong names planted."""
    planted = 0
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        n = 0
        while written < size:
            n += 1
            chunk = PARAGRAPH.format(n=n)
            if n % WRONG_EVERY == 0:
                chunk += WRONG.format(n=n)
                planted += 1
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
    return planted


def write_po(path: Path, entries: int) -> int:
    """A Turkish catalog of `entries` messages; returns the deprecated renderings planted."""
    planted = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(PO_HEADER)
        for n in range(1, entries + 1):
            if n % PO_WRONG_EVERY == 0:
                out.write(PO_WRONG.format(n=n))
                planted += 1
            else:
                out.write(PO_ENTRY.format(n=n))
    return planted


def lint(path: Path, *extra: str) -> dict:
    """`dilmac lint --format json` on one file in a fresh process: wall seconds, the child's peak
    RSS in MB, findings by rule and exit status. Each call runs in its own grandchild so that
    RUSAGE_CHILDREN is this file's peak only."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "proc = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "wall = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'wall': wall, 'rss_kb': rss, 'rc': proc.returncode,"
        " 'stdout': proc.stdout.decode(), 'stderr': proc.stderr.decode()[-2000:]}))\n"
    )
    command = [sys.executable, "-m", "dilmac", "lint", "--format", "json", *extra, str(path)]
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    raw = json.loads(done.stdout)
    if raw["rc"] not in (0, 1):
        raise RuntimeError(f"dilmac lint {path} exited {raw['rc']}: {raw['stderr']}")
    report = json.loads(raw["stdout"])
    by_rule = report["summary"]["by_rule"]
    return {"file_mb": path.stat().st_size / 1e6, "wall_s": round(raw["wall"], 2),
            "peak_rss_mb": round(raw["rss_kb"] / 1024, 1), "findings": report["summary"]["findings"],
            "by_rule": by_rule, "exit": raw["rc"]}


def run(*, text_mb: float = 200, po_entries: int = 100_000, directory: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        tmp_path = Path(tmp)
        text = tmp_path / "big.en.txt"
        planted_text = write_text(text, int(text_mb * 1e6))
        po = tmp_path / "big.tr.po"
        planted_po = write_po(po, po_entries)
        text_row = lint(text)
        text_row["planted"] = planted_text
        po_row = lint(po)
        po_row["planted"] = planted_po
        po_row["entries"] = po_entries
    return {"text": text_row, "po": po_row}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 MB text, 10 000 PO entries")
    parser.add_argument("--text-mb", type=float, help="size of the text file in MB (default 200)")
    parser.add_argument("--po-entries", type=int, help="entries of the PO catalog (default 100 000)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    text_mb = args.text_mb or (20 if args.quick else 200)
    po_entries = args.po_entries or (10_000 if args.quick else 100_000)
    result = run(text_mb=text_mb, po_entries=po_entries)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'input':28} {'MB':>8} {'seconds':>8} {'peak RSS MB':>12} {'findings':>9}")
    for name, row in (("plain text", result["text"]), (f"PO, {po_entries} entries", result["po"])):
        print(f"{name:28} {row['file_mb']:8.1f} {row['wall_s']:8.2f} {row['peak_rss_mb']:12.1f} {row['findings']:9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
