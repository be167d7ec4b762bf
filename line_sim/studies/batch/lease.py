"""The batch lease: one process at a time runs a given batch on a given store.

The lease is an exclusive ``flock`` on ``<db>.batch-<batch_id>.lock`` next to the store,
taken without waiting and held for the whole run; the file holds the pid of its holder. The
operating system drops the lock when its process ends, however it ends, so a killed batch
leaves no stale lease behind. Where ``fcntl`` is missing (Windows) there is no lease.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from line_sim.errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

_HELD: dict[str, tuple[int, int, list[Path]]] = {}
"""Lock files this process holds: path → (file descriptor, depth, folders it created)."""
_HELD_LOCK = threading.Lock()


class BatchRunningError(StoreError):
    """The same batch is already running on the same store in another process."""


def lease_path(db: str | Path, batch_id: str) -> Path:
    """The lock file of a batch on a store: ``<db>.batch-<batch_id>.lock`` beside the store's
    real file (a symbolic link or another spelling of the path shares the lease)."""
    real = Path(db).resolve()
    return real.with_name(f"{real.name}.batch-{batch_id}.lock")


@contextlib.contextmanager
def batch_lease(db: str | Path, batch_id: str, source: str | Path | None = None
                ) -> Iterator[Path]:
    """Hold the lease of batch ``batch_id`` on the store ``db`` (re-entrant in one process).

    Raises
    ------
    BatchRunningError
        Another process holds the lease: the message names the batch, its file, that
        process and the store.
    StoreError
        The lock file cannot be created next to the store.
    """
    path = lease_path(db, batch_id)
    key = str(path.absolute())
    with _HELD_LOCK:
        if key in _HELD:
            fd, depth, created = _HELD[key]
            _HELD[key] = (fd, depth + 1, created)
            nested = True
        else:
            nested = False
    if not nested:
        created = _make_folder(path.parent, Path(db))
        try:
            fd = _acquire(path, batch_id, source, Path(db))
        except BaseException:
            _remove_empty(created)
            raise
        with _HELD_LOCK:
            _HELD[key] = (fd, 1, created)
    try:
        yield path
    finally:
        _release(key, path)


def _make_folder(folder: Path, db: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    try:
        for created in reversed(missing):
            created.mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"--db {db}: cannot create its folder ({exc})") from None
    return list(reversed(missing))


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders the lease created if nothing else was put in them."""
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            return


def _acquire(path: Path, batch_id: str, source: str | Path | None, db: Path) -> int:
    if fcntl is None:
        return -1
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"--db {db}: cannot create the batch lock file {path} ({exc})"
                             ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            what = f"batch {batch_id}" + (f" of {source}" if source is not None else "")
            raise BatchRunningError(
                f"{what} is already running in process {holder} on {db}; wait for it or "
                f"stop it (the lock is {path})") from None
        if _same_file(fd, path):  # not unlinked by a holder that released it meanwhile
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 64, 0).decode().strip()
        if text:
            return str(int(text))
    return "(unknown pid)"


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def forget_inherited_leases() -> None:
    """In a forked child: close the inherited lock files without unlocking them.

    The lock stays with the parent alone, so it ends with the parent even while a child
    lives on.
    """
    with _HELD_LOCK:
        for fd, _, _ in _HELD.values():
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        _HELD.clear()


def _release(key: str, path: Path) -> None:
    with _HELD_LOCK:
        fd, depth, created = _HELD[key]
        if depth > 1:
            _HELD[key] = (fd, depth - 1, created)
            return
        del _HELD[key]
    if fd >= 0:
        with contextlib.suppress(OSError):
            path.unlink()  # while the lock is held: the next holder checks it locked this file
        os.close(fd)
    _remove_empty(created)
