"""Concurrent submissions to one register: numbers 1..N with no gap nor duplicate, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.api.test_foundation import org_id

pytestmark = pytest.mark.committed


async def _fresh_register(client: Any, auth: Any) -> int:
    """A new, empty register (the CSSCT's dialogue register), opened by its secretary's body president."""
    admin = await auth("admin@demo.example")
    oid = await org_id(client, admin)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies", headers=admin)).json()["items"]
    cssct = next(b for b in bodies if b["kind"] == "cssct")["id"]
    created = await client.post(
        f"/api/v1/bodies/{cssct}/registers", headers=await auth("direction@demo.example"), json={"kind": "dialogue"}
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def test_one_hundred_concurrent_submissions_get_numbers_1_to_100_and_a_valid_chain(
    committed_client: Any, auth: Any
) -> None:
    client = committed_client
    rid = await _fresh_register(client, auth)
    writers = [
        await auth(email)
        for email in ("secretaire@demo.example", "nadia.benali@demo.example", "tresorier@demo.example")
    ]

    async def one(i: int) -> Any:
        return await client.post(
            f"/api/v1/registers/{rid}/entries",
            headers=writers[i % len(writers)],
            json={"subject": f"Demande {i}", "body": f"Demande simultanée n° {i}"},
        )

    responses = await asyncio.gather(*(one(i) for i in range(100)))
    assert [r.status_code for r in responses] == [201] * 100, [r.text for r in responses if r.status_code != 201]
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == list(range(1, 101))
    assert sorted(r.json()["seq"] for r in responses) == list(range(1, 101))
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=writers[0])).json()
    assert (verify["valid"], verify["entries"], verify["first_broken"]) == (True, 100, None)
    listed = (await client.get(f"/api/v1/registers/{rid}/entries?limit=500", headers=writers[0])).json()
    assert [e["number"] for e in listed["items"]] == list(range(1, 101))
    assert listed["total"] == 100


async def test_concurrent_entries_and_answers_share_one_gap_free_ledger(committed_client: Any, auth: Any) -> None:
    client = committed_client
    rid = await _fresh_register(client, auth)
    secretary, direction = await auth("secretaire@demo.example"), await auth("direction@demo.example")
    first = [
        (
            await client.post(
                f"/api/v1/registers/{rid}/entries", headers=secretary, json={"subject": "S", "body": f"{i}"}
            )
        )
        for i in range(10)
    ]
    ids = [r.json()["id"] for r in first]

    async def entry(i: int) -> Any:
        return await client.post(
            f"/api/v1/registers/{rid}/entries", headers=secretary, json={"subject": "T", "body": f"Suite {i}"}
        )

    async def answer(entry_id: int) -> Any:
        return await client.post(f"/api/v1/entries/{entry_id}/responses", headers=direction, json={"body": "Réponse"})

    results = await asyncio.gather(*(entry(i) for i in range(20)), *(answer(i) for i in ids))
    assert {r.status_code for r in results} == {201}
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=secretary)).json()
    assert (verify["valid"], verify["entries"], verify["records"]) == (True, 30, 40)
    assert verify["head"]["seq"] == 40
