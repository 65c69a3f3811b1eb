"""Documents checked in batches (lint_documents, lint_files: stage by stage over a few dozen)
get exactly the findings, notices and occurrences that each gets checked alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dilmac.core.document import Document
from dilmac.lint import pipeline
from dilmac.lint.pipeline import FileResult, Linting, lint_document, lint_documents, lint_paths

REPO = Path(__file__).resolve().parents[2]
DAY = date(2024, 6, 1)


def outcome(run) -> list:
    """Everything a run says of its files, in order."""
    return [
        (
            r.path,
            r.lang,
            r.date,
            r.skipped,
            r.notices,
            [f.to_json() for f in r.findings],
            [(o.start, o.end, o.term.text) for o in r.occurrences],
            r.context is not None,
        )
        for r in run.files
    ] + [str(e) for e in run.errors]


@pytest.mark.parametrize("every_occurrence", [False, True])
def test_batches_of_any_size_give_what_single_documents_give(builtin, shared_data, monkeypatch, every_occurrence):
    """Samples and test files of every kind (text, Markdown with regions in other languages,
    HTML, Word, PO and XLIFF catalogs, bad and binary files) and real press releases and news."""
    paths = [REPO / "samples", REPO / "tests" / "data", shared_data / "press", shared_data / "news"]
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 1)
    alone = outcome(lint_paths(paths, builtin, lang="en", every_occurrence=every_occurrence))
    assert sum(len(item[5]) for item in alone if isinstance(item, tuple)) > 50  # (a run that checks something)
    for size in (3, 32):
        monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", size)
        assert outcome(lint_paths(paths, builtin, lang="en", every_occurrence=every_occurrence)) == alone, size


def test_a_batch_is_cut_by_its_characters_too(builtin, tmp_path, monkeypatch):
    for n in range(6):
        (tmp_path / f"{n}.en.txt").write_text(f"Release {n}: the Turkish Council met in Baku.\n" * 40, encoding="utf-8")
    batches = []
    real = pipeline.lint_documents

    def recorded(lintings, *args, **kwargs):
        batches.append(len(lintings))
        return real(lintings, *args, **kwargs)

    monkeypatch.setattr(pipeline, "lint_documents", recorded)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 4000)  # two files of ~1 900 characters
    run = lint_paths([tmp_path], builtin)
    assert batches == [3, 3] and len(run.findings) == 6 * 40


def test_errors_and_skips_keep_their_place_across_batches(builtin, tmp_path, monkeypatch):
    for n in range(12):
        (tmp_path / f"{n:02}.en.txt").write_text(f"Note {n}: the Turkish Council met.\n", encoding="utf-8")
    (tmp_path / "05.en.txt").write_bytes(b"bad \xff byte\n")
    (tmp_path / "07.en.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "09.txt").write_text("???\n", encoding="utf-8")  # no language to tell
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 1)
    alone = outcome(lint_paths([tmp_path], builtin))
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 4)
    batched = lint_paths([tmp_path], builtin)
    assert outcome(batched) == alone
    assert [Path(r.path).name for r in batched.files if r.skipped] == ["07.en.txt"]
    assert len(batched.errors) == 2 and len(batched.findings) == 10


_SENTENCES = {
    "en": [
        "The Turkish Council met in Baku on 3 May.",
        "Turkey and Azerbaijan signed a memorandum.",
        "The State Migration Service of the Republic of Azerbaijan opened a centre.",
        "Secretary General Baghdad Amreev spoke.",
        "The Council of Cooperation of Turkic Speaking Countries, founded in 2009, met.",
        "Nothing here names a body.",
        "",
    ],
    "az": [
        "Dövlət Miqrasiya Xidməti Bakıda forum keçirib.",
        "Türk Şurasının iclası keçirildi.",
        "Türkdilli ölkələrin Əməkdaşlıq Şurası 2009-cu ildə yaradılıb.",
        "Kabinәti iclas keçirdi.",
    ],
    "tr": [
        "Türk Devletleri Teşkilatı Zirvesi Bakü'de yapıldı.",
        "Türk Konseyi'nin adı değiştirildi.",
        "Baku'da toplantı yapıldı.",
        "Türk Devletler Teşkilatı toplandı.",
    ],
}
_documents = st.lists(
    st.sampled_from(sorted(_SENTENCES)).flatmap(
        lambda lang: st.tuples(st.just(lang), st.lists(st.sampled_from(_SENTENCES[lang]), min_size=1, max_size=5))
    ),
    min_size=1,
    max_size=8,
)


@given(documents=_documents, cuts=st.lists(st.integers(1, 8), max_size=8))
def test_any_partition_into_batches_finds_the_same(builtin, documents, cuts):
    """Documents of the three languages cut into batches at random: the findings of each are
    those it gets alone, in the same order."""
    docs = [
        Document(path=f"{i}.{lang}.txt", source=" ".join(text), text=" ".join(text), lang=lang)
        for i, (lang, text) in enumerate(documents)
    ]
    alone = [[f.to_json() for f in lint_document(d, builtin, lang=d.lang, day=DAY)] for d in docs]
    batched, at = [], 0
    for cut in [*cuts, len(docs)]:
        part = docs[at : at + cut]
        lintings = [Linting(d, d.lang, DAY, FileResult(path=d.path)) for d in part]
        batched += [[f.to_json() for f in found] for found in lint_documents(lintings, builtin)]
        at += len(part)
        if at >= len(docs):
            break
    assert batched == alone
