"""Run the desk: a temporary folder for the drafts (removed when the server stops) and uvicorn
serving the application on one address."""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from types import ModuleType

import uvicorn

from dilmac.core.errors import DilmacError
from dilmac.core.i18n import gettext as _
from dilmac.match.compiled import Compiled
from dilmac.web.app import create_app
from dilmac.web.desk import Desk


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Fail with a clear message before starting when the address cannot be listened on (uvicorn
    would log the error and exit)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except (OSError, IndexError) as exc:
        raise DilmacError(
            _("cannot listen on %(host)s:%(port)s: %(reason)s")
            % {"host": host, "port": port, "reason": getattr(exc, "strerror", None) or exc},
            hint=_("the port may be in use, or the host is not an address of this computer: try another --port"),
        ) from None


def _open_when_started(server, url: str, wait: float = 30.0) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and not server.should_exit:
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)


def _exit_quietly(_signal, _frame) -> None:
    sys.exit(0)


def serve(
    compiled: Compiled,
    rules: list[ModuleType],
    config,
    *,
    host: str,
    port: int,
    max_upload: int,
    echo,
    open_browser: bool = False,
) -> None:
    """Serve the desk until interrupted. `echo` says where it listens; `open_browser` opens the
    page in the system's browser once the server answers."""
    check_address(host, port)
    with tempfile.TemporaryDirectory(prefix="dilmac-desk-") as folder:
        desk = Desk(compiled, rules, config, root=Path(folder), max_upload=max_upload)
        app = create_app(desk, local_only=is_loopback(host), host=host)
        url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
        echo(_("The translators' desk is open at %(url)s (Ctrl+C stops it).") % {"url": url})
        if not is_loopback(host):
            echo(
                _(
                    "It listens on %(host)s: anyone who can reach this computer on port %(port)s can use it, "
                    "upload files and read the termbase."
                )
                % {"host": host, "port": port}
            )
        # uvicorn stops on SIGINT and SIGTERM, then raises the signal again: SIGTERM's default
        # action would end the process before the temporary folder is removed.
        previous = signal.signal(signal.SIGTERM, _exit_quietly)
        try:
            server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
            if open_browser:
                threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
            server.run()
        finally:
            signal.signal(signal.SIGTERM, previous)
