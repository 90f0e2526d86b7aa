"""web/problems.py: the one place that picks statuses (parametrised over every domain error)."""

from __future__ import annotations

import json

import pytest

from dialogue.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    InvalidInput,
    InvalidState,
    NotFound,
    RuleViolation,
    TooManyRequests,
    Unauthenticated,
)
from dialogue.web.problems import domain_error_handler, status_for


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("x"), 404),
        (Unauthenticated("x"), 401),
        (Forbidden("x"), 403),
        (Conflict("x"), 409),
        (InvalidState("x"), 409),
        (RuleViolation("x"), 409),
        (Gone("x"), 410),
        (InvalidInput("x", errors=[{"field": "a", "message": "b"}]), 422),
        (TooManyRequests("x", retry_after=60), 429),
        (DomainError("x"), 400),
    ],
)
def test_domain_error_maps_to_status(error: DomainError, status: int) -> None:
    assert status_for(error) == status
    response = domain_error_handler(None, error)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.media_type == "application/problem+json"
    body = response.content
    assert body["status"] == status and body["detail"] == "x" and body["type"].endswith(error.code)
    json.dumps(body)


def test_subclass_keeps_its_parent_status() -> None:
    class MeetingNotConvenable(InvalidState):
        code = "meeting_not_convenable"

    assert status_for(MeetingNotConvenable("x")) == 409


def test_invalid_input_lists_fields_and_throttle_sets_retry_after() -> None:
    response = domain_error_handler(None, InvalidInput("x", errors=[{"field": "a", "message": "b"}]))  # type: ignore[arg-type]
    assert response.content["errors"] == [{"field": "a", "message": "b"}]
    throttled = domain_error_handler(None, TooManyRequests("x", retry_after=900))  # type: ignore[arg-type]
    assert throttled.headers["Retry-After"] == "900"
