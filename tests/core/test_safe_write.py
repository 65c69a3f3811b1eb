"""The one writer (dilmac.core.safe_write): lock, re-read before the rename, merge or refuse,
side file, modes, read-only files and folders, links and special files.

The races are forced here deterministically (a `compute` or an `os.replace` that saves the file
the way an editor would at the worst moment); tests/cli/test_races.py races real processes.
"""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from dilmac.core import safe_write
from dilmac.core.errors import DilmacError
from dilmac.core.safe_write import Conflict, lock_file, rewrite, side_file, write_atomic


def ends_with_a_newline(data: bytes) -> None:
    """A parser: a file is whole when it ends with a line break."""
    if not data.endswith(b"\n"):
        raise DilmacError("no final newline")


def append(marker: bytes):
    """A merge: the file as it is now, plus a line of ours."""
    return lambda current: (current or b"") + marker


def test_writes_keeps_the_mode_and_removes_the_lock(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\n")
    path.chmod(0o640)
    assert rewrite(path, append(b"two\n")) is True
    assert path.read_bytes() == b"one\ntwo\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no lock, no temporary file


def test_nothing_is_written_when_nothing_changes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"same\n")
    inode = path.stat().st_ino
    assert rewrite(path, lambda current: current) is False
    assert path.stat().st_ino == inode


def test_a_save_made_while_computing_is_merged_not_lost(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"human 1\n")
    seen = []

    def compute(current):
        seen.append(current)
        if len(seen) == 1:  # the translator saves (atomically) while dilmac works
            other = tmp_path / "editor.tmp"
            other.write_bytes(b"human 2\n")
            os.replace(other, path)
        return current + b"draft\n"

    rewrite(path, compute)
    assert seen == [b"human 1\n", b"human 2\n"]
    assert path.read_bytes() == b"human 2\ndraft\n"


def _exchange_while_an_editor_writes(monkeypatch, path: Path, save: bytes) -> list:
    """dilmac's first rename lands while an editor that opened the file before it writes `save`
    into it (so the save is only in the replaced file)."""
    real_exchange = safe_write._exchange
    calls = []

    def exchange(a, b):
        if not calls:
            with open(path, "r+b") as editor:
                swapped = real_exchange(a, b)
                editor.truncate(0)
                editor.write(save)
        else:
            swapped = real_exchange(a, b)
        calls.append(b)
        return swapped

    monkeypatch.setattr(safe_write, "_exchange", exchange)
    return calls


def test_an_in_place_save_that_lands_during_the_rename_is_merged(tmp_path, monkeypatch):
    """An editor that opened the file just before dilmac's rename writes into the replaced
    file: dilmac sees it, and merges that save too."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"human 1\n")
    calls = _exchange_while_an_editor_writes(monkeypatch, path, b"human 2\n")
    rewrite(path, append(b"draft\n"))
    assert len(calls) == 2
    assert path.read_bytes() == b"human 2\ndraft\n"


def test_an_in_place_save_during_the_rename_that_cannot_be_merged_is_put_back(tmp_path, monkeypatch):
    """The race CI once lost a save to (lint --fix, an editor saving in place): the save landed
    in the replaced file and the fix could not be merged into it. The save must be under the
    name again, and dilmac's work in the side file."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"checked\n")
    calls = _exchange_while_an_editor_writes(monkeypatch, path, b"EDITOR\nchecked\n")

    def fix(current):
        if current != b"checked\n":
            raise Conflict("the file changed after dilmac checked it")
        return b"fixed\n"

    with pytest.raises(DilmacError, match="not written: the file changed") as caught:
        rewrite(path, fix, keep=lambda: b"fixed\n")
    assert calls, "the race was not staged"
    assert path.read_bytes() == b"EDITOR\nchecked\n"
    assert side_file(path).read_bytes() == b"fixed\n"
    assert "left as it is on disk" in caught.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", side_file(path).name]


def test_an_in_place_save_during_the_rename_that_does_not_parse_is_put_back(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"good\n")
    _exchange_while_an_editor_writes(monkeypatch, path, b"half-writ")

    with pytest.raises(DilmacError, match="no longer reads as a valid file"):
        rewrite(path, append(b"x\n"), parse=ends_with_a_newline, keep=lambda: b"work\n")
    assert path.read_bytes() == b"half-writ"
    assert side_file(path).read_bytes() == b"work\n"


def test_an_atomic_save_renamed_in_at_the_last_moment_is_merged(tmp_path, monkeypatch):
    """An editor that renames its save over the file between dilmac's last look and dilmac's
    rename: the names are swapped, so dilmac sees whose file it replaced, and puts it back."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"human 1\n")
    real_exchange = safe_write._exchange
    calls = []

    def exchange_after_an_editor_saved(a, b):
        if not calls:
            other = tmp_path / "editor.tmp"
            other.write_bytes(b"human 2\n")
            os.replace(other, path)
        calls.append(b)
        return real_exchange(a, b)

    monkeypatch.setattr(safe_write, "_exchange", exchange_after_an_editor_saved)
    rewrite(path, append(b"draft\n"))
    if calls and len(calls) == 1 and path.read_bytes() == b"human 2\n":
        pytest.skip("this file system cannot swap two names (renameat2): the fallback is a plain rename")
    assert path.read_bytes() == b"human 2\ndraft\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_conflict_writes_nothing_and_keeps_the_work_in_a_side_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"human\n")

    def compute(current):
        raise Conflict("the file changed after dilmac checked it")

    with pytest.raises(DilmacError) as caught:
        rewrite(path, compute, keep=lambda: b"dilmac's work\n", what="the fixed file")
    assert path.read_bytes() == b"human\n"
    assert side_file(path).read_bytes() == b"dilmac's work\n"
    assert "not written: the file changed" in caught.value.message
    assert str(side_file(path)) in caught.value.hint
    assert not lock_file(path).exists()


def test_a_file_that_no_longer_parses_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"half-writ")

    with pytest.raises(DilmacError, match="no longer reads as a valid file"):
        rewrite(path, append(b"x\n"), parse=ends_with_a_newline, keep=lambda: b"work\n")
    assert path.read_bytes() == b"half-writ"
    assert side_file(path).read_bytes() == b"work\n"


def test_a_result_that_does_not_parse_is_never_written(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"good\n")

    def parse(data):
        if b"bad" in data:
            raise DilmacError("bad")

    with pytest.raises(DilmacError, match="would not read back"):
        rewrite(path, append(b"bad\n"), parse=parse)
    assert path.read_bytes() == b"good\n"


def test_a_read_only_file_is_written_only_with_force(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\n")
    path.chmod(0o444)
    with pytest.raises(DilmacError) as caught:
        rewrite(path, append(b"two\n"), force=False)
    assert "read-only" in caught.value.message and "--force" in caught.value.hint
    assert path.read_bytes() == b"one\n"
    rewrite(path, append(b"two\n"), force=True)
    assert path.read_bytes() == b"one\ntwo\n" and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_command_without_force_does_not_offer_it(tmp_path):
    path = tmp_path / "a.mo"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(DilmacError) as caught:
        write_atomic(path, b"new")
    assert "--force" not in caught.value.hint


def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_bytes(b"one\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(DilmacError, match="folder of the file is read-only"):
            rewrite(path, append(b"two\n"), force=False)
        assert path.read_bytes() == b"one\n"
    finally:
        folder.chmod(0o755)


def test_a_symlink_is_written_through_only_when_asked(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"one\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(DilmacError, match="symbolic link"):
        rewrite(link, append(b"two\n"))
    assert real.read_bytes() == b"one\n"
    rewrite(link, append(b"two\n"), follow_symlinks=True)
    assert link.is_symlink() and real.read_bytes() == b"one\ntwo\n"


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(DilmacError, match="not a regular file"):
        rewrite(fifo, append(b"x"))  # opening a FIFO would block: the test would hang


def test_a_second_writer_waits_for_the_lock(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\n")
    holder = os.open(lock_file(path), os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    done = threading.Event()

    def writer():
        rewrite(path, append(b"two\n"))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert not done.wait(0.3)  # blocked while another dilmac holds the lock
    assert path.read_bytes() == b"one\n"
    fcntl.flock(holder, fcntl.LOCK_UN)
    os.close(holder)
    thread.join(10)
    assert done.is_set() and path.read_bytes() == b"one\ntwo\n"


def test_a_lock_file_removed_while_waiting_is_not_trusted(tmp_path):
    """A writer that opened the lock file another one then removed locks the new one instead
    (else two writers could hold "the" lock at once)."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"")
    results = []

    def writer(n):
        rewrite(path, lambda current: current + f"{n}\n".encode())
        results.append(n)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == list(range(8))
    assert sorted(path.read_bytes().split()) == [str(n).encode() for n in range(8)]  # none lost


def test_a_file_being_saved_is_read_once_it_settles(tmp_path):
    """An editor saving in place empties the file, then writes: the writer waits for it."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"old text\n")
    with open(path, "r+b") as editor:
        editor.truncate(0)

        def finish():
            time.sleep(0.05)
            editor.write(b"new text\n")
            editor.flush()

        thread = threading.Thread(target=finish)
        thread.start()
        seen = []
        rewrite(path, lambda current: seen.append(current) or current + b"draft\n")
        thread.join()
    # it merged into the whole new text, or (when the empty file was read first) merged again
    assert seen[-1] == b"new text\n"
    assert path.read_bytes() == b"new text\ndraft\n"


def test_a_new_file_gets_the_usual_mode(tmp_path):
    path = tmp_path / "sub" / "new.txt"
    write_atomic(path, b"x", make_dirs=True)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_write_failures_leave_the_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\n")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write, "_exchange", lambda a, b: False)  # the plain rename, then
    monkeypatch.setattr(safe_write.os, "replace", disk_full)
    with pytest.raises(DilmacError, match="No space left"):
        rewrite(path, append(b"two\n"))
    assert path.read_bytes() == b"one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_lock_path_is_beside_the_file():
    assert lock_file(Path("/x/site.po")) == Path("/x/.site.po.dilmac-lock")
    assert side_file(Path("/x/site.po")) == Path("/x/site.po.dilmac-unsaved")


def test_a_command_without_follow_symlinks_does_not_offer_it(tmp_path):
    real = tmp_path / "real.po"
    real.write_bytes(b"x")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    with pytest.raises(DilmacError) as caught:
        write_atomic(link, b"y")
    assert "--follow-symlinks" not in caught.value.hint and str(real) in caught.value.hint
    assert link.is_symlink() and real.read_bytes() == b"x"
