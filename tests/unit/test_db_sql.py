"""`core.db`'s plain SQL: several rows in one INSERT, values converted as Piccolo converts them, both ways."""

from __future__ import annotations

import sqlite3

import pytest
from piccolo.engine import sqlite as piccolo_sqlite

from dialogue.core.db import insert_many_query, insert_query
from dialogue.notifications.tables import NotificationEvent


def test_several_rows_share_one_statement_and_return_the_named_columns() -> None:
    rows = [{"organization": 1, "kind": "A", "payload": "{}"}, {"organization": 2, "kind": "B", "payload": "[]"}]
    query = insert_many_query(NotificationEvent, rows, returning="id, kind")
    sql = query.compile_string()[0]
    assert sql == (
        'INSERT INTO "notification_event" ("organization", "kind", "payload") VALUES ($1, $2, $3), ($4, $5, $6)'
        ' RETURNING "id", "kind"'
    )
    assert query.compile_string()[1] == [1, "A", "{}", 2, "B", "[]"]


def test_one_row_is_the_plain_insert() -> None:
    row = {"organization": 1, "kind": "A"}
    assert insert_query(NotificationEvent, row, returning=None).compile_string()[0] == (
        'INSERT INTO "notification_event" ("organization", "kind") VALUES ($1, $2)'
    )


def test_rows_must_name_the_same_columns_in_the_same_order() -> None:
    with pytest.raises(ValueError, match="same columns"):
        insert_many_query(NotificationEvent, [{"organization": 1, "kind": "A"}, {"kind": "B", "organization": 2}])
    with pytest.raises(ValueError, match="at least one row"):
        insert_many_query(NotificationEvent, [])


@pytest.mark.parametrize(
    ("declared", "stored"),
    [
        ("INTEGER", b"42"),
        ("INTEGER", b"-7"),
        ("INTEGER", b"1.0"),
        ("INTEGER", b"12345678901234567890"),
        ("TIMESTAMPTZ", b"2026-12-07 21:00:00"),
        ("TIMESTAMPTZ", b"2026-12-07 21:00:00.123456+00:00"),
        ("DATE", b"2026-12-07"),
        ("BOOLEAN", b"1"),
        ("BOOLEAN", b"0"),
    ],
)
def test_the_row_converters_give_piccolos_values(declared: str, stored: bytes) -> None:
    """`core.db` registers leaner converters for the types every row carries: the same values as Piccolo's."""
    ours = sqlite3.converters[declared]  # type: ignore[attr-defined]
    assert ours is not piccolo_sqlite.CONVERTERS[declared]
    expected = piccolo_sqlite.CONVERTERS[declared](stored)
    got = ours(stored)
    assert (got, type(got)) == (expected, type(expected))
