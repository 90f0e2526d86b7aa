"""Attacks on the registers' chain by someone who can write the database but does not hold the chain key.

The attacker knows every formula (the code is open): the old plain-SHA-256 one (version 1) and the keyed
one's canonical bytes (version 2). After each edit they re-hash the whole chain, record by record, with
plain SHA-256 — in the old formula (marking the records version 1) or in the new canonical form without the
key — and `GET /api/v1/registers/{id}/verify` must still say the register was tampered with.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.registers import repository as repo
from dialogue.registers import service
from dialogue.registers.ledger import identity_of
from dialogue.registers.rules import (
    GENESIS_HASH,
    RecordKind,
    chained_bytes,
    entry_hash,
    response_hash,
)
from dialogue.registers.tables import Register, RegisterEntry, RegisterResponse
from tests.api.test_pages import HTML, sign_in
from tests.api.test_registers import register_id, submit
from tests.helpers.keys import TEST_CHAIN_KEY

FORMULAS = ["sha256-v1", "sha256-v2-unkeyed"]


async def _records(rid: int) -> list[tuple[RecordKind, dict[str, Any]]]:
    entries = await RegisterEntry.select().where(RegisterEntry.register == rid)
    responses = await RegisterResponse.select().where(RegisterResponse.register == rid)
    rows = [(RecordKind.ENTRY, r) for r in entries] + [(RecordKind.RESPONSE, r) for r in responses]
    return sorted(rows, key=lambda pair: pair[1]["seq"])


async def rehash(rid: int, formula: str) -> None:
    """The attacker's tool: recompute every link and hash of register `rid` with plain SHA-256."""
    register = await repo.get_register(rid)
    assert register is not None
    prev, by_id = GENESIS_HASH, {}
    for position, (kind, row) in enumerate(await _records(rid), start=1):
        table = RegisterEntry if kind is RecordKind.ENTRY else RegisterResponse
        content = repo.entry_chain_content(row) if kind is RecordKind.ENTRY else repo.response_chain_content(row)
        common: dict[str, Any] = {
            "register_id": rid,
            "seq": position,
            "number": row["number"],
            "author_id": row["author"],
            "submitted_at": row["submitted_at"],
            "content": content,
            "prev_hash": prev,
        }
        if formula == "sha256-v1":
            version = 1
            if kind is RecordKind.ENTRY:
                digest = entry_hash(**common)
            else:
                digest = response_hash(**common, entry_hash=by_id[row["entry"]])
        else:
            version = 2
            del common["register_id"]
            data = chained_bytes(
                kind=kind,
                register=identity_of(register),
                author_name=row["author_name"] or "",
                entry_id=row["entry"] if kind is RecordKind.RESPONSE else None,
                entry_hash=by_id[row["entry"]] if kind is RecordKind.RESPONSE else None,
                **common,
            )
            digest = hashlib.sha256(data).hexdigest()
        await table.update(
            {table.seq: position, table.prev_hash: prev, table.hash: digest, table.chain_version: version}
        ).where(table.id == row["id"])
        if kind is RecordKind.ENTRY:
            by_id[row["id"]] = digest
        prev = digest


async def _register_with_answers(client: Any, auth: Any) -> tuple[int, list[dict[str, Any]], dict[str, str]]:
    """The demo `dialogue` register plus two entries by the élu, the first one answered by the director."""
    elu, direction = await auth("elu@demo.example"), await auth("direction@demo.example")
    rid = await register_id(client, auth, "dialogue")
    first = (await submit(client, elu, rid, subject="Planning d'été", body="Qui part en août ?")).json()
    second = (await submit(client, elu, rid, subject="Vestiaires", body="Casiers trop petits.")).json()
    answer = await client.post(
        f"/api/v1/entries/{first['id']}/responses", headers=direction, json={"body": "Planning publié le 1er juin."}
    )
    assert answer.status_code == 201, answer.text
    return rid, [first, second], elu


async def _verify(client: Any, headers: dict[str, str], rid: int, query: str = "") -> dict[str, Any]:
    response = await client.get(f"/api/v1/registers/{rid}/verify{query}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_register_is_valid_before_any_attack(client: Any, auth: Any) -> None:
    rid, _, elu = await _register_with_answers(client, auth)
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["first_broken"], body["broken_reason"]) == (True, None, None)
    assert len(body["key_fingerprint"]) == 16


@pytest.mark.parametrize("formula", FORMULAS)
async def test_subject_edited_and_chain_rehashed_with_sha256_fails_verify(client: Any, auth: Any, formula: str) -> None:
    rid, (first, _), elu = await _register_with_answers(client, auth)
    await RegisterEntry.update({RegisterEntry.subject: "Planning d'hiver"}).where(RegisterEntry.id == first["id"])
    await rehash(rid, formula)
    shown = (await client.get(f"/api/v1/entries/{first['id']}", headers=elu)).json()
    assert shown["subject"] == "Planning d'hiver"  # the forgery is in place …
    body = await _verify(client, elu, rid)
    assert body["valid"] is False  # … and verify sees it at the register's first record
    assert (body["first_broken_seq"], body["first_broken"]) == (1, 1)
    assert body["broken_reason"] == ("legacy" if formula == "sha256-v1" else "hash")


@pytest.mark.parametrize("formula", FORMULAS)
async def test_last_record_deleted_and_chain_rehashed_fails_verify(client: Any, auth: Any, formula: str) -> None:
    rid, (first, _), elu = await _register_with_answers(client, auth)
    await RegisterResponse.delete().where(RegisterResponse.entry == first["id"])  # the answer, written last
    await rehash(rid, formula)
    body = await _verify(client, elu, rid)
    assert body["valid"] is False
    assert body["broken_reason"] == ("legacy" if formula == "sha256-v1" else "hash")


async def test_last_record_deleted_and_head_seal_wiped_fails_verify(client: Any, auth: Any) -> None:
    rid, (first, _), elu = await _register_with_answers(client, auth)
    await RegisterResponse.delete().where(RegisterResponse.entry == first["id"])  # the answer, written last
    await Register.update({Register.chain_head_mac: None}).where(Register.id == rid)
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["broken_reason"]) == (False, "head")


async def test_every_record_deleted_leaves_an_empty_register_that_fails_verify(client: Any, auth: Any) -> None:
    rid, _, elu = await _register_with_answers(client, auth)
    await RegisterResponse.delete().where(RegisterResponse.register == rid)
    await RegisterEntry.delete().where(RegisterEntry.register == rid)
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["entries"], body["broken_reason"]) == (False, 0, "head")


async def test_replayed_head_seal_after_truncation_is_caught_by_the_mailed_digest(client: Any, auth: Any) -> None:
    """The one attack the keyed seal alone cannot see: a writer who saved the register row's seal earlier,
    deletes what came after and puts the old seal back. The head digest mailed to the president and the
    secretary (and kept by members) is then no longer found."""
    rid, (_, second), elu = await _register_with_answers(client, auth)
    old = await Register.select().where(Register.id == rid).first()
    assert old is not None
    third = (await submit(client, elu, rid, subject="Parking", body="Places réservées ?")).json()
    mailed = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["head"]
    await RegisterEntry.delete().where(RegisterEntry.id == third["id"])
    await Register.update(
        {
            Register.chain_head_seq: old["chain_head_seq"],
            Register.chain_head_number: old["chain_head_number"],
            Register.chain_head_mac: old["chain_head_mac"],
        }
    ).where(Register.id == rid)
    body = await _verify(client, elu, rid, f"?number={mailed['number']}&hash={mailed['hash']}")
    assert body["valid"] is True
    assert body["digest_found"] is False
    assert second["number"] < mailed["number"]


@pytest.mark.parametrize("rehashed", [False, True])
async def test_answer_moved_to_another_entry_fails_verify(client: Any, auth: Any, rehashed: bool) -> None:
    rid, (first, second), elu = await _register_with_answers(client, auth)
    await RegisterResponse.update(
        {RegisterResponse.entry: second["id"], RegisterResponse.number: second["number"]}
    ).where(RegisterResponse.entry == first["id"])
    if rehashed:
        await rehash(rid, "sha256-v2-unkeyed")
    moved = (await client.get(f"/api/v1/entries/{second['id']}", headers=elu)).json()
    assert [r["body"] for r in moved["responses"]] == ["Planning publié le 1er juin."]
    body = await _verify(client, elu, rid)
    assert body["valid"] is False
    assert body["broken_reason"] == "hash"
    assert body["first_broken"] == (1 if rehashed else second["number"])


async def test_answer_pointed_to_another_entry_without_renumbering_fails_verify(client: Any, auth: Any) -> None:
    rid, (first, second), elu = await _register_with_answers(client, auth)
    await RegisterResponse.update({RegisterResponse.entry: second["id"]}).where(RegisterResponse.entry == first["id"])
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["broken_reason"], body["first_broken"]) == (False, "entry", first["number"])


@pytest.mark.parametrize("rehashed", [False, True])
async def test_author_renamed_in_the_register_fails_verify(client: Any, auth: Any, rehashed: bool) -> None:
    rid, (first, _), elu = await _register_with_answers(client, auth)
    await RegisterEntry.update({RegisterEntry.author_name: "Quelqu'un d'autre"}).where(RegisterEntry.id == first["id"])
    if rehashed:
        await rehash(rid, "sha256-v2-unkeyed")
    shown = (await client.get(f"/api/v1/entries/{first['id']}", headers=elu)).json()
    assert shown["author_name"] == "Quelqu'un d'autre"
    body = await _verify(client, elu, rid)
    expected = (False, "hash", 1 if rehashed else first["number"])
    assert (body["valid"], body["broken_reason"], body["first_broken"]) == expected


async def test_author_swapped_for_another_account_fails_verify(client: Any, auth: Any) -> None:
    rid, (first, _), elu = await _register_with_answers(client, auth)
    other = await User.select(User.id, User.full_name).where(User.email == "secretaire@demo.example").first()
    assert other is not None
    await RegisterEntry.update(
        {RegisterEntry.author: other["id"], RegisterEntry.author_name: other["full_name"]}
    ).where(RegisterEntry.id == first["id"])
    body = await _verify(client, elu, rid)
    assert (body["valid"], body["broken_reason"]) == (False, "hash")


async def test_renaming_the_account_does_not_rewrite_the_name_the_register_shows(client: Any, auth: Any) -> None:
    """The register shows the author's name chained at the time: renaming the account (a legitimate change or
    a writer's attempt to re-attribute an entry) changes neither what the register says nor its validity."""
    rid, (first, _), elu = await _register_with_answers(client, auth)
    await User.update({User.full_name: "Nom falsifié"}).where(User.id == first["author_id"])
    shown = (await client.get(f"/api/v1/entries/{first['id']}", headers=elu)).json()
    assert shown["author_name"] == first["author_name"] != "Nom falsifié"
    assert (await _verify(client, elu, rid))["valid"] is True


async def test_register_moved_to_another_body_fails_verify(client: Any, auth: Any) -> None:
    rid, _, _ = await _register_with_answers(client, auth)
    register = await repo.get_register(rid)
    assert register is not None
    other = (
        await Body.select(Body.id)
        .where((Body.organization == register["organization"]) & (Body.id != register["body"]))
        .first()
    )
    assert other is not None
    await Register.update({Register.body: other["id"]}).where(Register.id == rid)
    body = await service.check_register(register_id=rid, chain_key=TEST_CHAIN_KEY)
    assert (body.valid, body.broken_reason, body.first_broken_seq) == (False, "hash", 1)


async def test_the_integrity_page_says_what_broke_and_names_the_key(client: Any, auth: Any) -> None:
    rid, (first, _), _ = await _register_with_answers(client, auth)
    await RegisterEntry.update({RegisterEntry.subject: "Planning d'hiver"}).where(RegisterEntry.id == first["id"])
    await rehash(rid, "sha256-v2-unkeyed")
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/registres/{rid}/integrite", headers=HTML)
    assert page.status_code == 200
    assert "La chaîne du registre est rompue." in page.text
    assert "ou la chaîne recalculée sans la clé." in page.text
    assert (await service.check_register(register_id=rid, chain_key=TEST_CHAIN_KEY)).key_fingerprint in page.text
