"""Sources → a POT template: publications by segment, site strings through Babel's extractors.

Which extractor reads a file, with which options, is the project's mapping (dilmac.catalog.
mapping: glob patterns as in pybabel's babel.cfg, else the suffix). Python and JavaScript go
through `babel.messages.extract`, Jinja2 templates through `jinja2.ext.babel_extract`, all with
Babel's default keywords (`_`, `gettext`, `ngettext`, `pgettext`, …) unless others are given,
and translator comments (`# Translators: …`) kept as `#.` comments. Every message keeps a
`#: path:line` reference per place it occurs; the first occurrence decides its position in the
template.

A Python file mapped with the option `module_docstring = true` also gives its module docstring
as a message, never flagged as a format string (dilmac's own rules: their documentation, which
`dilmac rules ID` translates).

Flags: `python-format` for a Python or Jinja2 message with %-directives, `python-brace-format`
for a Python or Jinja2 message whose call is formatted with `.format(…)`
(`_("In {city}").format(…)`), as xgettext does, so that compile checks the translation's fields.
"""

from __future__ import annotations

import ast
import os
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import polib

from dilmac import __version__
from dilmac.catalog.io import Catalog, gettext_now, new_catalog
from dilmac.catalog.mapping import Mapping, kind_of
from dilmac.catalog.segment import segment_text
from dilmac.core.errors import DilmacError
from dilmac.readers import read_text
from dilmac.readers.decode import decode, read_bytes

COMMENT_TAGS = ("Translators:", "TRANSLATORS:")


# A gettext call on one string literal, formatted with .format(…), in a Jinja2 template
TEMPLATE_FORMAT_CALL = re.compile(r"""\b(?:_|gettext)\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)\s*\.format\(""")
TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass
class Extracted:
    catalog: Catalog
    files: int
    messages: int
    other_language: list[str]  # publications skipped for declaring another language
    warnings: list[str] = field(default_factory=list)


def source_files(paths: list[Path], mapping: Mapping) -> list[tuple[Path, str, dict[str, object]]]:
    """(file, method, options) of the files named, and of the files below directories that the
    mapping maps (in name order, hidden entries skipped)."""
    found = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    chosen = None if name.startswith(".") else mapping.method_for(Path(root) / name)
                    if chosen is not None:
                        found.append((Path(root) / name, *chosen))
        elif path.exists():
            chosen = mapping.method_for(path)
            if chosen is None:
                where = f"the mapping of {mapping.source}" if mapping.rules else "--map"
                raise DilmacError(
                    f"no extractor for this file in {where}",
                    path=str(path),
                    hint="map it: a pattern in [tool.dilmac.extract] or babel.cfg, or --map SUFFIX=METHOD "
                    "(e.g. --map .tpl=jinja2)",
                )
            found.append((path, *chosen))
        else:
            raise DilmacError("the file does not exist", path=str(path), hint="check the spelling of the path")
    return found


def reference(path: Path) -> str:
    """The path as `#:` references write it: relative to the working directory when below it,
    with forward slashes."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def extract(
    paths: list[Path],
    *,
    mapping: Mapping | None = None,
    keywords: list[str] | None = None,
    comment_tags: tuple[str, ...] = COMMENT_TAGS,
    project: str = "PACKAGE",
    version: str = "VERSION",
    bugs_address: str = "",
    source_lang: str | None = None,
) -> Extracted:
    """The template of `paths`. With `source_lang`, publications that declare another language
    (front matter, `<html lang>`, a name such as `release.az.md`) are left out: they are
    translations, such as those `build` writes beside their sources."""
    files = source_files(paths, mapping or Mapping())
    template = new_template(project, version, bugs_address)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    other_language: list[str] = []
    warnings: list[str] = []
    for path, method, options in files:
        where = reference(path)
        formatted: set[str] = set()
        docstrings: set[str] = set()
        if kind_of(method) == "publication":
            source, _ = decode(read_bytes(path, where), where)
            if source_lang and read_text(source, where, method).lang not in (None, source_lang):
                other_language.append(where)
                continue
            messages = list(_publication(source, where, method))
            warning = _template_warning(messages, where, method)
            if warning:
                warnings.append(warning)
        else:
            messages = list(_site(path, where, method, options, keywords, comment_tags))
            if method == "python":
                formatted = _formatted_strings(path, keywords, options)
                docstring = _module_docstring(path, options)
                if docstring is not None:
                    messages.insert(0, docstring)
                    docstrings.add(docstring[1])
            elif kind_of(method) == "jinja2":
                formatted = _formatted_in_template(path)
        for line, msgid, plural, context, comments in messages:
            entry = entries.get((context, msgid))
            if entry is None:
                entry = entries[(context, msgid)] = polib.POEntry(msgid=msgid, msgctxt=context)
                template.append(entry)
            if plural and not entry.msgid_plural:
                entry.msgid_plural = plural
                entry.msgstr_plural = {0: "", 1: ""}
            if (where, str(line)) not in entry.occurrences:
                entry.occurrences.append((where, str(line)))
            for comment in comments:
                if comment not in entry.comment.split("\n"):
                    entry.comment = f"{entry.comment}\n{comment}" if entry.comment else comment
            if (msgid in formatted or plural in formatted) and _brace_format(msgid, plural):
                if "python-brace-format" not in entry.flags:
                    entry.flags.append("python-brace-format")
            elif (
                msgid not in docstrings
                and (method == "python" or kind_of(method) == "jinja2")
                and "python-format" not in entry.flags
                and _python_format(msgid, plural)
            ):
                entry.flags.append("python-format")
    return Extracted(template, len(files) - len(other_language), len(template), other_language, warnings)


def new_template(project: str, version: str, bugs_address: str) -> Catalog:
    template = new_catalog()
    template.header = (
        f"Messages of {project} for translation.\n"
        "This file is distributed under the same license as the "
        f"{project} package."
    )
    template.metadata_is_fuzzy = ["fuzzy"]
    template.metadata = {
        "Project-Id-Version": f"{project} {version}",
        "Report-Msgid-Bugs-To": bugs_address,
        "POT-Creation-Date": gettext_now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"dilmac {__version__}",
    }
    return template


def _python_format(msgid: str, plural: str | None) -> bool:
    from babel.messages.catalog import PYTHON_FORMAT

    return any(PYTHON_FORMAT.search(text) for text in (msgid, plural) if text)


def _brace_format(msgid: str, plural: str | None) -> bool:
    from dilmac.rules._placeholders import parse_brace

    parsed = [parse_brace(text) for text in (msgid, plural) if text]
    return all(p.invalid is None for p in parsed) and any(p.directives for p in parsed)


def _formatted_strings(path: Path, keywords: list[str] | None, options: dict[str, object]) -> set[str]:
    """The string arguments of translation calls formatted with `.format(…)` in a Python file:
    `_("In {city}").format(city=…)`, `ngettext("{n} file", "{n} files", n).format(n=n)`."""
    from babel.messages.extract import DEFAULT_KEYWORDS

    names = set(DEFAULT_KEYWORDS) | {k.split(":")[0] for k in keywords or ()} | set(_option_keywords(options))
    tree = ast.parse(path.read_bytes(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
            continue
        call = node.func.value
        if isinstance(call, ast.Call):
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
            if name in names:
                found.update(a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def _module_docstring(path: Path, options: dict[str, object]) -> tuple | None:
    """The module docstring as a message, when the mapping asks for it (`module_docstring`)."""
    if str(options.get("module_docstring", "")).lower() not in ("true", "yes", "1"):
        return None
    tree = ast.parse(path.read_bytes(), str(path))
    text = ast.get_docstring(tree)
    return (tree.body[0].lineno, text, None, None, ()) if text else None


def _formatted_in_template(path: Path) -> set[str]:
    """The same in a Jinja2 template: `{{ _("In {city}").format(city=city) }}`."""
    text = path.read_text(encoding="utf-8")
    return {ast.literal_eval(match.group(1)) for match in TEMPLATE_FORMAT_CALL.finditer(text)}


def _option_keywords(options: dict[str, object]) -> dict[str, object]:
    keywords = options.get("keywords")
    if isinstance(keywords, dict):
        return keywords
    if isinstance(keywords, (str, list)):
        from babel.messages.frontend import parse_keywords

        return parse_keywords(keywords.split() if isinstance(keywords, str) else keywords)
    return {}


def _template_warning(messages: list, where: str, method: str) -> str | None:
    """A publication message that holds template syntax: the file is most likely a template."""
    for line, msgid, _, _, _ in messages:
        found = TEMPLATE_SYNTAX.search(msgid)
        if found:
            shown = found.group() if len(found.group()) <= 40 else found.group()[:39] + "…"
            return (
                f"{where}:{line}: warning: “{shown}” is template syntax, but the file is extracted as a "
                f"publication ({method}); if it is a template, map it to jinja2 "
                "([tool.dilmac.extract] or babel.cfg, or --map SUFFIX=jinja2)"
            )
    return None


def _publication(source: str, where: str, method: str):
    for segment in segment_text(source, where, method).segments:
        yield segment.line, segment.text, None, None, ()


def _site(
    path: Path,
    where: str,
    method: str,
    mapped: dict[str, object],
    keywords: list[str] | None,
    comment_tags: tuple[str, ...],
):
    from babel.messages.extract import DEFAULT_KEYWORDS
    from babel.messages.extract import extract as babel_extract
    from jinja2 import TemplateSyntaxError

    spec = dict(DEFAULT_KEYWORDS)
    for keyword in keywords or ():
        spec.update(_keyword(keyword))
    spec.update(_option_keywords(mapped))
    extra_tags = mapped.get("add_comments") or ()
    comment_tags = comment_tags + tuple([extra_tags] if isinstance(extra_tags, str) else extra_tags)
    mapped = {k: v for k, v in mapped.items() if k not in ("keywords", "add_comments", "module_docstring")}
    options: dict[str, object] = {"encoding": "utf-8", **mapped}
    function: object = method
    if kind_of(method) == "jinja2":
        from jinja2.ext import babel_extract as jinja_extract

        function = jinja_extract
        ours = "jinja2.ext.do,jinja2.ext.loopcontrols"
        extensions = ",".join(filter(None, [ours, str(mapped.get("extensions", ""))]))
        options = {"silent": "false", **mapped, "extensions": extensions}
    try:
        if method == "python":
            # Babel's tokenizer stops quietly or vaguely on broken code; the compiler says where.
            compile(path.read_bytes(), where, "exec", dont_inherit=True)
        with open(path, "rb") as handle:
            found = list(babel_extract(function, handle, keywords=spec, comment_tags=comment_tags, options=options))
    except OSError as exc:
        raise DilmacError(
            f"cannot read the file: {exc.strerror or exc}",
            path=where,
            hint="check that the file exists and can be opened",
        ) from None
    except UnicodeDecodeError as exc:
        raise DilmacError(
            f"the file is not UTF-8 ({exc.reason} at byte {exc.start})", path=where, hint="save the file as UTF-8"
        ) from None
    except SyntaxError as exc:
        raise DilmacError(
            f"cannot read the Python source: {exc.msg}",
            path=where,
            line=exc.lineno,
            column=exc.offset,
            hint="fix the syntax error; messages are extracted from code that compiles",
        ) from None
    except tokenize.TokenError as exc:
        raise DilmacError(
            f"cannot read the {method} source: {exc.args[0]}",
            path=where,
            line=exc.args[1][0],
            hint="fix the syntax error",
        ) from None
    except TemplateSyntaxError as exc:
        raise DilmacError(
            f"cannot read the template: {exc.message}", path=where, line=exc.lineno, hint="fix the template syntax"
        ) from None
    except (RecursionError, MemoryError):  # the compiler's and Jinja's parsers recurse per level
        raise DilmacError(
            "the source nests too deeply to be read (thousands of nested expressions)",
            path=where,
            hint="split the deeply nested expression; no hand-written code nests this deep",
        ) from None
    except (ImportError, AttributeError, ValueError) as exc:
        raise DilmacError(
            f"the extractor {method!r} cannot be used: {exc}",
            path=where,
            hint="check the method and the options mapped to this file (babel.cfg or [tool.dilmac.extract])",
        ) from None
    for line, message, comments, context in found:
        if isinstance(message, (tuple, list)):
            msgid, plural = message[0], message[1] if len(message) > 1 else None
        else:
            msgid, plural = message, None
        if msgid:
            yield line, msgid, plural, context, tuple(comments)


def _keyword(text: str) -> dict[str, object]:
    """A keyword as xgettext writes it: `name`, `name:1,2`, `name:1c,2` (c = context)."""
    from babel.messages.frontend import parse_keywords

    parsed = parse_keywords([text])
    if not parsed:
        raise DilmacError(
            f"--keyword {text!r} is not a keyword", hint="write NAME or NAME:ARG,ARG (e.g. -k tr:1 or -k ntr:1,2)"
        )
    return parsed
