"""The desk without the web: drafts, the text cut at its findings, fixes, catalogs, look-ups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from web_samples import CATALOG, DRAFT_AZ, XLIFF

from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding, Severity
from dilmac.web.desk import PASTED_NAME, concept_card, cut, megabytes, safe_name


def finding(start, end, severity=Severity.ERROR):
    return Finding(path="x", start=start, end=end, rule="r", severity=severity, message="m", found="")


def test_cut_keeps_every_character_and_marks_overlaps_with_the_highest_severity():
    text = "abcdefghij"
    findings = [finding(2, 6, Severity.WARNING), finding(4, 8, Severity.ERROR), finding(9, 9)]
    pieces = cut(text, findings, 0, len(text))
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.findings, p.severity) for p in pieces] == [
        ("ab", (), None),
        ("cd", (0,), "warning"),
        ("ef", (0, 1), "error"),
        ("gh", (1,), "error"),
        ("ij", (), None),
    ]


spans = st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(list(Severity)))


@given(
    text=st.text(max_size=30),
    found=st.lists(spans, max_size=6),
    window=st.tuples(st.integers(0, 30), st.integers(0, 30)),
)
def test_cut_pieces_cover_the_window_and_carry_exactly_the_findings_over_them(text, found, window):
    start, end = min(window[0], len(text)), min(max(window), len(text))
    findings = [finding(min(a, b), max(a, b), severity) for a, b, severity in found]
    pieces = cut(text, findings, start, end)
    assert "".join(p.text for p in pieces) == text[start:end]
    offset = start
    for piece in pieces:
        assert piece.text
        covering = tuple(
            n
            for n, f in enumerate(findings)
            if f.start < f.end and f.start <= offset and offset + len(piece.text) <= f.end
        )
        assert piece.findings == covering
        assert piece.severity == (str(max(findings[n].severity for n in covering)) if covering else None)
        offset += len(piece.text)


def test_cut_within_a_span_uses_the_given_numbers():
    pieces = cut("0123456789", [finding(3, 5)], 2, 7, [7])
    assert [(p.text, p.findings) for p in pieces] == [("2", ()), ("34", (7,)), ("56", ())]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/press.az.md", "press.az.md"),
        ("C:\\Users\\me\\xəbər.docx", "xəbər.docx"),
        ("we ird$name.po", "we ird_name.po"),
        ("", PASTED_NAME),
    ],
)
def test_uploaded_names_keep_only_their_last_part(given, kept):
    assert safe_name(given) == kept


def test_a_kind_of_file_lint_cannot_read_is_refused_with_the_kinds_it_can():
    with pytest.raises(DilmacError) as caught:
        safe_name("photo.jpg")
    assert "photo.jpg" in str(caught.value) and ".docx" in str(caught.value)


def test_drafts_stay_inside_the_desk_folder_and_the_oldest_go(desk):
    desk.keep = 2
    drafts = [desk.new_draft("../a.txt", b"one"), desk.new_draft("b.txt", b"two"), desk.new_draft("c.txt", b"3")]
    assert all(d.path.resolve().is_relative_to(desk.root.resolve()) for d in drafts)
    assert desk.draft(drafts[0].id) is None and not drafts[0].folder.exists()
    assert desk.draft(drafts[2].id) is drafts[2]


def test_an_upload_over_the_limit_is_refused(desk):
    with pytest.raises(DilmacError, match="larger than the limit"):
        desk.new_draft("big.txt", b"x" * (desk.max_upload + 1))
    assert list(desk.root.iterdir()) == []


def test_a_pasted_draft_is_checked_as_lint_checks_it(desk):
    draft = desk.new_draft(PASTED_NAME, DRAFT_AZ.encode())
    desk.set_language_and_date(draft, "az", "2024-05-14")
    view = desk.check(draft)
    assert view.error is None and (view.lang, str(view.day)) == ("az", "2024-05-14")
    found = {(s.finding.rule, s.finding.found) for s in view.findings}
    assert ("term-superseded", "Türk Şurasının") in found and ("term-diacritics", "Vusal Huseynov") in found
    assert "".join(p.text for p in view.pieces) == DRAFT_AZ
    marked = {p.text for p in view.pieces if p.findings}
    assert "Türk Şurasının" in marked
    assert all(s.certain for s in view.findings if s.finding.rule == "term-superseded")


def test_language_and_date_are_detected_when_not_chosen(desk):
    draft = desk.new_draft("press.az.md", ("---\ndate: 2020-01-10\n---\n" + DRAFT_AZ).encode())
    view = desk.check(draft)
    assert (view.lang, str(view.day)) == ("az", "2020-01-10")
    # Before the rename (2021) the Turkic Council's name was right.
    assert not [s for s in view.findings if s.finding.rule == "term-superseded"]


def test_a_wrong_date_is_refused_with_the_format(desk):
    draft = desk.new_draft(PASTED_NAME, b"text")
    with pytest.raises(DilmacError, match="not a date") as caught:
        desk.set_language_and_date(draft, "az", "14.05.2024")
    assert "YYYY-MM-DD" in caught.value.hint


def test_one_fix_then_all_fixes(desk):
    draft = desk.new_draft(PASTED_NAME, DRAFT_AZ.encode())
    desk.set_language_and_date(draft, "az", "2024-05-14")
    view = desk.check(draft)
    superseded = next(s for s in view.findings if s.finding.rule == "term-superseded")
    assert desk.fix(draft, superseded.key) == []
    text = draft.path.read_text(encoding="utf-8")
    assert "Türk Dövlətləri Təşkilatının" in text and "Vusal Huseynov" in text
    assert desk.fix(draft, superseded.key)[0].startswith("This fix is no longer possible")
    assert desk.fix(draft, None) == []
    after = desk.check(draft)
    assert "Vüsal Hüseynov" in draft.path.read_text(encoding="utf-8")
    assert not after.certain


def test_an_unreadable_file_gives_the_cli_message_under_its_own_name(desk):
    draft = desk.new_draft("broken.po", b'msgid "a"\nmsgstr "b\n')
    view = desk.check(draft)
    assert view.error is not None and str(view.error).startswith("broken.po:")
    assert str(desk.root) not in str(view.error)


def test_a_catalog_is_shown_message_by_message(desk):
    draft = desk.new_draft("site.az.po", CATALOG.encode())
    desk.set_language_and_date(draft, None, "2024-05-14")
    view = desk.check(draft)
    assert view.messages is not None and [m.unit.msgid for m in view.messages][:2] == [
        "The Organization of Turkic States met in Baku.",
        "The State Migration Service",
    ]
    first = view.messages[0]
    rules = {view.findings[n].finding.rule for n in first.findings}
    assert "term-wrong" in rules  # the source names the Organization, the translation the old Council
    assert any(p.findings and "Türk Şurası" in p.text for p in first.translation[0])
    assert view.messages[2].state == "untranslated"


def test_an_xliff_file_is_shown_and_fixed_in_its_targets(desk):
    draft = desk.new_draft("site.xlf", XLIFF.encode())
    desk.set_language_and_date(draft, None, "2024-05-14")
    view = desk.check(draft)
    assert view.lang == "tr" and [m.unit.msgctxt for m in view.messages] == ["forum", "sms"]
    first = view.messages[0]
    assert any(p.findings and p.text == "Türk Konseyi" for p in first.translation[0])
    assert desk.fix(draft, None) == []
    fixed = draft.path.read_text(encoding="utf-8")
    assert "<target>Türk Devletleri Teşkilatı Bakü'de toplandı.</target>" in fixed
    assert "<source>The Organization of Turkic States met in Baku.</source>" in fixed


def test_lookup_inflected_and_by_prefix_in_any_language(desk):
    assert next(c.id for c in desk.lookup("Türk Şurasının")) == "org.turkic-states"
    # Beginnings, diacritics and case aside, of the whole name first, then of a later word.
    assert next(c.id for c in desk.lookup("dovlet miqr")) == "inst.az.state-migration-service"
    assert next(c.id for c in desk.lookup("Devlet Göç")) == "inst.az.state-migration-service"
    assert "inst.az.state-migration-service" in [c.id for c in desk.lookup("migration serv")]
    assert desk.lookup("   ") == []


def test_a_concept_card_has_every_language_and_reads_optional_fields(desk):
    card = concept_card(desk.lookup("Türk Şurasının")[0])
    assert [lang for lang, _terms in card["terms"]] == ["en", "az", "tr"]
    statuses = {t["status"] for _lang, terms in card["terms"] for t in terms}
    assert {"preferred", "superseded"} <= statuses
    assert card["sources"] and "definition" in card


def test_a_concept_card_reads_the_fields_of_a_richer_model():
    """Concepts with a definition, typed terms and source records (title, address) show them."""
    from datetime import date
    from types import SimpleNamespace

    class Record:
        def __init__(self, title, url):
            self.title, self.url, self.id, self.seen = title, url, "src", date(2026, 11, 22)

    record = Record("Istanbul Declaration", "https://example.org/declaration")
    term = SimpleNamespace(
        text="OTS",
        status="preferred",
        valid_from=date(2021, 11, 12),
        valid_until=None,
        type="abbreviation",
        abbr=True,
        short=False,
        note=None,
        sources=(record,),
    )
    concept = SimpleNamespace(
        id="org.x",
        domain="international-organizations",
        definition="An organisation.",
        note=None,
        sources=[record],
        see=["org.y"],
        terms={"en": [term]},
    )
    card = concept_card(concept)
    assert card["definition"] == "An organisation."
    assert card["sources"] == [
        {"text": "Istanbul Declaration", "url": "https://example.org/declaration", "seen": date(2026, 11, 22)}
    ]
    [(lang, [shown])] = card["terms"]
    assert lang == "en" and shown["type"] == "abbreviation" and not shown["abbr"]
    assert shown["sources"][0]["url"] == "https://example.org/declaration"


def test_a_concept_is_found_by_its_id(desk):
    assert desk.lookup("org.turkic-states")[0].id == "org.turkic-states"


@pytest.mark.parametrize(("size", "shown"), [(10 << 20, "10"), (5 << 19, "2.5"), (200_000, "0.2")])
def test_sizes_in_megabytes(size, shown):
    assert megabytes(size) == shown
