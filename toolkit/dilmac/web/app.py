"""The translators' desk as a web application (Starlette, Jinja2 templates, python-multipart for
the uploads): pages rendered on the server, forms that work without JavaScript, and a little
script for moving between the highlights and their explanations.

Every page speaks the interface language of the request (the page's switch, kept in a cookie,
else the browser's Accept-Language, else English). The gettext functions of dilmac.core.i18n
answer in one language at a time for the whole process, so a request's work (checking, fixing,
rendering) runs under one lock with its language set: the desk serves one person's browser,
and a check takes a fraction of a second.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from importlib import resources
from urllib.parse import quote, urlsplit

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dilmac import LANGUAGES, __version__
from dilmac.core import i18n
from dilmac.core.errors import DilmacError
from dilmac.report.html import jinja_environment
from dilmac.web.desk import PASTED_NAME, UPLOADS, Desk, concept_card, megabytes, too_large

UI_COOKIE = "dilmac_ui"
LANGUAGE_NAMES = {"en": "English", "az": "Azərbaycanca", "tr": "Türkçe"}
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "po": "text/x-gettext-translation; charset=utf-8",
    "pot": "text/x-gettext-translation; charset=utf-8",
    "xliff": "application/xliff+xml",
}
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
FORM_OVERHEAD = 64 * 1024  # bytes a form adds to the file or text it carries
FROM_ELSEWHERE = i18n.N_("This page was sent from another site; it was refused.")
NO_SUCH_PAGE = i18n.N_("This page does not exist (the server may have been restarted): start again here.")


def ui_languages() -> tuple[str, ...]:
    """The languages the page offers: dilmac's three, and any other its catalogs speak."""
    return tuple(dict.fromkeys((*LANGUAGES, *i18n.available_languages())))


def ui_language(request: Request) -> str:
    """The page's choice (cookie), else the first of the browser's languages the interface
    speaks, else English."""
    chosen = request.cookies.get(UI_COOKIE)
    if chosen in ui_languages():
        return chosen
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The best language of an Accept-Language header that the interface speaks (en when none)."""
    ranked = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ui_languages() and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"


_speaking = threading.Lock()


@contextmanager
def speaking(lang: str):
    """Run with dilmac's interface in `lang`, one request at a time."""
    with _speaking:
        before = i18n.current_language()
        i18n.set_language(lang)
        try:
            yield
        finally:
            i18n.set_language(before)


def label(word: str) -> str:
    """A severity, term status or message state in the interface language (each spelt out here
    so that gettext's extraction finds them)."""
    _ = i18n.gettext
    words = {
        "error": _("error"),
        "warning": _("warning"),
        "info": _("info"),
        "preferred": _("preferred"),
        "admitted": _("admitted"),
        "deprecated": _("deprecated"),
        "superseded": _("superseded"),
        "forbidden": _("forbidden"),
        "fuzzy": _("fuzzy"),
        "untranslated": _("untranslated"),
        "translated": _("translated"),
        "short": _("short name"),
        "abbreviation": _("abbreviation"),
        "transliteration": _("transliteration"),
        "variant": _("variant"),
    }
    return words.get(word, word)


def templates() -> Environment:
    env = jinja_environment("dilmac.web")
    env.globals.update(
        label=label,
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        version=__version__,
        uploads=UPLOADS,
    )
    return env


class LimitAndOrigin:
    """ASGI middleware: a request body over `limit` bytes gets a clear page (413) instead of
    being read, and a form posted from another site's page (a different Origin) is refused."""

    def __init__(self, app, limit: int, page) -> None:
        self.app, self.limit, self.page = app, limit, page

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != headers.get("host"):
            return await self._refuse(scope, send, 403, FROM_ELSEWHERE)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit + FORM_OVERHEAD:
            return await self._refuse(scope, send, 413, None)
        body, more = [], True
        size = 0
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body.append(message.get("body", b""))
            size += len(body[-1])
            more = message.get("more_body", False)
            if size > self.limit + FORM_OVERHEAD:
                return await self._refuse(scope, send, 413, None)
        whole = b"".join(body)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": whole, "more_body": False}

        return await self.app(scope, replay, send)

    async def _refuse(self, scope, send, status: int, message: str | None) -> None:
        request = Request(scope)
        response = await run_in_threadpool(self.page, request, status, message)
        await response(scope, None, send)


def create_app(desk: Desk, *, local_only: bool = True, host: str = "127.0.0.1") -> Starlette:
    """The application over a desk. `local_only`: answer only requests addressed to this
    machine's loopback names or `host`, the address it listens on (a page elsewhere cannot
    reach the desk by giving its own name this machine's address)."""
    env = templates()

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context.update(
            request=request,
            ui=request.state.ui,
            ui_languages=ui_languages(),
            here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            max_upload_mb=megabytes(desk.max_upload),
        )
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def in_language(request: Request, work, *args):
        request.state.ui = ui_language(request)
        with speaking(request.state.ui):
            return work(*args)

    def problem_page(request: Request, status: int, message: str | None) -> HTMLResponse:
        def work():
            text = message if message is not None else too_large(desk.max_upload)
            return render(request, "home.html", status=status, problem=i18n.gettext(text))

        return in_language(request, work)

    async def home(request: Request) -> Response:
        return await run_in_threadpool(in_language, request, lambda: render(request, "home.html"))

    async def check(request: Request) -> Response:
        async with request.form(max_files=1, max_fields=10, max_part_size=desk.max_upload + 1) as form:
            upload = form.get("file")
            if isinstance(upload, UploadFile) and upload.filename:
                name, data = upload.filename, await upload.read(desk.max_upload + 1)
            else:
                name, data = PASTED_NAME, str(form.get("text", "")).encode("utf-8")
            lang, day = str(form.get("lang", "")), str(form.get("date", ""))

        def work():
            if not data.strip():
                return render(request, "home.html", status=400, problem=i18n.gettext("Paste a text or choose a file."))
            try:
                draft = desk.new_draft(name, data)
                desk.set_language_and_date(draft, lang, day)
            except DilmacError as error:
                return render(
                    request, "home.html", status=400, problem=i18n.gettext("error: %(message)s") % {"message": error}
                )
            return RedirectResponse(f"/draft/{draft.id}", status_code=303)

        return await run_in_threadpool(in_language, request, work)

    def draft_or_404(request: Request):
        draft = desk.draft(request.path_params["draft"])
        if draft is None:
            raise HTTPException(404)
        return draft

    async def show(request: Request) -> Response:
        draft = draft_or_404(request)

        def work():
            view = desk.check(draft)
            said, draft.said = draft.said, []
            rules_docs = {
                shown.finding.rule: i18n.gettext(desk.docs.get(shown.finding.rule, "")) for shown in view.findings
            }
            return render(request, "draft.html", view=view, said=said, docs=rules_docs)

        return await run_in_threadpool(in_language, request, work)

    async def settings(request: Request) -> Response:
        draft = draft_or_404(request)
        async with request.form(max_files=0, max_fields=10) as form:
            lang, day = str(form.get("lang", "")), str(form.get("date", ""))

        def work():
            try:
                desk.set_language_and_date(draft, lang, day)
            except DilmacError as error:
                draft.said = [str(error)]
            return RedirectResponse(f"/draft/{draft.id}", status_code=303)

        return await run_in_threadpool(in_language, request, work)

    async def fix(request: Request) -> Response:
        draft = draft_or_404(request)
        async with request.form(max_files=0, max_fields=10) as form:
            key = form.get("finding")

        def work():
            draft.said = desk.fix(draft, str(key) if key else None)
            return RedirectResponse(f"/draft/{draft.id}", status_code=303)

        return await run_in_threadpool(in_language, request, work)

    async def download(request: Request) -> Response:
        draft = draft_or_404(request)
        data = await run_in_threadpool(draft.path.read_bytes)
        ascii_name = draft.name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
        return Response(
            data,
            media_type=MEDIA_TYPES.get(draft.kind, "text/plain; charset=utf-8"),
            headers={
                "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(draft.name)}"
            },
        )

    async def look_up(request: Request) -> Response:
        query = request.query_params.get("q", "")

        def work():
            cards = [concept_card(concept) for concept in desk.lookup(query)[:30]]
            return render(request, "lookup.html", query=query, cards=cards)

        return await run_in_threadpool(in_language, request, work)

    async def language(request: Request) -> Response:
        wanted = request.query_params.get("set", "")
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if wanted in ui_languages():
            response.set_cookie(UI_COOKIE, wanted, max_age=365 * 24 * 3600, samesite="strict")
        return response

    async def not_found(request: Request, exc: HTTPException) -> Response:
        return await run_in_threadpool(problem_page, request, exc.status_code, NO_SUCH_PAGE)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/check", check, methods=["POST"]),
            Route("/draft/{draft}", show),
            Route("/draft/{draft}/settings", settings, methods=["POST"]),
            Route("/draft/{draft}/fix", fix, methods=["POST"]),
            Route("/draft/{draft}/download", download),
            Route("/lookup", look_up),
            Route("/language", language),
            Mount("/static", StaticFiles(directory=str(resources.files("dilmac.web") / "static")), name="static"),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    app.add_middleware(LimitAndOrigin, limit=desk.max_upload, page=problem_page)
    if local_only:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOOPBACK_NAMES, host])
    app.state.desk = desk
    return app
