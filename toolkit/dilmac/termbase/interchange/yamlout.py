"""Termbase YAML written the way termbase/*.yaml is: key order, flow terms, quoted dates, folded notes.

The text is loaded back and compared with the data before it is written, so a quoting mistake
can never change a term on its way to disk.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import yaml

from dilmac.core.atomic import write_atomic
from dilmac.core.errors import DilmacError
from dilmac.termbase.interchange.model import SOURCE_KEYS, TERM_KEYS

WIDTH = 100
# Line breaks and characters YAML does not allow unescaped, beyond what JSON escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def plain_or_quoted(text: str) -> str:
    """Plain where YAML reads the text back unchanged as a string inside a flow mapping."""
    if (
        text.isprintable()
        and _PLAIN_START.match(text)
        and text == text.strip()
        and not re.search(r"[,\[\]{}#\"']|: ", text)
        and not _YAML_UNSAFE.search(text)
    ):
        try:
            if yaml.safe_load(f"{{k: {text}, z: 0}}") == {"k": text, "z": 0}:
                return text
        except yaml.YAMLError:
            pass
    return quoted(text)


def _flow(mapping: dict, keys: tuple[str, ...]) -> str:
    parts = []
    for key in keys:
        if key not in mapping:
            continue
        value = mapping[key]
        if isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, list):
            shown = "[" + ", ".join(plain_or_quoted(item) for item in value) + "]"
        elif key in ("text", "status", "case", "concept", "type"):
            shown = plain_or_quoted(value)
        else:
            shown = quoted(value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def _example(item: str | dict) -> str:
    if isinstance(item, str):
        return quoted(item)
    return f"{{text: {quoted(item['text'])}, date: {quoted(item['date'])}}}"


def _note(text: str, indent: str, key: str = "note") -> list[str]:
    """`note:` (or another text key) folded over lines like the shipped files when that keeps
    the text, else quoted."""
    foldable = (
        len(text) > WIDTH - len(indent) - 6
        and text.isprintable()
        and text == text.strip()
        and "  " not in text
        and not _YAML_UNSAFE.search(text)
    )
    if not foldable:
        return [f"{indent}{key}: {quoted(text)}"]
    wrapped = textwrap.wrap(text, WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{indent}{key}: >-"] + [f"{indent}  {line}" for line in wrapped]


def render(concepts: list[dict], comment: str) -> str:
    """The YAML text of a termbase file (format 2) holding `concepts` (dicts in termbase key
    order). A file of one domain names it; concepts of several domains are written to one file,
    which `dilmac termbase validate` then asks to split."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    file_domains = sorted({c["domain"] for c in concepts})
    header = {"format": 2, "domain": file_domains[0] if file_domains else "documents"}
    lines += ["format: 2", f"domain: {header['domain']}"]
    lines.append("concepts:" if concepts else "concepts: []")
    for concept in concepts:
        lines += ["", f"  - id: {concept['id']}", f"    domain: {concept['domain']}"]
        if "definition" in concept:
            lines += _note(concept["definition"], "    ", "definition")
        for key in ("jurisdiction", "from", "until", "verified"):
            if key in concept:
                lines.append(f"    {key}: {quoted(concept[key])}")
        if "note" in concept:
            lines += _note(concept["note"], "    ")
        lines.append("    sources:")
        for source in concept["sources"]:
            lines.append(f"      - {_flow(source, SOURCE_KEYS)}")
        for key, keys in (
            ("relations", ("type", "concept", "date", "note")),
            ("offices", ("concept", "from", "until", "note")),
        ):
            if concept.get(key):
                lines.append(f"    {key}:")
                lines += [f"      - {_flow(item, keys)}" for item in concept[key]]
        if concept.get("exceptions"):
            lines.append("    exceptions:")
            for lang, phrases in concept["exceptions"].items():
                lines.append(f"      {lang}: [{', '.join(quoted(p) for p in phrases)}]")
        lines.append("    terms:")
        for lang, terms in concept["terms"].items():
            lines.append(f"      {lang}:")
            lines += [f"        - {_flow(term, TERM_KEYS)}" for term in terms]
        if concept.get("examples"):
            lines.append("    examples:")
            for lang, sets in concept["examples"].items():
                lines.append(f"      {lang}:")
                for kind, items in sets.items():
                    lines.append(f"        {kind}:")
                    lines += [f"          - {_example(item)}" for item in items]
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != header | {"concepts": concepts}:
        raise RuntimeError("the termbase YAML written does not read back as the imported data")
    return text


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing file (a curated termbase, say) unless asked to."""
    if path.exists() and not force:
        raise DilmacError(
            "the output file exists", path=str(path), hint="choose another name, or pass --force to replace it"
        )
    if not path.parent.is_dir():
        raise DilmacError("the output folder does not exist", path=str(path), hint="create it first")


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    """Write `path` all at once (see dilmac.core.atomic), refusing to replace a file unless forced."""
    check_writable(path, force=force)
    write_atomic(path, data)
