"""The translators' desk and the HTML report in a real browser: Debian's headless Chromium driven
by Playwright (its Python package only: the browser is the system's, nothing is downloaded).

`dilmac serve` runs in a subprocess on a free port, as a person starts it. A draft with known
errors is pasted, its highlights are reached by mouse and keyboard, one fix and then all are
applied and the file is downloaded; a Word document and a PO catalog are uploaded; the page is
switched to Azerbaijani and Turkish; a name is looked up; the HTML report is opened and
filtered. Screenshots of each screen go to the test's folder, and to $DILMAC_SCREENSHOTS when set
(docs/desk.png in the README is one of them).

Without Chromium or Playwright the tests skip, saying what to install; under
DILMAC_REQUIRE_DATA=1 (CI, whose .ci/run installs the chromium package) they fail instead.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from web_samples import CATALOG, DRAFT_AZ

from dilmac.core import i18n
from dilmac.readers.docx import read_docx

REPO = Path(__file__).resolve().parents[2]
BROWSERS = ("chromium", "chromium-browser")


def _unavailable(reason: str):
    if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
        pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1: the browser test must run)")
    pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[dev]'")
    executable = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if executable is None:
        _unavailable("Chromium not found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory):
    """`dilmac serve` on a free port of this machine, until the module's tests end."""
    port = free_port()
    home = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "DILMAC_CACHE_DIR": str(home / "cache"), "TMPDIR": str(home)}
    server = subprocess.Popen(
        [sys.executable, "-m", "dilmac", "serve", "--port", str(port), "--no-config"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"dilmac serve did not start:\n{server.stdout.read()}")
        time.sleep(0.2)
    yield url
    server.terminate()
    try:
        output, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        output, _ = server.communicate()
    assert "open at http://127.0.0.1:" in output
    # The drafts lived in the server's temporary folder, which it removes when it stops.
    assert not list(home.glob("dilmac-desk-*"))


@pytest.fixture
def shots(tmp_path):
    """Save a page's screenshot under `name` in the test's folder and in $DILMAC_SCREENSHOTS."""
    extra = os.environ.get("DILMAC_SCREENSHOTS")

    def shoot(page, name: str, full_page: bool = False) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 5000
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / path.name)
        return path

    return shoot


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def check_draft(page, url: str, *, text: str | None = None, file: Path | None = None, lang: str = "") -> None:
    page.goto(url + "/")
    if text is not None:
        page.fill("#text", text)
    if file is not None:
        page.set_input_files("#file", str(file))
    page.select_option("select[name=lang]", lang)
    page.fill("input[name=date]", "2024-05-14")
    page.click("form.check button[type=submit]")
    page.wait_for_url("**/draft/*")


def marked(page) -> list[tuple[str, str]]:
    return [(hit.get_attribute("class").split("sev-")[1], hit.inner_text()) for hit in page.query_selector_all("a.hit")]


def test_paste_see_highlights_fix_and_download(page, desk_url, shots, tmp_path):
    check_draft(page, desk_url, text=DRAFT_AZ, lang="az")
    hits = marked(page)
    assert ("error", "Türk Şurasının") in hits and ("error", "Vusal Huseynov") in hits
    # Colour by severity: an error's highlight is painted differently from plain text.
    error_hit = page.locator("a.hit.sev-error").first
    assert error_hit.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    shots(page, "desk")

    # Keyboard: Tab from the top of the page reaches the first highlight; Enter opens its card,
    # which then has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hit')"):
            break
    else:
        pytest.fail("Tab never reached a highlight")
    assert page.evaluate("document.activeElement.textContent") == page.locator("a.hit").first.inner_text()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("f-") and "current" in page.get_attribute(f"#{focused}", "class")

    # A click shows the message, the rule's explanation and the suggestion.
    page.click("a.hit:text('Türk Şurasının')")
    card = page.locator("article.finding.current")
    assert "Türk Dövlətləri Təşkilatının" in card.inner_text()
    card.locator("summary").click()
    assert "term-superseded" in card.locator("pre.doc").inner_text()
    shots(page, "desk-finding")

    card.locator("button.apply").click()
    page.wait_for_load_state()
    hits = marked(page)
    assert ("error", "Türk Şurasının") not in hits and ("error", "Vusal Huseynov") in hits
    assert "Türk Dövlətləri Təşkilatının" in page.inner_text("div.text")

    page.click("#fix-all")
    page.wait_for_load_state()
    assert not [text for severity, text in marked(page) if severity == "error"]
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert saved.name == "pasted.txt" and "Vüsal Hüseynov" in text and "Dövlət Miqrasiya Xidmətinin rəisi" in text


def test_upload_a_word_document_and_a_catalog(page, desk_url, shots, tmp_path):
    from docx_drafts import simple_draft

    word = simple_draft(tmp_path / "xəbər.docx", [DRAFT_AZ.strip()], language="az-AZ")
    check_draft(page, desk_url, file=word)
    assert ("error", "Türk Şurasının") in marked(page)
    page.click("#fix-all")
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "downloaded.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "xəbər.docx"
    data = saved.read_bytes()
    assert "<w:ins " in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Türk Dövlətləri Təşkilatının" in read_docx(data, saved.name).text

    catalog = tmp_path / "site.az.po"
    catalog.write_text(CATALOG, encoding="utf-8")
    check_draft(page, desk_url, file=catalog)
    rows = page.locator("table.catalog tbody tr")
    assert rows.count() == 3
    first = rows.nth(0)
    assert "The Organization of Turkic States met in Baku." in first.locator("td.source").inner_text()
    assert first.locator("td.translation a.hit").inner_text() == "Türk Şurası"
    assert "term-wrong" in first.locator("td.refs").inner_text()
    first.locator("td.refs a").first.click()
    assert "current" in page.locator("article.finding.current").get_attribute("class")
    shots(page, "desk-catalog")


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_switch_the_interface_language(page, desk_url, shots, lang):
    page.goto(desk_url + "/")
    assert page.get_attribute("html", "lang") == "en"
    page.click(f"a[data-ui={lang}]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute(f"a[data-ui={lang}]", "aria-current") == "true"
    # Where the catalogs translate the page's strings, the page shows the translation.
    before = i18n.current_language()
    i18n.set_language(lang)
    try:
        check_a_text = i18n.gettext("Check a text")
    finally:
        i18n.set_language(before)
    assert check_a_text in page.inner_text("header nav")
    # The choice stays: the next page speaks it too.
    check_draft(page, desk_url, text=DRAFT_AZ, lang="az")
    assert page.get_attribute("html", "lang") == lang and marked(page)
    shots(page, f"desk-{lang}")


def test_look_up_an_inflected_name(page, desk_url, shots):
    page.goto(desk_url + "/")
    page.fill("#q", "Türk Şurasının")
    page.press("#q", "Enter")
    page.wait_for_url("**/lookup?q=*")
    card = page.locator("#concept-org\\.turkic-states")
    text = card.inner_text()
    for term in (
        "Organization of Turkic States",
        "Türk Dövlətləri Təşkilatı",
        "Türk Devletleri Teşkilatı",
        "Türk Şurası",
    ):
        assert term in text
    assert "2021-11-12" in text
    shots(page, "desk-lookup")


def test_the_html_report_filters(page, shots, tmp_path):
    report = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "dilmac", "lint", "samples", "--format", "html", "-o", str(report)],
        cwd=REPO,
        env={**os.environ, "DILMAC_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    page.goto(report.as_uri())
    findings = page.locator("article.finding")
    total = findings.count()
    assert total >= 20
    visible = lambda: page.locator("article.finding:visible").count()  # noqa: E731
    assert visible() == total
    shots(page, "report")
    page.uncheck("input[name=severity][value=warning]")
    page.uncheck("input[name=severity][value=info]")
    errors = page.locator("article.finding[data-severity=error]").count()
    assert 0 < visible() == errors < total
    page.select_option("#rule-filter", "term-forbidden")
    forbidden = page.locator("article.finding[data-rule=term-forbidden]").count()
    assert 0 < visible() == forbidden
    assert page.inner_text("#shown").startswith(f"{forbidden} of {total}")
    page.check("input[name=severity][value=warning]")
    page.check("input[name=severity][value=info]")
    page.select_option("#rule-filter", "")
    assert visible() == total
