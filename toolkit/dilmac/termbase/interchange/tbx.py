"""TBX (ISO 30042) in both structures in use, read safely and written losslessly.

TBX v3: ``tbx/text/body/conceptEntry/langSec/termSec``; TBX 2008 and Weblate:
``martif/text/body/termEntry/langSet/tig`` (``ntig/termGrp`` is read too). The data categories
written are TBX-Basic ones where one exists, and private ``x-dilmac-*`` ones for what TBX has
no category for, so that a termbase exported and imported again is the same termbase:

=====================  =================================================================
termbase               TBX
=====================  =================================================================
id                     ``conceptEntry/@id``
domain                 ``<descrip type="subjectField">``
definition             ``<descrip type="definition">``
jurisdiction           ``<descrip type="x-dilmac-jurisdiction">``
from, until, verified  ``<descrip type="x-dilmac-from|x-dilmac-until|x-dilmac-verified">``
note                   ``<note>`` of the entry
sources                ``<adminGrp>`` each: ``<admin type="source">`` (the title), with
                       ``<admin type="x-dilmac-source-id|x-dilmac-url|x-dilmac-seen|
                       x-dilmac-source-note">``
relations              see-also: ``<ref type="crossReference" target="ID">``; other types, or
                       with a date or note: ``<descripGrp>`` of ``<descrip
                       type="x-dilmac-relation">TYPE``, the ``<ref>``, ``<admin
                       type="x-dilmac-date">``, ``<note>``
offices                ``<descripGrp>``: ``<descrip type="x-dilmac-office">`` with
                       ``<admin type="x-dilmac-from|x-dilmac-until">`` and ``<note>``
exceptions             ``<descrip type="x-dilmac-exception">`` in the language section
examples               ``<descrip type="x-dilmac-example-ok|bad">`` in the language
                       section, in a ``<descripGrp>`` with ``<admin type="x-dilmac-date">``
                       when dated
status                 ``<termNote type="administrativeStatus">``: preferredTerm-admn-sts,
                       admittedTerm-, deprecatedTerm-, supersededTerm-admn-sts; forbidden
                       (no TBX status) is deprecatedTerm-admn-sts plus
                       ``<termNote type="x-dilmac-status">forbidden</termNote>``
type                   ``<termNote type="termType">``: (full: none), shortForm, abbreviation,
                       transliteratedForm, variant
case, inflect, house   ``<termNote type="x-dilmac-case">exact``, ``x-dilmac-inflect">false``,
                       ``x-dilmac-house">true``
from, until            ``<termNote type="x-dilmac-from|x-dilmac-until">``
note, source           ``<note>``; ``<admin type="x-dilmac-source-ref">ID`` per cited source
=====================  =================================================================

Reading accepts more than this: ``normativeAuthorization`` as a status, acronym and initialism
as abbreviations, untyped ``<descrip>`` (Weblate's explanation) as notes, ``<admin|descrip
type="source">`` text as a source (of the entry, or cited by the term); everything else is
counted as dropped in the import report.

XML is parsed by defusedxml: a file that declares entities (the entity-expansion "billion
laughs" bomb, external entities that would read local files or URLs) is refused before any
entity is expanded or fetched. A DOCTYPE without declarations (Weblate writes one) is fine.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

from dilmac.core.errors import DilmacError
from dilmac.termbase.interchange.model import Entry, ForeignTerm, check_date
from dilmac.termbase.model import STATUSES, Concept, Term, Termbase

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
TO_TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",  # with x-dilmac-status, which says forbidden
}
FROM_TBX_STATUS = {
    "preferredTerm": "preferred",
    "admittedTerm": "admitted",
    "deprecatedTerm": "deprecated",
    "supersededTerm": "superseded",
}
ABBREVIATION_TYPES = {"abbreviation", "acronym", "initialism"}
TO_TBX_TYPE = {
    "short": "shortForm",
    "abbreviation": "abbreviation",
    "transliteration": "transliteratedForm",
    "variant": "variant",
}
FROM_TBX_TYPE = {v: k for k, v in TO_TBX_TYPE.items()} | dict.fromkeys(ABBREVIATION_TYPES, "abbreviation")
CONCEPT_FACTS = ("jurisdiction", "from", "until", "verified")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_REFUSED_HINT = (
    "TBX needs no entity declarations: remove the <!DOCTYPE ...[ ]> internal subset "
    "(or export the file again); dilmac never expands or fetches entities"
)


# ---------------------------------------------------------------- reading


class _Node:
    __slots__ = ("attrib", "children", "line", "parts", "tag")

    def __init__(self, tag: str, attrib: dict, line: int) -> None:
        self.tag = tag
        self.attrib = attrib
        self.children: list[_Node] = []
        self.parts: list[str] = []
        self.line = line

    @property
    def type(self) -> str | None:
        return self.attrib.get("type")

    @property
    def text(self) -> str:
        """All text inside, inline markup (<hi>) included, stripped."""
        return "".join(self.parts).strip()


class _TreeBuilder:
    """Parser target that builds a light tree keeping each element's line; tags without namespace."""

    def __init__(self) -> None:
        self.expat = None
        self.stack: list[_Node] = []
        self.root: _Node | None = None

    def start(self, tag: str, attrib: dict) -> None:
        node = _Node(tag.rpartition("}")[2], attrib, self.expat.CurrentLineNumber)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        for node in self.stack:
            node.parts.append(text)

    def close(self) -> _Node | None:
        return self.root


def parse_xml(data: bytes, path: str) -> _Node:
    """The element tree of `data`; DilmacError with file:line:column for anything unsafe or malformed."""
    from defusedxml import DefusedXmlException, EntitiesForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _TreeBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden as exc:
        raise DilmacError(
            f"refused: the file declares the XML entity {exc.name!r}"
            + (f" (external: {exc.sysid})" if exc.sysid else ""),
            path=path,
            line=builder.expat.CurrentLineNumber,
            column=builder.expat.CurrentColumnNumber + 1,
            hint=_REFUSED_HINT,
        ) from None
    except DefusedXmlException as exc:
        raise DilmacError(
            f"refused: {exc}",
            path=path,
            line=builder.expat.CurrentLineNumber,
            column=builder.expat.CurrentColumnNumber + 1,
            hint=_REFUSED_HINT,
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(": line ")[0]
        raise DilmacError(
            f"malformed XML: {message}",
            path=path,
            line=line,
            column=column + 1,
            hint="the file is not well-formed XML; fix it at that position",
        ) from None
    return root


def read_tbx(path: Path, dropped: Counter) -> tuple[list[Entry], str | None]:
    """The entries of a TBX file and its source language (the root's xml:lang); counts what it skips."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DilmacError(f"cannot read the file: {exc.strerror}", path=where) from None
    root = parse_xml(data, where)
    if root.tag not in ("tbx", "martif"):
        raise DilmacError(
            f"not a TBX file: the root element is <{root.tag}>",
            path=where,
            line=root.line,
            hint="TBX files start with <tbx> (TBX v3) or <martif> (TBX 2008, Weblate)",
        )
    reader = _Reader(where, dropped)
    entries = [
        reader.entry(node)
        for text in _children(root, "text")
        for body in _children(text, "body")
        for node in body.children
        if node.tag in ("conceptEntry", "termEntry")
    ]
    return entries, root.attrib.get(XML_LANG)


def _children(node: _Node, tag: str) -> list[_Node]:
    return [child for child in node.children if child.tag == tag]


class _Reader:
    def __init__(self, path: str, dropped: Counter) -> None:
        self.path = path
        self.dropped = dropped

    def drop(self, node: _Node) -> None:
        self.dropped[f"<{node.tag}>" + (f" {node.type}" if node.type else "")] += 1

    def entry(self, node: _Node) -> Entry:
        entry = Entry(foreign_id=node.attrib.get("id"))
        for child in node.children:
            if child.tag in ("langSec", "langSet"):
                self.language(child, entry)
            else:
                self.concept_info(child, entry, child.attrib.get(XML_LANG))
        return entry

    def language(self, node: _Node, entry: Entry) -> None:
        lang = node.attrib.get(XML_LANG)
        if not lang:
            raise DilmacError(
                f"<{node.tag}> without xml:lang",
                path=self.path,
                line=node.line,
                hint='give the language section its language, e.g. xml:lang="en"',
            )
        for child in node.children:
            if child.tag in ("termSec", "tig", "ntig"):
                entry.terms.append(self.term(child, lang))
            elif child.tag == "descrip" and child.type == "x-dilmac-exception" and child.text:
                entry.exceptions.append((lang, child.text))
            else:
                self.concept_info(child, entry, lang)

    def concept_info(self, node: _Node, entry: Entry, lang: str | None) -> None:
        """Entry- and language-level information: domain, notes, sources, links, examples, offices."""
        kind = node.type
        if node.tag == "descripGrp":
            self.descrip_group(node, entry, lang)
        elif node.tag == "adminGrp":
            self.admin_group(node, entry, lang)
        elif node.tag == "descrip" and kind == "subjectField":
            entry.subject_field = node.text
        elif node.tag == "descrip" and kind == "definition" and node.text:
            entry.definitions.append(node.text)
        elif node.tag == "descrip" and kind and kind.removeprefix("x-dilmac-") in CONCEPT_FACTS:
            fact = kind.removeprefix("x-dilmac-")
            value = node.text
            if fact != "jurisdiction":
                value = check_date(value, path=self.path, line=node.line, what=f"concept '{fact}' date")
            entry.facts[fact] = value
        elif (node.tag == "note" or (node.tag == "descrip" and kind in (None, "explanation"))) and node.text:
            entry.notes.append(node.text)
        elif node.tag in ("admin", "descrip") and kind == "source" and node.text:
            entry.sources.append({"title": node.text})
        elif node.tag == "ref" and kind == "crossReference":
            entry.relations.append({"type": "see-also", "concept": node.attrib.get("target") or node.text})
        elif node.tag == "descrip" and kind in ("x-dilmac-example-ok", "x-dilmac-example-bad"):
            self.example(node, None, entry, lang)
        elif node.tag == "descrip" and kind == "x-dilmac-exception" and node.text:
            tag = node.attrib.get(XML_LANG, lang)
            if tag is None:
                raise DilmacError(
                    "exception phrase without a language",
                    path=self.path,
                    line=node.line,
                    hint="put it in a language section or give it xml:lang",
                )
            entry.exceptions.append((tag, node.text))
        else:
            self.drop(node)

    def admin_group(self, node: _Node, entry: Entry, lang: str | None) -> None:
        """A source record written by dilmac (with its id), else each child on its own."""
        values = {
            key: self.admin(node, kind)
            for key, kind in (
                ("id", "x-dilmac-source-id"),
                ("title", "source"),
                ("url", "x-dilmac-url"),
                ("seen", "x-dilmac-seen"),
                ("note", "x-dilmac-source-note"),
            )
        }
        if values["id"] is None:
            for child in node.children:
                self.concept_info(child, entry, lang)
            return
        if values["seen"] is not None:
            check_date(values["seen"], path=self.path, line=node.line, what="source 'seen' date")
        entry.sources.append({key: value for key, value in values.items() if value is not None})

    def descrip_group(self, node: _Node, entry: Entry, lang: str | None) -> None:
        descrip = next((c for c in node.children if c.tag == "descrip"), None)
        kind = descrip.type if descrip is not None else None
        note = next((c.text for c in node.children if c.tag == "note"), None)
        if kind == "x-dilmac-office":
            office = {"concept": descrip.text}
            for key in ("from", "until"):
                value = self.admin(node, f"x-dilmac-{key}")
                if value is not None:
                    office[key] = check_date(value, path=self.path, line=node.line, what=f"office '{key}' date")
            if note is not None:
                office["note"] = note
            entry.offices.append(office)
        elif kind == "x-dilmac-relation":
            ref = next((c for c in node.children if c.tag == "ref"), None)
            target = (ref.attrib.get("target") or ref.text) if ref is not None else ""
            relation = {"type": descrip.text, "concept": target}
            day = self.admin(node, "x-dilmac-date")
            if day is not None:
                relation["date"] = check_date(day, path=self.path, line=node.line, what="relation date")
            if note is not None:
                relation["note"] = note
            entry.relations.append(relation)
        elif kind in ("x-dilmac-example-ok", "x-dilmac-example-bad"):
            self.example(descrip, self.admin(node, "x-dilmac-date"), entry, lang)
        else:
            for child in node.children:
                self.concept_info(child, entry, lang)

    @staticmethod
    def admin(node: _Node, kind: str) -> str | None:
        return next((c.text for c in node.children if c.tag == "admin" and c.type == kind), None)

    def example(self, descrip: _Node, day: str | None, entry: Entry, lang: str | None) -> None:
        lang = descrip.attrib.get(XML_LANG, lang)
        if lang is None:
            raise DilmacError(
                "example without a language",
                path=self.path,
                line=descrip.line,
                hint="put it in a language section or give it xml:lang",
            )
        item: object = descrip.text
        if day is not None:
            item = {
                "text": descrip.text,
                "date": check_date(day, path=self.path, line=descrip.line, what="example date"),
            }
        entry.examples.append((lang, descrip.type.rpartition("-")[2], item))

    def term(self, node: _Node, lang: str) -> ForeignTerm:
        term = ForeignTerm(lang=lang, text="")
        forbidden = False
        for child in _flattened(node, ("termGrp", "termNoteGrp", "adminGrp")):
            kind = child.type
            if child.tag == "term":
                term.text = child.text
            elif child.tag == "termNote" and kind in ("administrativeStatus", "normativeAuthorization"):
                term.status = self.status(child)
            elif child.tag == "termNote" and kind == "x-dilmac-status":
                if child.text not in STATUSES:
                    raise DilmacError(
                        f"x-dilmac-status {child.text!r} is not a termbase status",
                        path=self.path,
                        line=child.line,
                        hint="use one of: " + ", ".join(STATUSES),
                    )
                forbidden = child.text == "forbidden"
                term.status = child.text
            elif child.tag == "termNote" and kind == "termType" and child.text in FROM_TBX_TYPE:
                term.fields["type"] = FROM_TBX_TYPE[child.text]
            elif child.tag == "termNote" and kind == "termType" and child.text == "fullForm":
                continue  # what every term without a termType is
            elif child.tag == "termNote" and kind == "x-dilmac-house" and child.text == "true":
                term.fields["house"] = True
            elif child.tag == "termNote" and kind == "x-dilmac-case" and child.text == "exact":
                term.fields["case"] = "exact"
            elif child.tag == "termNote" and kind == "x-dilmac-inflect" and child.text == "false":
                term.fields["inflect"] = False
            elif child.tag == "termNote" and kind in ("x-dilmac-from", "x-dilmac-until"):
                key = kind.rpartition("-")[2]
                term.fields[key] = check_date(child.text, path=self.path, line=child.line, what=f"'{key}' date")
            elif child.tag == "note" and child.text:
                term.fields["note"] = f"{term.fields['note']}\n{child.text}" if "note" in term.fields else child.text
            elif child.tag == "admin" and kind == "x-dilmac-source-ref" and child.text:
                term.fields.setdefault("source", []).append(child.text)
            elif child.tag in ("admin", "descrip") and kind == "source" and child.text:
                term.cited.append(child.text)
            else:
                self.drop(child)
        if forbidden:
            term.status = "forbidden"
        return term

    def status(self, node: _Node) -> str:
        value = node.text.removesuffix("-admn-sts")
        if value not in FROM_TBX_STATUS:
            raise DilmacError(
                f"{node.type} {node.text!r} is not a TBX term status",
                path=self.path,
                line=node.line,
                hint="use one of: " + ", ".join(sorted(set(TO_TBX_STATUS.values()))),
            )
        return FROM_TBX_STATUS[value]


def _flattened(node: _Node, groups: tuple[str, ...]):
    for child in node.children:
        if child.tag in groups:
            yield from _flattened(child, groups)
        else:
            yield child


# ---------------------------------------------------------------- writing

_NAMES = {
    3: {"root": "tbx", "header": "tbxHeader", "entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
    2: {"root": "martif", "header": "martifHeader", "entry": "termEntry", "lang": "langSet", "term": "tig"},
}


def write_tbx(termbase: Termbase, version: int) -> bytes:
    """The termbase as TBX v3 (version 3) or as the TBX 2008 martif structure (version 2)."""
    names = _NAMES[version]
    if version == 3:
        root = ET.Element("tbx", {"xmlns": TBX3_NAMESPACE, "type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    else:
        root = ET.Element("martif", {"type": "TBX", XML_LANG: "en"})
    source_desc = ET.SubElement(ET.SubElement(ET.SubElement(root, names["header"]), "fileDesc"), "sourceDesc")
    _sub(source_desc, "p", "dilmac termbase export")
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for concept in termbase.concepts:
        _concept(ET.SubElement(body, names["entry"], {"id": concept.id}), concept, names)
    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def _sub(parent: ET.Element, tag: str, text: str, kind: str | None = None, **attrib: str) -> ET.Element:
    text = str(text)
    bad = _NOT_XML.search(text)
    if bad:
        raise DilmacError(
            f"{text!r} holds {bad.group()!r}, a character XML cannot carry",
            hint="remove the control character from the termbase",
        )
    element = ET.SubElement(parent, tag, ({"type": kind} if kind else {}) | attrib)
    element.text = text
    return element


def _concept(entry: ET.Element, concept: Concept, names: dict) -> None:
    if concept.domain:
        _sub(entry, "descrip", concept.domain, "subjectField")
    if concept.definition is not None:
        _sub(entry, "descrip", concept.definition, "definition")
    facts = (concept.jurisdiction, concept.valid_from, concept.valid_until, concept.verified)
    for name, value in zip(CONCEPT_FACTS, facts, strict=True):
        if value is not None:
            _sub(entry, "descrip", str(value), f"x-dilmac-{name}")
    if concept.note is not None:
        _sub(entry, "note", concept.note)
    for source in concept.sources:
        group = ET.SubElement(entry, "adminGrp")
        _sub(group, "admin", source.id, "x-dilmac-source-id")
        for value, kind in (
            (source.title, "source"),
            (source.url, "x-dilmac-url"),
            (source.seen, "x-dilmac-seen"),
            (source.note, "x-dilmac-source-note"),
        ):
            if value is not None:
                _sub(group, "admin", str(value), kind)
    for relation in concept.relations:
        if relation.type == "see-also" and relation.day is None and relation.note is None:
            _sub(entry, "ref", relation.concept, "crossReference", target=relation.concept)
            continue
        group = ET.SubElement(entry, "descripGrp")
        _sub(group, "descrip", relation.type, "x-dilmac-relation")
        _sub(group, "ref", relation.concept, "crossReference", target=relation.concept)
        if relation.day is not None:
            _sub(group, "admin", relation.day.isoformat(), "x-dilmac-date")
        if relation.note is not None:
            _sub(group, "note", relation.note)
    for office in concept.offices:
        group = ET.SubElement(entry, "descripGrp")
        _sub(group, "descrip", office.concept, "x-dilmac-office")
        for key, value in (("from", office.valid_from), ("until", office.valid_until)):
            if value is not None:
                _sub(group, "admin", value.isoformat(), f"x-dilmac-{key}")
        if office.note is not None:
            _sub(group, "note", office.note)
    for lang, sets in concept.examples.items():
        if lang not in concept.terms:  # a TBX language section needs a term: say the language here
            _examples(entry, sets, {XML_LANG: lang})
    for lang, phrases in concept.exceptions.items():
        if lang not in concept.terms:
            for phrase in phrases:
                _sub(entry, "descrip", phrase, "x-dilmac-exception", **{XML_LANG: lang})
    for lang, terms in concept.terms.items():
        section = ET.SubElement(entry, names["lang"], {XML_LANG: lang})
        for phrase in concept.exceptions_for(lang):
            _sub(section, "descrip", phrase, "x-dilmac-exception")
        _examples(section, concept.examples.get(lang, {}), {})
        for term in terms:
            _term(ET.SubElement(section, names["term"]), term)


def _examples(parent: ET.Element, sets: dict, attrib: dict) -> None:
    for kind in ("ok", "bad"):
        for example in sets.get(kind, ()):
            if example.day is None:
                _sub(parent, "descrip", example.text, f"x-dilmac-example-{kind}", **attrib)
            else:
                group = ET.SubElement(parent, "descripGrp")
                _sub(group, "descrip", example.text, f"x-dilmac-example-{kind}", **attrib)
                _sub(group, "admin", example.day.isoformat(), "x-dilmac-date")


def _term(section: ET.Element, term: Term) -> None:
    _sub(section, "term", term.text)
    _sub(section, "termNote", TO_TBX_STATUS[term.status], "administrativeStatus")
    if term.status == "forbidden":
        _sub(section, "termNote", "forbidden", "x-dilmac-status")
    if term.type in TO_TBX_TYPE:
        _sub(section, "termNote", TO_TBX_TYPE[term.type], "termType")
    if term.exact_case:
        _sub(section, "termNote", "exact", "x-dilmac-case")
    if not term.inflect:
        _sub(section, "termNote", "false", "x-dilmac-inflect")
    if term.house:
        _sub(section, "termNote", "true", "x-dilmac-house")
    if term.valid_from:
        _sub(section, "termNote", term.valid_from.isoformat(), "x-dilmac-from")
    if term.valid_until:
        _sub(section, "termNote", term.valid_until.isoformat(), "x-dilmac-until")
    if term.note is not None:
        _sub(section, "note", term.note)
    for source_id in term.source_ids:
        _sub(section, "admin", source_id, "x-dilmac-source-ref")
