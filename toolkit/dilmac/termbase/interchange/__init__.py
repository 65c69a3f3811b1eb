"""`dilmac termbase import|export`: the termbase to and from TBX and CSV.

Export writes TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``), the TBX 2008 structure
Weblate reads (``martif``/``termEntry``/``langSet``/``tig``) or CSV; TBX keeps every field, so
the termbase exported and imported again is the same termbase. Import reads both TBX
structures and CSV into one termbase YAML file that `dilmac termbase validate` accepts.

Decisions an import makes (each counted in its report):

- Only en, az and tr are kept (``en-GB`` is en, ``az-Cyrl`` is not az): the schema and the
  matcher know these three. Terms in other languages, empty terms, and entries left without a
  term are dropped.
- A file's own entry id is kept when it is a valid termbase id. Otherwise the concept is named
  ``import.<source term>`` (the source language is the file's ``xml:lang``), and entries that
  repeat a source term are merged: in the termbase a form belongs to one concept.
- A term without a status is preferred when it is the first full name (or the first
  abbreviation) of its language in the concept and no other is preferred, else admitted: two
  preferred full names valid at once are an error of the termbase.
- The domain comes from ``<descrip type="subjectField">`` (or the CSV's domain column) when it
  names a termbase domain, else from ``--domain``; a concept without sources gets the file's name.
"""

from __future__ import annotations

from pathlib import Path

from dilmac.core.errors import DilmacError

FORMATS = ("tbx", "tbx2", "csv")


def detect_format(path: Path) -> str:
    """tbx or csv, from the file name or, failing that, from the first character."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".csv", ".tsv"):
        return "csv"
    try:
        with path.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise DilmacError(f"cannot read the file: {exc.strerror}", path=str(path)) from None
    return "tbx" if start.startswith(b"<") else "csv"


def import_file(path: Path, fmt: str = "auto", *, domain: str | None = None):
    """Concepts (termbase YAML shape) from a TBX or CSV file, and the report of what was mapped.

    Returns ``(concepts, report)``; raises DilmacError naming file and line for bad input.
    """
    from dilmac.termbase.interchange.model import ImportReport, build_concepts, domains

    if domain is not None and domain not in domains():
        raise DilmacError(f"--domain {domain!r} is not a termbase domain", hint="use one of: " + ", ".join(domains()))
    fmt = detect_format(path) if fmt == "auto" else fmt
    report = ImportReport(str(path))
    if fmt == "csv":
        from dilmac.termbase.interchange.csvformat import read_csv

        entries, source_lang = read_csv(path, report.dropped), None
    else:
        from dilmac.termbase.interchange.tbx import read_tbx

        entries, source_lang = read_tbx(path, report.dropped)
    concepts = build_concepts(
        entries,
        report,
        source_lang=source_lang and source_lang.split("-")[0].lower(),
        default_domain=domain,
        source_name=path.name,
    )
    return concepts, report


def export_termbase(termbase, fmt: str) -> tuple[bytes, list[str]]:
    """The termbase as TBX v3 (tbx), TBX 2008 martif (tbx2) or CSV, and notices about the export."""
    if fmt == "csv":
        from dilmac.termbase.interchange.csvformat import write_csv

        return write_csv(termbase)
    from dilmac.termbase.interchange.tbx import write_tbx

    return write_tbx(termbase, 3 if fmt == "tbx" else 2), []
