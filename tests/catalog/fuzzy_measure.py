"""Fuzzy matching of `catalog update` against GNU msgmerge on a real catalog: a template in
which messages changed as sources change (a word replaced, added or dropped, punctuation or
case changed, a sentence appended) and some left or are new, merged into the same catalog by
both; the fuzzy sets are compared. Used by tests/catalog/test_catalog_update.py and by
benchmarks/fuzzy_matching.py, which records the numbers."""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib

from dilmac.catalog.io import new_catalog, parse_catalog, read_catalog, write_catalog
from dilmac.catalog.merge import update_catalog


def _edit(msgid: str, rnd: random.Random) -> str:
    words = msgid.split(" ")
    choice = rnd.choice(["replace", "add", "drop", "punctuation", "case", "append"])
    k = rnd.randrange(len(words))
    if choice == "replace":
        words[k] = rnd.choice(["file", "folder", "item", "account", "service", "the"])
    elif choice == "add":
        words.insert(k, rnd.choice(["new", "all", "selected", "your"]))
    elif choice == "drop" and len(words) > 1:
        del words[k]
    elif choice == "punctuation":
        return msgid.rstrip(".:!?") + rnd.choice([".", ":", "…", "!"])
    elif choice == "case":
        return msgid[:1].swapcase() + msgid[1:]
    else:
        return msgid + " " + rnd.choice(["Try again.", "See the log.", "(optional)"])
    return " ".join(words)


def changed_template(catalog: polib.POFile, seed: str) -> polib.POFile:
    """The catalog's messages with 10% gone, 20% edited and a few new ones."""
    rnd = random.Random(seed)
    template = new_catalog()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2025-01-01 00:00+0000"}
    taken = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgid or rnd.random() < 0.1:
            continue
        msgid = _edit(entry.msgid, rnd) if rnd.random() < 0.2 else entry.msgid
        if (entry.msgctxt, msgid) in taken:
            continue
        taken.add((entry.msgctxt, msgid))
        template.append(
            polib.POEntry(
                msgid=msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                occurrences=entry.occurrences,
                flags=[f for f in entry.flags if f != "fuzzy"],
            )
        )
    for k in range(5):
        template.append(polib.POEntry(msgid=f"A message written for release {k} of the site"))
    return template


@dataclass
class Measured:
    catalog: str
    new: int  # msgids of the template not in the catalog
    msgmerge: set  # of those, the ones msgmerge gave a fuzzy translation
    dilmac: set
    same_source: int  # both fuzzy, from the same old msgid

    def row(self) -> str:
        both = len(self.msgmerge & self.dilmac)
        return (
            f"| {self.catalog} | {self.new} | {len(self.msgmerge)} | {len(self.dilmac)} | {both} | "
            f"{len(self.msgmerge - self.dilmac)} | {len(self.dilmac - self.msgmerge)} | {self.same_source} |"
        )


def measure(path: Path, work: Path, msgmerge: str = "msgmerge") -> Measured:
    catalog = read_catalog(path)
    old = {(e.msgctxt, e.msgid) for e in catalog}
    template = changed_template(catalog, path.name)
    pot = work / f"{path.stem}.pot"
    write_catalog(template, pot)
    merged = subprocess.run(
        [msgmerge, "-q", "--previous", "-o", "-", str(path), str(pot)], capture_output=True, text=True, check=True
    )
    theirs = {
        (e.msgctxt, e.msgid): e
        for e in parse_catalog(merged.stdout, "msgmerge")
        if not e.obsolete and (e.msgctxt, e.msgid) not in old and e.fuzzy
    }
    update_catalog(catalog, template)
    ours = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete and (e.msgctxt, e.msgid) not in old and e.fuzzy}
    new = sum(1 for e in template if (e.msgctxt, e.msgid) not in old)
    same = sum(1 for key in theirs.keys() & ours.keys() if theirs[key].previous_msgid == ours[key].previous_msgid)
    return Measured(path.name, new, set(theirs), set(ours), same)
