#!/usr/bin/env bash
# Remakes docs/docx-review.png, the README's picture of a Word document after `dilmac lint --fix`:
# the tests' reference draft (tests/docx_drafts.py) fixed by dilmac, printed to PDF by LibreOffice,
# its first page cut to the text and turned into a PNG by pdftoppm.
# Needs .venv (make test), LibreOffice with python3-uno (.ci/run installs them) and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -c "import sys; sys.path.insert(0, 'tests'); from pathlib import Path; \
from docx_drafts import reference_draft; reference_draft(Path(sys.argv[1]))" "$work/release.docx"
.venv/bin/dilmac lint --fix --date 2024-05-14 "$work/release.docx" >/dev/null || true
/usr/bin/python3 tests/report/libreoffice_uno.py pdf "$work/release.docx" "$work/release.pdf"
# page 1 at 80 dpi (680 × 880 pixels), cut to the header and the body text
pdftoppm -png -r 80 -f 1 -l 1 -x 60 -y 20 -W 560 -H 440 -singlefile "$work/release.pdf" docs/docx-review
ls -l docs/docx-review.png
