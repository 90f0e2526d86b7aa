"""The consultations list reads its rows and the body's regime in one query (issue 15): the same rows and the
same `full_remit` (L2312-1/2/3) as the separate reads."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.consultations import queries, service
from dialogue.consultations.tables import Consultation


@pytest.mark.parametrize(("limit", "offset"), [(None, 0), (2, 0), (2, 1), (5, 100)])
async def test_rows_of_body_match_the_table_and_the_regime(db: Any, limit: int | None, offset: int) -> None:
    bodies = sorted({row["body"] for row in await Consultation.select(Consultation.body)})
    assert bodies
    for body_id in bodies:
        found = await queries.rows_of_body(body_id, limit=limit, offset=offset)
        rows, remits = found.rows, found.remits
        query = (
            Consultation.select()
            .where(Consultation.body == body_id)
            .order_by(Consultation.informed_on, ascending=False)
            .order_by(Consultation.id, ascending=False)
        )
        expected = await (query if limit is None else query.limit(limit).offset(offset))
        assert rows == expected
        assert remits == ({body_id: await service.full_remit(body_id)} if expected else {})
