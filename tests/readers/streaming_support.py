"""What the tests of streamed catalogs (PO, XLIFF) share: linting with a small streaming
threshold and block size, and the findings as a user sees them, for comparing a streamed run
with the file read whole."""

from __future__ import annotations

from datetime import date

from dilmac.lint import pipeline as lint_module
from dilmac.lint.pipeline import lint_paths
from dilmac.readers import stream

DAY = date(2024, 6, 1)


def shown(run) -> list:
    """The findings as the JSON output has them, with the text of their lines."""
    docs = {result.path: result.doc for result in run.files}
    return [(f.to_json(), f.start, f.end, docs[f.path].line_text(f.line)) for f in run.findings]


def lint_streamed(monkeypatch, paths, compiled, block_bytes=3000, *, above: int, **options):
    """lint_paths with files over `above` bytes streamed in blocks of about `block_bytes`."""
    monkeypatch.setattr(lint_module, "STREAM_ABOVE", above)
    monkeypatch.setattr(stream, "BLOCK_BYTES", block_bytes)
    return lint_paths(paths, compiled, day=DAY, **options)
