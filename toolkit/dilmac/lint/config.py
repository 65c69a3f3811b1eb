"""Project configuration: `dilmac.toml`, or `[tool.dilmac]` in `pyproject.toml`.

    discover(start)          the first trusted config file from `start` up to the repository
                             root or home, or None (see its docstring)
    load(path)               parse and validate one file → Config
    Config.for_file(path)    the [[paths]] entry a file falls under (its lang and date)
    Config.ignored(path)     whether the ignore globs exclude a file

Validation is strict: an unknown key or a bad value is a DilmacError naming the file, the line
(where the key can be found in the text), the dotted key and what is allowed. Relative paths
(termbases, globs) are taken from the config file's directory, so the linter behaves the same
from any working directory below it.

Globs: `*` and `?` stay inside one path segment, `**` spans any number of them. A glob without
a `/` matches a file's name in any directory (like .gitignore); one with a `/` matches the path
relative to the config file's directory. A glob that matches a directory covers everything in it.
Globs are matched by a simulation of all their positions at once (no regex, no backtracking), so
the time is at most the glob's length times the path's, whatever the glob: `*a*a*a…b` cannot hang.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dilmac import LANGUAGES
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import Joined, Message
from dilmac.core.i18n import gettext as _
from dilmac.lint.suppress import (
    PSEUDO_RULES,  # findings on suppression comments, configurable like rules
)

CONFIG_NAME = "dilmac.toml"
SEVERITIES = ("off", "on", "info", "warning", "error")
FAIL_ON = ("error", "warning", "info", "never")
TOP_KEYS = ("termbases", "fail-on", "ignore", "paths", "rules", "house", "extract")  # extract: dilmac.catalog.mapping
HOUSE_KEYS = ("strict-diacritics",)
PATH_KEYS = ("glob", "lang", "date")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_DILMAC_TABLE = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*dilmac\b", re.M)


@dataclass(frozen=True)
class PathSettings:
    glob: str
    lang: str | None = None
    date: date | None = None


@dataclass
class Config:
    path: Path | None = None  # the file it was read from (None: defaults)
    root: Path = field(default_factory=Path.cwd)  # relative paths and globs start here
    termbases: list[str] | None = None  # "builtin" or absolute paths; None: the shipped one
    fail_on: str | None = None
    ignore: list[str] = field(default_factory=list)
    paths: list[PathSettings] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)  # rule id → one of SEVERITIES
    # [house] strict-diacritics: a foreign personal name written without its diacritics in an
    # English text ("Erdogan", "Antonio Vitorino") is a term-diacritics finding only when true;
    # false (the default) follows the ministry's own English pages, which drop them.
    strict_diacritics: bool = False

    @property
    def disabled(self) -> set[str]:
        return {rule for rule, level in self.rules.items() if level == "off"}

    def severity(self, rule: str) -> str | None:
        """The severity a rule's findings get instead of their own, or None to keep it."""
        level = self.rules.get(rule)
        return level if level in ("info", "warning", "error") else None

    def describe(self) -> list[str]:
        """The settings in force, one per line, for `dilmac lint --show-config`."""
        lines = [f"config: {self.path if self.path is not None else _('none (the defaults)')}"]
        lines.append(f"root: {self.root}")
        lines.append("termbases: " + (", ".join(self.termbases) if self.termbases else "builtin"))
        lines.append(f"fail-on: {self.fail_on or 'error'}")
        lines.append("ignore: " + (", ".join(self.ignore) if self.ignore else _("(none)")))
        for entry in self.paths:
            extra = [f"lang={entry.lang}"] * bool(entry.lang) + [f"date={entry.date}"] * bool(entry.date)
            lines.append(f"paths: {entry.glob}" + (f" ({', '.join(extra)})" if extra else ""))
        for rule, level in sorted(self.rules.items()):
            lines.append(f"rule {rule}: {level}")
        return lines

    def _relative(self, path: Path | str) -> str | None:
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None  # outside the project: no glob applies

    def ignored(self, path: Path | str) -> bool:
        relative = self._relative(path)
        return relative is not None and any(glob_matches(g, relative) for g in self.ignore)

    def for_file(self, path: Path | str) -> PathSettings | None:
        """The first [[paths]] entry whose glob matches the file."""
        relative = self._relative(path)
        if relative is None:
            return None
        return next((p for p in self.paths if glob_matches(p.glob, relative)), None)


def discover(start: Path | None = None, warnings: list[str] | None = None) -> Path | None:
    """`dilmac.toml`, or a `pyproject.toml` with a [tool.dilmac] table, in `start` or the
    nearest directory above it that has one, looking no higher than the repository's root (the
    folder with `.git`) or the user's home; when neither is above `start`, only `start` itself.
    A file another user owns, or that group or others may write, is passed over (anyone who can
    write it could swap the termbase, and --fix would then rewrite documents by it): why goes
    to `warnings`."""
    directory = Path(os.path.abspath(start or Path.cwd()))
    for folder in search_folders(directory):
        for candidate in (folder / CONFIG_NAME, folder / "pyproject.toml"):
            if not candidate.is_file():
                continue
            if candidate.name == "pyproject.toml" and not _mentions_dilmac(candidate):
                continue
            distrust = untrusted(candidate)
            if distrust is not None:
                if warnings is not None:
                    warnings.append(_("%(path)s: config ignored: %(reason)s") % {"path": candidate, "reason": distrust})
                continue
            if candidate.name == CONFIG_NAME or _has_dilmac_table(candidate):
                return candidate
    return None


def search_folders(directory: Path) -> list[Path]:
    """The folders config discovery looks in, nearest first."""
    try:
        home = Path(os.path.abspath(Path.home()))
    except (KeyError, RuntimeError):
        home = None
    folders = []
    for folder in (directory, *directory.parents):
        folders.append(folder)
        if folder == home or os.path.lexists(folder / ".git"):
            return folders
    return [directory]  # in no repository and outside the home: a parent folder may be anyone's


def untrusted(path: Path) -> str | None:
    """Why a config file must not be used, or None: owned by another user, or writable by
    group or others."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _("cannot check who owns it (%(reason)s)") % {"reason": exc.strerror or exc}
    if info.st_uid != os.geteuid():
        return _("it belongs to another user (uid %(uid)s); use --config to name it if you trust it") % {
            "uid": info.st_uid
        }
    if info.st_mode & 0o022:
        return _(
            "group or others may change it (mode %(mode)s); run chmod go-w on it if it is yours, "
            "or use --config to name it"
        ) % {"mode": f"{info.st_mode & 0o777:o}"}
    return None


def _mentions_dilmac(pyproject: Path) -> bool:
    try:
        return _DILMAC_TABLE.search(pyproject.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _has_dilmac_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # not ours to judge; a project without [tool.dilmac] is passed over
    if not _DILMAC_TABLE.search(text):
        return False
    return "dilmac" in _parse(pyproject, text).get("tool", {})


def load(path: Path) -> Config:
    """Read and validate a config file (dilmac.toml, or pyproject.toml's [tool.dilmac])."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DilmacError(
            Message("config file not found"),
            path=str(path),
            hint=Message("check the --config path, or pass --no-config"),
        ) from None
    except OSError as exc:
        raise DilmacError(Message("cannot read config file: %(reason)s", reason=exc.strerror), path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise DilmacError(
            Message("config file is not UTF-8 (byte %(n)d)", n=exc.start),
            path=str(path),
            hint=Message("save it as UTF-8"),
        ) from None
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows Notepad writes: TOML has none
    data = _parse(path, text)
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "dilmac")
        data = data.get("tool", {}).get("dilmac")
        if data is None:
            raise DilmacError(
                Message("pyproject.toml has no [tool.dilmac] table"),
                path=str(path),
                hint=Message("add a [tool.dilmac] table, or name a dilmac.toml with --config"),
            )
    return _Validator(path, text, prefix).config(data)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise DilmacError(
            Message("the TOML nests arrays or tables too deeply to read"),
            path=str(path),
            hint=Message("a dilmac config nests at most two levels ([[paths]] tables); remove the nesting"),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        position = _TOML_POSITION.search(message)
        if position:
            line, column = int(position.group(1)), int(position.group(2))
            message = message[: position.start()]
        elif _TOML_END.search(message):
            line = text.count("\n") + 1
            message = _TOML_END.sub("", message) + " at the end of the file"
        raise DilmacError(
            Message("invalid TOML: %(reason)s", reason=message),
            path=str(path),
            line=line,
            column=column,
            hint=Message("fix the TOML syntax (https://toml.io)"),
        ) from None


class _Validator:
    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = _key_lines(text)

    def error(self, keys: tuple, message: Message, hint: Message) -> DilmacError:
        dotted = _dotted(keys)
        line = self.lines.get(self.prefix + keys)
        if line is None and keys and isinstance(keys[-1], str):
            line = self.lines.get(self.prefix + keys[:-1])  # the table holding the key
        return DilmacError(Joined(": ", (dotted, message)), path=str(self.path), line=line, hint=hint)

    def config(self, data: dict) -> Config:
        root = self.path.parent.absolute()
        self.unknown_keys(data, (), TOP_KEYS)
        config = Config(path=self.path, root=root)
        if "termbases" in data:
            config.termbases = [
                value if value == "builtin" else str(root / value)
                for value in self.strings(data["termbases"], ("termbases",), Message("'builtin' or termbase paths"))
            ]
        if "fail-on" in data:
            config.fail_on = self.choice(data["fail-on"], ("fail-on",), FAIL_ON)
        if "ignore" in data:
            config.ignore = self.strings(data["ignore"], ("ignore",), Message("glob patterns"))
            for pattern in config.ignore:
                self.glob(pattern, ("ignore",))
        if "paths" in data:
            config.paths = self.paths(data["paths"])
        if "rules" in data:
            config.rules = self.rules(data["rules"])
        if "house" in data:
            self.unknown_keys(data["house"], ("house",), HOUSE_KEYS)
            if "strict-diacritics" in data["house"]:
                value = data["house"]["strict-diacritics"]
                if not isinstance(value, bool):
                    raise self.error(
                        ("house", "strict-diacritics"),
                        Message("must be true or false, not %(kind)s", kind=_kind(value)),
                        Message("write strict-diacritics = true (or false, the default)"),
                    )
                config.strict_diacritics = value
        return config

    def unknown_keys(self, table: Any, keys: tuple, allowed: tuple[str, ...]) -> None:
        if not isinstance(table, dict):
            raise self.error(
                keys, Message("must be a table, not %(kind)s", kind=_kind(table)), Message("see README, Configuration")
            )
        for key in table:
            if key not in allowed:
                raise self.error(
                    keys + (key,), Message("unknown key"), Message("allowed keys: %(keys)s", keys=", ".join(allowed))
                )

    def strings(self, value: Any, keys: tuple, what: Message) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(
                keys,
                Message("must be a list of non-empty strings, not %(kind)s", kind=_kind(value)),
                Message('write e.g. %(key)s = ["…"] with %(what)s', key=_dotted(keys[-1:]), what=what),
            )
        return list(value)

    def choice(self, value: Any, keys: tuple, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.error(
                keys,
                Message("%(value)s is not allowed", value=repr(value)),
                Message("allowed values: %(values)s", values=", ".join(allowed)),
            )
        return value

    def paths(self, value: Any) -> list[PathSettings]:
        if not isinstance(value, list):
            raise self.error(
                ("paths",),
                Message("must be an array of tables ([[paths]]), not %(kind)s", kind=_kind(value)),
                Message("write each entry as a [[paths]] table with glob, lang and date"),
            )
        entries = []
        for index, entry in enumerate(value):
            keys = ("paths", index)
            self.unknown_keys(entry, keys, PATH_KEYS)
            if not isinstance(entry.get("glob"), str) or not entry["glob"]:
                raise self.error(
                    keys + ("glob",),
                    Message("missing or not a non-empty string"),
                    Message('every [[paths]] entry needs glob = "dir/**"'),
                )
            self.glob(entry["glob"], keys + ("glob",))
            lang = self.choice(entry["lang"], keys + ("lang",), LANGUAGES) if "lang" in entry else None
            day = self.date(entry["date"], keys + ("date",)) if "date" in entry else None
            if lang is None and day is None:
                raise self.error(
                    keys, Message("sets neither lang nor date"), Message('add lang = "az" or date = 2024-05-01')
                )
            entries.append(PathSettings(glob=entry["glob"], lang=lang, date=day))
        return entries

    def glob(self, pattern: str, keys: tuple) -> None:
        try:
            _compiled_glob(pattern)
        except GlobError as exc:
            raise self.error(
                keys, exc.message, Message("inside [...], a range goes from the lower to the higher letter")
            ) from None

    def date(self, value: Any, keys: tuple) -> date:
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(
            keys, Message("%(value)s is not a date", value=repr(value)), Message("write a TOML date: date = 2024-05-01")
        )

    def rules(self, value: Any) -> dict[str, str]:
        from dilmac.rules import load_rules

        known = tuple(rule.ID for rule in load_rules()) + PSEUDO_RULES
        self.unknown_keys(value, ("rules",), known)
        return {rule: self.choice(level, ("rules", rule), SEVERITIES) for rule, level in value.items()}


def _kind(value: Any) -> Message | str:
    kind = {
        dict: Message("a table"),
        list: Message("an array"),
        str: Message("a string"),
        bool: Message("a boolean"),
        int: Message("an integer"),
        float: Message("a number"),
    }.get(type(value))
    return kind if kind is not None else type(value).__name__


def _dotted(keys: tuple) -> str:
    out = ""
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + (key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"')
    return out


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")


def _key_lines(text: str) -> dict[tuple, int]:
    """Line numbers of table headers and `key =` lines by key path (array tables indexed), so
    validation errors can name a line. Dotted and inline keys are not indexed: those errors
    name the table's line instead."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            names = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
            if header.group(1) == "[[":
                index = counts.get(names, 0)
                counts[names] = index + 1
                table = names + (index,)
            else:
                table = names
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            lines.setdefault(table + (assignment.group(1).strip("\"'"),), number)
    return lines


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether a glob (see the module docstring) matches a path relative to the project root,
    or one of the directories it lies in."""
    glob = _compiled_glob(pattern)
    if not glob.anchored:
        return any(glob.accepts(glob.run(part, glob.start)) for part in relative.split("/"))
    states = glob.start
    for char in relative:
        if char == "/" and glob.accepts(states):
            return True  # a directory the file lies in
        states = glob.step(states, char)
        if not states:
            return False
    return glob.accepts(states)


class GlobError(ValueError):
    """A glob that cannot be read (a reversed range such as [z-a], an empty class)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.english())
        self.message = message


class _Glob:
    """A glob as tokens, matched by advancing the set of positions it can be at. A position is
    2 * token (at the token) or 2 * token + 1 (inside a `**/`, before its closing slash)."""

    def __init__(self, pattern: str) -> None:
        glob = pattern.removeprefix("./").strip("/")
        self.anchored = "/" in glob
        self.tokens: list[tuple] = []
        i = 0
        while i < len(glob):
            if glob.startswith("**/", i):
                self.tokens.append(("dirs",))
                i += 3
            elif glob.startswith("**", i):
                self.tokens.append(("any",))
                i += 2
            elif glob[i] == "*":
                self.tokens.append(("star",))
                i += 1
            elif glob[i] == "?":
                self.tokens.append(("one",))
                i += 1
            elif glob[i] == "[" and "]" in glob[i + 2 :]:
                end = glob.index("]", i + 2)
                self.tokens.append(_char_class(glob[i + 1 : end], pattern))
                i = end + 1
            else:
                self.tokens.append(("char", glob[i]))
                i += 1
        self.start = self._closure({0})

    def _closure(self, states: set[int]) -> frozenset[int]:
        """`states` with the positions reachable without a character: past `*`, `**`, `**/`."""
        out, todo = set(states), list(states)
        while todo:
            state = todo.pop()
            token = state // 2
            if state % 2 == 0 and token < len(self.tokens) and self.tokens[token][0] in ("star", "any", "dirs"):
                if 2 * token + 2 not in out:
                    out.add(2 * token + 2)
                    todo.append(2 * token + 2)
        return frozenset(out)

    def step(self, states: frozenset[int], char: str) -> frozenset[int]:
        after: set[int] = set()
        for state in states:
            token = state // 2
            if token == len(self.tokens):
                continue
            kind = self.tokens[token][0]
            if kind == "dirs":
                after.add(2 * token + 1)
                if char == "/":
                    after.add(2 * token + 2)
            elif kind == "any" or (kind == "star" and char != "/"):
                after.add(state)
            elif (
                (kind == "char" and char == self.tokens[token][1])
                or (kind == "one" and char != "/")
                or (kind == "class" and char != "/" and _in_class(self.tokens[token], char))
            ):
                after.add(state + 2)
        return self._closure(after)

    def run(self, text: str, states: frozenset[int]) -> frozenset[int]:
        for char in text:
            states = self.step(states, char)
            if not states:
                break
        return states

    def accepts(self, states: frozenset[int]) -> bool:
        return 2 * len(self.tokens) in states


def _char_class(body: str, pattern: str) -> tuple:
    negated = body[:1] in ("!", "^")
    body = body[1:] if negated else body
    ranges, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if low > high:
                raise GlobError(
                    Message(
                        "the range %(range)s in the glob %(glob)s is reversed; write %(reversed)s",
                        range=low + "-" + high,
                        glob=repr(pattern),
                        reversed=high + "-" + low,
                    )
                )
            ranges.append((low, high))
            i += 3
        else:
            ranges.append((body[i], body[i]))
            i += 1
    return ("class", negated, tuple(ranges))


def _in_class(token: tuple, char: str) -> bool:
    _, negated, ranges = token
    return any(low <= char <= high for low, high in ranges) != negated


_GLOB_CACHE: dict[str, _Glob] = {}


def _compiled_glob(pattern: str) -> _Glob:
    """The glob, compiled once; GlobError when it cannot be read."""
    cached = _GLOB_CACHE.get(pattern)
    if cached is None:
        cached = _GLOB_CACHE[pattern] = _Glob(pattern)
    return cached
