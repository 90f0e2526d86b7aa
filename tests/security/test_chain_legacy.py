"""Records chained before the keyed chain (plain SHA-256, version 1) still verify, inside the prefix the
keyed-chain migration sealed; a writer cannot use the old formula to rewrite the register afterwards."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from dialogue.core.db import get_engine
from dialogue.registers.tables import Register, RegisterEntry
from tests.api.test_registers import register_id, submit
from tests.helpers.keys import TEST_CHAIN_KEY
from tests.security.test_chain_registers import rehash

MIGRATION = Path(__file__).resolve().parents[2] / "piccolo_migrations"
MIGRATION_FILE = MIGRATION / "dialogue_2026_12_07t00_12_00_000000_keyed_chain.py"


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("keyed_chain_migration", MIGRATION_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _as_before_the_change(rid: int) -> None:
    """The register as the code before issue 13 left it: every record plain SHA-256, no seal, no name."""
    await RegisterEntry.update({RegisterEntry.author_name: None}).where(RegisterEntry.register == rid)
    await rehash(rid, "sha256-v1")
    await Register.update(
        {
            Register.chain_head_seq: 0,
            Register.chain_head_number: 0,
            Register.chain_head_mac: None,
            Register.chain_legacy_seq: None,
            Register.chain_legacy_number: None,
            Register.chain_legacy_mac: None,
        }
    ).where(Register.id == rid)


async def _verify(client: Any, headers: dict[str, str], rid: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/registers/{rid}/verify", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_records_chained_before_the_change_verify_once_sealed_and_new_ones_follow(client: Any, auth: Any) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    await submit(client, elu, rid, subject="Ancienne demande", body="Écrite avant la clé.")
    await _as_before_the_change(rid)
    assert (await _verify(client, elu, rid))["broken_reason"] == "legacy"  # not sealed yet
    await _migration().seal_existing(get_engine(), key=TEST_CHAIN_KEY.key)
    before = await _verify(client, elu, rid)
    assert (before["valid"], before["broken_reason"]) == (True, None)
    new = (await submit(client, elu, rid, subject="Nouvelle demande", body="Écrite avec la clé.")).json()
    after = await _verify(client, elu, rid)
    assert (after["valid"], after["records"]) == (True, before["records"] + 1)
    stored = await RegisterEntry.select(RegisterEntry.chain_version).where(RegisterEntry.id == new["id"]).first()
    assert stored == {"chain_version": 2}


async def test_legacy_record_edited_and_rehashed_in_the_old_formula_fails_verify(client: Any, auth: Any) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    await _as_before_the_change(rid)
    await _migration().seal_existing(get_engine(), key=TEST_CHAIN_KEY.key)
    await RegisterEntry.update({RegisterEntry.subject: "Réécrite"}).where(
        (RegisterEntry.register == rid) & (RegisterEntry.number == 1)
    )
    await rehash(rid, "sha256-v1")
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["broken_reason"]) == (False, "legacy")


async def test_keyed_records_downgraded_to_the_old_formula_after_the_seal_fail_verify(client: Any, auth: Any) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    await _as_before_the_change(rid)
    await _migration().seal_existing(get_engine(), key=TEST_CHAIN_KEY.key)
    new = (await submit(client, elu, rid, subject="Nouvelle", body="Avec la clé.")).json()
    await RegisterEntry.update({RegisterEntry.body: "Sans la clé."}).where(RegisterEntry.id == new["id"])
    await rehash(rid, "sha256-v1")
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["broken_reason"], body["first_broken"]) == (False, "legacy", new["number"])
