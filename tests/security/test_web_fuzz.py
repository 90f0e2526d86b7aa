"""A bounded schemathesis run over the whole API (issue 13): no operation answers a server error, for a
director (president of the demo CSE) nor for an élu, with inputs that fit the schema and inputs that do not.

Schemathesis generates the cases from the served OpenAPI schema (fixed seed, fixed budget); they are
replayed in the test's own event loop through httpx.ASGITransport (STYLE.md: a second loop breaks the
PostgreSQL pool), against committed data (a failed statement would poison a shared test transaction),
and the demo is reloaded afterwards by the `committed_client` fixture.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="in the test extras: pip install -e '.[test]'")
requests = pytest.importorskip("requests")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

#: Cases drawn per operation and per mode; 185 operations x 2 modes x 2 roles stay within ~3 minutes on 2 cores.
EXAMPLES = int(os.environ.get("DIALOGUE_FUZZ_EXAMPLES", "4"))
ROLES = ("direction@demo.example", "elu@demo.example")
#: Operations that would end the run's own sessions (every later call would answer 401).
SKIPPED = {("DELETE", "/api/v1/auth/token"), ("DELETE", "/api/v1/me/sessions")}


def _draw(operation: Any, mode: GenerationMode) -> list[Any]:
    cases: list[Any] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def collect(case: Any) -> None:
        cases.append(case)

    collect()
    return cases


def _request(case: Any, token: str) -> requests.PreparedRequest:
    """The request schemathesis would send (its own serializers), addressed to the in-process app."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    kwargs["headers"]["Authorization"] = f"Bearer {token}"
    kwargs.pop("auth", None)
    kwargs.pop("timeout", None)
    kwargs.pop("verify", None)
    kwargs.pop("allow_redirects", None)
    return requests.Request(**kwargs).prepare()


@pytest.mark.timeout(600)
async def test_fuzzed_api_answers_no_server_error(committed_client: Any, auth: Any) -> None:
    spec = (await committed_client.get("/schema/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(spec)
    cases: list[Any] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        cases.extend(_draw(operation, GenerationMode.POSITIVE))
        if operation.body or operation.query:
            # Inputs that do not fit the schema, where there is input to get wrong (bodies, query strings).
            cases.extend(_draw(operation, GenerationMode.NEGATIVE))
    assert len(cases) > 300
    tokens = {email: (await auth(email))["Authorization"].removeprefix("Bearer ") for email in ROLES}
    failures: list[str] = []
    statuses: dict[str, Counter[int]] = {email: Counter() for email in ROLES}
    for case in cases:
        for email, token in tokens.items():
            prepared = _request(case, token)
            response = await committed_client.request(
                prepared.method, prepared.url, headers=dict(prepared.headers), content=prepared.body
            )
            statuses[email][response.status_code] += 1
            if response.status_code >= 500:
                body = prepared.body if isinstance(prepared.body, bytes | None) else prepared.body.encode()
                failures.append(
                    f"{response.status_code} {prepared.method} {prepared.url} as {email} "
                    f"body={(body or b'')[:300]!r} request_id={response.headers.get('x-request-id')}"
                )
    assert failures == [], f"{len(failures)} server errors:\n" + "\n".join(failures[:40])
    for email, counts in statuses.items():
        # The run went past authentication into the services: many answers succeeded, few were 401.
        succeeded = sum(n for status, n in counts.items() if 200 <= status < 300)
        assert succeeded >= 50, (email, counts)
        assert counts[401] < len(cases) // 4, (email, counts)
    print({email: sorted(counts.items()) for email, counts in statuses.items()})
