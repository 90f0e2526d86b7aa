"""Passwords are argon2id hashes; access tokens are HS256 JWTs that we verify strictly."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt

from dialogue.auth.security import hash_password, issue_token, read_token, token_digest, verify_password
from dialogue.core.clock import utcnow

SECRET = "s" * 48


def test_password_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password("demo-password", cost="fast")
    assert hashed.startswith("$argon2id$")
    assert "demo-password" not in hashed
    assert verify_password("demo-password", hashed)
    assert not verify_password("other", hashed)
    assert not verify_password("demo-password", None)
    assert not verify_password("demo-password", "not-a-hash")


def test_token_round_trip_and_expiry() -> None:
    now = utcnow()
    token = issue_token(user_id=7, organization_id=3, secret=SECRET, now=now, ttl=60)
    claims = read_token(token, secret=SECRET)
    assert claims is not None and (claims.user_id, claims.organization_id) == (7, 3)
    assert read_token(token, secret=SECRET, now=(now + timedelta(seconds=61)).timestamp()) is None
    assert read_token(token, secret="another-secret" * 4) is None


def test_tampered_payload_and_alg_none_are_refused() -> None:
    token = issue_token(user_id=7, organization_id=3, secret=SECRET, now=utcnow(), ttl=60)
    header, payload, signature = token.split(".")
    forged_payload = (
        base64.urlsafe_b64encode(json.dumps({"sub": "1", "org": 3, "iss": "dialogue", "exp": 9999999999}).encode())
        .rstrip(b"=")
        .decode()
    )
    assert read_token(f"{header}.{forged_payload}.{signature}", secret=SECRET) is None
    unsigned = jwt.encode({"sub": "1", "org": 3, "iss": "dialogue", "exp": 9999999999}, key=None, algorithm="none")
    assert read_token(unsigned, secret=SECRET) is None
    other_alg = jwt.encode({"sub": "1", "org": 3, "iss": "dialogue", "exp": 9999999999}, SECRET, algorithm="HS512")
    assert read_token(other_alg, secret=SECRET) is None
    assert read_token("", secret=SECRET) is None
    assert read_token("a.b.c", secret=SECRET) is None


def test_secret_tokens_are_stored_as_digests() -> None:
    assert token_digest("abc") == token_digest("abc") != "abc"
    assert len(token_digest("abc")) == 64
