"""`dilmac serve`: the translators' desk, a local web page (dilmac.web)."""

from __future__ import annotations

from pathlib import Path

import typer

from dilmac.cli.app import (
    ConfigOption,
    NoCacheOption,
    NoConfigOption,
    TermbaseOption,
    app,
    compiled_termbase,
    enabled_rules,
    guarded,
    project_config,
)
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import gettext as _

# The web extra's modules (pyproject.toml): missing ones mean the extra is not installed.
WEB_STACK = frozenset({"starlette", "uvicorn", "multipart", "python_multipart", "jinja2", "h11", "anyio"})


@app.command()
@guarded
def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help=_(
            "Address to listen on. The default answers this computer only; 0.0.0.0 opens the desk "
            "to every computer that can reach this one (README)."
        ),
    ),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help=_("Port to listen on.")),
    termbase: list[str] | None = TermbaseOption,
    config: Path | None = ConfigOption,
    no_config: bool = NoConfigOption,
    no_cache: bool = NoCacheOption,
    max_upload: float = typer.Option(
        10, "--max-upload", metavar="MB", min=0.01, help=_("Largest file (or pasted text) the page accepts, in MB.")
    ),
    open_browser: bool = typer.Option(False, "--open", help=_("Open the page in the browser once the desk is ready.")),
) -> None:
    """Open the translators' desk in the browser: paste or upload a draft, see every finding in
    place, apply fixes, download the file, look up names. Needs the web extra
    (pip install 'dilmac[web]')."""
    try:
        from dilmac.web.server import serve as run_server
    except ImportError as exc:
        if exc.name not in WEB_STACK:
            raise
        raise DilmacError(
            _("dilmac serve needs the web extra, which is not installed (%(module)s is missing)")
            % {"module": exc.name},
            hint=_("pip install 'dilmac[web]'"),
        ) from None
    settings = project_config(config, no_config)
    run_server(
        compiled_termbase(termbase or settings.termbases, no_cache),
        enabled_rules(settings.disabled),
        settings,
        host=host,
        port=port,
        max_upload=int(max_upload * (1 << 20)),
        echo=typer.echo,
        open_browser=open_browser,
    )
