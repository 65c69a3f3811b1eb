"""Sources → a POT template: publications by segment, site strings through Babel's extractors.

Which extractor reads a file is decided by its suffix (`METHODS`), changeable per suffix
(`.html=jinja2` for a site whose templates end in .html). Python and JavaScript go through
`babel.messages.extract`, Jinja2 templates through `jinja2.ext.babel_extract`, all with Babel's
default keywords (`_`, `gettext`, `ngettext`, `pgettext`, …) unless others are given, and
translator comments (`# Translators: …`) kept as `#.` comments. Every message keeps a `#: path:line`
reference per place it occurs; the first occurrence decides its position in the template.
"""

from __future__ import annotations

import os
import tokenize
from dataclasses import dataclass
from pathlib import Path

import polib

from dilmac import __version__
from dilmac.catalog.io import Catalog, gettext_now, new_catalog
from dilmac.catalog.segment import segment_text
from dilmac.core.errors import DilmacError
from dilmac.readers import read_text
from dilmac.readers.decode import decode, read_bytes

PUBLICATIONS = ("markdown", "html", "text")
SITE = ("python", "javascript", "jinja2")
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
COMMENT_TAGS = ("Translators:", "TRANSLATORS:")


@dataclass
class Extracted:
    catalog: Catalog
    files: int
    messages: int
    other_language: list[str]  # publications skipped for declaring another language


def parse_mapping(items: list[str] | None) -> dict[str, str]:
    """`.html=jinja2` style overrides on top of METHODS; `.txt=none` leaves a suffix out."""
    methods = dict(METHODS)
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
        if method == "none":
            methods.pop(suffix, None)
        else:
            methods[suffix] = method
    return methods


def source_files(paths: list[Path], methods: dict[str, str]) -> list[Path]:
    """Files named, and the files with a known suffix below directories (in name order,
    hidden entries skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / name
                    for name in sorted(files)
                    if not name.startswith(".") and Path(name).suffix.lower() in methods
                )
        elif path.exists():
            if path.suffix.lower() not in methods:
                raise DilmacError(
                    f"no extractor for “{path.suffix or path.name}” files",
                    path=str(path),
                    hint="name one with --map SUFFIX=METHOD, e.g. --map .tpl=jinja2",
                )
            found.append(path)
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
    methods: dict[str, str] | None = None,
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
    methods = methods or METHODS
    files = source_files(paths, methods)
    template = new_template(project, version, bugs_address)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    other_language: list[str] = []
    for path in files:
        method = methods[path.suffix.lower()]
        where = reference(path)
        if method in PUBLICATIONS:
            source, _ = decode(read_bytes(path, where), where)
            if source_lang and read_text(source, where, method).lang not in (None, source_lang):
                other_language.append(where)
                continue
            messages = _publication(source, where, method)
        else:
            messages = _site(path, where, method, keywords, comment_tags)
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
            if method in ("python", "jinja2") and "python-format" not in entry.flags and _python_format(msgid, plural):
                entry.flags.append("python-format")
    return Extracted(template, len(files) - len(other_language), len(template), other_language)


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


def _publication(source: str, where: str, method: str):
    for segment in segment_text(source, where, method).segments:
        yield segment.line, segment.text, None, None, ()


def _site(path: Path, where: str, method: str, keywords: list[str] | None, comment_tags: tuple[str, ...]):
    from babel.messages.extract import DEFAULT_KEYWORDS
    from babel.messages.extract import extract as babel_extract
    from jinja2 import TemplateSyntaxError

    spec = dict(DEFAULT_KEYWORDS)
    for keyword in keywords or ():
        spec.update(_keyword(keyword))
    options: dict[str, object] = {"encoding": "utf-8"}
    function: object = method
    if method == "jinja2":
        from jinja2.ext import babel_extract as jinja_extract

        function = jinja_extract
        options = {"silent": "false", "extensions": "jinja2.ext.do,jinja2.ext.loopcontrols"}
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
