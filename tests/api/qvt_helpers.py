"""Shared steps of the QVT API tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dialogue.core.clock import local_today, utcnow

DIRECTION = "direction@demo.example"


async def org_id(client: Any, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["organization_id"])


async def establishments(client: Any, headers: dict[str, str]) -> dict[str, int]:
    """Demo establishments by short key ("ehpad", "ime", "sessad")."""
    oid = await org_id(client, headers)
    items = (await client.get(f"/api/v1/organizations/{oid}/establishments", headers=headers)).json()
    rows = items["items"] if isinstance(items, dict) else items
    return {e["name"].split()[0].lower(): e["id"] for e in rows}


async def steering_id(client: Any, headers: dict[str, str]) -> int:
    oid = await org_id(client, headers)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies?limit=100", headers=headers)).json()["items"]
    return int(next(b["id"] for b in bodies if b["kind"] == "qvt_steering"))


async def body_of_kind(client: Any, headers: dict[str, str], kind: str) -> int:
    oid = await org_id(client, headers)
    bodies = (await client.get(f"/api/v1/organizations/{oid}/bodies?limit=100", headers=headers)).json()["items"]
    return int(next(b["id"] for b in bodies if b["kind"] == kind))


async def new_barometer(client: Any, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    oid = await org_id(client, headers)
    payload = {
        "title": "Baromètre QVT — campagne de test",
        "year": local_today().year,
        "closes_at": (utcnow() + timedelta(days=14)).isoformat(),
        **extra,
    }
    response = await client.post(f"/api/v1/organizations/{oid}/barometers", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def invite(client: Any, headers: dict[str, str], barometer_id: int, groups: list[dict[str, Any]]) -> list[str]:
    """Printed codes, in order of the groups given."""
    response = await client.post(
        f"/api/v1/barometers/{barometer_id}/invitations", headers=headers, json={"groups": groups}
    )
    assert response.status_code == 201, response.text
    return [c["code"] for c in response.json()["codes"]]


def answers_for(questions: list[dict[str, Any]], values: dict[str, int], default: int = 3) -> dict[str, int]:
    """One value per question, by theme (`values[theme]`), else `default`."""
    return {q["code"]: values.get(q["theme"], default) for q in questions}


async def answer(client: Any, code: str, answers: dict[str, Any], **extra: Any) -> Any:
    return await client.post(f"/barometer/{code}", json={"answers": answers, **extra})
