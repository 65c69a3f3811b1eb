"""The names real press releases use most (issue 14): where a name of
``../shared/research/names-missing-in-real-texts-2026-12.tsv`` stands in a text of
``../shared/data/press``, the shipped termbase finds it there (`dilmac terms` reports an
occurrence covering it).

A row of that file gives a name's renderings separated by " / ", with explanations in
brackets; each rendering of four letters or more is looked for as a whole word. Skips without
../shared (fails under DILMAC_REQUIRE_DATA=1, see tests/conftest.py)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

NAMES_FILE = "research/names-missing-in-real-texts-2026-12.tsv"
# Renderings in the names file that are common nouns on their own: a press release writes
# them for many things, so the termbase does not claim them.
GENERIC = {
    "Summit": "the OTS summit is named with its number or place; 'Summit' alone is a common noun",
    "Gendarmerie": "Türkiye's Gendarmerie General Command is named in full; 'Gendarmerie' alone is generic",
    "Missiya rəhbəri": "'head of mission' of any mission; the IOM's is named with the organisation",
}


def renderings(name: str) -> list[str]:
    parts = (re.sub(r"\s*\([^)]*\)", "", part).strip() for part in name.split(" / "))
    return [part for part in parts if len(part) >= 4 and part not in GENERIC]


@pytest.fixture(scope="module")
def press_occurrences(shared_data) -> dict[str, list[dict]]:
    """`dilmac terms` over each language's press texts: file (lang/name) → its occurrences."""
    press = shared_data / "press"
    found: dict[str, list[dict]] = {}
    for lang in ("en", "az", "tr"):
        done = subprocess.run(
            [sys.executable, "-m", "dilmac", "terms", "-l", lang, str(press / lang), "-f", "json", "--no-config"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        for occurrence in json.loads(done.stdout)["occurrences"]:
            found.setdefault(Path(occurrence["path"]).relative_to(press).as_posix(), []).append(occurrence)
    return found


def test_the_names_of_real_press_releases_are_found_where_they_occur(shared_data, press_occurrences):
    rows = list(csv.DictReader((shared_data.parent / NAMES_FILE).open(encoding="utf-8"), delimiter="\t"))
    looked, missed = 0, []
    for row in rows:
        for rendering in renderings(row["name"]):
            whole_word = re.compile(r"(?<!\w)" + re.escape(rendering) + r"(?!\w)")
            for path in sorted((shared_data / "press").glob("*/*.txt")):
                relative = path.relative_to(shared_data / "press").as_posix()
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    for match in whole_word.finditer(line):
                        looked += 1
                        column = match.start() + 1
                        if not any(
                            o["line"] == number and o["column"] <= column < o["end_column"]
                            for o in press_occurrences.get(relative, ())
                        ):
                            missed.append(f"{relative}:{number}:{column}: {rendering}")
    assert looked >= 30  # the file's names do occur in the texts: the test looks at something
    assert missed == []


def test_generic_words_are_left_out_only_where_the_names_file_has_them(shared_data):
    text = (shared_data.parent / NAMES_FILE).read_text(encoding="utf-8")
    assert all(word in text for word in GENERIC)
