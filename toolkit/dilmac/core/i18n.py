"""dilmac's own interface language: English, Azerbaijani or Turkish.

The language is, in this order: `set_language()` (the CLI's `--ui-lang`), `DILMAC_UI_LANG`,
then the locale as gettext reads it (`LANGUAGE`, a list such as `tr:en`, then the first set of
`LC_ALL`, `LC_MESSAGES`, `LANG`); English when none names a language dilmac speaks.

Messages are English in the code (the msgids) and translated through the `dilmac` domain's
catalogs: `locales/<lang>/LC_MESSAGES/dilmac.po` in the repository, compiled to
`dilmac/locales/<lang>/LC_MESSAGES/dilmac.mo` when the wheel is built (setup.py). A source
checkout has no MO file: the PO is compiled on first use (with polib) into the cache folder.
Only the chosen language's catalog is read, and only when a message is first translated;
English reads no file at all, so `dilmac lint` starts as fast as before.

`Message` keeps a text untranslated until it is shown: rules build their findings' messages
with it, so JSON, SARIF and baselines keep the English text (`english()`) while the terminal
shows the UI language (`str()`).
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import struct
from collections.abc import Iterable, Mapping
from pathlib import Path

import dilmac

DOMAIN = "dilmac"
UI_LANGUAGES = ("en", "az", "tr")
ENV_VARIABLE = "DILMAC_UI_LANG"
OPTION = "--ui-lang"
# POSIX: LC_ALL overrides LC_MESSAGES, which overrides LANG; GNU's LANGUAGE list goes first.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_language: str | None = None
_loaded: dict[str, _gettext.NullTranslations] = {}


def language_of(value: str | None) -> str | None:
    """The UI language a language tag or locale names (`tr`, `tr_TR.UTF-8`, `az-Latn-AZ`,
    `AZ`), or None when it names none of them (`C`, `POSIX`, `fr_FR`, empty)."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split("_")[0].split(".")[0].split("@")[0].lower()
    return code if code in UI_LANGUAGES else None


def option_value(argv: Iterable[str]) -> str | None:
    """The value of `--ui-lang` in a command line (`--ui-lang tr` or `--ui-lang=tr`), None if
    it has none; the arguments after `--` are operands, not options."""
    args = list(argv)
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == OPTION and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(OPTION + "="):
            return arg.split("=", 1)[1]
    return None


def resolve_language(argv: Iterable[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """The UI language a command line and an environment choose; values that name no UI
    language are passed over (the CLI reports a wrong `--ui-lang` itself)."""
    env = os.environ if environ is None else environ
    chosen = language_of(option_value(argv)) or language_of(env.get(ENV_VARIABLE))
    if chosen:
        return chosen
    # gettext ignores LANGUAGE when the locale is C (nothing localised was asked for).
    locale = next((env[name] for name in LOCALE_VARIABLES if env.get(name)), "")
    if locale.split(".")[0] not in ("C", "POSIX"):
        for entry in env.get("LANGUAGE", "").split(":"):
            if language_of(entry):
                return language_of(entry)
    return language_of(locale) or "en"


def set_language(lang: str) -> None:
    """Speak `lang` from now on; a tag such as `tr_TR` is accepted. ValueError names the UI
    languages when `lang` is none of them."""
    global _language
    chosen = language_of(lang)
    if chosen is None:
        raise ValueError(f"{lang!r} is not a UI language of dilmac: use one of {', '.join(UI_LANGUAGES)}")
    _language = chosen


def current_language() -> str:
    global _language
    if _language is None:
        _language = resolve_language()
    return _language


def available_languages() -> tuple[str, ...]:
    """English and the languages whose catalog this installation has."""
    return tuple(lang for lang in UI_LANGUAGES if lang == "en" or _catalog_source(lang) is not None)


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    """The translations of `lang` (default: the current language), an object with `gettext`
    and `ngettext`, as Jinja2's `install_gettext_translations` takes. English, and a language
    whose catalog is missing, translate nothing: the English text is shown."""
    lang = language_of(lang) if lang is not None else current_language()
    if lang is None or lang == "en":
        return _NULL
    found = _loaded.get(lang)
    if found is None:
        found = _loaded[lang] = _load(lang)
    return found


def gettext(message: str) -> str:
    return translations().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (a table, a template)."""
    return message


class Message:
    """A message translated when it is shown: `Message("“%(found)s” is deprecated", found=…)`.
    Its template is the msgid (%-fields, so that `catalog compile` checks the translation's
    fields); field values may be Messages themselves. `str()` gives the current language,
    `english()` the source text, the same in every run for machine formats."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, /, **fields: object) -> None:
        self.template = template
        self.fields = fields

    def render(self, catalog: _gettext.NullTranslations) -> str:
        return self._fill(catalog.gettext(self.template), catalog)

    def _fill(self, text: str, catalog: _gettext.NullTranslations) -> str:
        fields = self.fields
        if not fields:
            return text
        # Most messages have only plain values, filled without a copy of the fields.
        for value in fields.values():
            if isinstance(value, Message):
                return text % {k: v.render(catalog) if isinstance(v, Message) else v for k, v in fields.items()}
        return text % fields

    def english(self) -> str:
        return self.render(_NULL)

    def __str__(self) -> str:
        return self.render(translations())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.template!r}, **{self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash(self.template)

    def __getstate__(self) -> tuple:
        return self.template, self.fields

    def __setstate__(self, state: tuple) -> None:
        self.template, self.fields = state


class Joined(Message):
    """Messages (or strings) shown one after the other with a separator, each translated."""

    __slots__ = ("parts",)

    def __init__(self, separator: str, parts: Iterable[object]) -> None:
        super().__init__(separator)
        self.parts = list(parts)

    def render(self, catalog: _gettext.NullTranslations) -> str:
        return self.template.join(p.render(catalog) if isinstance(p, Message) else str(p) for p in self.parts)

    def __getstate__(self) -> tuple:
        return self.template, self.fields, self.parts

    def __setstate__(self, state: tuple) -> None:
        self.template, self.fields, self.parts = state


class Contextual(Message):
    """A Message with a msgctxt, for words whose translation depends on where they stand:
    `Contextual("text language", "Turkish")`."""

    __slots__ = ("context",)

    def __init__(self, context: str, template: str, /, **fields: object) -> None:
        super().__init__(template, **fields)
        self.context = context

    def render(self, catalog: _gettext.NullTranslations) -> str:
        return self._fill(catalog.pgettext(self.context, self.template), catalog)

    def __getstate__(self) -> tuple:
        return self.template, self.fields, self.context

    def __setstate__(self, state: tuple) -> None:
        self.template, self.fields, self.context = state


class Plural(Message):
    """A Message with a count: `Plural("%(n)d file", "%(n)d files", n, n=n)`."""

    __slots__ = ("count", "plural")

    def __init__(self, singular: str, plural: str, count: int, /, **fields: object) -> None:
        super().__init__(singular, **fields)
        self.plural = plural
        self.count = count

    def render(self, catalog: _gettext.NullTranslations) -> str:
        return self._fill(catalog.ngettext(self.template, self.plural, self.count), catalog)

    def __getstate__(self) -> tuple:
        return self.template, self.fields, self.plural, self.count

    def __setstate__(self, state: tuple) -> None:
        self.template, self.fields, self.plural, self.count = state


_NULL = _gettext.NullTranslations()


def _package_mo(lang: str) -> Path:
    return Path(dilmac.__file__).parent / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _checkout_po(lang: str) -> Path:
    # toolkit/dilmac/__init__.py → the repository's locales/
    return Path(dilmac.__file__).parents[2] / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _catalog_source(lang: str) -> Path | None:
    for path in (_package_mo(lang), _checkout_po(lang)):
        if path.is_file():
            return path
    return None


def _load(lang: str) -> _gettext.NullTranslations:
    source = _catalog_source(lang)
    if source is None:
        return _NULL
    try:
        data = source.read_bytes() if source.suffix == ".mo" else _compiled_checkout_po(source)
        return _gettext.GNUTranslations(io.BytesIO(data))
    except (OSError, ValueError, UnicodeDecodeError, struct.error, IndexError):
        # A damaged catalog must not stop the tool: the messages stay English.
        return _NULL


def _compiled_checkout_po(po: Path) -> bytes:
    """The MO bytes of a checkout's PO file, from the cache when the PO did not change."""
    from dilmac.core import cache

    name = f"ui-{po.parent.parent.name}-{cache.source_key(po)}.pickle"
    data = cache.load_pickle(name)
    if not isinstance(data, bytes):
        import polib

        data = polib.pofile(str(po)).to_binary()
        cache.store_pickle(name, data, replaces=f"ui-{po.parent.parent.name}-")
    return data
