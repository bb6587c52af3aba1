"""Errors a user can cause. Each carries a message fit to show as it is, never a traceback."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing message."""


class ReadError(StoreError):
    """A source file could not be read or decoded."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DatabaseError(StoreError):
    """The database is missing, corrupt, locked or of another schema version."""


class QueryError(StoreError):
    """A search query that cannot be run; the message says why and what to type instead."""
