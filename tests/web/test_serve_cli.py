"""`dilmac serve` from the command line: what it says when it cannot start. (Started and used
in a browser: test_browser.py.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

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


def test_open_starts_the_browser_on_the_page_once_it_answers(tmp_path):
    """--open hands the page's address to the system's browser ($BROWSER here: a script that
    writes down what it was given)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    opened = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys, urllib.request; open(sys.argv[1], 'w').write(sys.argv[2] + ' ' + str(urllib.request.urlopen(sys.argv[2]).status))\" {opened} %s"
    env = {**os.environ, "BROWSER": browser, "DILMAC_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "dilmac", "serve", "--port", str(port), "--open", "--no-config"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (opened.exists() and opened.read_text()) and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert opened.read_text() == f"http://127.0.0.1:{port}/ 200", output
