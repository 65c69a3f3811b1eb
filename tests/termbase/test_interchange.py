"""Termbase interchange: TBX v3, TBX 2008 (martif) and CSV, both ways, and safe XML parsing."""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.language.normalize import key
from dilmac.lint.termbase_validation import validate
from dilmac.termbase.interchange import export_termbase, import_file
from dilmac.termbase.interchange.tbx import read_tbx
from dilmac.termbase.interchange.yamlout import render
from dilmac.termbase.model import Termbase, builtin_dir
from dilmac.termbase.validate import check_schema

DATA = Path(__file__).parents[1] / "data" / "interchange"
TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
runner = CliRunner()


def _unplaced(items) -> list:
    return [dataclasses.replace(item, line=0) for item in items]


def comparable(concept):
    """A concept with every field but where it was read from (path, line)."""
    return dataclasses.replace(
        concept,
        path="",
        line=0,
        sources=_unplaced(concept.sources),
        relations=_unplaced(concept.relations),
        offices=_unplaced(concept.offices),
        terms={
            lang: [dataclasses.replace(t, path="", line=0, sources=tuple(_unplaced(t.sources))) for t in terms]
            for lang, terms in concept.terms.items()
        },
        examples={
            lang: {kind: [dataclasses.replace(e, line=0) for e in items] for kind, items in sets.items()}
            for lang, sets in concept.examples.items()
        },
    )


def import_to_termbase(path: Path, tmp_path: Path, **options) -> tuple[Termbase, object, Path]:
    concepts, report = import_file(path, **options)
    out = tmp_path / f"{path.stem}.yaml"
    out.write_text(render(concepts, f"Imported from {path.name}"), encoding="utf-8")
    return Termbase.load([out]), report, out


@pytest.fixture(scope="module")
def shipped() -> Termbase:
    return Termbase.load([builtin_dir()])


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_shipped_termbase_round_trips_through_tbx_unchanged(shipped, tmp_path, fmt):
    data, notices = export_termbase(shipped, fmt)
    assert notices == []
    exported = tmp_path / "termbase.tbx"
    exported.write_bytes(data)
    again, report, out = import_to_termbase(exported, tmp_path)
    assert [comparable(c) for c in again.concepts] == [comparable(c) for c in shipped.concepts]
    assert report.dropped == Counter() and report.defaulted_statuses == 0 and report.merged == 0
    assert check_schema(out, yaml.safe_load(out.read_text(encoding="utf-8"))) == []
    # the things a TBX-only tool would need are really in standard TBX places
    assert sum(1 for c in shipped.concepts if c.offices) > 0
    assert any(
        e.day for c in shipped.concepts for sets in c.examples.values() for items in sets.values() for e in items
    )


def test_tbx_v3_and_martif_structures(shipped):
    v3 = ET.fromstring(export_termbase(shipped, "tbx")[0])
    assert v3.tag == f"{TBX}tbx" and v3.get("type") == "TBX-Basic" and v3.get("style") == "dca"
    entries = v3.findall(f"{TBX}text/{TBX}body/{TBX}conceptEntry")
    assert [e.get("id") for e in entries] == [c.id for c in shipped.concepts]
    assert entries[0].find(f"{TBX}langSec/{TBX}termSec/{TBX}term") is not None
    martif = ET.fromstring(export_termbase(shipped, "tbx2")[0])
    assert martif.tag == "martif" and martif.get("type") == "TBX"
    entries = martif.findall("text/body/termEntry")
    assert len(entries) == len(shipped.concepts)
    assert entries[0].find("langSet/tig/term") is not None and entries[0].find("langSet").get(XML_LANG)


def test_shipped_termbase_round_trips_through_csv(shipped, tmp_path):
    data, notices = export_termbase(shipped, "csv")
    assert data.decode("utf-8").splitlines()[0] == (
        "concept,lang,term,status,type,from,until,note,source,case,inflect,house,domain,definition,"
        "jurisdiction,concept_from,concept_until,verified,concept_note,sources,relations"
    )
    with_examples = sum(1 for c in shipped.concepts if c.examples)
    with_offices = sum(1 for c in shipped.concepts if c.offices)
    assert len(notices) == 1 and f"examples of {with_examples} concepts, the offices of {with_offices}" in notices[0]
    exported = tmp_path / "termbase.csv"
    exported.write_bytes(data)
    again, report, _ = import_to_termbase(exported, tmp_path)
    # CSV holds everything but examples, offices and exceptions, which the notice names
    expected = [dataclasses.replace(comparable(c), examples={}, offices=[], exceptions={}) for c in shipped.concepts]
    assert [comparable(c) for c in again.concepts] == expected
    assert report.dropped == Counter()


# ---------------------------------------------------------------- statuses

STATUS_TERMBASE = """\
format: 2
domain: international-organizations
concepts:
  - id: org.example
    domain: international-organizations
    definition: An organisation made up for this test.
    jurisdiction: AZ
    from: "2019-05-01"
    verified: "2026-12-01"
    sources:
      - {id: test, title: test, seen: "2026-12-01"}
      - {id: charter, title: Charter, url: "https://example.org/charter", seen: "2026-12-01", note: "Article 1."}
    relations:
      - {type: see-also, concept: org.other}
      - {type: predecessor, concept: org.old, date: "2019-05-01", note: "Renamed."}
    exceptions:
      en: [Example Organization of Testland]
      tr: [Testland Örnek Örgütü]
    terms:
      en:
        - {text: Example Organization, status: preferred, source: [test], from: "2020-01-01"}
        - {text: EO, status: preferred, type: abbreviation, source: [test], case: exact}
        - {text: Example Organisation, status: admitted, house: true, note: "House rendering."}
        - {text: Example Org, status: deprecated, type: short, inflect: false}
        - {text: Exampel Org, status: deprecated, type: transliteration}
        - {text: Old Example, status: superseded, until: "2020-01-01", note: "Renamed.", source: [charter]}
        - {text: Sample Organization, status: forbidden, type: variant}
"""


def test_statuses_map_to_tbx_administrative_status_and_back(tmp_path):
    path = tmp_path / "status.yaml"
    path.write_text(STATUS_TERMBASE, encoding="utf-8")
    termbase = Termbase.load([path])
    root = ET.fromstring(export_termbase(termbase, "tbx")[0])
    written = {}
    for section in root.iter(f"{TBX}termSec"):
        notes = {n.get("type"): n.text for n in section.findall(f"{TBX}termNote")}
        written[section.find(f"{TBX}term").text] = notes
    assert {text: notes["administrativeStatus"] for text, notes in written.items()} == {
        "Example Organization": "preferredTerm-admn-sts",
        "EO": "preferredTerm-admn-sts",
        "Example Organisation": "admittedTerm-admn-sts",
        "Example Org": "deprecatedTerm-admn-sts",
        "Exampel Org": "deprecatedTerm-admn-sts",
        "Old Example": "supersededTerm-admn-sts",
        "Sample Organization": "deprecatedTerm-admn-sts",
    }
    assert [t for t, notes in written.items() if "x-dilmac-status" in notes] == ["Sample Organization"]
    assert written["Sample Organization"]["x-dilmac-status"] == "forbidden"
    assert {text: notes.get("termType") for text, notes in written.items()} == {
        "Example Organization": None,
        "EO": "abbreviation",
        "Example Organisation": None,
        "Example Org": "shortForm",
        "Exampel Org": "transliteratedForm",
        "Old Example": None,
        "Sample Organization": "variant",
    }
    assert written["Example Organisation"]["x-dilmac-house"] == "true"
    entry = root.find(f"{TBX}text/{TBX}body/{TBX}conceptEntry")
    descrips = {d.get("type"): d.text for d in entry.findall(f"{TBX}descrip")}
    assert descrips["definition"] == "An organisation made up for this test."
    assert (descrips["x-dilmac-jurisdiction"], descrips["x-dilmac-from"], descrips["x-dilmac-verified"]) == (
        "AZ",
        "2019-05-01",
        "2026-12-01",
    )
    charter = entry.findall(f"{TBX}adminGrp")[1]
    assert {a.get("type"): a.text for a in charter} == {
        "x-dilmac-source-id": "charter",
        "source": "Charter",
        "x-dilmac-url": "https://example.org/charter",
        "x-dilmac-seen": "2026-12-01",
        "x-dilmac-source-note": "Article 1.",
    }
    exported = tmp_path / "status.tbx"
    exported.write_bytes(export_termbase(termbase, "tbx")[0])
    again, _, _ = import_to_termbase(exported, tmp_path)
    assert [comparable(c) for c in again.concepts] == [comparable(c) for c in termbase.concepts]
    assert {t.text: t.status for t in again.terms()}["Sample Organization"] == "forbidden"


def test_foreign_statuses_and_defaults(tmp_path):
    termbase, report, _ = import_to_termbase(DATA / "foreign-v3.tbx", tmp_path, domain="institutions-azerbaijan")
    sms = termbase.by_id["import.state-migration-service"]
    assert [(t.text, t.status, t.abbr) for t in sms.terms["en"]] == [
        ("State Migration Service", "preferred", False),
        ("SMS", "admitted", True),
    ]  # normativeAuthorization
    # no status: the first full name and the first abbreviation are preferred, the rest admitted
    assert [(t.text, t.status, t.abbr) for t in sms.terms["az"]] == [
        ("Dövlət Miqrasiya Xidməti", "preferred", False),
        ("DMX", "preferred", True),
        ("Dövlət Miqrasiya İdarəsi", "admitted", False),
    ]
    assert report.defaulted_statuses == 3
    assert report.statuses == Counter({"preferred": 4, "admitted": 2, "superseded": 1})


def test_unknown_tbx_status_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "bad-status.tbx"
    path.write_text(
        '<martif type="TBX" xml:lang="en"><text><body><termEntry>\n<langSet xml:lang="en"><tig>'
        '<term>x</term>\n<termNote type="administrativeStatus">standardizedTerm-admn-sts</termNote>'
        "</tig></langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(DilmacError) as error:
        import_file(path, domain="documents")
    assert error.value.line == 3 and "standardizedTerm-admn-sts" in error.value.message
    assert "preferredTerm-admn-sts" in error.value.hint


# ---------------------------------------------------------------- foreign TBX


def test_foreign_tbx_v3_mapping(tmp_path):
    termbase, report, _ = import_to_termbase(DATA / "foreign-v3.tbx", tmp_path, domain="documents")
    assert [c.id for c in termbase.concepts] == ["import.state-migration-service", "import.goc-idaresi-baskanligi"]
    sms, gib = termbase.concepts
    assert sms.domain == "documents"  # subjectField "migration" is no termbase domain
    assert gib.domain == "institutions-turkiye"  # subjectField that is one
    assert sms.definition == "Government body that registers foreigners." and sms.note is None
    assert [(s.id, s.title) for s in sms.sources] == [("source-1", "Regulation of 2007")]
    assert [(s.id, s.title) for s in gib.sources] == [("import", "foreign-v3.tbx")]
    assert sms.see == ["import.goc-idaresi-baskanligi"]  # crossReference follows the renamed id
    assert set(sms.terms) == {"en", "az"}  # en-GB is en; az-Cyrl and de are not kept
    tr = gib.terms["tr"]
    assert tr[0].text == "Göç İdaresi Başkanlığı"  # inline <hi> markup keeps its text
    assert (str(tr[0].valid_from), str(tr[1].valid_until), tr[1].note) == (
        "2021-10-29",
        "2021-10-29",
        "Renamed in 2021.",
    )
    assert report.dropped == Counter(
        {
            "az-Cyrl terms (the termbase holds en, az and tr)": 1,
            "de terms (the termbase holds en, az and tr)": 1,
            "fr terms (the termbase holds en, az and tr)": 1,
            "entries without an en, az or tr term": 1,
            "subject fields that are not termbase domains": 1,
            "<transacGrp>": 1,
            "<descrip> context": 1,
        }
    )
    assert (report.entries, report.concepts, report.default_domain) == (3, 2, 1)


def test_martif_without_ids_or_statuses(tmp_path):
    termbase, report, _ = import_to_termbase(DATA / "foreign-martif.tbx", tmp_path, domain="documents")
    repo, sso = termbase.concepts
    # two entries with id="1" and the same source term in two casings are one concept
    assert repo.id == "import.repository" and report.merged == 1
    assert [(t.text, t.status) for t in repo.terms["en"]] == [("Repository", "preferred"), ("repository", "admitted")]
    assert [t.text for t in repo.terms["tr"]] == ["depo", "havuz"]
    assert repo.note == "git repository\nOlder translation."  # untyped descrip and note after the langSets
    assert sso.id == "import.single-sign-on" and sso.terms["en"][0].status == "deprecated"  # ntig/termGrp
    assert "tr" not in sso.terms and report.dropped["empty terms"] == 1


def test_import_needs_a_domain_when_the_file_names_none():
    with pytest.raises(DilmacError) as error:
        import_file(DATA / "foreign-martif.tbx")
    assert "2 imported concepts name no termbase domain" in error.value.message
    assert "--domain" in error.value.hint and "institutions" in error.value.hint
    with pytest.raises(DilmacError, match="not a termbase domain"):
        import_file(DATA / "foreign-martif.tbx", domain="software")


# ---------------------------------------------------------------- the real TBX files


def test_every_shared_tbx_file_imports_and_loads(shared_data, tmp_path):
    files = sorted((shared_data / "tbx").glob("*.tbx"))
    assert len(files) >= 4
    for path in files:
        termbase, report, out = import_to_termbase(path, tmp_path, domain="documents")
        assert report.entries > 0, path.name
        assert len(termbase.concepts) == report.concepts
        problems, _ = validate([out], examples=False)
        # forms two entries of the glossary share are reported, and what a glossary cannot know
        # (a definition of our own, the day its facts were checked, attestations, examples),
        # never a schema or date problem
        checks = {p.check for p in problems}
        assert checks <= {"shared-form", "definition", "unattested", "examples"}, (path.name, problems[:3])


def test_weblate_glossary_tr(shared_data, tmp_path):
    path = shared_data / "tbx" / "weblate-glossary-tr.tbx"
    termbase, report, out = import_to_termbase(path, tmp_path, domain="documents")
    assert (report.entries, report.concepts, report.merged) == (159, 153, 6)
    assert report.terms == Counter({"en": 153, "tr": 149}) and report.dropped["empty terms"] == 4
    assert [t.text for t in termbase.by_id["import.translation"].terms["tr"]] == ["çeviri"]
    sso = next(c for c in termbase.concepts if c.terms["en"][0].text == "SSO")
    assert sso.note == "Tek Oturum Açma" and [t.text for t in sso.terms["tr"]] == ["TOA"]
    assert all(
        [(s.id, s.title) for s in c.sources] == [("import", "weblate-glossary-tr.tbx")] for c in termbase.concepts
    )
    # validate's shared forms are exactly the Turkish forms two different English terms share
    entries, _ = read_tbx(path, Counter())
    sources_of: dict[str, set[str]] = {}
    for entry in entries:
        en = {key(t.text, "en") for t in entry.terms if t.lang == "en"}
        for term in entry.terms:
            if term.lang == "tr" and term.text:
                sources_of.setdefault(key(term.text, "tr"), set()).update(en)
    shared = {form for form, en in sources_of.items() if len(en) > 1}
    problems, _ = validate([out], examples=False)
    shared_forms = [p for p in problems if p.check == "shared-form"]
    assert shared and {key(p.message.split("“")[1].split("”")[0], "tr") for p in shared_forms} == shared


def test_weblate_glossary_az_keeps_hostile_text_as_text(shared_data, tmp_path):
    termbase, report, _ = import_to_termbase(
        shared_data / "tbx" / "weblate-glossary-az.tbx", tmp_path, domain="documents"
    )
    probe = "/><svg src=x onload=confirm(document.domain);>"
    concept = next(c for c in termbase.concepts if c.terms["en"][0].text == probe)
    assert concept.terms["az"][0].text == probe and concept.id == "import.svg-src-x-onload-confirm-document-domain"
    assert (report.entries, report.dropped["empty terms"]) == (99, 63)


def test_slicer_glossary_repeated_ids_and_empty_targets(shared_data, tmp_path):
    termbase, report, _ = import_to_termbase(
        shared_data / "tbx" / "slicer-glossary-tr.tbx", tmp_path, domain="documents"
    )
    assert report.entries == 148 and report.dropped["empty terms"] == 133
    assert not any(c.id.startswith("import.1") for c in termbase.concepts)  # its id="1" is no concept id
    ids = [c.id for c in termbase.concepts]
    assert len(ids) == len(set(ids)) == report.concepts
    volume = termbase.by_id["import.volume"]
    assert [t.text for t in volume.terms["en"]] == ["volume", "Volume"]  # one concept, both casings


def test_dutch_tbx_v3_is_read_and_its_language_reported_as_dropped(shared_data, tmp_path):
    path = shared_data / "tbx" / "termate-solvency2_termbase-nl.tbx"
    entries, source_lang = read_tbx(path, Counter())
    assert (len(entries), source_lang) == (4289, "en")
    assert entries[0].foreign_id == "c0" and entries[0].terms[0].text == "niet-wetgevingshandelingen"
    assert entries[0].terms[0].lang == "nl"
    termbase, report, _ = import_to_termbase(path, tmp_path, domain="documents")
    assert termbase.concepts == [] and report.concepts == 0
    assert report.dropped["nl terms (the termbase holds en, az and tr)"] == 4289
    assert report.dropped["<termNote> partOfSpeech"] == 4289


# ---------------------------------------------------------------- hostile and broken XML


def _peak_memory_of(call) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        call()
    except DilmacError as exc:
        error = exc
    else:
        pytest.fail("the file was not refused")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak


def test_billion_laughs_is_refused_in_bounded_memory():
    import_file(DATA / "foreign-martif.tbx", domain="documents")  # parser modules loaded before measuring
    error, peak = _peak_memory_of(lambda: import_file(DATA / "billion-laughs.tbx", domain="documents"))
    # refused by dilmac at the first declaration, not left to expat's amplification limit
    assert "refused: the file declares the XML entity 'lol'" in error.message
    assert error.path.endswith("billion-laughs.tbx") and error.line == 3
    assert "DOCTYPE" in error.hint
    assert peak < 2_000_000  # expanded, lol9 is 3 GB


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE martif [<!ENTITY xxe SYSTEM "{url}">]>',
        '<!DOCTYPE martif [<!ENTITY % xxe SYSTEM "{url}"> %xxe;]>',
    ],
)
def test_external_entities_are_refused_and_the_file_not_read(tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", encoding="utf-8")
    path = tmp_path / "xxe.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n'
        + doctype.format(url=secret.as_uri())
        + '\n<martif type="TBX" xml:lang="en"><text><body><termEntry><langSet xml:lang="en">'
        "<tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    import_file(DATA / "foreign-martif.tbx", domain="documents")
    error, peak = _peak_memory_of(lambda: import_file(path, domain="documents"))
    assert "refused" in error.message and "xxe" in error.message and error.line == 2
    assert "TOP-SECRET" not in str(error) and peak < 2_000_000


def test_an_external_dtd_is_never_loaded(tmp_path):
    dtd = tmp_path / "secret.dtd"
    dtd.write_text('<!ENTITY xxe "TOP-SECRET-7f3a">', encoding="utf-8")
    path = tmp_path / "dtd.tbx"
    path.write_text(
        f'<!DOCTYPE martif SYSTEM "{dtd.as_uri()}">\n<martif type="TBX" xml:lang="en"><text><body>'
        '\n<termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(DilmacError) as error:
        import_file(path, domain="documents")
    # had the DTD been read, &xxe; would be defined and the secret imported as a term
    assert "undefined entity" in error.value.message and (error.value.line, error.value.column) == (3, 46)
    assert "TOP-SECRET" not in str(error.value)


def test_malformed_xml_names_line_and_column(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif>\n  <text>\n    <body></text>\n</martif>\n', encoding="utf-8")
    with pytest.raises(DilmacError) as error:
        import_file(path, domain="documents")
    assert (error.value.path, error.value.line, error.value.column) == (str(path), 4, 13)
    assert error.value.message == "malformed XML: mismatched tag"
    assert str(error.value).startswith(f"{path}:4:13: malformed XML")


def test_xml_that_is_not_tbx(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', encoding="utf-8")
    with pytest.raises(DilmacError, match="root element is <xliff>") as error:
        import_file(path, domain="documents")
    assert error.value.line == 2


# ---------------------------------------------------------------- CSV


def test_csv_import(tmp_path):
    termbase, report, _ = import_to_termbase(DATA / "terms.csv", tmp_path)
    sms, office = termbase.concepts
    assert sms.id == "inst.az.sms" and sms.domain == "institutions-azerbaijan"
    assert sms.note == "The state body for migration.\nTwo lines of note."
    assert [(s.id, s.title) for s in sms.sources] == [("source-1", "Decree of 2007")]
    assert [(t.text, t.status, t.abbr, t.exact_case) for t in sms.terms["az"]] == [
        ("Dövlət Miqrasiya Xidməti", "preferred", False, False),
        ("DMX", "preferred", True, True),
    ]
    assert (sms.terms["tr"][0].status, sms.terms["tr"][0].note) == ("forbidden", "Not the official name.")
    assert office.id == "import.migration-office" and [(s.id, s.title) for s in office.sources] == [
        ("import", "terms.csv")
    ]
    assert (str(office.terms["en"][0].valid_from), str(office.terms["en"][0].valid_until)) == (
        "2001-01-01",
        "2007-03-19",
    )
    assert report.defaulted_statuses == 2


def test_csv_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffConcept;Lang;Term;Status\nplace.baku;en;Baku;preferred\nplace.baku;az;Bakı;\n".encode("utf-8")
    )
    termbase, _, _ = import_to_termbase(path, tmp_path, domain="countries-and-places")
    [baku] = termbase.concepts
    assert {lang: [t.text for t in terms] for lang, terms in baku.terms.items()} == {"en": ["Baku"], "az": ["Bakı"]}


def _row(*cells: str) -> str:
    return ",".join(cells) + "\n"


@pytest.mark.parametrize(
    ("rows", "line", "message", "hint"),
    [
        ("x.y,en,Term,approved\n", 2, "status 'approved' is not a termbase status", "preferred, admitted, deprecated"),
        ('x.y,en,"Two\nlines",preferred\nx.y,az,Term,preferd\n', 4, "status 'preferd'", "superseded, forbidden"),
        (
            _row("x.y", "en", "Term", "preferred", "", "2021-13-01"),
            2,
            "'from' date '2021-13-01' is not a date",
            "YYYY-MM-DD",
        ),
        (_row("x.y", "en", "Term", "preferred", "acronym"), 2, "type 'acronym' is not a term type", "transliteration"),
        (
            _row("x.y", "en", "Term", "preferred", *[""] * 7, "maybe"),
            2,
            "house 'maybe' is not true or false",
            "true, false",
        ),
        (_row("x.y", "en", "Term", "preferred", *[""] * 5, "EXACT"), 2, "case 'EXACT' is not 'exact'", "exact"),
        (
            _row("x.y", "en", "Term", "preferred", *[""] * 8, "nowhere"),
            2,
            "domain 'nowhere' is not a termbase domain",
            "institutions-azerbaijan",
        ),
        (_row("x.y", "en", "Term", "preferred", *[""] * 16, "twin:org.x"), 2, "relation type 'twin'", "type:id"),
        (",en,Term,preferred\n", 2, "no concept id", "concept"),
        (
            _row("x.y", "en", "Term", "preferred", *[""] * 17, "extra"),
            2,
            "the row has 22 cells, the header 21",
            "quote",
        ),
    ],
)
def test_bad_csv_rows_name_line_and_allowed_values(tmp_path, rows, line, message, hint):
    from dilmac.termbase.interchange.csvformat import COLUMNS

    path = tmp_path / "bad.csv"
    path.write_text(",".join(COLUMNS) + "\n" + rows, encoding="utf-8")
    with pytest.raises(DilmacError) as error:
        import_file(path, domain="documents")
    assert (error.value.path, error.value.line) == (str(path), line)
    assert message in error.value.message and hint in error.value.hint


def test_csv_header_and_encoding_errors(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,language,text\nx.y,en,Term\n", encoding="utf-8")
    with pytest.raises(DilmacError, match="no column concept, lang, term") as error:
        import_file(path, domain="documents")
    assert error.value.line == 1 and "concept,lang,term,status" in error.value.hint
    path.write_bytes(b"concept,lang,term\nx.y,az,Bak\xfd\n")
    with pytest.raises(DilmacError, match="not valid UTF-8") as error:
        import_file(path, domain="documents")
    assert error.value.line == 2
    path.write_text("concept,lang,term,domain\nx.y,en,A,documents\nx.y,az,B,people\n", encoding="utf-8")
    with pytest.raises(DilmacError, match=r"domain of concept x\.y differs from line 2") as error:
        import_file(path)
    assert error.value.line == 3


# ---------------------------------------------------------------- the YAML written

texts = st.text(min_size=1).filter(lambda s: s.strip() and "\r" not in s)


@given(text=texts, note=texts, concept_note=texts, example=texts)
def test_any_text_survives_the_yaml_writer(tmp_path_factory, text, note, concept_note, example):
    concept = {
        "id": "x.y",
        "domain": "documents",
        "definition": concept_note,
        "note": concept_note,
        "sources": [{"id": "s", "title": note, "seen": "2026-12-07"}],
        "terms": {"en": [{"text": text, "status": "preferred", "source": ["s"], "note": note}]},
        "examples": {"en": {"ok": [example], "bad": [{"text": example, "date": "2020-01-01"}]}},
    }
    out = tmp_path_factory.mktemp("yaml") / "t.yaml"
    out.write_text(render([concept], "test"), encoding="utf-8")
    [loaded] = Termbase.load([out]).concepts
    assert (loaded.definition, loaded.note, loaded.sources[0].title, loaded.terms["en"][0].text) == (
        concept_note,
        concept_note,
        note,
        text,
    )
    assert loaded.terms["en"][0].note == note and loaded.terms["en"][0].sources == tuple(loaded.sources)
    assert [e.text for e in loaded.examples["en"]["ok"] + loaded.examples["en"]["bad"]] == [example, example]


def test_yaml_is_written_in_the_house_style():
    text = render(
        [
            {
                "id": "x.y",
                "domain": "documents",
                "definition": "A test.",
                "verified": "2026-12-07",
                "note": ("word " * 40).strip(),
                "sources": [{"id": "a", "title": "A, B", "seen": "2026-12-07"}],
                "relations": [{"type": "see-also", "concept": "x.z"}],
                "exceptions": {"en": ["Plain Name of Testland"]},
                "terms": {
                    "en": [
                        {
                            "text": "yes",
                            "status": "preferred",
                            "type": "abbreviation",
                            "source": ["a"],
                            "from": "2020-01-01",
                        },
                        {"text": "Plain Name", "status": "admitted", "house": True, "note": "House rendering."},
                    ]
                },
            }
        ],
        "c",
    )
    assert text.splitlines() == [
        "# c",
        "format: 2",
        "domain: documents",
        "concepts:",
        "",
        "  - id: x.y",
        "    domain: documents",
        '    definition: "A test."',
        '    verified: "2026-12-07"',
        "    note: >-",
        "      " + ("word " * 19).strip(),
        "      " + ("word " * 19).strip(),
        "      word word",
        "    sources:",
        '      - {id: "a", title: "A, B", seen: "2026-12-07"}',
        "    relations:",
        "      - {type: see-also, concept: x.z}",
        "    exceptions:",
        '      en: ["Plain Name of Testland"]',
        "    terms:",
        "      en:",
        '        - {text: "yes", status: preferred, type: abbreviation, source: [a], from: "2020-01-01"}',
        '        - {text: Plain Name, status: admitted, house: true, note: "House rendering."}',
    ]


# ---------------------------------------------------------------- command line


def test_cli_export_then_import(tmp_path):
    tbx = tmp_path / "termbase.tbx"
    result = runner.invoke(app, ["termbase", "export", "-o", str(tbx)])
    assert result.exit_code == 0, result.output
    shipped = Termbase.load([builtin_dir()])
    assert f"{len(shipped.concepts)} concepts, {len(list(shipped.terms()))} terms (tbx)" in result.stderr
    assert b'<conceptEntry id="org.turkic-states">' in tbx.read_bytes()
    out = tmp_path / "imported.yaml"
    result = runner.invoke(app, ["termbase", "import", str(tbx), "-o", str(out)])
    assert result.exit_code == 0, result.output
    count, by_lang = len(shipped.concepts), Counter(t.lang for t in shipped.terms())
    langs = ", ".join(f"{lang} {n}" for lang, n in sorted(by_lang.items()))
    assert f"{count} entries → {count} concepts, {sum(by_lang.values())} terms ({langs})" in result.stdout
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(out), "--skip-examples"])
    # one file holds every domain: validate asks (as a warning) to file them by domain
    assert result.exit_code == 0 and f"{count} concepts checked: ok," in result.stdout
    # an existing file, a curated termbase say, is not replaced without --force
    before = out.read_bytes()
    result = runner.invoke(app, ["termbase", "import", str(tbx), "-o", str(out)])
    assert result.exit_code == 2 and "the output file exists" in result.stderr and out.read_bytes() == before
    assert runner.invoke(app, ["termbase", "import", str(tbx), "-o", str(out), "--force"]).exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_cli_export_formats_and_stdout(tmp_path):
    result = runner.invoke(app, ["termbase", "export", "-o", "-", "--format", "tbx2"])
    assert result.exit_code == 0 and result.stdout.startswith("<?xml") and "<martif" in result.stdout
    csv_path = tmp_path / "terms.csv"
    result = runner.invoke(app, ["termbase", "export", "-o", str(csv_path)])
    assert result.exit_code == 0 and csv_path.read_text(encoding="utf-8").startswith("concept,lang,term,status")
    assert "notice: CSV has one row per term" in result.stderr


def test_cli_import_reports_and_refuses(tmp_path, shared_data):
    out = tmp_path / "glossary.yaml"
    weblate = shared_data / "tbx" / "weblate-glossary-tr.tbx"
    result = runner.invoke(app, ["termbase", "import", str(weblate), "-o", str(out)])
    assert result.exit_code == 2 and "153 imported concepts name no termbase domain" in result.stderr
    assert not out.exists()
    result = runner.invoke(app, ["termbase", "import", str(weblate), "-o", str(out), "--domain", "documents"])
    assert result.exit_code == 0, result.output
    assert "159 entries → 153 concepts, 302 terms (en 153, tr 149)" in result.stdout
    assert "dropped: 4 × empty terms" in result.stdout
    assert (
        "problems in the imported data (definition 306, examples 302, unattested 302, shared-form 10)" in result.stderr
    )
    bomb = runner.invoke(
        app,
        [
            "termbase",
            "import",
            str(DATA / "billion-laughs.tbx"),
            "-o",
            str(tmp_path / "bomb.yaml"),
            "--domain",
            "documents",
        ],
    )
    assert bomb.exit_code == 2 and "billion-laughs.tbx:3:" in bomb.stderr and "refused" in bomb.stderr
    assert not (tmp_path / "bomb.yaml").exists()
    result = runner.invoke(app, ["termbase", "import", str(weblate), "-o", str(tmp_path / "g.txt")])
    assert result.exit_code == 2 and ".yaml" in result.stderr


def test_csv_carries_the_format_2_fields_and_names_what_it_leaves_out(tmp_path):
    path = tmp_path / "status.yaml"
    path.write_text(STATUS_TERMBASE, encoding="utf-8")
    termbase = Termbase.load([path])
    data, notices = export_termbase(termbase, "csv")
    assert "the exceptions of 1 are not in it" in notices[0] and "the notes of 1 relations" in notices[1]
    exported = tmp_path / "status.csv"
    exported.write_bytes(data)
    again, report, _ = import_to_termbase(exported, tmp_path)
    [concept] = again.concepts
    expected = comparable(termbase.concepts[0])
    relations = [dataclasses.replace(r, note=None) for r in expected.relations]
    assert comparable(concept) == dataclasses.replace(expected, exceptions={}, relations=relations)
    assert report.dropped == Counter()
