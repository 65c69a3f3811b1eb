"""Writing a file so that nothing is ever half-written: the one way every command saves."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dilmac.core.errors import DilmacError


def write_atomic(
    path: Path, data: bytes, *, what: str = "the file", display: str | None = None, make_dirs: bool = False
) -> None:
    """Replace `path` by `data` all at once: a temporary file beside it, flushed to disk, then
    os.replace, so readers see the old file or the new one and a failure leaves the old one as
    it was. The old file's permission bits are kept; a new file gets the usual ones (mkstemp's
    are owner-only). Errors name `display` (default: the path) and say what to check."""
    shown = display if display is not None else str(path)
    try:
        if make_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise DilmacError(
            f"cannot write {what}: {exc.strerror or exc}",
            path=shown,
            hint="check that the folder exists and that you may write to it",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DilmacError(
                f"cannot write {what}: {exc.strerror or exc}",
                path=shown,
                hint="check the free space and that the file is writable; it was left as it was",
            ) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
