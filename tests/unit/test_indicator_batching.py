"""The order that numbers a batched statement's rows (`indicators.providers._ordinal_order`): the statement's own
ORDER BY restated on its output columns, so that each period's rows come back from a UNION ALL in that order."""

from __future__ import annotations

import pytest

from dialogue.indicators.providers import _ordinal_order


@pytest.mark.parametrize(
    ("template", "order"),
    [
        (
            "SELECT m.id, m.title, m.starts_at FROM meeting m WHERE m.body = {} ORDER BY m.starts_at, m.id",
            "ORDER BY q.starts_at, q.id",
        ),
        (
            "SELECT id, starts_on FROM nao_method_agreement WHERE organization = {} ORDER BY starts_on DESC, id DESC",
            "ORDER BY q.starts_on DESC, q.id DESC",
        ),
        (
            "SELECT c.body, e.id AS establishment_consultation FROM consultation_link l "
            "JOIN consultation c ON c.id = l.central_consultation "
            "JOIN consultation e ON e.id = l.establishment_consultation ORDER BY e.id",
            "ORDER BY q.establishment_consultation",
        ),
        (
            "SELECT a.x, COALESCE(a.y, 0) AS total FROM a ORDER BY COALESCE(a.y, 0) DESC NULLS LAST, 1",
            "ORDER BY q.total DESC NULLS LAST, q.x",
        ),
        ("SELECT b.id AS body, m.id FROM meeting m JOIN body b ON b.id = m.body ORDER BY body", "ORDER BY q.body"),
        (
            "WITH g AS MATERIALIZED (SELECT e.id FROM entry e ORDER BY e.id DESC LIMIT 5) "
            "SELECT id FROM g ORDER BY id LIMIT {}",
            "ORDER BY q.id",
        ),
        ("SELECT (SELECT rr.seq FROM register_response rr ORDER BY rr.seq DESC LIMIT 1) AS seq, e.id FROM e", ""),
        ("SELECT month, COUNT(*) AS n FROM t GROUP BY month", ""),
        ("SELECT 'a, ORDER BY' AS label, e.id FROM e", ""),
    ],
)
def test_the_window_numbers_rows_as_the_statement_orders_them(template: str, order: str) -> None:
    assert _ordinal_order(template) == order


@pytest.mark.parametrize(
    "template",
    [
        "SELECT m.id FROM meeting m ORDER BY m.starts_at",  # a key that is not an output column
        "SELECT m.id, b.id FROM meeting m JOIN body b ON b.id = m.body ORDER BY m.id",  # two outputs named id
        "SELECT m.* FROM meeting m ORDER BY m.id",
        "SELECT m.id, COUNT(*) FROM meeting m GROUP BY m.id ORDER BY 2",  # an unnamed output
        "SELECT DISTINCT m.body FROM meeting m ORDER BY m.body",
        "SELECT id FROM a UNION ALL SELECT id FROM b ORDER BY id",
    ],
)
def test_a_statement_whose_order_cannot_be_restated_goes_alone(template: str) -> None:
    assert _ordinal_order(template) is None
