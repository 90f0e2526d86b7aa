"""Secrets never reach logs: token-bearing paths are redacted in the access log."""

from __future__ import annotations

import pytest

from dialogue.web.deps import redact_path


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/calendar/AbC123_secret.ics", "/calendar/***"),
        ("/barometer/XYZ-secret-code", "/barometer/***"),
        ("/barometre/XYZ-secret-code", "/barometre/***"),
        ("/invitation/i3.m7.e1800000000.signature", "/invitation/***"),
        ("/invitation/i3.m7.e1800000000.signature/documents/5", "/invitation/***/documents/5"),
        ("/u/unsubscribe-token", "/u/***"),
        ("/api/v1/me", "/api/v1/me"),
        ("/instances/3", "/instances/3"),
    ],
)
def test_secret_path_segments_are_redacted(path: str, logged: str) -> None:
    assert redact_path(path) == logged
