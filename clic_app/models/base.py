# SPDX-License-Identifier: EUPL-1.2
"""Column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime

from enum import StrEnum

from sqlalchemy import DateTime, String, TypeDecorator


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timestamp stored in UTC that always reads back timezone-aware.

    SQLite keeps no offset, so values are normalised to UTC on write and tagged UTC on
    read; PostgreSQL stores them as ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StrEnumType(TypeDecorator):
    """A ``StrEnum`` stored as its plain value in a VARCHAR column.

    Native database enums would need a migration for every new member.
    """

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum], length: int = 40) -> None:
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect) -> str | None:
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)
