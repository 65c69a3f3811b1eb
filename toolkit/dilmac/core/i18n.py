"""dilmac's own interface language: the gettext entry points every user-facing string goes through.

A minimal version: it records the chosen language and returns the English text. The catalogs
(locales/) and their lookup replace the bodies of `gettext` and `ngettext`; the API stays.
"""

from __future__ import annotations

from dilmac import LANGUAGES

_language = "en"


def set_language(lang: str | None) -> None:
    """Speak `lang` from now on (None or an unknown language: English)."""
    global _language
    _language = lang if lang in LANGUAGES else "en"


def current_language() -> str:
    return _language


def available_languages() -> tuple[str, ...]:
    """The languages the interface can be switched to."""
    return LANGUAGES


def gettext(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (a table, a constant)."""
    return message
