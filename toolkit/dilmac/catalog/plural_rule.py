"""A Plural-Forms rule checked before it is used, as `msgfmt -c` checks it.

GNU gettext's msgfmt evaluates the expression for n = 0 … 1000 and refuses a rule that divides by
zero or gives a form index outside 0 … nplurals-1 (gettext-tools/src/msgl-check.c,
check_plural_eval). dilmac does the same wherever it reads a rule (catalog check, compile,
update, export-json), and also bounds nplurals: dilmac allocates per form, and no language has
more than six plural forms (CLDR), so a header asking for 99 999 999 999 is a mistake, not a
language.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

MAX_NPLURALS = 100
SAMPLES = range(1001)


def plural_rule(
    nplurals: int, expression: str, *, evaluate: bool = True
) -> tuple[Callable[[int], int] | None, str | None]:
    """(the rule as a function, None) or (None, what is wrong with it, in a sentence). Without
    `evaluate`, only what makes the rule unusable is checked (nplurals, the syntax), and the
    function gives form 0 wherever it divides by zero (the catalog check reports that)."""
    if not 1 <= nplurals <= MAX_NPLURALS:
        return None, f"nplurals={nplurals} is not a number of plural forms (1 to {MAX_NPLURALS})"
    try:
        function = gettext.c2py(expression)
    except (ValueError, RecursionError):
        return None, f"the plural expression “{expression}” is not valid"
    for n in SAMPLES if evaluate else ():
        try:
            value = function(n)
        except ZeroDivisionError:
            return None, f"the plural expression divides by zero (for n = {n})"
        if not 0 <= value < nplurals:
            return None, f"nplurals={nplurals} but the plural expression gives {value} for n = {n}"
    return _guarded(function), None


def _guarded(function: Callable[[int], int]) -> Callable[[int], int]:
    """The rule, giving form 0 where it divides by zero beyond the numbers checked."""

    def rule(n: int) -> int:
        try:
            return function(n)
        except ZeroDivisionError:
            return 0

    return rule
