"""The termbase in drafts: which names a source string requires, which hypothesis renders them,
and the linter's unambiguous fixes.

A source's concepts are found by the core matcher. A hypothesis renders a concept when the
matcher finds one of the renderings term-missing accepts (preferred or admitted and valid on
the date, or the old name before its rename), inflected or not. Fixes are the findings of
term-forbidden, term-deprecated, term-superseded and term-diacritics with exactly one
suggestion, which the linter already inflects like the found form ("Türk Şurasının" →
"Türk Dövlətləri Təşkilatının").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dilmac.match.compiled import Compiled
from dilmac.match.matcher import Occurrence, select
from dilmac.rules._bilingual import acceptable, expected_terms

FIXING_RULES = ("term-forbidden", "term-deprecated", "term-superseded", "term-diacritics")


@dataclass(frozen=True)
class Required:
    concept: str
    rendering: str  # the preferred target term, for the note when it is missing


@dataclass(frozen=True)
class Choice:
    text: str  # the chosen hypothesis, fixed and unmasked
    missing: tuple[Required, ...]  # required names still not rendered
    problems: tuple[str, ...]  # masked tokens missing or repeated
    fixes: tuple[tuple[str, str], ...]  # (found, replacement) applied


class TermGuide:
    def __init__(self, compiled: Compiled, source: str, target: str, day: date) -> None:
        from dilmac.rules import load_rules

        self.compiled, self.source, self.target, self.day = compiled, source, target, day
        self.rules = [rule for rule in load_rules() if rule.ID in FIXING_RULES]

    def _occurrences(self, text: str, lang: str) -> list[Occurrence]:
        found = self.compiled.index.scan(text, lang, frozenset({lang}))
        return select([o for o in found if o.lang == lang])

    def analyse(self, text: str) -> tuple[list[Required], list[tuple[int, int, str]]]:
        """The names `text` (a source string) requires in the target language, and the spans of
        uninflected names (web addresses and the like) to mask, with their target rendering."""
        required: dict[str, Required] = {}
        names: list[tuple[int, int, str]] = []
        masked: set[str] = set()
        for occ in self._occurrences(text, self.source):
            concept = self.compiled.termbase.by_id.get(occ.term.concept_id)
            if concept is None:
                continue
            if not occ.term.inflect:
                target = concept.preferred(self.target, self.day, kind=occ.term.type)
                names.append((occ.start, occ.end, target.text if target else text[occ.start : occ.end]))
                masked.add(concept.id)
                continue
            expected = expected_terms(concept, self.target, self.day)
            if expected and concept.id not in required:
                # a short name asks for the short name ("State Migration Service" → "Dövlət
                # Miqrasiya Xidməti"), a full one for the full one
                same_kind = concept.preferred(self.target, self.day, kind=occ.term.type)
                choice = same_kind if same_kind in expected else expected[0]
                required[concept.id] = Required(concept.id, choice.text)
        return [r for r in required.values() if r.concept not in masked], names

    def rendered(self, text: str) -> set[str]:
        """Concepts `text` (in the target language) renders acceptably on the date."""
        return {
            o.term.concept_id
            for o in self._occurrences(text, self.target)
            if o.diacritics_ok and acceptable(o.term, self.day)
        }

    def fix(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Apply the unambiguous fixes the linter suggests; (fixed text, what was replaced)."""
        from dilmac.lint.pipeline import lint_text

        findings = lint_text(text, self.compiled, lang=self.target, day=self.day, rules=self.rules)
        chosen, last_start = [], len(text) + 1
        for finding in sorted(findings, key=lambda f: (f.start, f.end), reverse=True):
            if len(finding.suggestions) != 1 or finding.end > last_start:
                continue
            chosen.append(finding)
            last_start = finding.start
        fixes = []
        for finding in chosen:  # right to left, so earlier offsets hold
            found, replacement = text[finding.start : finding.end], finding.suggestions[0]
            if found != replacement:
                text = text[: finding.start] + replacement + text[finding.end :]
                fixes.append((found, replacement))
        return text, fixes[::-1]

    def choose(self, hypotheses: list[str], required: list[Required], restore) -> Choice:
        """The best hypothesis after fixes: every masked token back once, then the most required
        names rendered, then the model's order (n-best lists come best first)."""
        best, best_key = None, None
        seen = set()
        for rank, hypothesis in enumerate(hypotheses):
            if hypothesis in seen:
                continue
            seen.add(hypothesis)
            fixed, fixes = self.fix(hypothesis)
            present = self.rendered(fixed)
            missing = tuple(r for r in required if r.concept not in present)
            text, problems = restore(fixed)
            key = (not problems, -len(missing), -rank)
            if best_key is None or key > best_key:
                best, best_key = Choice(text, missing, tuple(problems), tuple(fixes)), key
        return best
