"""The linter on real professional translations (NTREX-128 news, en/az/tr): no crash, and the
heuristic rules stay quiet on good text. These files are news about foreign bodies, so few
termbase names occur; what matters is that ordinary text does not raise false alarms."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dilmac.lint.pipeline import lint_text
from dilmac.match.compiled import load
from dilmac.termbase.model import builtin_dir

FILES = {
    "en": "ntrex128-newstest2019-src.eng.txt",
    "az": "ntrex128-newstest2019-ref.aze-Latn.txt",
    "tr": "ntrex128-newstest2019-ref.tur.txt",
}
# Findings per 100 sentences these heuristic rules may raise on professionally translated news.
CEILINGS = {"term-near-miss": 0.5, "mixed-script": 0.0}


@pytest.fixture(scope="module")
def compiled():
    return load([builtin_dir()], use_cache=False)


@pytest.mark.parametrize("lang", sorted(FILES))
def test_news_lints_without_false_alarms(shared_data, compiled, lang):
    text = (shared_data / "news" / FILES[lang]).read_text(encoding="utf-8")
    sentences = text.count("\n")
    findings = lint_text(text, compiled, lang=lang, day=date(2019, 10, 1), path=FILES[lang])
    for finding in findings:
        assert 1 <= finding.line <= sentences + 1
        assert text.splitlines()[finding.line - 1][finding.column - 1 :].startswith(finding.found.split("\n")[0])
    per_rule = Counter(f.rule for f in findings)
    for rule, ceiling in CEILINGS.items():
        rate = 100 * per_rule[rule] / sentences
        assert rate <= ceiling, f"{rule}: {per_rule[rule]} findings in {sentences} {lang} sentences: " + "; ".join(
            f"{f.found!r}" for f in findings if f.rule == rule
        )
