"""Project configuration: `dilmac.toml`, or `[tool.dilmac]` in `pyproject.toml`.

    discover(start)          the first config file from `start` upwards, or None
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


def discover(start: Path | None = None) -> Path | None:
    """`dilmac.toml`, or a `pyproject.toml` with a [tool.dilmac] table, in `start` or the
    nearest directory above it that has one."""
    directory = Path(os.path.abspath(start or Path.cwd()))
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_dilmac_table(pyproject):
            return pyproject
    return None


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
            "config file not found", path=str(path), hint="check the --config path, or pass --no-config"
        ) from None
    except OSError as exc:
        raise DilmacError(f"cannot read config file: {exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise DilmacError(
            f"config file is not UTF-8 (byte {exc.start})", path=str(path), hint="save it as UTF-8"
        ) from None
    data = _parse(path, text)
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "dilmac")
        data = data.get("tool", {}).get("dilmac")
        if data is None:
            raise DilmacError(
                "pyproject.toml has no [tool.dilmac] table",
                path=str(path),
                hint="add a [tool.dilmac] table, or name a dilmac.toml with --config",
            )
    return _Validator(path, text, prefix).config(data)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
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
            f"invalid TOML: {message}",
            path=str(path),
            line=line,
            column=column,
            hint="fix the TOML syntax (https://toml.io)",
        ) from None


class _Validator:
    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = _key_lines(text)

    def error(self, keys: tuple, message: str, hint: str) -> DilmacError:
        dotted = _dotted(keys)
        line = self.lines.get(self.prefix + keys)
        if line is None and keys and isinstance(keys[-1], str):
            line = self.lines.get(self.prefix + keys[:-1])  # the table holding the key
        return DilmacError(f"{dotted}: {message}", path=str(self.path), line=line, hint=hint)

    def config(self, data: dict) -> Config:
        root = self.path.parent.absolute()
        self.unknown_keys(data, (), TOP_KEYS)
        config = Config(path=self.path, root=root)
        if "termbases" in data:
            config.termbases = [
                value if value == "builtin" else str(root / value)
                for value in self.strings(data["termbases"], ("termbases",), "'builtin' or termbase paths")
            ]
        if "fail-on" in data:
            config.fail_on = self.choice(data["fail-on"], ("fail-on",), FAIL_ON)
        if "ignore" in data:
            config.ignore = self.strings(data["ignore"], ("ignore",), "glob patterns")
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
                        f"must be true or false, not {_kind(value)}",
                        "write strict-diacritics = true (or false, the default)",
                    )
                config.strict_diacritics = value
        return config

    def unknown_keys(self, table: Any, keys: tuple, allowed: tuple[str, ...]) -> None:
        if not isinstance(table, dict):
            raise self.error(keys, f"must be a table, not {_kind(table)}", "see README, Configuration")
        for key in table:
            if key not in allowed:
                raise self.error(keys + (key,), "unknown key", "allowed keys: " + ", ".join(allowed))

    def strings(self, value: Any, keys: tuple, what: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(
                keys,
                f"must be a list of non-empty strings, not {_kind(value)}",
                f'write e.g. {_dotted(keys[-1:])} = ["…"] with {what}',
            )
        return list(value)

    def choice(self, value: Any, keys: tuple, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.error(keys, f"{value!r} is not allowed", "allowed values: " + ", ".join(allowed))
        return value

    def paths(self, value: Any) -> list[PathSettings]:
        if not isinstance(value, list):
            raise self.error(
                ("paths",),
                f"must be an array of tables ([[paths]]), not {_kind(value)}",
                "write each entry as a [[paths]] table with glob, lang and date",
            )
        entries = []
        for index, entry in enumerate(value):
            keys = ("paths", index)
            self.unknown_keys(entry, keys, PATH_KEYS)
            if not isinstance(entry.get("glob"), str) or not entry["glob"]:
                raise self.error(
                    keys + ("glob",), "missing or not a non-empty string", 'every [[paths]] entry needs glob = "dir/**"'
                )
            lang = self.choice(entry["lang"], keys + ("lang",), LANGUAGES) if "lang" in entry else None
            day = self.date(entry["date"], keys + ("date",)) if "date" in entry else None
            if lang is None and day is None:
                raise self.error(keys, "sets neither lang nor date", 'add lang = "az" or date = 2024-05-01')
            entries.append(PathSettings(glob=entry["glob"], lang=lang, date=day))
        return entries

    def date(self, value: Any, keys: tuple) -> date:
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(keys, f"{value!r} is not a date", "write a TOML date: date = 2024-05-01")

    def rules(self, value: Any) -> dict[str, str]:
        from dilmac.rules import load_rules

        known = tuple(rule.ID for rule in load_rules()) + PSEUDO_RULES
        self.unknown_keys(value, ("rules",), known)
        return {rule: self.choice(level, ("rules", rule), SEVERITIES) for rule, level in value.items()}


def _kind(value: Any) -> str:
    return {
        dict: "a table",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }.get(type(value), type(value).__name__)


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
    regex = _glob_regex(pattern)
    parts = relative.split("/")
    if "/" not in pattern.removeprefix("./").strip("/"):
        return any(regex.fullmatch(part) for part in parts)
    return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1))


_GLOB_CACHE: dict[str, re.Pattern] = {}


def _glob_regex(pattern: str) -> re.Pattern:
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    glob = pattern.removeprefix("./").strip("/")
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            body = glob[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    compiled = _GLOB_CACHE[pattern] = re.compile("".join(out))
    return compiled
