"""Rules that read only some statuses' occurrences (STATUSES) let the matcher skip verifying the
rest: their findings must be exactly those they give when every occurrence is verified."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from dilmac.core.document import Document
from dilmac.lint.pipeline import _statuses_needed, lint_document
from dilmac.match.compiled import Compiled, load
from dilmac.readers import read_document
from dilmac.rules import load_rules
from dilmac.termbase.model import builtin_dir

ROOT = Path(__file__).resolve().parents[2]
LIMITED = ("term-forbidden", "term-deprecated", "term-admitted")


def _corpus_module():
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("_corpus", ROOT / "benchmarks" / "_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_corpus", module)
    spec.loader.exec_module(module)
    return module


def _by_id(*ids: str) -> list:
    return [rule for rule in load_rules() if rule.ID in ids]


def _findings(doc: Document, compiled: Compiled, lang: str, day: date, rules: list, rule_id: str) -> list:
    return [
        (f.start, f.end, f.rule, f.concept, f.message, tuple(f.suggestions))
        for f in lint_document(doc, compiled, lang=lang, day=day, rules=rules)
        if f.rule == rule_id
    ]


def test_only_rules_that_declare_their_statuses_limit_the_scan():
    assert _statuses_needed(tuple(_by_id("term-forbidden"))) == frozenset({"forbidden"})
    assert _statuses_needed(tuple(_by_id(*LIMITED))) == frozenset({"forbidden", "deprecated", "admitted"})
    assert _statuses_needed(tuple(_by_id("term-forbidden", "term-casing"))) is None
    assert _statuses_needed(tuple(load_rules())) is None


@pytest.mark.parametrize("lang", ["en", "az", "tr"])
def test_limited_rules_find_what_they_find_beside_a_rule_reading_everything(lang):
    corpus_module = _corpus_module()
    corpus = corpus_module.corpus(lang, 300_000)
    compiled = Compiled.build(corpus_module.termbase(100))
    compared = 0
    for i, text in enumerate(corpus.docs):
        doc = Document(path=f"{lang}/{i}.txt", source=text, text=text, lang=lang)
        for rule_id in LIMITED:
            alone = _findings(doc, compiled, lang, corpus_module.DOC_DAY, _by_id(rule_id), rule_id)
            # term-casing reads every occurrence: with it, the scan verifies everything
            beside = _findings(doc, compiled, lang, corpus_module.DOC_DAY, _by_id(rule_id, "term-casing"), rule_id)
            assert alone == beside, (rule_id, text)
            compared += len(alone)
    assert compared > 40  # the corpus plants forbidden, deprecated and admitted forms


def test_the_samples_give_the_same_findings_rule_by_rule():
    compiled = load([builtin_dir()], use_cache=False)
    for path in sorted((ROOT / "samples").rglob("*.*")):
        doc = read_document(path)
        lang = doc.lang or path.parent.name
        if lang not in ("en", "az", "tr"):
            continue
        for rule_id in LIMITED:
            alone = _findings(doc, compiled, lang, date(2024, 6, 1), _by_id(rule_id), rule_id)
            beside = _findings(doc, compiled, lang, date(2024, 6, 1), _by_id(rule_id, "term-casing"), rule_id)
            assert alone == beside, (path, rule_id)
