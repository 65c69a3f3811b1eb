"""The types a termbase file must have before the loader builds concepts from it.

`termbase validate` checks a file against schema.json and reports every problem; `lint` and the
other commands load a termbase without that (slower) check, so a file of the wrong shape (a
number where a list belongs, a list where a mapping belongs) must still give an error at its
line, not a traceback. Only the types the loader relies on are checked here, and the length of a
term: one 200 000-letter "term" takes minutes to compile into the matcher.
"""

from __future__ import annotations

from dilmac.core.errors import DilmacError

MAX_TERM_CHARS = 1_000  # the longest shipped term has 128 characters

SCALAR = (str, int, float, bool)  # dates: the schema checks them, the loader reads str(value)
_EXAMPLE = ("example", None)
_TERM = {
    "text": str,
    "status": str,
    "type": str,
    "from": SCALAR,
    "until": SCALAR,
    "case": str,
    "abbr": bool,
    "short": bool,
    "inflect": bool,
    "house": bool,
    "note": str,
    "source": ("text-or", [str]),  # format 1: one text; format 2: a list of source ids
}
_SOURCE = {"id": str, "title": str, "url": str, "seen": SCALAR, "note": str}
_DATED_LINK = {"concept": str, "from": SCALAR, "until": SCALAR, "note": str}
_CONCEPT = {
    "id": str,
    "domain": str,
    "definition": str,
    "jurisdiction": str,
    "from": SCALAR,
    "until": SCALAR,
    "verified": SCALAR,
    "note": str,
    "sources": [("text-or", _SOURCE)],  # format 1: texts; format 2: source records
    "see": [str],
    "relations": [{"type": str, "concept": str, "date": SCALAR, "note": str}],
    "offices": [_DATED_LINK],
    "exceptions": ("by-language", [str]),
    "terms": ("by-language", [_TERM]),
    "examples": ("by-language", {"ok": [_EXAMPLE], "bad": [_EXAMPLE]}),
}
_FILE = {"format": int, "domain": str, "concepts": [_CONCEPT]}

_NAMES = {str: "text", bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}


def check_types(path: str, data: object) -> object:
    """`data`, a termbase file as read (core.yamlfile), if its values have the types the loader
    needs; else a DilmacError at the line of the first one that does not."""
    if data is not None:
        _check(data, _FILE, path, "the file", 1)
    return data


def _check(value: object, spec, path: str, where: str, line: int) -> None:
    if value is None:  # an empty value: the schema says whether it may be
        return
    if isinstance(spec, dict):
        _expect(value, dict, path, where, line)
        key_lines = getattr(value, "key_lines", {})
        for key, inner in spec.items():
            if key in value:
                _check(value[key], inner, path, f"'{key}' of {where}", key_lines.get(key, line))
    elif isinstance(spec, list):
        _expect(value, list, path, where, line)
        item_lines = getattr(value, "item_lines", [])
        for index, item in enumerate(value):
            item_line = item_lines[index] if index < len(item_lines) else line
            item_where = f"concept {index + 1}" if spec[0] is _CONCEPT else f"item {index + 1} of {where}"
            _check(item, spec[0], path, item_where, item_line)
    elif isinstance(spec, tuple) and spec[0] == "by-language":
        _expect(value, dict, path, where, line)
        key_lines = getattr(value, "key_lines", {})
        for lang, inner in value.items():
            if not isinstance(lang, str):
                raise _wrong(f"{lang!r} in {where} is not a language code", path, key_lines.get(lang, line))
            _check(inner, spec[1], path, f"'{lang}' of {where}", key_lines.get(lang, line))
    elif isinstance(spec, tuple) and spec[0] == "text-or":
        if not isinstance(value, str):
            _check(value, spec[1], path, where, line)
    elif spec is _EXAMPLE:
        if isinstance(value, dict):
            _check(value, {"text": str, "date": SCALAR}, path, where, line)
        else:
            _expect(value, str, path, where, line)
    else:
        _expect(value, spec, path, where, line)
        if spec is str and where.startswith("'text' of") and len(value) > MAX_TERM_CHARS:
            raise _wrong(
                f"{where} is {len(value):,} characters long; a term has at most {MAX_TERM_CHARS:,}",
                path,
                line,
                hint="a term is a name or a phrase; put longer text in a note",
            )


def _expect(value: object, kind, path: str, where: str, line: int) -> None:
    if isinstance(value, kind):
        return
    wanted = "a plain value" if kind is SCALAR else _name(kind)
    raise _wrong(f"{where} must be {wanted}, not {_name(type(value))}", path, line)


def _name(kind: type) -> str:
    for base, name in _NAMES.items():
        if issubclass(kind, base):
            return name
    return "a " + kind.__name__


def _wrong(message: str, path: str, line: int, hint: str | None = None) -> DilmacError:
    return DilmacError(
        message,
        path=path,
        line=line,
        hint=hint or "see termbase/schema.json for the format; `dilmac termbase validate` lists every problem",
    )
