"""Pages in tests: sign a factory-made person in (cookie session), on the machine's clock."""

from __future__ import annotations

import httpx

from tests.api.test_pages import HTML, csrf_from
from tests.factories import PASSWORD, Person
from tests.helpers.clock import machine_time


async def sign_in_as(client: httpx.AsyncClient, person: Person) -> None:
    """Open a session for `person` (the factory password); the session expires by the machine's clock."""
    form = await client.get("/connexion?next=/", headers=HTML)
    data = {"email": person.email, "password": PASSWORD, "next": "/", "_csrf_token": csrf_from(form.text)}
    with machine_time():
        signed = await client.post("/connexion", data=data, headers=HTML)
    assert signed.status_code == 303, signed.text
