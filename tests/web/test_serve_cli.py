"""`dilmac serve` from the command line: what it says when it cannot start. (Started and used
in a browser: test_browser.py.)"""

from __future__ import annotations

import socket
import subprocess
import sys

from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.web.server import is_loopback

runner = CliRunner()


def test_serve_is_a_command_with_the_lint_options():
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--host", "--port", "--termbase", "--config", "--no-config", "--max-upload"):
        assert option in result.stdout
    assert "127.0.0.1" in result.stdout


def test_a_port_in_use_is_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port), "--no-config"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_without_the_web_extra_it_says_what_to_install():
    code = "import sys; sys.modules['uvicorn'] = None; sys.argv = ['dilmac', 'serve']\nfrom dilmac.cli.main import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "needs the web extra" in done.stderr and "pip install 'dilmac[web]'" in done.stderr


def test_loopback_addresses():
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "desk.example"]))
