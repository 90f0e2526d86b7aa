"""The database itself refuses a duplicate number or ledger position in a register (the last guard)."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.registers.repository import tail
from dialogue.registers.tables import Register, RegisterEntry


@pytest.mark.parametrize("column", ["number", "seq"])
async def test_a_duplicate_number_or_position_is_refused_by_a_unique_index(db: Any, column: str) -> None:
    register = await Register.select().where(Register.kind == "dialogue").first()
    assert register is not None
    existing = await RegisterEntry.select().where(RegisterEntry.register == register["id"]).first()
    assert existing is not None
    head, last_number = await tail(register["id"])
    assert head is not None
    copy = {k: v for k, v in existing.items() if k != "id"}
    copy.update({"number": last_number + 1, "seq": head.seq + 1, column: existing[column]})
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        await RegisterEntry.insert(RegisterEntry(**copy))
