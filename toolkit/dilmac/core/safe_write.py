"""The one way every command replaces a user's file: locked, checked, atomic, never losing a save.

    rewrite(path, compute, parse=…)   read → compute → write, under a lock, with the checks below
    write_atomic(path, data)          the same for a file dilmac derives (an MO file, a baseline)

A writer may race a person: a translator saves the catalog in an editor while `dilmac
translate` or `catalog update` runs, or while `lint --fix` is rewriting it. So `rewrite`:

1. refuses a symbolic link (unless asked to follow it), anything but a regular file, and a
   read-only file or folder (unless forced): it never writes what the user protected;
2. takes an advisory lock (fcntl.flock on `.NAME.dilmac-lock` beside the file, removed after),
   so two dilmac commands never interleave on one file;
3. reads the file once it has stopped changing (an editor saving in place truncates it first,
   so a file modified in the last QUIET seconds is read again until it is older),
   parses it fully with the caller's `parse`, and gives its bytes to the caller's `compute`,
   which merges its work into them (or raises Conflict when it cannot);
4. writes the result to a temporary file beside it, flushed to disk, with the old file's mode;
5. just before the rename reads the file again: if it changed since step 3 it starts over from
   step 3 on the new text (the merge runs again), so a save made meanwhile is never replaced;
6. renames (on Linux by swapping the two names, so that a save an editor renamed in at the last
   moment is seen and swapped back, then merged), then checks that nobody wrote into the
   replaced file while it was being replaced (an editor that had opened it): if someone did,
   their text is merged and written again, or, where it cannot be merged, put back under the
   name before the write is refused.

When the change cannot be merged, or the file no longer parses, nothing is written: the
command stops with exit status 2, and what it had computed (the drafts, the fixes) is kept in a
side file, NAME.dilmac-unsaved beside the file, which the message names.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.core.i18n import N_, Message

LOCK_WAIT = 60.0  # seconds to wait for another dilmac command writing the same file
QUIET = 0.1  # seconds since its last change after which a file counts as saved
SETTLE_LIMIT = 5.0  # seconds to wait for a file being saved to settle
ATTEMPTS = 20  # merges to try while the file keeps changing under us
SIDE_SUFFIX = ".dilmac-unsaved"
# The names the commands give what they write (`what=`), marked for the catalogs: the errors
# show them in the UI language (another name is shown as the caller wrote it).
NAMES = frozenset(
    (
        N_("the file"),
        N_("the catalog"),
        N_("the MO file"),
        N_("the baseline"),
        N_("the report"),
        N_("the fixed file"),
        N_("the reviewed document"),
        N_("the translated document"),
    )
)


class Conflict(Exception):
    """Raised by a `compute` callback: the file changed in a way that cannot be merged."""

    def __init__(self, reason: str | Message) -> None:
        super().__init__(reason)
        self.reason = reason


def side_file(path: Path) -> Path:
    """Where a refused write keeps what it had computed."""
    return path.with_name(path.name + SIDE_SUFFIX)


def lock_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.dilmac-lock")


def rewrite(
    path: Path,
    compute: Callable[[bytes | None], bytes],
    *,
    parse: Callable[[bytes], object] | None = None,
    keep: Callable[[], bytes | None] | None = None,
    what: str | Message = "the file",
    display: str | None = None,
    force: bool | None = None,
    follow_symlinks: bool | None = None,
    make_dirs: bool = False,
    expected: bytes | None = None,
) -> bool:
    """Replace `path` by `compute(its current bytes)` (None when it does not exist yet), with the
    checks of the module's docstring; whether anything was written (False: compute gave the file
    as it is). `parse(data)` raises DilmacError when `data` is not a whole, valid file; `keep()`
    gives what to save in the side file when the write is refused. `force` writes a read-only
    file or into a read-only folder; `follow_symlinks` writes the target of a symbolic link
    (else a link is refused); for both, None: the command has no such option, which the hint
    then does not offer. `expected`: the bytes the caller last wrote or read, which need no wait for
    the file to settle. Errors are DilmacError naming `display`."""
    path = Path(path)
    shown = display if display is not None else str(path)
    what = Message(what) if isinstance(what, str) and what in NAMES else what
    target = _target(path, shown, follow_symlinks)
    if make_dirs:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot(what, shown, exc) from None
    _check_writable(target, shown, what, force)
    with _Lock(target, shown, what):
        return _Writer(target, compute, parse, keep, what, shown, expected).run()


def write_atomic(
    path: Path,
    data: bytes,
    *,
    what: str | Message = "the file",
    display: str | None = None,
    make_dirs: bool = False,
    force: bool | None = None,
) -> None:
    """Write `data` to `path` with the same lock, checks and atomic rename as `rewrite`, for a
    file dilmac makes from others (MO files, exports, baselines): whatever was there is replaced."""
    rewrite(path, lambda _old: data, what=what, display=display, make_dirs=make_dirs, force=force)


def keep_aside(path: Path, data: bytes) -> Path:
    """Write `data` to the side file of `path` (atomically, replacing an older one); its path."""
    side = side_file(path)
    fd, tmp = tempfile.mkstemp(dir=side.parent, prefix=f".{side.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, side)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return side


# --------------------------------------------------------------------------- checks before


def _target(path: Path, shown: str, follow_symlinks: bool | None) -> Path:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise _cannot(Message("the file"), shown, exc) from None
    if stat.S_ISLNK(info.st_mode):
        if not follow_symlinks:
            if follow_symlinks is None:
                hint = Message("run it on the file the link points to (%(target)s)", target=os.path.realpath(path))
            else:
                hint = Message(
                    "run it on the file the link points to (%(target)s), or pass --follow-symlinks to write the target",
                    target=os.path.realpath(path),
                )
            raise DilmacError(
                Message("not written: it is a symbolic link, and dilmac does not write through links"),
                path=shown,
                hint=hint,
            )
        return Path(os.path.realpath(path))
    return path


def _check_writable(target: Path, shown: str, what: str | Message, force: bool | None) -> None:
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _cannot(what, shown, exc) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise DilmacError(
            Message("not written: %(what)s is not a regular file", what=what),
            path=shown,
            hint=Message("dilmac writes only ordinary files"),
        )
    if force:
        return
    if info is not None and (info.st_mode & 0o222 == 0 or not os.access(target, os.W_OK)):
        raise DilmacError(
            Message("not written: %(what)s is read-only", what=what),
            path=shown,
            hint=Message("make it writable (chmod u+w) if it should change")
            if force is None
            else Message("make it writable (chmod u+w) if it should change, or pass --force to write it anyway"),
        )
    folder = target.parent
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError as exc:
        raise _cannot(what, shown, exc) from None
    if folder_mode & 0o222 == 0 or not os.access(folder, os.W_OK | os.X_OK):
        raise DilmacError(
            Message("not written: the folder of %(what)s is read-only", what=what),
            path=shown,
            hint=Message("make the folder writable if the file should change")
            if force is None
            else Message("make the folder writable if the file should change, or pass --force to write it anyway"),
        )


def _cannot(what: str | Message, shown: str, exc: OSError) -> DilmacError:
    return DilmacError(
        Message("cannot write %(what)s: %(reason)s", what=what, reason=exc.strerror or str(exc)),
        path=shown,
        hint=Message(
            "check that the folder exists, that you may write to it and that the disk has room; "
            "the file was left as it was"
        ),
    )


# --------------------------------------------------------------------------- the lock


class _Lock:
    """An exclusive flock on `.NAME.dilmac-lock` beside the file. The lock file is removed on
    release; a process that locked a lock file just removed (it opened the old one) notices
    that the name now leads elsewhere and locks again."""

    def __init__(self, target: Path, shown: str, what: str | Message) -> None:
        self.path, self.shown, self.what = lock_file(target), shown, what
        self.fd = -1

    def __enter__(self) -> _Lock:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise _cannot(self.what, self.shown, exc) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() > deadline:
                    raise DilmacError(
                        Message(
                            "not written: another dilmac command has been writing %(what)s "
                            "for over %(seconds)s seconds",
                            what=self.what,
                            seconds=f"{LOCK_WAIT:.0f}",
                        ),
                        path=self.shown,
                        hint=Message(
                            "wait for it to finish and run again; if none runs, delete %(lock)s", lock=self.path.name
                        ),
                    ) from None
                time.sleep(0.02)
                continue
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                self.fd = fd
                return self
            os.close(fd)  # it was removed and maybe re-created by another process: lock anew

    def __exit__(self, *exc) -> None:
        try:
            self.path.unlink(missing_ok=True)  # still holding the lock: nobody else can own it
        finally:
            os.close(self.fd)


# --------------------------------------------------------------------------- the write


class _Refusal(Exception):
    """Why a merge cannot be written, and dilmac's result if it has one (for the side file)."""

    def __init__(self, reason: str | Message, new: bytes | None) -> None:
        super().__init__(reason)
        self.reason, self.new = reason, new


class _Snapshot:
    """The file as read: its bytes, its status and an open descriptor of it (to see, after the
    rename, whether someone wrote into it meanwhile)."""

    def __init__(self, fd: int, data: bytes, info: os.stat_result) -> None:
        self.fd, self.data, self.info = fd, data, info

    def written_since(self) -> bool:
        """Whether someone wrote into this file since it was read (its status time changes when
        it is renamed over, so only its size, modification time and bytes count)."""
        now = os.fstat(self.fd)
        if (now.st_size, now.st_mtime_ns) != (self.info.st_size, self.info.st_mtime_ns):
            return True
        return os.pread(self.fd, self.info.st_size + 1, 0) != self.data


def _key(info: os.stat_result) -> tuple:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class _Writer:
    def __init__(self, target, compute, parse, keep, what, shown, expected) -> None:
        self.target, self.compute, self.parse, self.keep = target, compute, parse, keep
        self.what, self.shown, self.expected = what, shown, expected
        self.snapshots: list[_Snapshot] = []

    def run(self) -> bool:
        try:
            return self._attempts()
        finally:
            for snapshot in self.snapshots:
                os.close(snapshot.fd)

    def _attempts(self) -> bool:
        on_disk = base = self._read()  # what the name leads to; what to merge into
        stranded = None  # a refusal for a save left only in the file just replaced: put it back first
        for _ in range(ATTEMPTS):
            data = base.data if base is not None else None
            if stranded is not None:
                new = data
            else:
                try:
                    new = self._merged(data)
                except _Refusal as refusal:
                    if base is on_disk:
                        raise self._refused(refusal.reason, refusal.new) from None
                    stranded, new = refusal, data
            if new == data and base is on_disk:
                if stranded is not None:  # the name leads to a newer save: leave it
                    raise self._refused(stranded.reason, stranded.new)
                return False
            tmp = self._temporary(new, base or on_disk)
            try:
                now = self._read()
                if not _same(now, on_disk):
                    on_disk = base = now  # saved meanwhile: merge again into what is there now
                    continue
                try:
                    put = self._put(tmp, on_disk)
                except OSError as exc:
                    raise _cannot(self.what, self.shown, exc) from None
                tmp = None
                _sync_folder(self.target.parent)
            finally:
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)
            if not put:
                on_disk = base = self._read()  # a save renamed in at the last moment
                continue
            if on_disk is None or not on_disk.written_since():
                if stranded is not None:  # the person's save is back under the name
                    raise self._refused(stranded.reason, stranded.new)
                return True
            # Someone wrote into the file just replaced (an editor that had opened it): their
            # save is only in that file now. Merge it and write again, over what was written,
            # unless the name already leads to yet another save. Where it cannot be merged, it
            # is put back under the name before the write is refused.
            orphan = self._settled(on_disk.fd)
            on_disk = self._read()
            base = orphan if on_disk is not None and on_disk.data == new else on_disk
        kept = stranded.new if stranded is not None else None
        raise self._refused(Message("the file kept changing while dilmac was writing it"), kept)

    def _merged(self, data: bytes | None) -> bytes:
        """`compute(data)`, both ends parsed; _Refusal when either does not parse or they conflict."""
        if data is not None and self.parse is not None:
            self._parses(data, N_("the file no longer reads as a valid file (%(error)s)"))
        try:
            new = self.compute(data)
        except Conflict as conflict:
            raise _Refusal(conflict.reason, None) from None
        if self.parse is not None:
            self._parses(new, N_("dilmac's own result would not read back (a bug: please report it) (%(error)s)"), new)
        return new

    def _put(self, tmp: str, on_disk: _Snapshot | None) -> bool:
        """Move the temporary file to the name. Where the system can swap two names at once,
        the file swapped out must be the one last read: if an editor renamed a save in after
        that read, the swap is undone (their save is back under the name) and False returned.
        The temporary name is gone afterwards."""
        if on_disk is None or not _exchange(tmp, self.target):
            os.replace(tmp, self.target)
            return True
        if os.path.samestat(os.lstat(tmp), on_disk.info):
            os.unlink(tmp)  # the old file (still open here, to see late writes into it)
            return True
        _exchange(tmp, self.target)
        os.unlink(tmp)  # dilmac's own file again
        return False

    def _parses(self, data: bytes, reason: str, new: bytes | None = None) -> None:
        """_Refusal when `data` does not parse; `reason` is a template with %(error)s."""
        try:
            self.parse(data)
        except DilmacError as exc:
            raise _Refusal(Message(reason, error=exc.shown[0]), new) from None

    def _read(self) -> _Snapshot | None:
        """The file once it has stopped changing (None if it does not exist)."""
        try:
            fd = os.open(self.target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _cannot(self.what, self.shown, exc) from None
        try:
            snapshot = self._settled(fd)
        except BaseException:
            os.close(fd)
            raise
        self.snapshots.append(snapshot)
        return snapshot

    def _settled(self, fd: int) -> _Snapshot:
        """What the file of `fd` holds once it has stopped changing: unchanged while it was read,
        and last modified QUIET seconds ago or more (an editor saving in place empties the file,
        then writes), unless it holds what the caller expects (its own last write)."""
        deadline = time.monotonic() + SETTLE_LIMIT
        while True:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise DilmacError(
                    Message("not written: %(what)s is not a regular file", what=self.what), path=self.shown
                )
            data = os.pread(fd, info.st_size + 1, 0)
            while len(data) > info.st_size:  # it grew while being read
                more = os.pread(fd, 1 << 20, len(data))
                if not more:
                    break
                data += more
            whole = len(data) == info.st_size and _key(os.fstat(fd)) == _key(info)
            age = (time.time_ns() - info.st_mtime_ns) / 1e9
            if whole and (age >= QUIET or data == self.expected):
                return _Snapshot(fd, data, info)
            if time.monotonic() > deadline:
                raise self._refused(Message("the file kept changing while dilmac was reading it"), None)
            time.sleep(min(max(QUIET - age, 0.005), QUIET))

    def _temporary(self, data: bytes, base: _Snapshot | None) -> str:
        try:
            fd, tmp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
        except OSError as exc:
            raise _cannot(self.what, self.shown, exc) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if base is not None:
                os.chmod(tmp, stat.S_IMODE(base.info.st_mode))
                if (base.info.st_uid, base.info.st_gid) != (os.getuid(), os.getgid()):
                    try:
                        os.chown(tmp, base.info.st_uid, base.info.st_gid)
                    except PermissionError:
                        pass  # only root may give a file away; the new one is then the writer's
            else:
                os.chmod(tmp, 0o666 & ~_umask())
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _cannot(self.what, self.shown, exc) from None
            raise
        return tmp

    def _refused(self, reason: str | Message, new: bytes | None) -> DilmacError:
        kept = new if new is not None else (self.keep() if self.keep is not None else None)
        hint = Message("the file was left as it is on disk: check the file, then run the command again")
        if kept is not None:
            try:
                hint = Message(
                    "the file was left as it is on disk; dilmac's version is in %(path)s: check the file, "
                    "then run the command again",
                    path=str(keep_aside(self.target, kept)),
                )
            except OSError as exc:
                hint = Message(
                    "the file was left as it is on disk; dilmac's version could not be kept either (%(reason)s): "
                    "check the file, then run the command again",
                    reason=exc.strerror or str(exc),
                )
        return DilmacError(Message("not written: %(reason)s", reason=reason), path=self.shown, hint=hint)


def _exchange(a: str | Path, b: str | Path) -> bool:
    """Swap two names at once (Linux renameat2 RENAME_EXCHANGE); False where the system or the
    file system cannot."""
    import ctypes  # only when writing: it costs start-up time

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _same(a: _Snapshot | None, b: _Snapshot | None) -> bool:
    if a is None or b is None:
        return a is b
    return _key(a.info) == _key(b.info) and a.data == b.data


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot; the rename itself is atomic all the same
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
