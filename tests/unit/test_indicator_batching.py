"""The order that numbers a batched statement's rows (`indicators.providers._window_order`): built from the output
columns its caller names, so that each period's rows come back from a UNION ALL in the statement's order; the SQL
itself is never parsed, only searched for an ORDER BY that was given no order (such a statement goes alone)."""

from __future__ import annotations

import pytest

from dialogue.indicators.providers import _window_order

ORDERED = "SELECT m.id, m.starts_at FROM meeting m WHERE m.body = {} ORDER BY m.starts_at, m.id"


@pytest.mark.parametrize(
    ("order", "window"),
    [
        (("starts_at", "id"), 'ORDER BY q."starts_at", q."id"'),
        (("-starts_on", "-id"), 'ORDER BY q."starts_on" DESC, q."id" DESC'),
        (("establishment_consultation",), 'ORDER BY q."establishment_consultation"'),
        (("on_day", "-_n2"), 'ORDER BY q."on_day", q."_n2" DESC'),
    ],
)
def test_the_window_numbers_rows_by_the_named_output_columns(order: tuple[str, ...], window: str) -> None:
    assert _window_order(ORDERED, order) == window


def test_a_statement_without_order_by_is_numbered_in_no_order() -> None:
    assert _window_order("SELECT month, COUNT(*) AS n FROM t GROUP BY month", ()) == ""


@pytest.mark.parametrize(
    "template",
    [
        ORDERED,
        "SELECT cb.id FROM cse_budget cb\nORDER   BY cb.id",
        "select id from a order by id",
        # An ORDER BY in a subquery counts too: the text is searched, never parsed.
        "SELECT (SELECT rr.seq FROM register_response rr ORDER BY rr.seq DESC LIMIT 1) AS seq FROM e",
    ],
)
def test_a_statement_with_an_order_by_given_no_order_goes_alone(template: str) -> None:
    assert _window_order(template, ()) is None


@pytest.mark.parametrize(
    "key",
    ["m.starts_at", "Starts_at", "1id", "", "-", "--id", "id DESC", 'id"; DROP TABLE body; --', "starts at", "é"],
)
def test_a_key_that_is_not_an_output_column_name_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="not an output column"):
        _window_order(ORDERED, ("id", key))
