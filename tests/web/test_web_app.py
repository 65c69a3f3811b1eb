"""The desk's application in-process (Starlette's TestClient): pages, forms, uploads, downloads,
the interface language, and what it refuses."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from web_samples import CATALOG, DRAFT_AZ

from dilmac.readers.docx import read_docx
from dilmac.web.app import accepted_language


def check_text(client, text, lang="az", day="2024-05-14"):
    response = client.post(
        "/check", data={"text": text, "lang": lang, "date": day}, files={"file": ("", b"")}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def hits(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="hit sev-(\w+)" href="#f-\d+" data-findings="[\d ]+"[^>]*>([^<]*)</a>', page)


def test_the_home_page_has_the_forms_and_only_local_assets(client):
    page = client.get("/").text
    assert '<html lang="en">' in page and 'name="text"' in page and 'type="file"' in page
    assert re.findall(r'(?:href|src)="(https?:)?//', page) == []
    for asset in ("/static/desk.css", "/static/desk.js"):
        assert asset in page and client.get(asset).status_code == 200


def test_a_pasted_draft_is_shown_with_its_findings_in_place(client):
    page = client.get(check_text(client, DRAFT_AZ)).text
    marked = hits(page)
    assert ("error", "Türk Şurasının") in marked and ("error", "Vusal Huseynov") in marked
    assert 'id="f-0"' in page and "Apply this fix" in page and "About this check" in page
    # A screen reader hears the message with the highlight.
    assert 'aria-describedby="m-0"' in page and 'id="m-0"' in page
    assert "Türk Dövlətləri Təşkilatının" in page  # the suggestion


def test_apply_one_fix_then_all_and_download(client):
    where = check_text(client, DRAFT_AZ)
    page = client.get(where).text
    key = re.search(r'name="finding" value="([^"]+)"', page).group(1)
    page = client.post(where + "/fix", data={"finding": key}).text
    assert len(hits(page)) == len(hits(client.get(where).text))
    page = client.post(where + "/fix", data={}).text
    assert not [text for severity, text in hits(page) if severity == "error"]
    download = client.get(where + "/download")
    assert download.headers["content-disposition"].startswith('attachment; filename="pasted.txt"')
    assert "Vüsal Hüseynov" in download.text and "Türk Dövlətləri Təşkilatının" in download.text


def test_a_word_document_comes_back_with_tracked_changes(client, tmp_path):
    from docx_drafts import simple_draft

    path = simple_draft(tmp_path / "xəbər.docx", [DRAFT_AZ.strip()], language="az-AZ")
    response = client.post(
        "/check", data={"date": "2024-05-14"}, files={"file": (path.name, path.read_bytes())}, follow_redirects=False
    )
    where = response.headers["location"]
    assert ("error", "Türk Şurasının") in hits(client.get(where).text)
    client.post(where + "/fix", data={})
    download = client.get(where + "/download")
    assert "filename*=UTF-8''x%C9%99b%C9%99r.docx" in download.headers["content-disposition"]
    body = zipfile.ZipFile(io.BytesIO(download.content)).read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body
    # Read with the changes accepted, the names are right.
    fixed = read_docx(download.content, "xəbər.docx").text
    assert "Türk Dövlətləri Təşkilatının" in fixed and "Vüsal Hüseynov" in fixed


def test_a_catalog_is_shown_side_by_side(client):
    response = client.post(
        "/check", data={"date": "2024-05-14"}, files={"file": ("site.az.po", CATALOG.encode())}, follow_redirects=False
    )
    page = client.get(response.headers["location"]).text
    assert '<table class="catalog">' in page
    assert "The Organization of Turkic States met in Baku." in page
    assert ("error", "Türk Şurası") in hits(page)
    assert 'class="state-untranslated' in page


def test_a_broken_file_shows_the_cli_error_on_the_page(client):
    response = client.post("/check", files={"file": ("broken.po", b'msgid "a"\nmsgstr "b\n')})
    assert response.status_code == 200 and 'role="alert"' in response.text
    assert re.search(r"error: broken\.po:\d+", response.text)


def test_an_upload_over_the_limit_gets_a_clear_page(client, desk):
    response = client.post("/check", files={"file": ("big.txt", b"x" * (desk.max_upload + 100_000))})
    assert response.status_code == 413 and "larger than the limit" in response.text
    assert list(desk.root.iterdir()) == []


def test_an_unknown_kind_of_file_is_refused_on_the_page(client):
    response = client.post("/check", files={"file": ("photo.jpg", b"\xff\xd8")})
    assert response.status_code == 400 and "error: photo.jpg: dilmac cannot read this kind of file" in response.text


def test_language_and_date_can_be_changed(client):
    where = check_text(client, DRAFT_AZ, lang="", day="")
    client.post(where + "/settings", data={"lang": "az", "date": "2020-01-10"})
    page = client.get(where).text
    assert 'value="2020-01-10"' in page and ("error", "Türk Şurasının") not in hits(page)
    page = client.post(where + "/settings", data={"lang": "az", "date": "10/01/2020"}).text
    assert "not a date" in page


def test_lookup_shows_the_concept_card(client):
    page = client.get("/lookup", params={"q": "Türk Şurasının"}).text
    assert 'id="concept-org.turkic-states"' in page
    for term in ("Organization of Turkic States", "Türk Dövlətləri Təşkilatı", "Türk Devletleri Teşkilatı"):
        assert term in page
    assert "superseded" in page and "2021-11-12" in page


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("az-AZ,az;q=0.9,en;q=0.5", "az"),
        ("ru-RU, tr;q=0.8, en;q=0.7", "tr"),
        ("en;q=0.2, tr;q=0.9", "tr"),
        ("de, fr", "en"),
        ("", "en"),
        ("tr;q=0, az;q=abc", "en"),
    ],
)
def test_accept_language(header, lang):
    assert accepted_language(header) == lang


def test_the_page_speaks_the_browsers_language_until_switched(client):
    assert '<html lang="tr">' in client.get("/", headers={"accept-language": "tr-TR,tr;q=0.9"}).text
    response = client.get("/language", params={"set": "az", "next": "/lookup"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/lookup"
    page = client.get("/lookup", headers={"accept-language": "tr"}).text
    assert '<html lang="az">' in page and 'aria-current="true">Azərbaycanca' in page


def test_the_findings_speak_the_pages_language(client):
    where = check_text(client, DRAFT_AZ)
    english = client.get(where).text
    assert "is outdated since 2021-11-12: replaced by" in english
    client.get("/language", params={"set": "az", "next": "/"})
    page = client.get(where).text
    assert "2021-11-12 tarixindən köhnəlib: onu" in page and "is outdated since" not in page
    client.get("/language", params={"set": "tr", "next": "/"})
    assert "2021-11-12 tarihinden beri eskimiş: yerini" in client.get(where).text


def test_the_language_switch_goes_back_only_to_this_site(client):
    response = client.get("/language", params={"set": "tr", "next": "//elsewhere.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_a_form_posted_from_another_site_is_refused(client, desk):
    response = client.post(
        "/check", data={"text": DRAFT_AZ}, files={"file": ("", b"")}, headers={"origin": "http://elsewhere.example"}
    )
    assert response.status_code == 403 and list(desk.root.iterdir()) == []


def test_only_local_host_names_are_answered(desk):
    from starlette.testclient import TestClient

    from dilmac.web.app import create_app

    with TestClient(create_app(desk), base_url="http://attacker.example") as client:
        assert client.get("/").status_code == 400
    with TestClient(create_app(desk, local_only=False), base_url="http://desk.example") as client:
        assert client.get("/").status_code == 200


def test_an_unknown_draft_says_to_start_again(client):
    response = client.get("/draft/0123456789abcdef")
    assert response.status_code == 404 and "start again" in response.text
