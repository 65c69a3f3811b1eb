#!/usr/bin/env python
"""Catalog lint speed: dilmac's bilingual lint of PO catalogs against translate-toolkit's pofilter.

What is measured
----------------
One input folder (a temporary directory) holds generated Azerbaijani and Turkish PO catalogs,
≥ 10 MB in all (--quick: ~0.5 MB), and a copy of the real catalogs of `../shared/data/po`
(when present). In the same run, on that folder:

* dilmac, in process: `lint_paths` with every rule (monolingual and bilingual, the checks
  across catalogs included), best of N runs (3; 1 with --quick), the termbase compiled before;
* dilmac, CLI: `python -m dilmac lint DIR --termbase TB.yaml --format json` in a subprocess,
  the compiled-termbase cache warmed by a first call on one small file (the usual state);
  best of N runs;
* pofilter, CLI: `pofilter --progress=none DIR OUT` with its default checks (translate-toolkit,
  the `dev` extra), which also writes the units that fail into OUT; best of N runs.

Both CLIs read every file, check every message and write their results. Each is timed in wall
seconds and in CPU seconds (user + system, from the operating system's accounting of the child
process): on a shared machine other work stretches wall time at random, CPU time much less, so
the verdict uses the CPU-time ratio pofilter / dilmac CLI; the wall-time ratio is printed next
to it. Target (from the issue): ≥ 4×. Printed as PASS/MISS, never asserted. MB are 10^6 bytes.

The catalogs
------------
Generated from benchmarks/_corpus.py's vocabulary and its termbase of CONCEPTS generated
concepts (written to a YAML file for the CLI): each message is a press-release sentence; most
msgids name one of the bodies and their translation renders it (inflected, sometimes with an
abbreviation), and errors are planted as in real catalogs: a superseded, forbidden or
deprecated rendering (term-wrong), a translation without the name (term-missing), a
python-format placeholder misspelt (placeholder-mismatch: counted as planted, and the smoke
test checks that each is found), interface strings translated two ways in two catalogs
(translation-inconsistent). About 5 % of messages are untranslated, 4 %
fuzzy, 3 % plural, 5 % have a msgctxt; long strings are wrapped at 79 columns like msgcat does.

    python benchmarks/catalog_lint.py            # ~10.5 MB generated + the real catalogs
    python benchmarks/catalog_lint.py --quick    # ~0.5 MB, one run: a smoke test
    python benchmarks/catalog_lint.py --mb 20 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus
from dilmac.lint.pipeline import lint_paths
from dilmac.match.compiled import Compiled
from dilmac.rules import load_rules
from lint_throughput import machine

REAL_PO = HERE.parent.parent / "shared" / "data" / "po"
CONCEPTS = 1000
FULL_BYTES = 10_500_000
QUICK_BYTES = 500_000
CATALOG_BYTES = 1_000_000  # generated catalogs are split into files of about this size
TARGET_RATIO = 4.0
DAY = _corpus.DOC_DAY
WIDTH = 79  # msgcat's default line width

# Interface strings shared by the catalogs of one language, each with two translations in
# use: catalogs pick one or the other, so the same msgid ends up translated two ways.
UI = {
    "az": [
        ("Cancel", "Ləğv et", "İmtina"),
        ("Save", "Yadda saxla", "Saxla"),
        ("Open", "Aç", "Açın"),
        ("Close", "Bağla", "Bağlayın"),
        ("Search", "Axtar", "Axtarış"),
        ("Settings", "Ayarlar", "Tənzimləmələr"),
        ("Delete", "Sil", "Silin"),
        ("Edit", "Redaktə et", "Düzəlt"),
        ("Back", "Geri", "Geriyə"),
        ("Next", "Növbəti", "İrəli"),
        ("Print", "Çap et", "Çap"),
        ("Help", "Kömək", "Yardım"),
    ],
    "tr": [
        ("Cancel", "İptal", "Vazgeç"),
        ("Save", "Kaydet", "Sakla"),
        ("Open", "Aç", "Açın"),
        ("Close", "Kapat", "Kapatın"),
        ("Search", "Ara", "Arama"),
        ("Settings", "Ayarlar", "Seçenekler"),
        ("Delete", "Sil", "Silin"),
        ("Edit", "Düzenle", "Değiştir"),
        ("Back", "Geri", "Önceki"),
        ("Next", "İleri", "Sonraki"),
        ("Print", "Yazdır", "Bas"),
        ("Help", "Yardım", "Destek"),
    ],
}
PLURAL_FORMS = {"az": "nplurals=2; plural=(n != 1);", "tr": "nplurals=2; plural=(n > 1);"}
LANGUAGE_NAMES = {"az": "Azerbaijani", "tr": "Turkish"}
MODULES = "reports news portal registry services events documents staff contacts statistics".split()


# --------------------------------------------------------------------------- generation


def po_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def po_field(keyword: str, text: str) -> str:
    """`keyword "text"`, wrapped like msgcat: an empty first line, then lines of at most WIDTH
    columns broken after spaces."""
    escaped = po_string(text)
    if len(keyword) + len(escaped) + 3 <= WIDTH:
        return f'{keyword} "{escaped}"\n'
    lines, line = [], ""
    for word in escaped.split(" "):
        piece = word if not line else " " + word
        if line and len(line) + len(piece) + 3 > WIDTH:
            lines.append(line + " ")
            line = word
        else:
            line += piece
    lines.append(line)
    return f'{keyword} ""\n' + "".join(f'"{part}"\n' for part in lines)


def _sentence(r: random.Random, lang: str, spec, *, org: bool) -> str:
    _, org_templates, plain_templates = _corpus.VOCAB[lang]
    template = r.choice(org_templates if org else plain_templates)
    out: list[str] = []
    _corpus._sentence(r, lang, template, out, 0, 0, [spec], [])
    return "".join(out).replace("\n", " ")


def catalog(lang: str, index: int, target_bytes: int, pool: list) -> tuple[str, Counter]:
    """One generated catalog of about `target_bytes`, and what was planted in it."""
    r = random.Random(f"catalog-{lang}-{index}")
    weights = [1 / (i + 1) for i in range(len(pool))]
    ui_choice = {msgid: r.random() < 0.5 for msgid, _, _ in UI[lang]}
    planted: Counter = Counter()
    parts = [
        f"# {LANGUAGE_NAMES[lang]} translation of the ministry portal, part {index}.\n",
        'msgid ""\nmsgstr ""\n',
        f'"Project-Id-Version: portal-{index} 1.0\\n"\n"Language: {lang}\\n"\n'
        f'"Language-Team: {LANGUAGE_NAMES[lang]}\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"\n\n',
    ]
    size = sum(len(p.encode()) for p in parts)
    seen: set[tuple[str | None, str]] = set()
    n = 0
    while size < target_bytes:
        n += 1
        entry = [f"#: src/{r.choice(MODULES)}/{r.choice(MODULES)}_{n % 97}.py:{r.randint(10, 2000)}\n"]
        roll = r.random()
        if roll < 0.03:  # an interface string of the shared pool
            msgid, first, second = r.choice(UI[lang])
            if (None, msgid) in seen:
                continue
            seen.add((None, msgid))
            entry += [po_field("msgid", msgid), po_field("msgstr", first if ui_choice[msgid] else second)]
        elif roll < 0.06:  # a plural message
            spec = r.choices(pool, weights=weights)[0]
            noun = r.choice(_corpus.VOCAB["en"][0]["NOUN"])
            name = spec.roles["en"]["preferred"]
            msgid, plural = f"One {noun} of the {name}", f"%d {noun}s of the {name}"
            if (None, msgid) in seen:
                continue
            seen.add((None, msgid))
            target = spec.roles[lang]["preferred"]
            entry += [
                "#, c-format\n",
                po_field("msgid", msgid),
                po_field("msgid_plural", plural),
                po_field("msgstr[0]", f"{target}: bir sənəd" if lang == "az" else f"{target}: bir belge"),
                po_field("msgstr[1]", f"{target}: %d sənəd" if lang == "az" else f"{target}: %d belge"),
            ]
        else:
            spec = r.choices(pool, weights=weights)[0]
            msgid = _sentence(r, "en", spec, org=r.random() < 0.85)
            context = f"{r.choice(MODULES)}-{n}" if r.random() < 0.05 else None
            if (context, msgid) in seen:
                continue
            seen.add((context, msgid))
            names_in_source = any(spec.roles["en"][role] in msgid for role in spec.roles["en"])
            translation = _sentence(r, lang, spec, org=not names_in_source or r.random() > 0.04)
            python_format = r.random() < 0.2
            state = r.random()
            checked = state >= 0.09  # neither untranslated nor fuzzy
            if python_format:
                msgid += " (%(count)d)"
                placeholder = "%(count)d" if r.random() > 0.05 else "%(cuont)d"
                planted["misspelt placeholder"] += checked and placeholder != "%(count)d"
                translation += f" ({placeholder})"
            if state < 0.05:
                translation = ""
                planted["untranslated"] += 1
            elif state < 0.09:
                entry.append("#, fuzzy" + (", python-format\n" if python_format else "\n"))
                planted["fuzzy"] += 1
            if python_format and checked:
                entry.append("#, python-format\n")
            if context:
                entry.append(po_field("msgctxt", context))
            entry += [po_field("msgid", msgid), po_field("msgstr", translation)]
        entry.append("\n")
        text = "".join(entry)
        parts.append(text)
        size += len(text.encode())
    return "".join(parts), planted


def generate(folder: Path, total_bytes: int) -> dict:
    """Generated catalogs (az and tr alternately) into `folder`, plus the termbase YAML."""
    pool = _corpus.specs(_corpus.CORE)
    files = max(2, round(total_bytes / CATALOG_BYTES))
    planted: Counter = Counter()
    for index in range(files):
        lang = ("az", "tr")[index % 2]
        text, counts = catalog(lang, index, total_bytes // files, pool)
        (folder / f"portal-{index:02d}.{lang}.po").write_text(text, encoding="utf-8")
        planted.update(counts)
    return {"files": files, "planted": dict(planted)}


# --------------------------------------------------------------------------- timing


def mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.po")) / 1e6


def time_in_process(folder: Path, compiled: Compiled, repeat: int) -> dict:
    """First and best run (wall and CPU seconds), and the summary of the last run."""
    rules = load_rules()
    walls, cpus, summary = [], [], {}
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run = lint_paths([folder], compiled, day=DAY, rules=rules)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        summary = {
            "findings": len(run.findings),
            "by_rule": dict(Counter(f.rule for f in run.findings)),
            "messages": run.message_counts(),
            "errors": [str(e) for e in run.errors],
        }
    return {"first_s": walls[0], "s": min(walls), "cpu_s": min(cpus), **summary}


def time_cli(command: list[str], repeat: int, env: dict | None = None) -> dict:
    """Best wall and best CPU seconds of `repeat` runs of a command; the last exit status and
    output."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {"s": min(walls), "cpu_s": min(cpus), "rc": done.returncode, "output": done.stdout + done.stderr}


def pofilter_command() -> str | None:
    beside = Path(sys.executable).with_name("pofilter")
    return str(beside) if beside.exists() else shutil.which("pofilter")


def run(*, quick: bool = False, total_bytes: int | None = None, repeat: int | None = None, log=None) -> dict:
    log = log or (lambda msg: None)
    total_bytes = total_bytes or (QUICK_BYTES if quick else FULL_BYTES)
    repeat = repeat or (1 if quick else 3)
    with tempfile.TemporaryDirectory(prefix="dilmac-catalog-bench-") as tmp:
        work = Path(tmp)
        inputs, out, cache = work / "catalogs", work / "pofilter-out", work / "cache"
        inputs.mkdir()
        log(f"generating {total_bytes / 1e6:.1f} MB of catalogs …")
        generated = generate(inputs, total_bytes)
        generated_mb = mb(inputs)
        real = sorted(REAL_PO.glob("*.po")) if REAL_PO.is_dir() else []
        for path in real:
            shutil.copyfile(path, inputs / path.name)
        total_mb = mb(inputs)
        termbase = _corpus.termbase(CONCEPTS)
        termbase_file = work / "termbase.yaml"
        termbase_file.write_text(_corpus.termbase_yaml(CONCEPTS), encoding="utf-8")
        compiled = Compiled.build(termbase)

        log("dilmac in process …")
        in_process = time_in_process(inputs, compiled, repeat)

        log("dilmac CLI …")
        env = {**os.environ, "DILMAC_CACHE_DIR": str(cache)}
        cli = [
            sys.executable,
            "-m",
            "dilmac",
            "lint",
            "--termbase",
            str(termbase_file),
            "--date",
            DAY.isoformat(),
            "--format",
            "json",
        ]
        time_cli(cli + [str(real[0] if real else next(inputs.glob("*.po")))], 1, env)  # fills the cache
        dilmac_cli = time_cli(cli + [str(inputs)], repeat, env)
        output = dilmac_cli.pop("output")
        dilmac_cli["summary"] = (
            json.loads(output[: output.rindex("}") + 1])["summary"] if dilmac_cli["rc"] in (0, 1) else None
        )
        dilmac_cli["output_tail"] = "" if dilmac_cli["summary"] else output[-500:]

        pofilter = pofilter_command()
        pofilter_result = None
        if pofilter:
            log("pofilter …")
            pofilter_result = time_cli([pofilter, "--progress=none", str(inputs), str(out)], repeat)
            pofilter_result["output_tail"] = pofilter_result.pop("output")[-500:]
            pofilter_result["files_with_failures"] = sum(1 for _ in out.rglob("*.po")) if out.is_dir() else 0
    for timing in (in_process, dilmac_cli, pofilter_result):
        if timing:
            timing["mb_per_s"] = total_mb / timing["s"]
            timing["mb_per_cpu_s"] = total_mb / timing["cpu_s"]
    result = {
        "machine": machine(),
        "quick": quick,
        "repeat": repeat,
        "concepts": CONCEPTS,
        "input": {
            "generated_files": generated["files"],
            "generated_mb": generated_mb,
            "real_files": len(real),
            "total_mb": total_mb,
            "planted": generated["planted"],
        },
        "dilmac": in_process,
        "dilmac_cli": dilmac_cli,
        "pofilter": pofilter_result,
        "target_ratio": TARGET_RATIO,
    }
    if pofilter_result:
        result["ratio_cpu"] = pofilter_result["cpu_s"] / dilmac_cli["cpu_s"]
        result["ratio_wall"] = pofilter_result["s"] / dilmac_cli["s"]
        result["ratio_in_process_cpu"] = pofilter_result["cpu_s"] / in_process["cpu_s"]
        result["verdict"] = "PASS" if result["ratio_cpu"] >= TARGET_RATIO else "MISS"
    return result


def format_report(result: dict) -> str:
    m, i, d, c, p = (result["machine"], result["input"], result["dilmac"], result["dilmac_cli"], result["pofilter"])
    lines = [
        f"catalog lint — Python {m['python']}, {m['cpus']} CPUs, {m['date']}, commit {m['commit'] or '?'}"
        f"{' + local changes' if m['toolkit_modified'] else ''}, termbase of {result['concepts']} generated concepts",
        f"input: {i['generated_files']} generated catalogs ({i['generated_mb']:.2f} MB, az and tr) + "
        f"{i['real_files']} real ones = {i['total_mb']:.2f} MB",
        f"messages: {d['messages']}",
        "",
        f"{'tool (best of ' + str(result['repeat']) + ')':<40} {'wall s':>7} {'MB/s':>6} {'CPU s':>7} {'MB/CPU s':>8}",
        "-" * 72,
    ]
    rows = [("dilmac lint, in process", d), ("dilmac lint, CLI", c)]
    if p:
        rows.append(("pofilter, CLI, default checks", p))
    for name, t in rows:
        lines.append(f"{name:<40} {t['s']:>7.2f} {t['mb_per_s']:>6.2f} {t['cpu_s']:>7.2f} {t['mb_per_cpu_s']:>8.2f}")
    lines.append("")
    if p:
        lines.append(
            f"pofilter / dilmac CLI: {result['ratio_cpu']:.1f}× in CPU time (target ≥ {result['target_ratio']:g}×) "
            f"{result['verdict']}; {result['ratio_wall']:.1f}× in wall time; pofilter / dilmac in process: "
            f"{result['ratio_in_process_cpu']:.1f}× in CPU time"
        )
    else:
        lines.append("pofilter not found (pip install -e '.[dev]' installs translate-toolkit): no comparison")
    lines.append(f"dilmac findings: {d['findings']} {dict(sorted(d['by_rule'].items()))}")
    lines.append(f"planted: {i['planted']}")
    if c["output_tail"]:
        lines.append(f"dilmac CLI exit status {c['rc']}: {c['output_tail']}")
    if p and p["rc"] != 0:
        lines.append(f"pofilter exit status {p['rc']}: {p['output_tail']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="~0.5 MB of generated catalogs, one run")
    parser.add_argument("--mb", type=float, help="MB of generated catalogs (default 10.5)")
    parser.add_argument("--repeat", type=int, help="runs of each tool, the best is kept (default 3)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    log = None if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    result = run(quick=args.quick, total_bytes=int(args.mb * 1e6) if args.mb else None, repeat=args.repeat, log=log)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
