"""`dilmac translate` with deterministic fake engines (tests/data/mt/fake_backend.py): the term
logic, masking, translation memory, deduplication and the safety of human work.

The engines are plugged in through DILMAC_MT_BACKEND, so these tests run the real command and
need no model and no `mt` extra; test_mt_models.py runs the real MarianMT backends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.mt.drafts import CatalogFile, Settings, digest, translate_catalog
from dilmac.mt.engine import Hypothesis

DATA = Path(__file__).parents[1] / "data" / "mt"
FAKE = str(DATA / "fake_backend.py")
runner = CliRunner()


@pytest.fixture()
def locale(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "locale", tmp_path / "locale")
    return tmp_path / "locale"


def translate(*args: str, engine: str = "canned", log: Path | None = None):
    env = {"DILMAC_MT_BACKEND": f"{FAKE}:{engine}", "DILMAC_FAKE_LOG": str(log) if log else None}
    return runner.invoke(app, ["translate", *args, "--date", "2024-06-01"], env=env)


def by_id(path: Path) -> dict[tuple, polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def flat(comment: str | None) -> str:
    """A comment as one line: polib wraps long comment lines."""
    return " ".join((comment or "").split("\n"))


def logged(log: Path) -> list[str]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_drafts_use_the_termbase_and_keep_placeholders(locale, tmp_path):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    result = translate(str(site), log=tmp_path / "log")
    assert result.exit_code == 0, result.output
    entries = by_id(site)

    # The n-best list's third hypothesis is the one with the termbase's name, inflected.
    sms = entries[(None, "The State Migration Service opened a new centre.")]
    assert sms.msgstr == "Dövlət Miqrasiya Xidmətinin yeni mərkəzi açıldı."
    assert "dilmac-mt" not in (sms.comment or "")  # nothing missing, nothing fixed
    # A superseded and a forbidden name replaced by the preferred one. The first hypothesis
    # names the Turkic Council's secretariat by its former name, which the termbase knows but
    # cannot fix in Azerbaijani (it has only a house rendering there): the second hypothesis,
    # with the council's former name, is fixed instead.
    council = entries[(None, "The Turkic Council's secretariat met in Baku.")]
    assert council.msgstr == "Türk Dövlətləri Təşkilatı katibliyi Bakıda toplandı."
    assert "dilmac-mt: term fixes: “Türk Şurası” → “Türk Dövlətləri Təşkilatı”" in flat(council.comment)
    assert council.comment.startswith("Translators: a news headline.\n")  # the extracted comment stays first
    cabinet = entries[(None, "The decision of the Cabinet of Ministers was sent to %(office)s.")]
    assert cabinet.msgstr == "Nazirlər Kabinetinin qərarı %(office)s göndərildi."
    # No hypothesis names the ministry: the draft is kept and the missing name listed in `#.`.
    thanks = entries[(None, "{minister} thanked the Ministry of Foreign Affairs of the Republic of Azerbaijan.")]
    assert thanks.msgstr == "{minister} nazirliyə təşəkkür etdi."
    assert "dilmac-mt: missing terms: “Azərbaycan Respublikasının Xarici İşlər Nazirliyi”" in flat(thanks.comment)
    # Tags masked, restored, glued back to the word they were glued to.
    assert entries[(None, "<b>Archive</b> of the Ministry")].msgstr == "<b>Arxiv</b> nazirliyi"
    # A placeholder no hypothesis kept: noted for the reviewer.
    welcome = entries[(None, "Welcome, %(name)s!")]
    assert "dilmac-mt: placeholders: “%(name)s” missing" in flat(welcome.comment)
    # The model saw masked text only.
    sent = logged(tmp_path / "log")
    assert "The decision of the Cabinet of Ministers was sent to [1]." in sent
    assert "[1]Archive[2] of the Ministry" in sent
    assert not any("%(" in text or "<b>" in text or "{minister}" in text for text in sent)

    for entry in (sms, council, cabinet, thanks, welcome):
        assert "fuzzy" in entry.flags
        assert entry.tcomment == f"dilmac-mt: fake-nbest [{digest((entry.msgstr,))}]"
    assert (
        "16 of 16 drafted; 3 exact and 1 fuzzy from translation memory; 12 by fake-nbest, "
        "12 distinct source strings" in result.stdout
    )


def test_plural_forms_come_from_the_singular_and_the_plural(locale, tmp_path):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    assert translate(str(site)).exit_code == 0
    assert by_id(site)[(None, "%d document")].msgstr_plural == {0: "AZ %d document", 1: "AZ %d documents"}
    # A language with one form (Turkish catalogs often say so) takes the plural's translation.
    one_form = tmp_path / "tr.po"
    one_form.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n#, python-format\nmsgid "%d document"\n'
        'msgid_plural "%d documents"\nmsgstr[0] ""\n',
        encoding="utf-8",
    )
    assert translate(str(one_form)).exit_code == 0
    assert by_id(one_form)[(None, "%d document")].msgstr_plural == {0: "TR %d documents"}


def test_human_work_is_never_touched(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    before = polib.pofile(str(site))
    assert translate(str(site)).exit_code == 0
    after = polib.pofile(str(site))
    assert [(e.msgctxt, e.msgid, e.obsolete) for e in after] == [(e.msgctxt, e.msgid, e.obsolete) for e in before]
    drafted = 0
    for old, new in zip(before, after):
        if old.obsolete or any(old.msgstr_plural.values()) or old.msgstr:
            # Translated, fuzzy-by-a-translator and obsolete entries: every field as it was.
            assert str(new) == str(old)
        else:
            drafted += 1
            assert "fuzzy" in new.flags and new.occurrences == old.occurrences
            assert [f for f in new.flags if f != "fuzzy"] == old.flags
    assert drafted == 16
    assert before.metadata == after.metadata
    # The file differs only in the drafted entries: the human ones keep their exact lines.
    text = site.read_text(encoding="utf-8")
    assert text.startswith(
        (DATA / "locale/az/LC_MESSAGES/site.po").read_text(encoding="utf-8").split("#: app.py:12")[0]
    )
    assert '#~ msgid "Old page"\n#~ msgstr "Köhnə səhifə"\n' in text
    # msgfmt accepts the catalog and leaves every draft out until it is reviewed.
    stats = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", os.devnull, str(site)], capture_output=True, text=True
    )
    assert stats.returncode == 0, stats.stderr
    assert "3 translated messages, 17 fuzzy translations" in stats.stderr


def test_translation_memory_comes_first(locale, tmp_path):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    log = tmp_path / "log"
    result = translate(str(site), "--tm", str(locale), log=log)
    assert result.exit_code == 0, result.output
    assert "3 exact and 1 fuzzy from translation memory" in result.stdout
    entries = by_id(site)
    sent = logged(log)
    # Exact matches: another catalog of the language, and the catalog itself in another context.
    contact = entries[(None, "Contact us")]
    assert contact.msgstr == "Bizimlə əlaqə" and "fuzzy" in contact.flags
    assert contact.tcomment == f"dilmac-mt: translation memory, press.po (exact match) [{digest((contact.msgstr,))}]"
    assert entries[("button", "Archive")].msgstr == "Arxiv"
    # A fuzzy match: reused, with the source it translated as the previous msgid.
    release = entries[(None, "Read the press releases")]
    assert release.msgstr == "Mətbuat açıqlamasını oxuyun"
    assert release.previous_msgid == "Read the press release"
    assert flat(release.tcomment).startswith("dilmac-mt: translation memory, press.po (98% match) [")
    # A memory translation that uses a renamed body's old name gets the linter's fix too.
    council = entries[(None, "The Turkic Council met.")]
    assert council.msgstr == "Türk Dövlətləri Təşkilatı toplandı."
    # Not reused: other placeholders, a fuzzy memory entry, another language's catalog.
    assert entries[(None, "Page %d of %s")].msgstr == "AZ Page %d of %s"
    assert entries[(None, "Good morning")].msgstr == "AZ Good morning"
    assert entries[(None, "Good evening")].msgstr == "AZ Good evening"
    assert {"Page [1] of [2]", "Good morning", "Good evening"} <= set(sent)
    assert not {"Contact us", "Archive", "Read the press releases", "The Turkic Council met."} & set(sent)


def test_without_memory_the_model_translates_everything(locale, tmp_path):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    result = translate(str(site), "--no-tm", log=tmp_path / "log")
    assert result.exit_code == 0
    assert "Contact us" in logged(tmp_path / "log")
    assert by_id(site)[(None, "Contact us")].msgstr == "AZ Contact us"


def test_identical_sources_are_translated_once(locale, tmp_path):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    assert translate(str(site), log=tmp_path / "log").exit_code == 0
    sent = logged(tmp_path / "log")
    assert sent.count("News of the day") == 1
    assert len(sent) == len(set(sent))
    entries = by_id(site)
    assert (
        entries[("headline", "News of the day")].msgstr
        == entries[("sidebar", "News of the day")].msgstr
        == "AZ News of the day"
    )
    # Batches are sorted by length.
    assert [len(text) for text in sent] == sorted(len(text) for text in sent)


def test_refresh_redoes_only_untouched_drafts(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    assert translate(str(site)).exit_code == 0
    catalog = polib.pofile(str(site))
    for entry in catalog:
        if entry.msgid == "Good morning":
            entry.msgstr = "Sabahınız xeyir"  # a translator edited the draft, still fuzzy
        elif entry.msgid == "Good evening":
            entry.flags.remove("fuzzy")  # a reviewer approved the draft as it was
        elif entry.msgid == "Page %d of %s":
            entry.tcomment += "\nKeep this wording."  # a translator's comment after the marker
    catalog.save(str(site))

    again = translate(str(site))
    assert "nothing to draft" in again.stdout

    refreshed = translate(str(site), "--refresh-mt", "--no-tm", engine="second")
    assert refreshed.exit_code == 0, refreshed.output
    entries = by_id(site)
    # Edited, approved, or commented on by a person: left as they are.
    assert entries[(None, "Good morning")].msgstr == "Sabahınız xeyir"
    assert entries[(None, "Good evening")].msgstr == "AZ Good evening"
    assert "fuzzy" not in entries[(None, "Good evening")].flags
    assert entries[(None, "Page %d of %s")].msgstr == "AZ Page %d of %s"
    assert entries[(None, "Page %d of %s")].tcomment.endswith("\nKeep this wording.")
    # Untouched drafts are redone (here a memory draft, by the model): text, marker and notes
    # replaced, not repeated.
    contact = entries[(None, "Contact us")]
    assert contact.msgstr == "AZ (2) Contact us"
    assert contact.tcomment == f"dilmac-mt: fake-second [{digest((contact.msgstr,))}]"
    council = entries[(None, "The Turkic Council's secretariat met in Baku.")]
    assert council.msgstr == "AZ (2) The Turkic Council's secretariat met in Baku."
    assert "term fixes" not in council.comment and flat(council.comment).count("dilmac-mt: missing terms") == 1
    assert council.comment.startswith("Translators: a news headline.\n")
    # A refreshed fuzzy memory match loses the `#|` that draft had set.
    release = entries[(None, "Read the press releases")]
    assert release.msgstr == "AZ (2) Read the press releases" and release.previous_msgid is None
    # The translator's own `#|` on their fuzzy entry stays.
    assert entries[(None, "Contact the press service")].previous_msgid == "Contact the press office"


class _Engine:
    name = "edits-midway"

    def __init__(self, on_call):
        self.on_call, self.calls = on_call, 0

    def translate(self, texts, *, beam, n_best):
        self.calls += 1
        self.on_call(self.calls)
        return [[Hypothesis(f"AZ {text}", 0.0)] for text in texts]


def test_a_translators_save_during_the_run_is_kept(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"

    def translator_saves(call: int) -> None:
        if call == 2:
            catalog = polib.pofile(str(site))
            for entry in catalog:
                if entry.msgid == "Good evening":
                    entry.msgstr = "Axşamınız xeyir"  # translated by hand while the run goes on
                if entry.msgid == "Press releases":
                    entry.msgstr = "Mətbuat relizləri"  # a human translation changed
            catalog.save(str(site))

    engine = _Engine(translator_saves)
    settings = Settings(day=date(2024, 6, 1), batch_size=2, checkpoint=1, memory=False)
    from dilmac.match import compiled
    from dilmac.termbase.model import resolve_termbase_args

    report = translate_catalog(site, compiled.load(resolve_termbase_args(None)), settings, lambda s, t: engine)
    assert engine.calls > 2
    entries = by_id(site)
    assert entries[(None, "Good evening")].msgstr == "Axşamınız xeyir"
    assert "fuzzy" not in entries[(None, "Good evening")].flags
    assert entries[(None, "Press releases")].msgstr == "Mətbuat relizləri"
    assert entries[(None, "Good morning")].msgstr == "AZ Good morning"
    assert report.model == 15  # 16 to draft, one taken by the translator


def test_interrupted_run_keeps_its_drafts_and_resumes(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"

    def interrupt(call: int) -> None:
        if call == 3:
            raise KeyboardInterrupt

    from dilmac.match import compiled
    from dilmac.termbase.model import resolve_termbase_args

    termbase = compiled.load(resolve_termbase_args(None))
    settings = Settings(day=date(2024, 6, 1), batch_size=2, checkpoint=100, memory=False)
    with pytest.raises(KeyboardInterrupt):
        translate_catalog(site, termbase, settings, lambda s, t: _Engine(interrupt))
    kept = [e for e in polib.pofile(str(site)) if "dilmac-mt" in (e.tcomment or "")]
    # Two batches of two sources done: three messages; the plural one waits for its other half.
    assert [e.msgid for e in kept] == ["Archive", "Contact us", "Good evening"]
    report = translate_catalog(site, termbase, settings, lambda s, t: _Engine(lambda call: None))
    assert report.eligible == 13 and report.model == 13
    assert not [
        e
        for e in polib.pofile(str(site))
        if e.msgid and not e.obsolete and not e.translated() and "fuzzy" not in e.flags
    ]


def test_checkpoints_write_the_file_as_drafts_come(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    seen = []

    def look(call: int) -> None:
        seen.append(sum("dilmac-mt" in (e.tcomment or "") for e in polib.pofile(str(site))))

    from dilmac.match import compiled
    from dilmac.termbase.model import resolve_termbase_args

    settings = Settings(day=date(2024, 6, 1), batch_size=1, checkpoint=2, memory=False)
    translate_catalog(site, compiled.load(resolve_termbase_args(None)), settings, lambda s, t: _Engine(look))
    assert seen[0] == 0 and seen[-1] >= 12 and seen == sorted(seen)


def test_catalog_file_writes_nothing_without_drafts(locale):
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    stamp = site.stat().st_mtime_ns
    CatalogFile(site, refresh=False).save()
    assert site.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    "args, message",
    [
        (["--model", "en-az"], "is not PAIR=PATH_OR_ID"),
        (["--model", "en-xx=some/model"], "is not a language pair"),
        (["--lang", "de"], "--lang 'de' is not supported"),
    ],
)
def test_bad_options_exit_2(locale, args, message):
    result = translate(str(locale / "az" / "LC_MESSAGES" / "site.po"), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_input_is_reported_with_its_position(tmp_path):
    broken = tmp_path / "az.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    result = translate(str(broken))
    assert result.exit_code == 2 and f"{broken}:" in result.output
    template = tmp_path / "site.pot"
    template.write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    assert "dilmac catalog init" in translate(str(template)).output
    unknown = tmp_path / "x.po"
    unknown.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n', encoding="utf-8"
    )
    result = translate(str(unknown))
    assert result.exit_code == 2 and "cannot tell the catalog's language" in result.output
    assert "--lang" in result.output


def test_translate_help_imports_no_model_code(tmp_path):
    """`dilmac translate --help` (and so every start of dilmac) loads no MT library."""
    env = {**os.environ, "DILMAC_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dilmac", "translate", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    heavy = {"torch", "transformers", "ctranslate2", "sentencepiece", "huggingface_hub", "polib", "numpy"}
    assert not {m for m in imported if m.split(".")[0] in heavy}
    assert "--refresh-mt" in proc.stdout


@pytest.mark.parametrize("backend", ["auto", "ctranslate2", "transformers"])
def test_without_the_mt_extra_translate_says_how_to_install_it(locale, monkeypatch, backend):
    for module in ("transformers", "ctranslate2", "torch", "sentencepiece"):
        monkeypatch.setitem(sys.modules, module, None)  # `import transformers` now fails
    site = locale / "az" / "LC_MESSAGES" / "site.po"
    before = site.read_bytes()
    result = runner.invoke(app, ["translate", str(site), "--backend", backend], env={"DILMAC_MT_BACKEND": None})
    assert result.exit_code == 2
    assert "needs the optional 'mt' extra" in result.output
    assert "pip install 'dilmac[mt]'" in result.output
    assert "pip install torch --index-url https://download.pytorch.org/whl/cpu" in result.output
    assert site.read_bytes() == before  # nothing written, not even the translation memory's drafts
