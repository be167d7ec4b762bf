"""Checks of a batch's output targets (``--report``, ``--export``) before any run starts."""

from __future__ import annotations

import os
from pathlib import Path

from line_sim.errors import InputError

EXPORT_FILES = ("runs.csv", "runs.parquet", "groups.csv")
"""Files ``--export`` writes into its folder."""


def check_report_target(path: str | Path, option: str = "--report") -> None:
    """Refuse a report path that cannot be written: a folder, a read-only file, or a path
    whose folder cannot be created or written.

    Raises
    ------
    InputError
        Naming the option, the path and what is allowed.
    """
    target = Path(path)
    where = f"{option} {path}"
    if _is_dir(target):
        raise InputError(f"{where}: is a folder; allowed: a file path such as "
                         f"{target / 'report.html'}")
    if _exists(target) and not os.access(target, os.W_OK):
        raise InputError(f"{where}: the file is not writable; allowed: a writable file or a new "
                         "file in a writable folder")
    _check_folder_can_hold(target.parent, where, "a file path in a writable folder")


def check_export_target(folder: str | Path, option: str = "--export") -> None:
    """Refuse an export folder that cannot be created or written into.

    Raises
    ------
    InputError
        Naming the option, the path and what is allowed.
    """
    root = Path(folder)
    where = f"{option} {folder}"
    allowed = "a folder that exists or can be created, and is writable"
    if _exists(root):
        if not _is_dir(root):
            raise InputError(f"{where}: exists and is not a folder; allowed: {allowed}")
        if not os.access(root, os.W_OK | os.X_OK):
            raise InputError(f"{where}: the folder is not writable; allowed: {allowed}")
        for name in EXPORT_FILES:
            if _is_dir(root / name):
                raise InputError(f"{where}: {root / name} is a folder; allowed: {allowed} "
                                 f"(it writes {', '.join(EXPORT_FILES)})")
        return
    _check_folder_can_hold(root, where, allowed)


def _check_folder_can_hold(folder: Path, where: str, allowed: str) -> None:
    """``folder`` exists and is writable, or its nearest existing ancestor is a writable
    folder (where it would be created)."""
    existing = folder
    while not _exists(existing) and existing.parent != existing:
        existing = existing.parent
    if not _is_dir(existing):
        raise InputError(f"{where}: {existing} is not a folder; allowed: {allowed}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{where}: folder {existing} is not writable; allowed: {allowed}")


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. a name too long for the file system
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
