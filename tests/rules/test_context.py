"""Context.finding: each argument lands in its own field of the Finding (the finding is made
with positional arguments, for speed, so a reordering of Finding's fields must fail here)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from types import SimpleNamespace

from dilmac.core.document import Document, Unit
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context


def test_finding_fields_come_from_their_arguments() -> None:
    text = "The Turkish Council met in Baku."
    doc = Document(path="news/one.txt", source=text, text=text, lang="en")
    ctx = Context(doc=doc, lang="en", date=date(2024, 5, 1), termbase=None, start=0, end=len(text), occurrences=[])
    rule = SimpleNamespace(ID="term-forbidden", SEVERITY=Severity.ERROR)
    unit = Unit(msgid="Turkish Council", msgctxt="nav", spans=((4, 19),), source_spans=((0, 15),))
    message = Message("%(found)s must not be used", found="“Turkish Council”")
    finding = ctx.finding(
        rule, 4, 19, message, suggestions=["Turkic Council", "Turkic Council"], concept="org.ots", unit=unit
    )
    expected = Finding(
        path="news/one.txt",
        start=4,
        end=19,
        rule="term-forbidden",
        severity=Severity.ERROR,
        message="“Turkish Council” must not be used",
        found="Turkish Council",
        suggestions=["Turkic Council"],
        concept="org.ots",
        lang="en",
        msgid="Turkish Council",
        msgctxt="nav",
        location=None,
        shown=message,
    )
    for f in fields(Finding):
        assert getattr(finding, f.name) == getattr(expected, f.name), f.name
    plain = ctx.finding(rule, 0, 3, "plain text", severity=Severity.INFO)
    assert (plain.message, plain.shown, plain.severity, plain.msgid, plain.found) == (
        "plain text",
        None,
        Severity.INFO,
        None,
        "The",
    )
