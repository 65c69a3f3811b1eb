"""Which extractor reads which file: pybabel's mapping (glob patterns → method and options), from
`[tool.dilmac.extract]` (or `[extract]` in dilmac.toml), a `babel.cfg`, or by suffix.

    [tool.dilmac.extract]                     # the shape of pybabel's own TOML mapping
    mappings = [
        {pattern = "**.py", method = "python"},
        {pattern = "templates/**.html", method = "jinja2", trimmed = "true"},
        {pattern = "content/**.md", method = "markdown"},
    ]
    # or: mapping-file = "babel.cfg"          (an existing pybabel mapping, kept as it is)

    [python: **.py]                           # babel.cfg: sections are METHOD: PATTERN
    [jinja2: templates/**.html]
    extensions = jinja2.ext.i18n

Patterns are matched with Babel's `pathmatch` against the file's path relative to the folder of
the file that states them (`**` any folders, `*` within one); the first match wins, `ignore`
leaves a file out, other keys of an entry are options for its extractor (Babel's and Jinja2's:
`extensions`, `trimmed`, `silent`, `encoding`, `keywords`, `add_comments`, …). Methods: dilmac's
publications (`markdown`, `html`, `text`), Babel's `python` and `javascript`, `jinja2`
(`jinja2.ext:babel_extract` too), or any `package.module:function` extractor, as in pybabel.
Without a mapping, the suffix decides (`METHODS`, changed with `--map .html=jinja2`).
"""

from __future__ import annotations

import configparser
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dilmac.core.errors import DilmacError

PUBLICATIONS = ("markdown", "html", "text")
SITE = ("python", "javascript", "jinja2")
JINJA2_NAMES = ("jinja2", "jinja2.ext:babel_extract", "jinja2.ext.babel_extract")
METHODS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".jinja": "jinja2",
    ".jinja2": "jinja2",
    ".j2": "jinja2",
}
MAPPING_HINT = (
    'each entry needs pattern and method, e.g. {pattern = "templates/**.html", method = "jinja2"}; '
    "methods: " + ", ".join(PUBLICATIONS + SITE) + ", ignore, or package.module:function"
)


@dataclass(frozen=True)
class Rule:
    pattern: str
    method: str  # a known method, "ignore", or "package.module:function"
    options: dict[str, object]
    origin: str  # where it was stated: "babel.cfg", "pyproject.toml", "--map"


@dataclass
class Mapping:
    """Rules first (patterns in order), then the suffix table (only without rules)."""

    root: Path = field(default_factory=Path.cwd)
    rules: list[Rule] = field(default_factory=list)
    suffixes: dict[str, str] = field(default_factory=lambda: dict(METHODS))
    source: str | None = None  # the file the rules came from, for messages
    overrides: set[str] = field(default_factory=set)  # suffixes set with --map: they win over rules

    def method_for(self, path: Path) -> tuple[str, dict[str, object]] | None:
        """(method, options) for a file, or None if nothing maps it (or `ignore` does)."""
        suffix = path.suffix.lower()
        override = self.suffixes.get(suffix) if suffix in self.overrides else None
        if override is not None:
            return None if override == "none" else (override, {})
        if not self.rules:
            method = self.suffixes.get(suffix)
            return None if method in (None, "none") else (method, {})
        from babel.util import pathmatch

        relative = _relative(path, self.root)
        for rule in self.rules:
            if pathmatch(rule.pattern, relative):
                return None if rule.method == "ignore" else (rule.method, rule.options)
        return None


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def kind_of(method: str) -> str:
    """ "publication", "jinja2" or "babel" (Babel's extractors and package.module:function ones)."""
    if method in PUBLICATIONS:
        return "publication"
    return "jinja2" if method in JINJA2_NAMES else "babel"


def apply_overrides(mapping: Mapping, items: list[str] | None) -> Mapping:
    """`--map .html=jinja2` style overrides; `.txt=none` leaves a suffix out."""
    for item in items or ():
        suffix, _, method = item.partition("=")
        suffix = suffix.strip().lower()
        if not suffix.startswith("."):
            suffix = "." + suffix
        if method not in PUBLICATIONS + SITE + ("none",) or suffix == ".":
            raise DilmacError(
                f"--map {item!r} is not SUFFIX=METHOD",
                hint="write e.g. --map .html=jinja2; methods: " + ", ".join(PUBLICATIONS + SITE + ("none",)),
            )
        mapping.suffixes[suffix] = method
        mapping.overrides.add(suffix)
    return mapping


def load_mapping(mapping_file: Path | None = None, start: Path | None = None) -> Mapping:
    """The mapping a project states: `mapping_file` (babel.cfg or TOML) if given, else the
    nearest dilmac.toml / pyproject.toml [tool.dilmac] with an `extract` table, else a
    `babel.cfg` beside that config or in `start`; else extraction by suffix."""
    if mapping_file is not None:
        return _from_file(Path(mapping_file))
    from dilmac.lint.config import discover

    start = Path(os.path.abspath(start or Path.cwd()))
    config = discover(start)
    if config is not None:
        table = _extract_table(config)
        if table is not None:
            return _from_table(table, config)
    for folder in ([config.parent] if config else []) + [start]:
        if (folder / "babel.cfg").is_file():
            return _from_file(folder / "babel.cfg")
    return Mapping(root=start)


def _extract_table(config: Path) -> dict | None:
    data = _toml(config)
    if config.name == "pyproject.toml":
        data = data.get("tool", {}).get("dilmac", {})
    table = data.get("extract")
    if table is not None and not isinstance(table, dict):
        raise DilmacError("extract: must be a table", path=str(config), hint=MAPPING_HINT)
    return table


def _from_file(path: Path) -> Mapping:
    if not path.is_file():
        raise DilmacError("the mapping file does not exist", path=str(path), hint="check the path of --mapping-file")
    if path.suffix == ".toml":
        table = _extract_table(path) if path.name == "pyproject.toml" or "extract" in _toml(path) else _toml(path)
        return _from_table(table or {}, path)
    from babel.messages.frontend import parse_mapping_cfg

    try:
        with open(path, encoding="utf-8") as handle:
            method_map, options_map = parse_mapping_cfg(handle, str(path))
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise DilmacError(
            f"not a babel.cfg mapping: {exc.message.splitlines()[0]}",
            path=str(path),
            line=line,
            hint="sections are [METHOD: PATTERN], e.g. [python: **.py], followed by option = value lines",
        ) from None
    except ValueError:
        raise DilmacError(
            "not a babel.cfg mapping: a section is not [METHOD: PATTERN]",
            path=str(path),
            hint="write sections as [METHOD: PATTERN], e.g. [jinja2: templates/**.html]",
        ) from None
    rules = [Rule(pattern, method, dict(options_map.get(pattern, {})), path.name) for pattern, method in method_map]
    return _checked(Mapping(root=path.parent.absolute(), rules=rules, source=str(path)))


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DilmacError(f"cannot read the TOML: {exc}", path=str(path), hint="fix the TOML syntax") from None


def _from_table(table: dict, config: Path) -> Mapping:
    root = config.parent.absolute()
    unknown = set(table) - {"mappings", "mapping-file", "extractors"}
    if unknown:
        raise DilmacError(
            f"extract.{sorted(unknown)[0]}: unknown key",
            path=str(config),
            hint="allowed keys: mappings, mapping-file, extractors",
        )
    if "mapping-file" in table:
        if not isinstance(table["mapping-file"], str):
            raise DilmacError("extract.mapping-file: must be a path", path=str(config), hint='e.g. "babel.cfg"')
        return _from_file(root / table["mapping-file"])
    extractors = table.get("extractors", {})
    entries = table.get("mappings", [])
    if not isinstance(entries, list) or not isinstance(extractors, dict):
        raise DilmacError("extract.mappings: must be a list of tables", path=str(config), hint=MAPPING_HINT)
    rules = []
    for index, entry in enumerate(entries):
        where = f"extract.mappings[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("method"), str):
            raise DilmacError(f"{where}: method missing or not a string", path=str(config), hint=MAPPING_HINT)
        options = {k: v for k, v in entry.items() if k not in ("pattern", "method")}
        patterns = entry.get("pattern")
        patterns = [patterns] if isinstance(patterns, str) else patterns
        if not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise DilmacError(f"{where}: pattern missing or not a string", path=str(config), hint=MAPPING_HINT)
        method = extractors.get(entry["method"], entry["method"])
        rules.extend(Rule(pattern, method, options, config.name) for pattern in patterns)
    return _checked(Mapping(root=root, rules=rules, source=str(config)))


def _checked(mapping: Mapping) -> Mapping:
    for rule in mapping.rules:
        known = rule.method in PUBLICATIONS + SITE + JINJA2_NAMES + ("ignore",) or ":" in rule.method
        if not known:
            raise DilmacError(
                f"the method {rule.method!r} of the pattern {rule.pattern!r} is not an extractor",
                path=mapping.source,
                hint=MAPPING_HINT,
            )
        if kind_of(rule.method) == "publication" and rule.options:
            raise DilmacError(
                f"the {rule.method} publications of {rule.pattern!r} take no options "
                f"({', '.join(map(str, rule.options))})",
                path=mapping.source,
                hint="options are for the site extractors (python, javascript, jinja2)",
            )
    return mapping
