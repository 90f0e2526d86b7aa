"""The secret key of the test settings and the chain key derived from it: what the app under test seals with,
handed to the services the tests call directly (the app builds it in `create_app`, the commands in the cli)."""

from __future__ import annotations

from dialogue.integrity import key_of
from dialogue.settings import Settings

TEST_SECRET_KEY = "test-secret-key-not-for-production-0123456789"
TEST_CHAIN_KEY = key_of(Settings(secret_key=TEST_SECRET_KEY))
