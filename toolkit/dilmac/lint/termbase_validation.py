"""`dilmac termbase validate`: the termbase's own checks (dilmac.termbase.validate) and its
examples, which run through the linter: each `bad` example must yield a finding for its
concept, each `ok` example none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dilmac.lint.pipeline import lint_text
from dilmac.match.compiled import Compiled
from dilmac.termbase.model import Termbase, termbase_files
from dilmac.termbase.validate import Problem, check_concepts, load_for_validation


def check_examples(termbase: Termbase, today: date) -> list[Problem]:
    compiled = Compiled.build(termbase)
    problems = []
    for concept in termbase.concepts:
        for lang, sets in concept.examples.items():
            for kind, examples in sets.items():
                for example in examples:
                    day = example.day or today
                    findings = [
                        f for f in lint_text(example.text, compiled, lang=lang, day=day) if f.concept == concept.id
                    ]
                    if kind == "bad" and not findings:
                        problems.append(
                            Problem(
                                concept.path,
                                example.line,
                                "examples",
                                f"{concept.id}: bad {lang} example gives no finding: {example.text!r}",
                            )
                        )
                    elif kind == "ok" and findings:
                        listed = "; ".join(f"[{f.rule}] {f.message}" for f in findings)
                        problems.append(
                            Problem(
                                concept.path,
                                example.line,
                                "examples",
                                f"{concept.id}: ok {lang} example gives findings: {listed}",
                            )
                        )
    return problems


def validate(paths: list[Path], today: date | None = None, *, examples: bool = True) -> tuple[list[Problem], int]:
    """All problems of the termbase at `paths`, and the number of concepts read."""
    today = today or date.today()
    concepts, problems, read = load_for_validation(paths)
    problems.extend(check_concepts(concepts, today))
    if examples and not any(p.check in ("syntax", "schema") for p in problems):
        problems.extend(check_examples(Termbase(concepts, termbase_files(paths)), today))
    problems.sort(key=lambda p: (p.path, p.line, p.check))
    return problems, read
