"""Recall and precision of `dilmac.language.morph` on real annotated data.

Data (read in place, never copied): ``<repo>/../shared/data/morph`` (see SOURCES.md there):
the UD Turkish treebanks (BOUN, Kenet, Penn), UD Azerbaijani TueCL, and UniMorph Azerbaijani.

What counts
-----------
A form is *recognised* as a form of lemma L when it starts with ``index_prefix(L)`` and
``suffix_ok(L, form)`` holds, exactly what the matcher does with a term's last word.

UD (CoNLL-U) files:

* Words tagged NOUN or PROPN whose lemma has at least 3 letters (shorter lemmas are pronouns,
  clitics and abbreviations such as "AB" that the termbase would not hold as last words, and
  they make the lemma index ambiguous). Lemma "_" is skipped.
* BOUN disambiguates some lemmas with a parenthesised note (``ad(ı)``, ``an(ıı)``); the note
  is removed.
* Deverbal nouns lemmatised to their verb (``görmeniz`` → ``gör``, ``kullanıcılar`` →
  ``kullan``) are skipped: their FEATS carry ``Polarity=`` or ``VerbForm=``, which only verbal
  forms have. They are derivation, which `suffix_ok` rejects on purpose. Derived nouns without
  such a mark (``denizci`` → ``deniz``, ``insanlık`` → ``insan``) stay in and count as misses.
* Multiword tokens (``4-5  avıdır``): UD splits copulas and -ki off the noun
  (``avı`` + ``dır``, ``arasında`` + ``ki``). The matcher sees the orthographic token, so a noun
  that is the first word of a multiword token is evaluated on the token's surface form
  (``avıdır``), which is harder than the split form. A noun that is *not* first in its multiword
  token (nothing of it is at the start of a written word) is skipped and counted.
* Empty nodes (ids with a dot) are ignored.
* Forms and lemmas are folded with ``dilmac.language.normalize.fold(x, lang)`` (Turkic I/İ, apostrophe
  variants), so capitalised PROPN lemmas (``Türkiye``) and forms (``Türkiye'nin``) compare.
* A lemma written in capitals (``SASA``, ``ABD``) is passed with ``abbr=True``: the termbase marks
  abbreviations, so the matcher knows this too. ``compound`` is always False: UD lemmas are
  dictionary forms, not izafet forms.
* Words whose form contains a digit are skipped (numbers tagged NOUN: ``1990'lı``).
* Quotes/apostrophes glued to the start or end of a form or lemma (``'bonbon``, ``şimdi"``)
  are removed: the matcher's word boundary is inside them.

UniMorph Azerbaijani (``aze``, lemma TAB form TAB features): lines whose feature bundle starts
with ``N`` (nouns); a handful of malformed lines (adjective + noun split over the columns,
features = a word) and the verb paradigms are excluded by that. Duplicate (lemma, form) pairs
(one form, several feature bundles) are counted once.

The candidate step compares skeletons (``normalize.skeleton``), as the matcher's scan of the
skeleton layer does, so that a lemma spelled with a circumflex (``hâl``) is a candidate for
``haline``; the verification, ``suffix_ok``, is strict (not ``loose``).

Recall = recognised / evaluated forms. Precision: every lemma of the file is indexed under its
``index_prefix``; each evaluated form is looked up under each of its prefixes, and each lemma L
found with ``suffix_ok(L, form)`` is a prediction, correct when L is the form's gold lemma.
Precision = correct predictions / all predictions. Real ambiguity (tr ``kaza`` is also
``kaz`` + dative) counts against precision, so it is a lower bound on what a termbase of long
institution names sees.

The same recall and precision are also measured through the real matcher (``matcher R``,
``matcher P``): a termbase whose terms are the lemmas, each form scanned as a text, recognised
when an exact occurrence of its gold lemma covers the whole form. This is what the issue asks
for ("a termbase made of the lemmas"), and it exercises the index keys, the skeleton scan, the
word boundaries and the separators as well as `morph`.

Usage: ``python benchmarks/morph_recall.py [--json] [--data DIR] [--failures N] [FILE ...]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "morph"

try:
    from dilmac.language import morph
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(REPO / "toolkit"))
    from dilmac.language import morph
from dilmac.language.normalize import fold, skeleton
from dilmac.match.matcher import TermIndex
from dilmac.termbase.model import Term

FILES = (
    "tr_boun-ud-test.conllu",
    "tr_boun-ud-dev.conllu",
    "tr_kenet-ud-test.conllu",
    "tr_kenet-ud-dev.conllu",
    "tr_penn-ud-test.conllu",
    "tr_penn-ud-dev.conllu",
    "az_tuecl-ud-test.conllu",
    "aze",
)

NOMINAL = frozenset({"NOUN", "PROPN"})
_NOTE = re.compile(r"\([^)]*\)")
_OPENERS = "'\"‘“«`"


def _letters(s: str) -> int:
    return sum(1 for ch in s if ch.isalpha())


def _is_abbr(raw_lemma: str) -> bool:
    return _letters(raw_lemma) >= 2 and raw_lemma.isupper()


def read_conllu(path: Path, lang: str) -> tuple[list[tuple[str, str, bool]], Counter]:
    """(folded form, folded lemma, abbr) for each evaluated nominal word, and skip counts."""
    items: list[tuple[str, str, bool]] = []
    skipped: Counter = Counter()
    mwt: tuple[int, int, str] | None = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                mwt = None
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                continue
            wid = cols[0]
            if "-" in wid:
                a, b = wid.split("-")
                mwt = (int(a), int(b), cols[1])
                continue
            if "." in wid:
                continue
            i = int(wid)
            form, lemma, upos = cols[1], _NOTE.sub("", cols[2]), cols[3]
            in_mwt = mwt is not None and mwt[0] <= i <= mwt[1]
            if mwt is not None and i > mwt[1]:
                mwt = None
            if upos not in NOMINAL:
                continue
            if lemma == "_" or _letters(lemma) < 3:
                skipped["lemma shorter than 3 letters"] += 1
                continue
            feats = cols[5] if len(cols) > 5 else "_"
            if "Polarity=" in feats or "VerbForm=" in feats:
                skipped["deverbal noun (verb lemma)"] += 1
                continue
            if in_mwt:
                if i != mwt[0]:
                    skipped["not first word of a multiword token"] += 1
                    continue
                form = mwt[2]
                skipped["evaluated on multiword token surface"] += 1
            if any(ch.isdigit() for ch in form):
                skipped["form with digits"] += 1
                continue
            form = form.strip(_OPENERS)
            lemma = lemma.strip(_OPENERS)
            if not form or not lemma:
                continue
            items.append((fold(form, lang), fold(lemma, lang), _is_abbr(lemma)))
    return items, skipped


def read_unimorph(path: Path, lang: str) -> tuple[list[tuple[str, str, bool]], Counter]:
    items: list[tuple[str, str, bool]] = []
    skipped: Counter = Counter()
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 3:
                skipped["malformed line"] += 1
                continue
            lemma, form, feats = cols
            if feats.split(";")[0] != "N":
                skipped["not a noun"] += 1
                continue
            key = (fold(form, lang), fold(lemma, lang))
            if key in seen:
                skipped["duplicate (lemma, form)"] += 1
                continue
            seen.add(key)
            items.append((key[0], key[1], _is_abbr(lemma)))
    return items, skipped


def _lang_of(path: Path) -> str:
    name = path.name
    return "az" if name.startswith(("az_", "aze")) else "tr"


def measure(path: str | Path, *, failures: int = 0) -> dict:
    """Recall/precision of one data file; see the module docstring."""
    path = Path(path)
    lang = _lang_of(path)
    reader = read_unimorph if path.suffix != ".conllu" else read_conllu
    items, skipped = reader(path, lang)
    t0 = time.perf_counter()

    index: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    for _form, lemma, abbr in items:
        index[skeleton(morph.index_prefix(lang, lemma, abbr=abbr))].add((lemma, abbr))

    recognised = 0
    missed: Counter = Counter()
    for form, lemma, abbr in items:
        prefix = skeleton(morph.index_prefix(lang, lemma, abbr=abbr))
        if skeleton(form).startswith(prefix) and morph.suffix_ok(lang, lemma, form, abbr=abbr):
            recognised += 1
        else:
            missed[(lemma, form)] += 1

    gold: dict[str, set[str]] = defaultdict(set)
    for form, lemma, _abbr in items:
        gold[form].add(lemma)
    predictions = correct = 0
    wrong: Counter = Counter()
    cache: dict[str, set[str]] = {}
    for form, lemma, _abbr in items:
        found = cache.get(form)
        if found is None:
            found = set()
            skel = skeleton(form)
            for i in range(1, len(form) + 1):
                for cand, cabbr in index.get(skel[:i], ()):
                    if morph.suffix_ok(lang, cand, form, abbr=cabbr):
                        found.add(cand)
            cache[form] = found
        predictions += len(found)
        if lemma in found:
            correct += 1
        for cand in found:
            if cand != lemma:
                wrong[(cand, form)] += 1
    matcher = _through_matcher(items, lang)
    elapsed = time.perf_counter() - t0
    n = len(items)
    result = {
        "file": path.name,
        "lang": lang,
        "forms": n,
        "recognised": recognised,
        "recall": recognised / n if n else 0.0,
        "predictions": predictions,
        "correct_predictions": correct,
        "precision": correct / predictions if predictions else 0.0,
        "lemmas": len({lemma for _f, lemma, _a in items}),
        "skipped": dict(skipped),
        "seconds": round(elapsed, 3),
        **matcher,
    }
    if failures:
        result["missed"] = [f"{lemma} -> {form} ({c})" for (lemma, form), c in missed.most_common(failures)]
        result["false_predictions"] = [f"{cand} <- {form} ({c})" for (cand, form), c in wrong.most_common(failures)]
    return result


def _through_matcher(items: list[tuple[str, str, bool]], lang: str) -> dict:
    """The same measurement through the real matcher: a termbase whose terms are the lemmas,
    each form scanned as a text. A form is recognised when an occurrence of its gold lemma
    covers the whole form; every lemma whose occurrence covers it is a prediction."""
    terms = {}
    for _form, lemma, abbr in items:
        terms.setdefault(
            (lemma, abbr),
            Term(concept_id=lemma, lang=lang, text=lemma, status="preferred", type="abbreviation" if abbr else "full"),
        )
    index = TermIndex(terms.values())
    covering: dict[str, set[str]] = {}
    recognised = predictions = correct = 0
    for form, lemma, _abbr in items:
        if form not in covering:
            covering[form] = {
                o.term.concept_id
                for o in index.scan(form, lang)
                if o.lang == lang and o.start == 0 and o.end == len(form) and o.exact
            }
        found = covering[form]
        recognised += lemma in found
        predictions += len(found)
        correct += lemma in found
    n = len(items)
    return {
        "matcher_recall": recognised / n if n else 0.0,
        "matcher_precision": correct / predictions if predictions else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="data files (default: all known files under --data)")
    ap.add_argument("--data", type=Path, default=DATA, help=f"data folder (default {DATA})")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--failures", type=int, default=0, metavar="N", help="list N misses and false predictions")
    args = ap.parse_args(argv)
    paths = [Path(f) for f in args.files] or [args.data / f for f in FILES if (args.data / f).exists()]
    if not paths:
        print(f"no data under {args.data}", file=sys.stderr)
        return 2
    results = [measure(p, failures=args.failures) for p in paths]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{'file':<26} {'lang':<4} {'forms':>6} {'recall':>7} {'precision':>9} {'predictions':>11} {'lemmas':>6} "
        f"{'matcher R':>9} {'matcher P':>9} {'sec':>6}"
    )
    for r in results:
        print(
            f"{r['file']:<26} {r['lang']:<4} {r['forms']:>6} {r['recall']:>7.4f} {r['precision']:>9.4f} "
            f"{r['predictions']:>11} {r['lemmas']:>6} {r['matcher_recall']:>9.4f} {r['matcher_precision']:>9.4f} "
            f"{r['seconds']:>6.2f}"
        )
    for r in results:
        if r.get("skipped"):
            print(f"  {r['file']}: " + ", ".join(f"{k}: {v}" for k, v in sorted(r["skipped"].items())))
        for key in ("missed", "false_predictions"):
            if r.get(key):
                print(f"  {r['file']} {key}: " + "; ".join(r[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
