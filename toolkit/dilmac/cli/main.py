"""The `dilmac` console script: imports every command module, which adds its commands to the
app (registration without a cycle: the command modules import dilmac.cli.app, never this
module), then runs it."""

import sys

import typer

from dilmac.cli import catalog, lint, serve, termbase, translate  # noqa: F401 - importing registers the commands
from dilmac.cli.app import app
from dilmac.core.errors import DilmacError

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except DilmacError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
