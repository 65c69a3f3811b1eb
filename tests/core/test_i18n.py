"""dilmac.core.i18n: which language the interface speaks, how its catalogs are found and read,
and the deferred messages findings carry."""

from __future__ import annotations

import gettext
import pickle
import subprocess
import sys

import pytest

from dilmac.core import i18n
from dilmac.core.i18n import Contextual, Joined, Message, Plural


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    """Each test starts with no language chosen and no catalog loaded."""
    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.setattr(i18n, "_loaded", {})


# --------------------------------------------------------------------------- the language


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        # --ui-lang first, in both spellings, over everything else
        (["--ui-lang", "tr", "lint"], {"DILMAC_UI_LANG": "az", "LANG": "en_GB.UTF-8"}, "tr"),
        (["--ui-lang=az", "lint"], {"DILMAC_UI_LANG": "tr"}, "az"),
        # then DILMAC_UI_LANG, over the locale
        ([], {"DILMAC_UI_LANG": "az", "LANGUAGE": "tr", "LC_ALL": "tr_TR.UTF-8"}, "az"),
        # then GNU's LANGUAGE list: its first language dilmac speaks
        ([], {"LANGUAGE": "fr:tr:en", "LANG": "az_AZ.UTF-8"}, "tr"),
        # then the first set of LC_ALL, LC_MESSAGES, LANG
        ([], {"LC_ALL": "az_AZ.UTF-8", "LC_MESSAGES": "tr_TR", "LANG": "en_US"}, "az"),
        ([], {"LC_MESSAGES": "tr_TR.UTF-8", "LANG": "az_AZ.UTF-8"}, "tr"),
        ([], {"LANG": "az_AZ.UTF-8"}, "az"),
        # a C locale asks for nothing localised: LANGUAGE is ignored, as gettext does
        ([], {"LANGUAGE": "tr", "LC_ALL": "C.UTF-8"}, "en"),
        # tags in other spellings
        ([], {"DILMAC_UI_LANG": "AZ"}, "az"),
        ([], {"DILMAC_UI_LANG": "tr-TR"}, "tr"),
        ([], {"LANG": "az_AZ@latin"}, "az"),
        # English when nothing names a language dilmac speaks
        ([], {}, "en"),
        ([], {"LANG": "fr_FR.UTF-8", "LANGUAGE": "de:fr"}, "en"),
        # a --ui-lang dilmac does not speak is passed over (the CLI reports it); after `--`, an operand
        (["--ui-lang", "fr"], {"DILMAC_UI_LANG": "tr"}, "tr"),
        (["lint", "--", "--ui-lang", "tr"], {}, "en"),
    ],
)
def test_resolution_order(argv, environ, expected):
    assert i18n.resolve_language(argv, environ) == expected


def test_current_language_comes_from_the_environment_until_set(monkeypatch):
    monkeypatch.setenv("DILMAC_UI_LANG", "tr")
    assert i18n.current_language() == "tr"
    i18n.set_language("az_AZ.UTF-8")
    assert i18n.current_language() == "az"


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="'fr' is not a UI language of dilmac: use one of en, az, tr"):
        i18n.set_language("fr")


# --------------------------------------------------------------------------- the catalogs


def test_each_language_translates_and_english_is_the_source():
    assert i18n.available_languages() == ("en", "az", "tr")
    assert i18n.translations("en").gettext("Options") == "Options"
    assert i18n.translations("tr").gettext("Options") == "Seçenekler"
    assert i18n.translations("az").gettext("Options") == "Seçimlər"
    i18n.set_language("tr")
    assert i18n.gettext("fix:") == "düzeltme:"
    assert i18n._("fix:") == "düzeltme:"


def test_plural_forms():
    """az and tr have two forms (n != 1), and a noun after a numeral stays singular in both."""
    for n, english in ((0, "0 findings"), (1, "1 finding"), (2, "2 findings"), (21, "21 findings")):
        assert i18n.translations("en").ngettext("%(n)d finding", "%(n)d findings", n) % {"n": n} == english
        assert i18n.translations("tr").ngettext("%(n)d finding", "%(n)d findings", n) % {"n": n} == f"{n} bulgu"
        assert i18n.translations("az").ngettext("%(n)d finding", "%(n)d findings", n) % {"n": n} == f"{n} qeyd"
    i18n.set_language("tr")
    catalog_1 = i18n.ngettext(
        "%(n)d catalog not up to date with %(template)s; run the same command without --check to update it",
        "%(n)d catalogs not up to date with %(template)s; run the same command without --check to update them",
        1,
    )
    assert catalog_1.startswith("%(n)d katalog %(template)s şablonuna göre güncel değil")
    header = i18n.translations("tr").info()
    assert header["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_only_the_chosen_language_is_loaded_and_english_loads_nothing():
    i18n.set_language("en")
    assert i18n.gettext("Options") == "Options"
    assert i18n._loaded == {}
    i18n.set_language("az")
    i18n.gettext("Options")
    assert set(i18n._loaded) == {"az"}


def test_a_missing_catalog_falls_back_to_english(monkeypatch, tmp_path):
    """An installation without the Turkish catalog (a broken install, a trimmed package)
    speaks English instead of failing, and does not offer Turkish."""
    monkeypatch.setattr(i18n, "_package_mo", lambda lang: tmp_path / lang / "dilmac.mo")
    monkeypatch.setattr(i18n, "_checkout_po", lambda lang: tmp_path / lang / "dilmac.po")
    assert i18n.available_languages() == ("en",)
    i18n.set_language("tr")
    assert i18n.gettext("Options") == "Options"
    assert i18n.ngettext("%(n)d finding", "%(n)d findings", 2) == "%(n)d findings"


def test_a_damaged_catalog_falls_back_to_english(monkeypatch, tmp_path):
    broken = tmp_path / "dilmac.mo"
    broken.write_bytes(b"\xde\x12\x04\x95 not an MO file")
    monkeypatch.setattr(i18n, "_package_mo", lambda lang: broken)
    assert i18n.translations("tr").gettext("Options") == "Options"


def test_a_wheel_reads_its_compiled_catalog(monkeypatch, tmp_path):
    """The MO file the wheel ships (dilmac/locales/<lang>/LC_MESSAGES/dilmac.mo) wins over a
    checkout's PO file."""
    source = tmp_path / "tr.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Options"\nmsgstr "Ayarlar"\n',
        encoding="utf-8",
    )
    import polib

    mo = tmp_path / "dilmac.mo"
    polib.pofile(str(source)).save_as_mofile(str(mo))
    monkeypatch.setattr(i18n, "_package_mo", lambda lang: mo)
    assert i18n.translations("tr").gettext("Options") == "Ayarlar"


def test_a_checkout_compiles_its_catalog_once_into_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(i18n, "_package_mo", lambda lang: tmp_path / "absent.mo")
    assert i18n.translations("tr").gettext("Options") == "Seçenekler"
    [cached] = tmp_path.glob("ui-tr-*.pickle")
    monkeypatch.setattr(i18n, "_loaded", {})
    import polib

    monkeypatch.setattr(polib, "pofile", lambda *a, **k: pytest.fail("the cached MO should have been used"))
    assert i18n.translations("tr").gettext("Options") == "Seçenekler"
    assert list(tmp_path.glob("ui-tr-*.pickle")) == [cached]


def test_translations_work_as_jinja2_wants_them():
    """The object jinja2.ext.i18n's install_gettext_translations takes: gettext and ngettext."""
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(i18n.translations("az"), newstyle=True)
    template = env.from_string("{{ _('Options') }} / {{ ngettext('%(num)d finding', '%(num)d findings', 3) }}")
    assert template.render() == "Seçimlər / 3 findings"  # a message the catalog lacks stays English


def test_english_lint_start_up_imports_no_catalog_machinery():
    """Start-up: in English, dilmac's CLI loads no catalog and polib stays unimported."""
    probe = (
        "import sys\n"
        "sys.argv = ['dilmac', 'lint', 'x.txt']\n"
        "import dilmac.cli.main\n"
        "from dilmac.core import i18n\n"
        "print(i18n.current_language(), sorted(i18n._loaded), 'polib' in sys.modules, 'typer.rich_utils' in sys.modules)\n"
    )
    env = {"DILMAC_UI_LANG": "en", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split() == ["en", "[]", "False", "False"]
    env["DILMAC_UI_LANG"] = "tr"  # in Turkish, only the Turkish catalog, and no help panels for lint
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    language, loaded, _polib, rich_help = done.stdout.split()
    assert (language, loaded, rich_help) == ("tr", "['tr']", "False")


# --------------------------------------------------------------------------- deferred messages


def test_a_message_is_english_for_machines_and_translated_for_people():
    message = Message(
        "%(found)s must not be used for %(name)s%(note)s",
        found="“Turkish Council”",
        name="“Organization of Turkic States”",
        note="",
    )
    assert message.english() == "“Turkish Council” must not be used for “Organization of Turkic States”"
    i18n.set_language("tr")
    assert str(message) == "“Turkish Council”, “Organization of Turkic States” için kullanılmamalı"
    assert message.english() == "“Turkish Council” must not be used for “Organization of Turkic States”"


def test_nested_plural_contextual_and_joined_messages():
    wrong = Message(
        "the source names %(source)s; its rendering %(rendering)s %(problem)s%(fix)s",
        source="“A”",
        rendering="“B”",
        problem=Message("is outdated since %(date)s", date="2021-11-12"),
        fix=Message("; use %(right)s", right="“C”"),
    )
    assert wrong.english() == "the source names “A”; its rendering “B” is outdated since 2021-11-12; use “C”"
    letters = Plural(
        "“%(word)s” has the Turkish letter %(letters)s, which English does not use "
        "(a Turkish keyboard or upper-casing slip?)",
        "“%(word)s” has the Turkish letters %(letters)s, which English does not use "
        "(a Turkish keyboard or upper-casing slip?)",
        2,
        word="MİNİSTRY",
        letters=Message(
            "%(some)s and %(last)s", some=Joined(" and ", [Message("dotted İ")]), last=Message("dotless ı")
        ),
    )
    way = Contextual("spelled the … way; in …", "Turkish")
    i18n.set_language("az")
    assert (
        str(wrong)
        == "mənbədə “A” adı var; onun tərcümədəki qarşılığı “B” 2021-11-12 tarixindən köhnəlib; “C” formasından istifadə edin"
    )
    assert str(letters).startswith(
        "“MİNİSTRY” sözündə ingilis dilində işlənməyən türk hərfləri var: nöqtəli İ və nöqtəsiz ı"
    )
    assert str(way) == "türk" and way.english() == "Turkish"


def test_messages_survive_pickling():
    """Findings travel between processes (--jobs) with their messages."""
    for message in (
        Message("%(found)s is written %(right)s", found="a", right="b"),
        Plural("%(n)d finding", "%(n)d findings", 3, n=3),
        Contextual("spelled the … way; in …", "English"),
        Joined(", ", [Message("dotless ı"), "x"]),
    ):
        copy = pickle.loads(pickle.dumps(message))
        assert copy == message and copy.english() == message.english()


def test_gettext_module_is_the_standard_one():
    assert isinstance(i18n.translations("tr"), gettext.GNUTranslations)
    assert isinstance(i18n.translations("en"), gettext.NullTranslations)


def test_a_finding_is_shown_in_any_language_on_request():
    """The web page answers each browser in its own language, whatever the process speaks."""
    from dilmac.core.findings import Finding, Severity

    message = Message("found %(found)s; the termbase writes %(right)s", found="“a”", right="“b”")
    finding = Finding("p", 0, 1, "term-casing", Severity.WARNING, message.english(), "a", shown=message)
    i18n.set_language("az")
    assert finding.localized() == "“a” tapıldı; terminologiya bazası “b” kimi yazır"
    assert finding.localized("tr") == "“a” bulundu; terim bankası “b” biçiminde yazar"
    assert finding.localized("en") == finding.message == "found “a”; the termbase writes “b”"
    assert Severity.WARNING.label() == "xəbərdarlıq" and str(Severity.WARNING) == "warning"
