"""Errors that reach the user as a clear message, never as a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file, a field, a value, and what is allowed.

    The CLI prints ``str(error)`` and exits with code 1. Several problems can be
    carried at once (``problems``), so ``drytwin validate`` lists them all.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = problems if problems is not None else [message]

    def __str__(self) -> str:
        head = self.args[0]
        if self.problems == [head]:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class StoreError(Exception):
    """The results store cannot be opened or written (lock, version, path)."""
