"""Huge inputs in bounded memory: a 200 MB plain-text file, PO catalogs of 100 000 and 200 000
entries, XLIFF 1.2 and 2.0 files of 100 000 units.

Generates each in a temporary directory, runs `dilmac lint` on it in a subprocess and reports
wall time and the child's peak resident memory (ru_maxrss). The texts name official bodies all
the way through (every paragraph and message is scanned and matched) and carry one wrong name
about every megabyte (every 10 000 messages), so the run reports findings from the whole file
without being flooded by them. Files over 8 MB are linted block by block; the catalog sizes
twice over show whether memory still grows with the messages.

    python benchmarks/big_files.py            # 200 MB text, 100 000 + 200 000 PO entries, 100 000 XLIFF units
    python benchmarks/big_files.py --quick    # 20 MB, 10 000 + 20 000 entries, 10 000 units, streamed above 1 MB
    python benchmarks/big_files.py --read-whole   # also the 100 000-message catalogs read whole
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PARAGRAPH = (
    "Report {n}. The Director General of the International Organization for Migration was received\n"
    "by the Chief of the State Migration Service of the Republic of Azerbaijan. The sides discussed\n"
    "the Global Compact for Safe, Orderly and Regular Migration. Representatives of the Organization\n"
    "of Turkic States and of Türkiye's Presidency of Migration Management also took part in Baku.\n\n"
)
WRONG = "Report {n}. A delegation of the Turkish Council visited Baku.\n\n"  # term-forbidden
WRONG_EVERY = 2500  # paragraphs (~1 MB)

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
PO_ENTRY = (
    '#: site/page.html:{n}\nmsgctxt "item {n}"\n'
    'msgid "The State Migration Service of the Republic of Azerbaijan, report {n}"\n'
    'msgstr "Azerbaycan Devlet Migrasya Hizmeti, rapor {n}"\n\n'
)
PO_WRONG = (
    'msgctxt "wrong {n}"\nmsgid "The State Migration Service, note {n}"\n'
    'msgstr "Devlet Göç Servisi, not {n}"\n\n'
)  # deprecated rendering
PO_WRONG_EVERY = 10_000

XLIFF_12_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
    'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file source-language="en" '
    'target-language="tr" datatype="plaintext" original="site">\n    <body>\n'
)
XLIFF_12_UNIT = (
    '      <trans-unit id="{id} {n}">\n        <source>{source}</source>\n'
    '        <target state="translated">{target}</target>\n      </trans-unit>\n'
)
XLIFF_12_TAIL = "    </body>\n  </file>\n</xliff>\n"
XLIFF_20_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" '
    'xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="tr">\n  <file id="site">\n'
)
XLIFF_20_UNIT = (
    '    <unit id="{id} {n}">\n      <segment state="translated">\n        <source>{source}</source>\n'
    "        <target>{target}</target>\n      </segment>\n    </unit>\n"
)
XLIFF_20_TAIL = "  </file>\n</xliff>\n"
RIGHT = (
    "item",
    "The State Migration Service of the Republic of Azerbaijan, report {n}",
    "Azerbaycan Devlet Migrasya Hizmeti, rapor {n}",
)
DEPRECATED = ("wrong", "The State Migration Service, note {n}", "Devlet Göç Servisi, not {n}")


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


def write_xliff(path: Path, units: int, version: str = "1.2") -> int:
    """An XLIFF file (en → tr) of `units` units; returns the deprecated renderings planted."""
    head, unit, tail = (
        (XLIFF_12_HEAD, XLIFF_12_UNIT, XLIFF_12_TAIL)
        if version == "1.2"
        else (XLIFF_20_HEAD, XLIFF_20_UNIT, XLIFF_20_TAIL)
    )
    planted = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(head)
        for n in range(1, units + 1):
            kind, source, target = DEPRECATED if n % PO_WRONG_EVERY == 0 else RIGHT
            planted += kind == "wrong"
            out.write(unit.format(id=kind, n=n, source=source.format(n=n), target=target.format(n=n)))
        out.write(tail)
    return planted


def lint(path: Path, *extra: str, stream_above: int | None = None) -> dict:
    """`dilmac lint --format json` on one file in a fresh process: wall seconds, the child's peak
    RSS in MB, findings by rule and exit status. Each call runs in its own grandchild so that
    RUSAGE_CHILDREN is this file's peak only. `stream_above`: the size in bytes over which the
    child lints files block by block, instead of dilmac's 8 MB."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "proc = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "wall = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'wall': wall, 'rss_kb': rss, 'rc': proc.returncode,"
        " 'stdout': proc.stdout.decode(), 'stderr': proc.stderr.decode()[-2000:]}))\n"
    )
    if stream_above is None:
        dilmac = [sys.executable, "-m", "dilmac"]
    else:
        dilmac = [
            sys.executable,
            "-c",
            "import sys, dilmac.lint.pipeline; dilmac.lint.pipeline.STREAM_ABOVE = int(sys.argv.pop(1)); "
            "from dilmac.cli.main import main; main()",
            str(stream_above),
        ]
    command = [*dilmac, "lint", "--format", "json", *extra, str(path)]
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    raw = json.loads(done.stdout)
    if raw["rc"] not in (0, 1):
        raise RuntimeError(f"dilmac lint {path} exited {raw['rc']}: {raw['stderr']}")
    report = json.loads(raw["stdout"])
    by_rule = report["summary"]["by_rule"]
    return {
        "file_mb": path.stat().st_size / 1e6,
        "wall_s": round(raw["wall"], 2),
        "peak_rss_mb": round(raw["rss_kb"] / 1024, 1),
        "findings": report["summary"]["findings"],
        "by_rule": by_rule,
        "exit": raw["rc"],
    }


def run(
    *,
    text_mb: float = 200,
    po_entries: tuple[int, ...] = (100_000, 200_000),
    xliff_units: int = 100_000,
    stream_above: int | None = None,
    read_whole: bool = False,
    directory: Path | None = None,
) -> dict:
    """Each input written, linted and deleted in turn (the largest hold hundreds of MB). Rows:
    name → lint()'s report plus what was planted."""
    rows = {}
    catalogs = [(f"PO, {n} entries", "big.tr.po", write_po, (n,)) for n in po_entries]
    catalogs += [
        (f"XLIFF {version}, {xliff_units} units", f"big-{version}.xlf", write_xliff, (xliff_units, version))
        for version in ("1.2", "2.0")
    ]
    inputs = [("plain text", "big.en.txt", write_text, (int(text_mb * 1e6),)), *catalogs]
    whole = 10**12  # a threshold no file reaches: read whole
    if read_whole:  # the first PO catalog and the XLIFF files
        compared = [catalogs[0], *catalogs[len(po_entries) :]]
        inputs += [(f"{name}, read whole", file, write, args, whole) for name, file, write, args in compared]
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        for name, file, write, args, *threshold in inputs:
            path = Path(tmp) / file
            planted = write(path, *args)
            row = lint(path, stream_above=threshold[0] if threshold else stream_above)
            path.unlink()
            row["planted"] = planted
            rows[name] = row
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="20 MB text, 10 000 and 20 000 PO entries, 10 000 XLIFF units, streamed above 1 MB",
    )
    parser.add_argument("--text-mb", type=float, help="size of the text file in MB (default 200)")
    parser.add_argument(
        "--po-entries", type=int, nargs="+", help="entries of the PO catalogs (default 100 000 200 000)"
    )
    parser.add_argument("--xliff-units", type=int, help="units of the XLIFF files (default 100 000)")
    parser.add_argument("--stream-above", type=float, help="lint files over this many MiB block by block (default 8)")
    parser.add_argument(
        "--read-whole",
        action="store_true",
        help="also lint the smallest PO catalog and the XLIFF files read whole, for comparison",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    text_mb = args.text_mb or (20 if args.quick else 200)
    po_entries = tuple(args.po_entries or ((10_000, 20_000) if args.quick else (100_000, 200_000)))
    xliff_units = args.xliff_units or (10_000 if args.quick else 100_000)
    stream_above = args.stream_above or (1 if args.quick else None)
    result = run(
        text_mb=text_mb,
        po_entries=po_entries,
        xliff_units=xliff_units,
        read_whole=args.read_whole,
        stream_above=None if stream_above is None else int(stream_above * (1 << 20)),
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'input':40} {'MB':>8} {'seconds':>8} {'peak RSS MB':>12} {'findings':>9} {'planted':>8}")
    for name, row in result.items():
        print(
            f"{name:40} {row['file_mb']:8.1f} {row['wall_s']:8.2f} {row['peak_rss_mb']:12.1f} "
            f"{row['findings']:9} {row['planted']:8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
